"""Who may write, and proof that a form came from our own page.

Reading needs no login when the server listens on loopback only; every write needs the token
that `dutymap serve` prints (or DUTYMAP_TOKEN), either in a header (``Authorization: Bearer …``
or ``X-Dutymap-Token``) or through the login form, which sets a signed session cookie. A write
authenticated by cookie must also carry the CSRF value of the page it came from (a random
cookie repeated in a hidden form field: another site can neither read nor set it). Header
writes need no CSRF value: a browser never adds that header to a cross-site request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from fastapi import Request

from pipeline.errors import DutymapError

SESSION_COOKIE = "dutymap_session"
CSRF_COOKIE = "dutymap_csrf"
CSRF_FIELD = "csrf"
TOKEN_HEADER = "x-dutymap-token"
USER_HEADER = "x-dutymap-user"


class AccessDenied(DutymapError):
    """A write without the token, or a form without its CSRF value."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Identity:
    who: str
    via: str  # header | cookie


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine unless a token was chosen on purpose."""
    if not is_loopback(host) and not token:
        raise DutymapError(
            f"refusing to listen on {host} without a token: set DUTYMAP_TOKEN (every write and, "
            "off loopback, every read needs it)"
        )


class Guard:
    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("the web layer needs a token")
        self._token = token.encode("utf-8")

    def _sign(self, value: str) -> str:
        return hmac.new(self._token, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def token_matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode("utf-8"), self._token)

    def session_value(self, who: str) -> str:
        name = base64.urlsafe_b64encode(who.encode("utf-8")).decode("ascii")
        return f"{name}.{self._sign('session:' + name)}"

    def identity(self, request: Request) -> Identity | None:
        bearer = request.headers.get("authorization", "")
        offered = (
            bearer[7:] if bearer.lower().startswith("bearer ") else request.headers.get(TOKEN_HEADER, "")
        )
        if offered:
            if not self.token_matches(offered):
                return None
            return Identity(request.headers.get(USER_HEADER, "").strip()[:64] or "web", "header")
        name, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
        if name and hmac.compare_digest(signature, self._sign("session:" + name)):
            try:
                who = base64.urlsafe_b64decode(name.encode("ascii")).decode("utf-8")
            except ValueError:
                return None
            return Identity(who, "cookie")
        return None

    def require_writer(self, request: Request, form_csrf: str | None) -> Identity:
        """The identity behind a write, or AccessDenied (401 without the token, 403 without CSRF)."""
        identity = self.identity(request)
        if identity is None:
            raise AccessDenied("writing needs the token: log in, or send it as a header", status=401)
        if identity.via == "cookie":
            check_csrf(request, form_csrf)
        return identity


def check_csrf(request: Request, form_csrf: str | None) -> None:
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not expected or not form_csrf or not hmac.compare_digest(expected, form_csrf):
        raise AccessDenied(
            "the form is stale or came from another site (CSRF check failed); reload the page", status=403
        )


def csrf_value(request: Request) -> str:
    """The CSRF value for forms on this page: the cookie's, or a new one the response will set."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = secrets.token_urlsafe(24)
    return str(request.state.new_csrf)
