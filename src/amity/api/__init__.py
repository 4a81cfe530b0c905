"""The HTTP API (FastAPI): read endpoints over the measures and the knowledge layer, a reader
endpoint, and token-gated writes. ``amity serve`` runs it with uvicorn; the dashboard
(:mod:`amity.web`) is served by the same app at ``/``.

>>> from amity.api import create_app
>>> app = create_app("/tmp/amity.duckdb")      # doctest: +SKIP
"""
from __future__ import annotations

from amity.api.app import ApiSettings, create_app, serve  # noqa: F401

__all__ = ["create_app", "serve", "ApiSettings"]
