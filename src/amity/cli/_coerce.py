"""Plain command-line values without Pydantic.

Typer 0.29 converts every parameter's value through a Pydantic ``TypeAdapter`` built when the
command runs, even a ``None`` default: importing Pydantic and building the adapters cost
about 0.15 s of every `amity` command (``python -X importtime``). :func:`lighten` gives each
parameter of the app a converter that answers the plain cases itself, with the values Typer
would give:

* no value: ``None`` (``()`` for a list), as Typer's ``RuntimeParam.coerce`` does before
  any adapter is asked;
* a value of the parameter's own type (a default such as ``0.1`` or ``1949``): the value
  (an ``int`` default of a ``float`` parameter: its float);
* a ``str`` parameter given a string: the string;
* an ``int`` (``float``) parameter given a plain decimal number (``-12``, ``0.25``): ``int``
  (``float``) of it;
* a ``bool`` flag given a bool: the bool;
* a ``pathlib.Path`` parameter given a non-empty string: ``Path`` of it, then Typer's own
  checks (``exists``, file or folder, ``-``...);
* a ``List[str]`` parameter given strings: their list.

(the first for every parameter, the others for those without a parser, choices, a range or
a file to open: :func:`plain_kind`). Every other value (a choice, a ranged number, a value
Pydantic might read differently or refuse, such as ``1e3`` or ``12abc``) goes to Typer's own
converter, built at that moment, so a refusal is Typer's own message. When Typer's
internals are not the ones this module knows (another version), nothing is changed.
``tests/test_cli_coerce.py`` checks that both converters agree on every parameter.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")


class _Plain:
    """A parameter's converter: the plain cases here, the rest through Typer's own."""

    __slots__ = ("descriptor", "kind", "_typer")

    def __init__(self, descriptor: Any, kind: str | None) -> None:
        self.descriptor = descriptor
        self.kind = kind            # see :func:`plain_kind`; None: only a missing value here
        self._typer = None

    def typer_param(self):
        """Typer's own converter of the parameter (built on first need, as Typer does)."""
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        return self._typer

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        kind = self.kind
        if kind == "list_str":
            if multi and type(value) in (list, tuple) and all(type(v) is str for v in value):
                return list(value)
        elif kind is not None and not multi:
            t = type(value)
            if ((kind == "str" and t is str) or (kind == "bool" and t is bool)
                    or (kind == "int" and t is int) or (kind == "float" and t is float)):
                return value             # a default of the parameter's own type
            if kind == "float" and t is int:
                return float(value)
            if t is str:
                if kind == "int" and _INT.fullmatch(value):
                    return int(value)
                if kind == "float" and _FLOAT.fullmatch(value):
                    return float(value)
                if kind == "path" and value:
                    # Typer's own checks (exists, file/dir, dash...) on the value already a
                    # Path: only the str -> Path step (a Pydantic adapter in Typer) is ours
                    from typer._param_types import coerce_cli_path

                    return coerce_cli_path(Path(value), self.descriptor.parameter_info,
                                           path_type=Path, param=param, ctx=ctx)
        return self.typer_param().coerce(value, param=param, ctx=ctx)


def _ours(param: Any) -> bool:
    """Whether ``param`` is a Typer parameter whose converter is not built yet."""
    return (getattr(param, "type_descriptor", None) is not None
            and "_runtime_param" in vars(param) and param._runtime_param is None)


_KINDS = {str: "str", int: "int", float: "float", bool: "bool", Path: "path"}


def plain_kind(param: Any) -> str | None:
    """``"str"``, ``"int"``, ``"float"``, ``"bool"``, ``"path"`` (a ``pathlib.Path``) or
    ``"list_str"`` (``List[str]``) for a parameter without a parser, choices, a range or a
    file to open; None for any other."""
    d = param.type_descriptor
    try:
        if (d.file_annotation is not None or d.parameter_info.parser is not None
                or d.is_choice or d.is_ranged):
            return None
        ann = d.annotation
        if get_origin(ann) is list and get_args(ann) == (str,):
            return "list_str"
        kind = _KINDS.get(ann) if isinstance(ann, type) else None
        if kind == "path" and d.parameter_info.path_type not in (None, Path):
            return None
        if kind != "path" and d.is_path:   # a str with path options: Typer's own
            return None
        return kind
    except AttributeError:   # another Typer's descriptor: leave the parameter to Typer
        return None


def lighten(command: Any) -> int:
    """Give every Typer parameter of ``command`` (a click group or command, recursively) the
    light converter (a missing value of any parameter, the plain values of the plain ones);
    returns how many parameters got it."""
    n = 0
    for p in getattr(command, "params", ()):
        if _ours(p):
            p._runtime_param = _Plain(p.type_descriptor, plain_kind(p))
            n += 1
    if callable(getattr(command, "get_help_option", None)):
        command.get_help_option = _lightened_help(command.get_help_option)
    for sub in getattr(command, "commands", {}).values():
        n += lighten(sub)
    return n


def _lightened_help(get_help_option):
    """``--help`` is made per command when it is first parsed: lighten it then."""
    def get(ctx):
        opt = get_help_option(ctx)
        if opt is not None and _ours(opt):
            opt._runtime_param = _Plain(opt.type_descriptor, plain_kind(opt))
        return opt

    return get
