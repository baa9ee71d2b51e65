"""The web workspace: a FastAPI app over the library, pages rendered by Jinja2 (autoescaped).

    app = create_app(store, token="…", data_dir=Path("…"))

Everything a page shows comes from pipeline.query, pipeline.track, pipeline.catalogue and the
store; this package only parses requests and renders answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import DutymapError, NotFound
from pipeline.store import Store
from pipeline.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    AccessDenied,
    Guard,
    check_csrf,
    csrf_value,
)
from pipeline.web.uploads import MAX_REQUEST_BYTES

HERE = Path(__file__).parent


@dataclass
class Workspace:
    """What every page handler needs, held on app.state."""

    store: Store
    guard: Guard
    data_dir: Path
    templates: Jinja2Templates
    today: Callable[[], date]
    read_needs_login: bool


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace  # type: ignore[no-any-return]


def render(request: Request, template: str, /, status_code: int = 200, **context: Any) -> HTMLResponse:
    web = workspace(request)
    context.setdefault("identity", web.guard.identity(request))
    context["csrf"] = csrf_value(request)
    context["csrf_field"] = CSRF_FIELD
    response = web.templates.TemplateResponse(request, template, context, status_code=status_code)
    if getattr(request.state, "new_csrf", None):
        response.set_cookie(CSRF_COOKIE, request.state.new_csrf, httponly=True, samesite="strict")
    return response


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413) before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f"request larger than {limit // 2**20} MB".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(
    store: Store,
    *,
    token: str,
    data_dir: Path,
    read_needs_login: bool = False,
    allowed_hosts: list[str] | None = None,
    today: Callable[[], date] = date.today,
) -> FastAPI:
    app = FastAPI(title="dutymap", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
    app.state.workspace = Workspace(store, Guard(token), Path(data_dir), templates, today, read_needs_login)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from pipeline.web import pages_documents, pages_links, pages_tracking

    for module in (pages_documents, pages_tracking, pages_links):
        app.include_router(module.router)
    _add_login(app)
    _add_errors(app)

    @app.middleware("http")
    async def reads_off_loopback(request: Request, call_next: Any) -> Response:
        web = workspace(request)
        path = request.url.path
        open_paths = path in ("/login", "/logout") or path.startswith("/static/")
        if web.read_needs_login and not open_paths and web.guard.identity(request) is None:
            if request.method == "GET":
                return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
            return Response("writing needs the token", status_code=401)
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        return response

    app.add_middleware(BodyLimit, limit=MAX_REQUEST_BYTES)
    if allowed_hosts:
        # a page on another site must not reach this server through a rebound DNS name
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def _add_login(app: FastAPI) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return render(request, "login.html", next=_local(next), failed=False)

    @app.post("/login", response_class=HTMLResponse)
    def login(
        request: Request,
        token: str = Form(""),
        who: str = Form(""),
        next: str = Form("/"),
        csrf: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        web = workspace(request)
        if not web.guard.token_matches(token.strip()):
            return render(request, "login.html", status_code=401, next=_local(next), failed=True)
        response = RedirectResponse(_local(next), status_code=303)
        name = " ".join(who.split())[:64] or "web"
        response.set_cookie(SESSION_COOKIE, web.guard.session_value(name), httponly=True, samesite="strict")
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response


def _local(target: str) -> str:
    """Only paths on this site: a login link must not redirect elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(AccessDenied)
    async def denied(request: Request, error: AccessDenied) -> Response:
        return _error(request, error.status, str(error))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(DutymapError)
    async def refused(request: Request, error: DutymapError) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        # a mistyped address (?page=abc) gets the error page in one line, not FastAPI's JSON
        problems = "; ".join(
            f"{problem['loc'][-1]}: {problem['msg'].lower()}"
            for problem in error.errors()
            if problem.get("loc")
        )
        return _error(request, 400, f"invalid address: {problems or 'unreadable parameters'}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # the server log gets the traceback (Starlette re-raises after this answer); the user a line
        return _error(request, 500, f"unexpected {type(error).__name__}; the server log has the details")


def _error(request: Request, status: int, message: str) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        from fastapi.responses import JSONResponse

        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)
