"""Amity: a model of the interstate system.

Import the functions users call from here, e.g.::

    import amity
    amity.resolve_actor("Moscow")
"""
from __future__ import annotations

__version__ = "0.1.0"

from amity.errors import AmityError, InputError, UnknownActorError, StoreLockedError  # noqa: F401


def __getattr__(name: str):
    # Lazy re-exports so that `import amity` stays fast and layers load on demand.
    import importlib

    exports = importlib.import_module("amity._exports").EXPORTS
    target = exports.get(name)
    if target is None:
        raise AttributeError(f"module 'amity' has no attribute {name!r}")
    module, attr = target
    return getattr(importlib.import_module(module), attr)
