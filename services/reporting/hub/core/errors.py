"""The hub answers errors in the same shape as the partner services:
``{"error": {"code", "message", "fields"}}`` — every error, a 500 included,
so that no client ever has to parse plain text or HTML."""
import logging
import re
from datetime import date

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)

CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 422: "validation_failed", 500: "internal_error",
         503: "unavailable"}


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. validation_failed.")
    message: str
    fields: dict[str, list[str]] = Field(description="Each bad field's messages; empty when none.")


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_responses(*codes):
    """OpenAPI ``responses`` of the errors a route can answer."""
    descriptions = {401: "Missing or unknown bearer token.", 403: "The token's role may not read this.",
                    404: "No such resource.", 422: "Invalid path or query parameters.",
                    503: "The centre's database or the tokens file is unavailable; try again later."}
    return {code: {"model": ErrorBody, "description": descriptions[code]} for code in codes}


class FieldError(Exception):
    """A refusal naming the fields it is about (a period whose 'to' is
    before its 'from')."""

    def __init__(self, status, message, fields):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields


BOUNDS = {"greater_than_equal": ("on or after", "at least"), "less_than_equal": ("on or before", "at most"),
          "greater_than": ("after", "more than"), "less_than": ("before", "less than")}


def _message(error):
    """pydantic's message in the words of the API: a bound as a day or a
    number (not ``datetime.date(2000, 1, 1)``), without "Value error, "."""
    if error["type"] in BOUNDS and error.get("ctx"):
        bound = next(iter(error["ctx"].values()))
        as_day, as_number = BOUNDS[error["type"]]
        # FastAPI hands the bound over as its repr: datetime.date(2000, 1, 1).
        day = re.fullmatch(r"datetime\.date\((\d+), (\d+), (\d+)\)", str(bound))
        if day:
            return f"Must be {as_day} {date(*map(int, day.groups())).isoformat()}."
        return f"Must be {as_number} {bound}."
    return error["msg"].removeprefix("Value error, ")


def _error(status, message, fields=None, headers=None):
    body = {"error": {"code": CODES.get(status, "error"), "message": message, "fields": fields or {}}}
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI):
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        fields = {}
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"][1:]) or "_schema"
            fields.setdefault(name, []).append(_message(error))
        return _error(422, "The request has invalid fields.", fields)

    @app.exception_handler(FieldError)
    async def field_error(request: Request, exc: FieldError):
        return _error(exc.status, exc.message, exc.fields)

    @app.exception_handler(ConnectionFailure)
    async def database_down(request: Request, exc: ConnectionFailure):
        log.warning("the centre's database is unreachable: %s", exc)
        return _error(503, "The centre's database is unreachable; try again later.", headers={"Retry-After": "5"})

    # Starlette's last resort: its answer is plain text unless given one.
    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, "Internal error; the request may be retried.")
