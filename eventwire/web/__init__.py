"""The web layer of ``eventwire serve``: a REST API under ``/api/`` and a web UI, both thin over
:mod:`eventwire.queries`.  Needs the ``web`` extra (FastAPI, uvicorn, Jinja2)."""
from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
