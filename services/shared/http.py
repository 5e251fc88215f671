"""JSON over HTTP for the nameko services: one error shape everywhere,
authentication of the caller, and reading request bodies.

Every error answers ``{"error": {"code", "message", "fields"}}``; ``fields``
maps each bad field to its messages (nested like the request body) and is
empty when the error is not about fields."""
import functools
import io
import json
import uuid
import logging
import os
from datetime import date, datetime
from uuid import UUID

from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import ClientDisconnected, HTTPException
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_content_length, get_input_stream

from services.shared.auth import TokenFileError, TokenRegistry, bearer_token
from services.shared.mongo import connect
from services.shared.workerapp import sessions as app_sessions
from services.shared.validation import InvalidData

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status, code, message, fields=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(status, body, headers=None):
    return Response(
        json.dumps(body, default=_json_default, ensure_ascii=False),
        status=status,
        headers=headers or {},
        mimetype="application/json",
    )


def error_response(status, code, message, fields=None, headers=None):
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return json_response(status, body, headers)


def validation_error(fields):
    return ApiError(422, "validation_failed", "The request has invalid fields; nothing was stored.", fields)


def api_endpoint(handler):
    """Wraps a nameko http handler so that every failure gets the stable
    error shape instead of nameko's plain-text 500."""

    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        try:
            return handler(self, request, *args, **kwargs)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)
        except InvalidData as exc:
            err = validation_error(exc.fields)
            return error_response(err.status, err.code, err.message, err.fields)
        except Exception:
            log.exception("unhandled error in %s", handler.__name__)
            return error_response(500, "internal_error", "Internal error; the request may be retried.")

    return wrapper


def no_store(handler):
    """Answers that carry a secret (a one-time link) or a client's answer
    are kept by no cache on the way."""

    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        response = handler(self, request, *args, **kwargs)
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper


class _JsonErrorsWsgiApp(WsgiApp):
    """nameko's routing, with its unknown-path and wrong-method answers
    (Werkzeug HTML pages) in the JSON error shape."""

    def __call__(self, environ, start_response):
        try:  # only to answer routing errors in JSON; nameko matches again below
            self.url_map.bind_to_environ(environ).match()
        except HTTPException as exc:
            code = {404: "not_found", 405: "method_not_allowed"}.get(exc.code, "bad_request")
            headers = {key: value for key, value in exc.get_headers(environ) if key.lower() == "allow"}
            return error_response(exc.code, code, exc.description, headers=headers)(environ, start_response)
        try:
            buffer_body(environ)
        except ApiError as exc:
            # The rest of the body is unread: the client should not reuse the connection.
            return error_response(exc.status, exc.code, exc.message,
                                  headers={"Connection": "close"})(environ, start_response)
        return super().__call__(environ, start_response)


class _JsonErrorsWebServer(WebServer):
    def get_wsgi_app(self):
        return _JsonErrorsWsgiApp(self)


class _HttpEntrypoint(HttpRequestHandler):
    server = _JsonErrorsWebServer()


# The partner services' ``@http(method, path)``: nameko's, with JSON errors.
http = _HttpEntrypoint.decorator

MAX_DEPTH = 32


def _not_json(constant):
    # Python's json takes NaN and Infinity; JSON has no such numbers.
    raise ValueError(f"{constant} is not JSON")


class _DuplicateKey(ValueError):
    pass


def _object_without_repeats(pairs):
    # Python's json keeps the last of two equal keys; which was meant?
    body = dict(pairs)
    if len(body) != len(pairs):
        raise _DuplicateKey()
    return body


def _depth(value):
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return deepest


# A record is a few KiB; the gateway refuses more than 1 MiB before this.
MAX_BODY_BYTES = 256 * 1024
# A client that stops sending mid-request (or never sends one) is cut off
# after this long instead of holding a connection for ever (the embedded
# partner API; in compose nginx in front of the services does the same).
SOCKET_TIMEOUT_SECONDS = 30


def framed_by_eventlet(transfer_encoding):
    """Whether eventlet can tell where a body sent with this Transfer-Encoding
    header (None: none) ends: it decodes plain chunked only, and takes a
    body in any other coding as no body, and so as the next request."""
    return transfer_encoding is None or transfer_encoding.strip().lower() == "chunked"


