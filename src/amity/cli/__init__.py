"""The `amity` command: a thin face over importable functions.

Each area registers its commands from its own module (``register(app)``), so that adding a
command never touches another area's file.
"""
from __future__ import annotations

import importlib
import sys

import typer

from amity.cli._common import handle_errors

app = typer.Typer(
    name="amity",
    help="Amity: treaties, closeness, phases and strategic triangles of the interstate system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Amity: treaties, closeness, phases and strategic triangles of the interstate system."""


@app.command("version")
def version(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print Amity's version."""
    from amity import __version__
    from amity.cli._common import emit

    emit({"version": __version__}, as_json, f"amity {__version__}")


# area modules, each exposing register(app)
_AREAS = [
    "actors",      # amity actor / actors
    "knowledge",   # amity db / treaties / facts / curated
    "data",        # amity data / load / panel
    "measures",    # amity similarity
    "pair",        # amity dyad / compare / triangle / balance / scenario
    "coalition",   # amity coalition
    "reader",      # amity extract
    "events",      # amity events ...
    "faces",       # amity serve / brief / demo
    "reliability", # amity db check / backup / restore
]

for _name in _AREAS:
    try:
        _mod = importlib.import_module(f"amity.cli.{_name}")
    except ModuleNotFoundError as _e:  # an area not written yet
        if _e.name != f"amity.cli.{_name}":
            raise
        continue
    _mod.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app, turning Amity errors into stderr + a non-zero exit code."""
    args = list(argv if argv is not None else sys.argv[1:])
    if "--debug" in args:   # print tracebacks of internal errors (amity.reliability.boundary)
        args.remove("--debug")
        import os

        os.environ["AMITY_DEBUG"] = "1"
    from amity.reliability.boundary import doing

    # a Ctrl-C names the command (and a command may say more: `load` names its dataset)
    words = [a for a in args if not a.startswith("-")][:3]
    doing(f"running `amity {' '.join(words)}`" if words else None)
    with handle_errors():
        # click would turn Ctrl-C into "Aborted!" (exit 1): let it reach the boundary (130)
        _run(args)


class _Interrupted(BaseException):
    """A Ctrl-C carried past typer, which turns a KeyboardInterrupt into a silent exit code
    130 (typer 0.29's ``_main``: ``raise Exit(130)``, returned as the result when not
    standalone): the user saw no line at all."""


def _command():
    """The click command of the app, with its invoke wrapped so that a Ctrl-C inside any
    command leaves as :class:`_Interrupted` (typer catches only KeyboardInterrupt)."""
    import typer.main

    from amity.cli._coerce import lighten

    cmd = typer.main.get_command(app)
    lighten(cmd)   # plain values without building Pydantic adapters (amity.cli._coerce)
    invoke = cmd.invoke

    def _invoke(ctx):
        try:
            return invoke(ctx)
        except KeyboardInterrupt as e:
            raise _Interrupted from e

    cmd.invoke = _invoke
    return cmd


def _run(args: list[str]) -> None:
    """Run the app without click's own Ctrl-C handling ("Aborted!", exit 1, or typer's silent
    130), so that an interrupt reaches the error boundary (one line, exit 130); usage errors
    print as click prints them."""
    try:
        rv = _command().main(args=args, standalone_mode=False)
    except _Interrupted:
        raise KeyboardInterrupt from None
    except Exception as e:
        mod, name = type(e).__module__, type(e).__name__
        if not mod.startswith(("click", "typer")):
            raise
        if name == "Abort":
            raise KeyboardInterrupt from None
        if name == "Exit":
            raise SystemExit(getattr(e, "exit_code", 0)) from None
        if hasattr(e, "show"):
            e.show()
            raise SystemExit(getattr(e, "exit_code", 2)) from None
        raise
    raise SystemExit(rv if isinstance(rv, int) else 0)   # as click's standalone mode does


if __name__ == "__main__":  # pragma: no cover
    main()
