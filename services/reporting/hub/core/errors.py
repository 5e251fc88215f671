"""The hub answers errors in the same shape as the partner services:
``{"error": {"code", "message", "fields"}}``."""
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         409: "conflict", 422: "validation_failed", 503: "unavailable"}


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
            fields.setdefault(name, []).append(error["msg"])
        return _error(422, "The request has invalid fields.", fields)