def buffer_body(environ):
    """Reads the request's body into memory, at most MAX_BODY_BYTES, before
    nameko gives the request a worker: a client that sends its body slowly,
    or stops, then holds only its own connection's greenthread, not one of
    the service's few workers (ten such clients stalled every request)."""
    encoding = environ.get("HTTP_TRANSFER_ENCODING")
    if encoding is not None:
        if not framed_by_eventlet(encoding):
            raise ApiError(501, "unsupported_transfer_encoding", "Send the body plain or with Transfer-Encoding: chunked.")
        # eventlet ends its input after the last chunk but does not say so:
        # without a Content-Length, werkzeug would read the body as empty.
        environ["wsgi.input_terminated"] = True
    too_large = ApiError(413, "too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    if (get_content_length(environ) or 0) > MAX_BODY_BYTES:
        raise too_large
    stream, chunks, size = get_input_stream(environ), [], 0
    try:
        # Read no more than the limit, whatever Content-Length claimed (a
        # chunked body has none): a huge body must not stall the process.
        while size <= MAX_BODY_BYTES and (chunk := stream.read(MAX_BODY_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except (ClientDisconnected, OSError, ValueError) as exc:
        # werkzeug's ClientDisconnected for a body that ended early or stopped
        # coming; eventlet's own errors (ValueError for a bad chunk size,
        # OSError or TimeoutError) for a chunked one.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            raise ApiError(408, "request_timeout",
                           f"The body did not arrive within {SOCKET_TIMEOUT_SECONDS} s; nothing was recorded.")
        raise ApiError(400, "incomplete_body", "The body ended early or its chunks were malformed; nothing was recorded.")
    if size > MAX_BODY_BYTES:
        raise too_large
    raw = b"".join(chunks)
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)


def read_json_object(request):
    """The request's JSON object (its body was read by ``buffer_body``):
    UTF-8 only (RFC 8259), nested at most MAX_DEPTH levels, or an ApiError."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", "The body is not UTF-8; JSON is sent as UTF-8.")
    too_deep = ApiError(400, "too_deep", f"The body nests more than {MAX_DEPTH} levels deep.")
    try:
        body = json.loads(text or "null", parse_constant=_not_json, object_pairs_hook=_object_without_repeats)
    except RecursionError:
        raise too_deep
    except _DuplicateKey:
        raise ApiError(400, "duplicate_key", "An object in the body gives the same key twice.")
    except ValueError:
        raise ApiError(400, "invalid_json", "The body is not valid JSON.")
    if _depth(body) > MAX_DEPTH:
        raise too_deep
    if not isinstance(body, dict):
        raise ApiError(422, "validation_failed", "The body must be a JSON object.", {"_schema": ["Must be a JSON object."]})
    return body


def client_address(request):
    """The address a request came from. Behind the partner gateway
    (SOSHUB_TRUST_FORWARDED_FOR=true, as in compose) the gateway appends the
    address it saw: the last entry, unlike the first, is not the client's to
    choose. Reached directly, the header is the client's own invention and
    is ignored."""
    address = request.remote_addr or ""
    if os.environ.get("SOSHUB_TRUST_FORWARDED_FOR", "").lower() in ("1", "true", "yes"):
        address = request.headers.get("X-Forwarded-For", address).split(",")[-1].strip()
    return address


def authenticate_request(registry, request):
    """The Principal of the request's bearer token, or ApiError 401."""
    token = bearer_token(request.headers.get("Authorization"))
    challenge = {"WWW-Authenticate": "Bearer"}
    if token is None:
        raise ApiError(401, "unauthenticated", "Send a bearer token in the Authorization header.", headers=challenge)
    try:
        principal = registry.lookup(token)
    except (OSError, ValueError, TokenFileError):
        log.exception("cannot read the tokens file")
        raise ApiError(503, "auth_unavailable", "Authentication is not configured; try again later.")
    if principal is None:
        raise ApiError(401, "unauthenticated", "The bearer token is not valid.", headers=challenge)
    return principal


PRINCIPAL = "soshub.principal"


def session_principal(sessions, request):
    """The Principal of the worker app's session cookie, or ApiError 401
    (no live session) / 403 (a write without the session's CSRF token)."""
    session = sessions.find(request.cookies.get(app_sessions.SESSION_COOKIE))
    if session is None:
        raise ApiError(401, "session_expired", "The session has expired or was ended; log in again.")
    if not app_sessions.csrf_ok(session, request):
        raise ApiError(403, "csrf_failed", f"Send the session's CSRF token in {app_sessions.CSRF_HEADER}.")
    return app_sessions.session_principal(session)


def resolve_principal(registry, sessions, request):
    """A bearer token (integrations) wins; else the app's session cookie."""
    if sessions is not None and request.cookies.get(app_sessions.SESSION_COOKIE) and \
            not request.headers.get("Authorization"):
        principal = session_principal(sessions, request)
    else:
        principal = authenticate_request(registry, request)
    request.environ[PRINCIPAL] = principal
    return principal


def principal_of(request):
    """The principal authenticated for ``request`` (None before that)."""
    return request.environ.get(PRINCIPAL)


class Authenticator(DependencyProvider):
    """Injects ``authenticate(request) -> Principal`` from the tokens file
    and, where the instance has worker accounts, their app sessions."""

    def setup(self):
        config = self.container.config
        self.registry = TokenRegistry(config.get("SOSHUB_TOKENS_FILE"))
        self.client, self.sessions = None, None
        if config.get("SOSHUB_ACCOUNTS_DATABASE"):
            self.client = connect(config["MONGO_URL"], config.get("MONGO_TIMEOUT_MS", 5000))
            self.sessions = app_sessions.SessionStore(self.client[config["SOSHUB_ACCOUNTS_DATABASE"]])

    def stop(self):
        if self.client is not None:
            self.client.close()

    kill = stop

    def get_dependency(self, worker_ctx):
        return functools.partial(resolve_principal, self.registry, self.sessions)


def writing_partner(principal):
    """The partner a write belongs to; the coordinator records nothing."""
    if principal.partner is None:
        raise ApiError(403, "forbidden", "Only a partner's token can record data.")
    return principal.partner


def reading_scope(principal, requested=None):
    """Whose records a read covers: the coordinator any partner's (None =
    all), a partner only its own."""
    if principal.is_coordinator:
        return requested
    if requested not in (None, principal.partner):
        raise ApiError(403, "forbidden", "A partner reads only its own records.")
    return principal.partner


def parse_id(raw, what):
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(404, "not_found", f"No such {what}.")
