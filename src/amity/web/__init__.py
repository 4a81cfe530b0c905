"""The web dashboard: a plain HTML/JS page (no build step) served by :mod:`amity.api` at ``/``.

Four views (pair, triangle, system, reader) call the JSON API and draw with the vendored
vega, vega-lite and vega-embed builds in ``static/vendor`` (works with no internet).
"""
from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
