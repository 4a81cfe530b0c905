r""""What if one leg moves?": a structural-balance dynamic on the weighted signed graph.

Dynamic (documented choice)
---------------------------
The relations :math:`x_{ij} \in [-1, 1]` (e.g. one year's closeness matrix, 0 = no tie)
descend the energy

.. math::
   E(x) = -\frac{1}{n-2} \sum_{i<j<k} x_{ij}\, x_{jk}\, x_{ki}
          + \frac{\mu}{2} \sum_{i<j} (x_{ij} - x^0_{ij})^2

The first term is the continuous frustration of every triangle (negative for balanced
triangles, positive for unbalanced ones), scaled by the n-2 triangles each pair sits in;
the second, with anchor :math:`\mu` ("inertia"), ties each relation to where it started,
so that a single change yields a finite adjustment rather than a collapse into two camps.
Explicit gradient steps with rate :math:`\eta`:

.. math::
   x_{ij} \leftarrow \operatorname{clip}_{[-1,1]}\Big(x_{ij} + \eta\big[
       \tfrac{(X^2)_{ij}}{n-2} - \mu (x_{ij} - x^0_{ij})\big]\Big)

while the legs the user set stay fixed (they are the scenario, not a result). With
``mu = 0`` this is the continuous balance dynamics :math:`\dot X = X^2` of Kułakowski et al.
(2005) / Marvel, Kleinberg, Kleinberg & Strogatz (2011), clipped. The run stops when no
relation moves by more than ``tol`` in a step, or after ``steps``. It is deterministic;
``seed`` only matters with ``noise > 0`` (a small Gaussian perturbation of the start).

The *pressure* on a relation is the initial gradient term :math:`(X^2)_{ij}/(n-2)` after the
scenario's legs are set: positive pushes towards friendship, negative towards enmity.

References
----------
Kułakowski, K., Gawroński, P. & Gronek, P. (2005). The Heider balance: a continuous approach.
*International Journal of Modern Physics C* 16(5), 707-716.
Marvel, S. A., Kleinberg, J., Kleinberg, R. D. & Strogatz, S. H. (2011). Continuous-time
model of structural balance. *PNAS* 108(5), 1771-1776.
Antal, T., Krapivsky, P. L. & Redner, S. (2005). Dynamics of social balance on networks.
*Physical Review E* 72, 036121.
"""
from __future__ import annotations

import math
import re
from typing import Any, Mapping, Sequence

import numpy as np

from amity.errors import InputError
from amity.measures.balance import as_signed_matrix, triad_census, triangle_index

__all__ = ["parse_set", "run_scenario", "balance_energy"]

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"


