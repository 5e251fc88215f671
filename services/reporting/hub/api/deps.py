"""Dependencies of the hub's routes: the database and the caller."""
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.shared.auth import Principal, TokenFileError, TokenRegistry
from services.shared.validation import REDACTED_KEY, text_error

from services.reporting.hub.core.config import get_settings
from services.reporting.hub.core.errors import FieldError
from services.reporting.hub.core.db import get_centre_db
from services.reporting.hub.core.metrics_cache import MetricsCache

bearer = HTTPBearer(auto_error=False)


@lru_cache(maxsize=1)
def get_token_registry():
    return TokenRegistry(get_settings().tokens_file)


def current_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Send a bearer token in the Authorization header.", challenge)
    try:
        principal = get_token_registry().lookup(credentials.credentials)
    except (OSError, ValueError, TokenFileError):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "Authentication is not configured; try again later.")
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "The bearer token is not valid.", challenge)
    return principal


def coordinator(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if not principal.is_coordinator:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only the coordinating centre may read this.")
    return principal


@lru_cache(maxsize=1)
def get_metrics_cache():
    return MetricsCache(get_centre_db())


CentreDb = Annotated[object, Depends(get_centre_db)]
Metrics = Annotated[MetricsCache, Depends(get_metrics_cache)]
Coordinator = Annotated[Principal, Depends(coordinator)]


def _query_names(dependant):
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


_ROUTE_QUERY_NAMES = {}  # id of a route (they live as long as the app) → the names it takes


def known_query_parameters(request: Request):
    """Refuses a query parameter the route does not take, and one given
    twice: a typo (``?form=``) would otherwise be answered for the whole
    project period, and of two ``from`` the last would count. As the
    partner API does; a name that may not be stored is not echoed."""
    route = request.scope.get("route")
    if route is None:
        return
    if id(route) not in _ROUTE_QUERY_NAMES:
        _ROUTE_QUERY_NAMES[id(route)] = _query_names(route.dependant)
    allowed = _ROUTE_QUERY_NAMES[id(route)]
    fields = {}
    for name in request.query_params.keys():  # each name once
        shown = REDACTED_KEY if text_error(name) else name
        if name not in allowed:
            fields.setdefault(shown, []).append("Not a parameter of this path.")
        elif len(request.query_params.getlist(name)) > 1:
            fields.setdefault(shown, []).append("Given more than once.")
    if fields:
        takes = ", ".join(sorted(allowed)) or "none"
        raise FieldError(422, f"The query has parameters this path does not take (it takes: {takes}).", fields)
