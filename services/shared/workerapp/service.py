"""The worker app's nameko service: the pages under ``/app/`` (one shell
that the ES modules render), its static files and service worker, login and
logout, and the forms described as data. It runs beside the partner services
on the same origin, so the app calls their API with its session cookie."""
import mimetypes
import re
from pathlib import Path

from eventlet import tpool
from werkzeug.wrappers import Response

from services.shared.dependencies import MongoDatabase
from services.shared.http import (ApiError, api_endpoint, client_address, error_response, http, json_response,
                                 read_json_object)
from services.shared.validation import LONE_SURROGATE

from services.shared.workerapp.accounts import AccountStore, TooManyAttempts, ensure_account_indexes
from services.shared.workerapp.forms import description
from services.shared.workerapp.sessions import (
    CSRF_COOKIE, SESSION_COOKIE, SessionStore, csrf_ok, ensure_session_indexes,
)

STATIC = Path(__file__).with_name("static")
HOME = "/app/outreach/visits/new"
# The app's bookmarkable pages; each loads the same shell.
PAGES = re.compile(r"^(login|outreach/visits(/new)?|assessment/(clients|measurements|forms|feedback-links)/new"
                   r"|assessment/followups"
                   r"|groups(/new|/[0-9a-f-]{36})?)$")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def ensure_indexes(database):
    ensure_account_indexes(database)
    ensure_session_indexes(database)


def _file_response(path, mimetype, cache="no-cache"):
    return Response(path.read_bytes(), mimetype=mimetype,
                    headers={"Cache-Control": cache, **SECURITY_HEADERS})


def _not_found():
    # In the API's error shape, as every other answer of the services; the
    # path is not quoted (it may hold anything).
    return error_response(404, "not_found", "No page or file of the worker app here; it starts at /app/.")


def _is_utf8(text):
    # JSON lets "\ud800" through; the password hasher and the database cannot take it.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_https(request):
    return request.scheme == "https" or request.headers.get("X-Forwarded-Proto") == "https"


def _user(account_or_session, csrf, expires_at):
    return {"username": account_or_session["username"], "worker": account_or_session["username"],
            "partner": account_or_session["partner"], "role": account_or_session["role"],
            "csrf": csrf, "expires_at": expires_at}


class WorkerAppService:
    name = "workerapp"

    db = MongoDatabase(setup_indexes=ensure_indexes)

    @http("GET", "/app/")
    def home(self, request):
        return Response(status=302, headers={"Location": HOME})

    @http("GET", "/app/<path:page>")
    def page(self, request, page):
        if not PAGES.match(page.rstrip("/")):
            return _not_found()
        return _file_response(STATIC / "index.html", "text/html")

    @http("GET", "/app/static/<string:name>")
    def static(self, request, name):
        path = STATIC / name
        if name == "index.html" or not path.is_file():
            return _not_found()
        mimetype = "text/javascript" if name.endswith(".js") else mimetypes.guess_type(name)[0]
        return _file_response(path, mimetype or "application/octet-stream")

    @http("GET", "/app/sw.js")
    def service_worker(self, request):
        # Served from /app/ so that its scope covers every page of the app.
        return _file_response(STATIC / "sw.js", "text/javascript")

    @http("GET", "/app/api/forms")
    @api_endpoint
    def forms(self, request):
        return json_response(200, description())

    @http("POST", "/app/api/login")
    @api_endpoint
    def login(self, request):
        body = read_json_object(request)
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            raise ApiError(422, "validation_failed", "Give a username and a password.",
                           {name: ["Missing data for required field."] for name in ("username", "password")
                            if not isinstance(body.get(name), str) or not body.get(name)})
        unreadable = {name: [LONE_SURROGATE] for name, value in body.items()
                      if name in ("username", "password") and not _is_utf8(value)}
        if unreadable:
            raise ApiError(422, "validation_failed", "Give a username and a password.", unreadable)
        address = client_address(request)
        try:
            account = AccountStore(self.db, run_hasher=tpool.execute).authenticate(username, password, address)
        except TooManyAttempts as exc:
            raise ApiError(429, "too_many_attempts", "Too many failed logins; try again later.",
                           headers={"Retry-After": str(exc.retry_after)})
        if account is None:
            raise ApiError(401, "login_failed", "Wrong username or password, or the account is disabled.")
        token, csrf, expires_at = SessionStore(self.db).create(account)
        response = json_response(200, _user({"username": account.username, "partner": account.partner,
                                              "role": account.role}, csrf, expires_at))
        secure = _is_https(request)
        response.set_cookie(SESSION_COOKIE, token, expires=expires_at, path="/", httponly=True,
                            samesite="Strict", secure=secure)
        # Readable by the app's scripts, which send it back in X-CSRF-Token.
        response.set_cookie(CSRF_COOKIE, csrf, expires=expires_at, path="/", httponly=False,
                            samesite="Strict", secure=secure)
        return response

    @http("GET", "/app/api/me")
    @api_endpoint
    def me(self, request):
        session = SessionStore(self.db).find(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise ApiError(401, "session_expired", "Not logged in.")
        return json_response(200, _user(session, session["csrf"], session["expires_at"]))

    @http("POST", "/app/api/logout")
    @api_endpoint
    def logout(self, request):
        store = SessionStore(self.db)
        token = request.cookies.get(SESSION_COOKIE)
        session = store.find(token)
        if session is not None:
            if not csrf_ok(session, request):
                raise ApiError(403, "csrf_failed", "Send the session's CSRF token.")
            store.revoke(token)
        response = json_response(200, {"logged_out": True})
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Strict")
        response.delete_cookie(CSRF_COOKIE, path="/", samesite="Strict")
        return response