def parse_set(expr: str | Sequence[str], labels: Sequence[str] | None = None,
              field: str = "--set") -> dict[tuple[str, str], float]:
    """Parse ``--set`` expressions: ``"USA-RUS=0.5"``, several separated by commas or given
    as a list (``["USA-RUS=0.5", "CHN-USA=-0.2"]``).

    Values must lie in [-1, 1]. Actor ids may themselves contain hyphens (``CHN-QING``):
    with ``labels`` the split is the one that leaves two known ids; without, the key must
    contain exactly one hyphen.

    Returns
    -------
    dict {(a, b): value}
    """
    if isinstance(expr, str):
        parts = [p.strip() for p in expr.split(",")]
    else:
        parts = [p.strip() for e in expr for p in str(e).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        raise InputError("empty --set expression; write it as A-B=VALUE, e.g. USA-RUS=0.5",
                         field=field)
    known = None if labels is None else {str(x) for x in labels}
    out: dict[tuple[str, str], float] = {}
    for p in parts:
        if p.count("=") != 1:
            raise InputError(f"malformed --set {p!r}: write it as A-B=VALUE, e.g. USA-RUS=0.5",
                             field=field)
        key, val = (t.strip() for t in p.split("="))
        if not re.fullmatch(_NUM, val):
            raise InputError(f"malformed --set {p!r}: {val!r} is not a number in [-1, 1]",
                             field=field)
        v = float(val)
        if not -1.0 <= v <= 1.0:
            raise InputError(f"--set {p!r}: the value {v} is outside [-1, 1]", field=field)
        cuts = [i for i, ch in enumerate(key) if ch == "-"]
        opts = [(key[:i].strip().upper(), key[i + 1:].strip().upper()) for i in cuts]
        opts = [o for o in opts if o[0] and o[1]]
        if known is not None:
            ok = [o for o in opts if o[0] in known and o[1] in known]
            if not ok:
                raise InputError(f"--set {p!r}: {key!r} is not two known actors joined by '-' "
                                 f"(known here: {', '.join(sorted(known)[:12])}"
                                 f"{'...' if len(known) > 12 else ''})", field=field)
            opts = ok
        if len(opts) != 1:
            raise InputError(f"malformed --set {p!r}: the leg must be A-B with two actor ids, "
                             "e.g. USA-RUS=0.5", field=field)
        a, b = opts[0]
        if a == b:
            raise InputError(f"--set {p!r}: an actor cannot have a relation with itself",
                             field=field)
        if (a, b) in out or (b, a) in out:
            raise InputError(f"--set: the leg {a}-{b} is given twice", field=field)
        out[(a, b)] = v
    return out


def balance_energy(X: np.ndarray) -> float:
    r"""Continuous frustration :math:`-\sum_{i<j<k} x_{ij}x_{jk}x_{ki} = -tr(X^3)/6`."""
    X = np.asarray(X, dtype=float)
    return float(-np.sum((X @ X) * X) / 6.0)


def _pair_name(a: Any, b: Any) -> str:
    return f"{a}-{b}"


def run_scenario(S: Any, labels: Sequence[str] | None = None,
                 set_edges: Mapping[tuple[str, str], float] | str | None = None,
                 focus: Sequence[str] | None = None, steps: int = 200, rate: float = 0.5,
                 anchor: float = 0.5, tol: float = 1e-4, seed: int = 0, noise: float = 0.0,
                 top: int = 10) -> dict:
    """Set one or more legs and let the rest of the system adjust (see module docstring).

    Parameters
    ----------
    S : (n, n) array or networkx graph
        Weighted signed relations in [-1, 1] (values outside are clipped), symmetric.
    labels : sequence of str
        Actor id of each row.
    set_edges : {(a, b): value} or a ``"A-B=v,..."`` string
        The legs to move; they stay fixed during the run.
    focus : sequence of str, optional
        Actors whose mutual legs are reported at every step (default: the actors of the set
        legs).
    steps, rate, anchor, tol : dynamic controls (number of steps, η, μ, stop tolerance).
    seed, noise : optional start perturbation (N(0, noise) on free legs), deterministic.
    top : how many relations to list under ``pressure`` and ``moved``.

    Returns
    -------
    dict
        ``set`` (the legs set, before/after), ``focus``, ``path`` (per step: ``{"step",
        "energy", "legs": {"A-B": x}}``, step 0 = right after the change), ``steps``,
        ``converged``, ``pressure`` (relations with the largest initial push, with its
        direction, ``against_sign`` when it pushes against the current sign), ``moved``
        (largest final changes), ``before``/``after`` (census and triangle index of the
        signs) and ``sign_flips`` (relations whose sign changed).
    """
    X0, lab = as_signed_matrix(S, labels)
    lab = [str(x) for x in lab]
    n = X0.shape[0]
    if n < 3:
        raise InputError("a scenario needs at least three actors", field="labels")
    if steps < 0 or rate <= 0 or anchor < 0 or tol < 0:
        raise InputError("steps >= 0, rate > 0, anchor >= 0 and tol >= 0 are required",
                         field="steps")
    X0 = np.clip(X0, -1.0, 1.0)
    pos = {a: i for i, a in enumerate(lab)}
    if set_edges is None or (not isinstance(set_edges, str) and not set_edges):
        raise InputError("nothing to set: give at least one leg, e.g. USA-RUS=0.5", field="--set")
    if isinstance(set_edges, str):
        set_edges = parse_set(set_edges, lab)
    fixed = np.zeros((n, n), dtype=bool)
    X = X0.copy()
    set_info = []
    for (a, b), v in set_edges.items():
        a, b = str(a), str(b)
        for x in (a, b):
            if x not in pos:
                raise InputError(f"unknown actor {x!r} in the scenario", field="--set")
        if a == b:
            raise InputError(f"--set {a}-{b}: an actor cannot have a relation with itself",
                             field="--set")
        v = float(v)
        if not -1.0 <= v <= 1.0:
            raise InputError(f"--set {a}-{b}: value {v} outside [-1, 1]", field="--set")
        i, j = pos[a], pos[b]
        set_info.append({"pair": _pair_name(a, b), "before": float(X0[i, j]), "after": v})
        X[i, j] = X[j, i] = v
        fixed[i, j] = fixed[j, i] = True
    if focus is None:
        focus = list(dict.fromkeys(x for k in set_edges for x in (str(k[0]), str(k[1]))))
    focus = [str(f) for f in focus]
    if len(set(focus)) != len(focus):
        raise InputError(f"repeated actor in focus: {focus}", field="--focus")
    for f in focus:
        if f not in pos:
            raise InputError(f"focus actor {f!r} is not in the system", field="--focus")
    fpairs = [(focus[i], focus[j]) for i in range(len(focus)) for j in range(i + 1, len(focus))]
    free = ~fixed
    np.fill_diagonal(free, False)
    if noise > 0:
        rng = np.random.default_rng(seed)
        E = rng.normal(0, noise, (n, n))
        E = np.triu(E, 1)
        E = E + E.T
        X = np.where(free, np.clip(X + E, -1, 1), X)
    start = X.copy()
    scale = 1.0 / (n - 2)

    def legs_of(M: np.ndarray) -> dict[str, float]:
        return {_pair_name(a, b): round(float(M[pos[a], pos[b]]), 6) for a, b in fpairs}

    grad0 = (X @ X) * scale
    path = [{"step": 0, "energy": balance_energy(X) * scale, "legs": legs_of(X)}]
    converged = False
    t = 0
    for t in range(1, steps + 1):
        G = (X @ X) * scale - anchor * (X - start)
        new = np.clip(X + rate * G, -1.0, 1.0)
        new = np.where(free, new, X)
        np.fill_diagonal(new, 0.0)
        delta = float(np.max(np.abs(new - X)))
        X = new
        path.append({"step": t, "energy": balance_energy(X) * scale, "legs": legs_of(X)})
        if delta < tol:
            converged = True
            break
    iu = np.triu_indices(n, 1)
    freemask = free[iu]
    g = grad0[iu][freemask]
    cur = start[iu][freemask]
    ii, jj = iu[0][freemask], iu[1][freemask]
    order = np.argsort(-np.abs(g), kind="stable")[:top]
    pressure = [{"pair": _pair_name(lab[ii[k]], lab[jj[k]]), "value": float(cur[k]),
                 "push": float(g[k]), "direction": "warmer" if g[k] > 0 else "cooler",
                 "against_sign": bool(cur[k] != 0 and np.sign(cur[k]) != np.sign(g[k]))}
                for k in order]
    change = (X - start)[iu][freemask]
    order2 = np.argsort(-np.abs(change), kind="stable")[:top]
    moved = [{"pair": _pair_name(lab[ii[k]], lab[jj[k]]), "before": float(cur[k]),
              "after": float(X[ii[k], jj[k]]), "change": float(change[k])} for k in order2
             if abs(change[k]) > 0]
    s0, s1 = np.sign(np.where(np.abs(X0) > 0, X0, 0)), np.sign(X)
    flips = [{"pair": _pair_name(lab[i], lab[j]), "before": float(X0[i, j]),
              "after": float(X[i, j])}
             for i, j in zip(*iu) if s0[i, j] != s1[i, j] and s0[i, j] != 0 and s1[i, j] != 0]
    c0, c1 = triad_census(np.sign(X0)), triad_census(np.sign(X))
    return {
        "set": set_info,
        "focus": focus,
        "dynamic": {"energy": "-(1/(n-2)) sum x_ij x_jk x_ki + (mu/2) sum (x - x0)^2",
                    "rate": rate, "anchor": anchor, "tol": tol, "max_steps": steps,
                    "seed": seed, "noise": noise},
        "steps": t if steps else 0,
        "converged": converged,
        "path": path,
        "pressure": pressure,
        "moved": moved,
        "sign_flips": flips,
        "before": {"census": c0, "triangle_index": _nan_none(triangle_index(c0))},
        "after": {"census": c1, "triangle_index": _nan_none(triangle_index(c1))},
    }


def _nan_none(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x
