"""One registry of the in-process caches, so one call forgets them all.

A module that memoizes registers a way to clear it::

    from amity import caches
    _MEMO = caches.BoundedCache("sources.frames", maxsize=64)     # a bounded dict
    caches.register("cameo.table", _table.cache_clear)            # any clear function

and :func:`clear_caches` (also ``amity.clear_caches()``) calls every registered clear
function. Tests and writers call it after the store or the curated facts change.
This module imports nothing from Amity: every layer may use it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

_REGISTRY: dict[str, Callable[[], Any]] = {}
_LOCK = threading.Lock()


def register(name: str, clear: Callable[[], Any]) -> Callable[[], Any]:
    """Record ``clear`` under ``name`` (re-registering a name replaces it); returns it."""
    with _LOCK:
        _REGISTRY[name] = clear
    return clear


def registered() -> list[str]:
    """Names of the registered caches (sorted)."""
    with _LOCK:
        return sorted(_REGISTRY)


def clear_caches() -> list[str]:
    """Clear every registered cache; returns the names cleared."""
    with _LOCK:
        items = list(_REGISTRY.items())
    for _, clear in items:
        clear()
    return [n for n, _ in items]


class BoundedCache:
    """A thread-safe LRU mapping with at most ``maxsize`` entries, registered by name."""

    def __init__(self, name: str, maxsize: int = 32) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.name = name
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        register(name, self.clear)

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._data

    def __getitem__(self, key: Hashable) -> Any:
        with self._lock:
            self._data.move_to_end(key)
            return self._data[key]

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


__all__ = ["BoundedCache", "clear_caches", "register", "registered"]
