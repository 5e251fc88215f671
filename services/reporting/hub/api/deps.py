"""Dependencies of the hub's routes: the database and the caller."""
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.shared.auth import Principal, TokenFileError, TokenRegistry

from services.reporting.hub.core.config import get_settings
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
