"""Plain command-line values without Pydantic.

Typer 0.29 converts every parameter's value through a Pydantic ``TypeAdapter`` built when the
command runs, even a ``None`` default: importing Pydantic and building the adapters cost
about 0.15 s of every `amity` command (``python -X importtime``). :func:`lighten` gives each
parameter of the app a converter that answers the plain cases itself, with the values Typer
would give:

* no value: ``None`` (``()`` for a list), as Typer's ``RuntimeParam.coerce`` does before
  any adapter is asked;
* a ``str`` parameter given a string: the string;
* an ``int`` (``float``) parameter given a plain decimal number (``-12``, ``0.25``): ``int``
  (``float``) of it;
* a ``bool`` flag given a bool: the bool.

(the first for every parameter, the others for the ``str``/``int``/``float``/``bool`` ones
without a parser, choices, a range or a path).

Every other value (a path, a list, a choice, a ranged number, a value Pydantic might read
differently or refuse, such as ``1e3`` or ``12abc``) goes to Typer's own converter, built at
that moment, so a refusal is Typer's own message. When Typer's internals are not the ones
this module knows (another version), nothing is changed. ``tests/test_cli_coerce.py`` checks
that both converters agree.
"""
from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")


class _Plain:
    """A parameter's converter: the plain cases here, the rest through Typer's own."""

    __slots__ = ("descriptor", "plain", "_typer")

    def __init__(self, descriptor: Any, plain: bool) -> None:
        self.descriptor = descriptor
        self.plain = plain          # a str/int/float/bool parameter without constraints
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
        if self.plain and not multi:
            ann = self.descriptor.annotation
            if ann is str and type(value) is str:
                return value
            if ann is bool and type(value) is bool:
                return value
            if type(value) is str:
                if ann is int and _INT.fullmatch(value):
                    return int(value)
                if ann is float and _FLOAT.fullmatch(value):
                    return float(value)
        return self.typer_param().coerce(value, param=param, ctx=ctx)


def _ours(param: Any) -> bool:
    """Whether ``param`` is a Typer parameter whose converter is not built yet."""
    return (getattr(param, "type_descriptor", None) is not None
            and "_runtime_param" in vars(param) and param._runtime_param is None)


def _plain_kind(param: Any) -> bool:
    d = param.type_descriptor
    try:
        return (d.annotation in (str, int, float, bool) and d.file_annotation is None
                and d.parameter_info.parser is None and not d.is_choice and not d.is_ranged
                and not d.is_path)
    except AttributeError:   # another Typer's descriptor: leave the parameter to Typer
        return False


def lighten(command: Any) -> int:
    """Give every Typer parameter of ``command`` (a click group or command, recursively) the
    light converter (a missing value of any parameter, the plain values of the plain ones);
    returns how many parameters got it."""
    n = 0
    for p in getattr(command, "params", ()):
        if _ours(p):
            p._runtime_param = _Plain(p.type_descriptor, _plain_kind(p))
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
            opt._runtime_param = _Plain(opt.type_descriptor, _plain_kind(opt))
        return opt

    return get
