"""The FastAPI application: one read-only store, the API and page routers, one error shape.

Every error — a bad parameter, an unknown id or address, a failure inside — answers with

    {"error": {"status": 404, "code": "E602", "message": "…", "hint": "…"}}

(JSON for the API and for JSON twins; the same words on an HTML page for a browser).
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import BadQuery, EventwireError, MethodNotAllowed, NotFound, QueryError, ServerError, StoreError
from ..store import Store
from . import charts, highlight

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")


def with_params(request: Request, **changes) -> str:
    """The current page's query string with some parameters changed (None drops one)."""
    params = {k: v for k, v in request.query_params.items() if v != ""}
    for k, v in changes.items():
        params.pop(k, None)
        if v is not None:
            params[k] = v
    return "?" + urlencode(params)


def article_url(article_id: str, api: bool = False) -> str:
    """The address of an article's page (or of its record in the API); ids may hold any character."""
    return ("/api/articles/" if api else "/articles/") + quote(article_id, safe="")


def plural(n: int, word: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


TEMPLATES.env.globals.update(charts=charts, highlight=highlight, with_params=with_params, article_url=article_url)
TEMPLATES.env.filters["plural"] = plural
JSON_FLAG = "eventwire.json"  # set in the ASGI scope when a page was asked for as ``….json``
STATUS = {BadQuery: 400, NotFound: 404, StoreError: 503}


def wants_json(request: Request) -> bool:
    """The API, a ``.json`` twin, or a client that asks for JSON rather than HTML."""
    if request.url.path.startswith("/api/") or request.scope.get(JSON_FLAG):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page(request: Request, template: str, data: dict, status: int = 200):
    """An HTML page showing ``data``, or ``data`` itself as JSON (the page's JSON twin)."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return TEMPLATES.TemplateResponse(request, template, {"data": data}, status_code=status)


def error_response(request: Request, status: int, code: str, message: str, hint: str = ""):
    body = {"error": {"status": status, "code": code, "message": message, "hint": hint}}
    return page(request, "error.html", body, status)


class JsonTwin:
    """ASGI middleware: ``/events.json`` is ``/events`` answered as JSON (``/index.json`` is ``/``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (scope["type"] == "http" and path.endswith(".json") and not path.startswith(("/api/", "/static/"))
                and path != "/openapi.json"):
            path = path[:-len(".json")]
            path = "/" if path == "/index" else path
            scope = {**scope, "path": path, "raw_path": quote(path).encode(), JSON_FLAG: True}
        await self.app(scope, receive, send)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ())[1:]) or "the request"
        parts.append(f"{where}: {e.get('msg', 'is not valid').lower()}")
    return "some parameters are not valid — " + "; ".join(parts)


#: seconds a request waits while an ingest holds the store between its batches
READ_WAIT = 30.0


def create_app(db: str | Path) -> FastAPI:
    """The app over the store file ``db``, opened read-only (raises StoreError when missing)."""
    from .api import router as api_router
    from .pages import router as page_router

    store = Store(db, read_only=True, hold=False, wait=READ_WAIT)  # each request opens the file
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read-only REST API over an eventwire store: articles, entities, quotes, "
                              "events, aggregates and exports. Every page of the web UI has a JSON twin.")
    app.state.store = store
    app.add_middleware(JsonTwin)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router)
    app.include_router(page_router)

    @app.exception_handler(EventwireError)
    async def _eventwire_error(request: Request, exc: EventwireError):
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        return error_response(request, status, exc.code, exc.message, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameters(request: Request, exc: RequestValidationError):
        return error_response(request, 400, BadQuery.code, _validation_message(exc), BadQuery.hint)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404:
            return error_response(request, 404, NotFound.code, f"there is no page at {request.url.path}",
                                  "start from / or see /docs for the API")
        if exc.status_code == 405:
            return error_response(request, 405, MethodNotAllowed.code,
                                  f"the method {request.method} is not allowed at {request.url.path}", MethodNotAllowed.hint)
        return error_response(request, exc.status_code, QueryError.code, str(exc.detail).lower(), "")

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception):
        return error_response(request, 500, ServerError.code, f"something went wrong inside eventwire: {exc}",
                              ServerError.hint)

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server until interrupted (``eventwire serve``)."""
    import uvicorn

    app = create_app(db)
    print(f"eventwire: serving {db} read-only at http://{host}:{port}/ (the API at /api/, its docs at /docs); "
          "press Ctrl+C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning")
