from fastapi import APIRouter, Depends

from services.reporting.hub.api.routes import (
    events, feedback, health, labels, projects, received, reports, series,
)
from services.reporting.hub.api.deps import known_query_parameters
from services.reporting.hub.core.errors import error_responses

# What every route behind a bearer token can answer, documented once.
AUTHENTICATED = error_responses(401, 403, 404, 422, 503)

# Monitoring probes may add a parameter of their own (a cache buster):
# health takes any; every other path refuses one it does not take.
CHECKED = [Depends(known_query_parameters)]

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(events.router, responses=AUTHENTICATED, dependencies=CHECKED)
api_router.include_router(received.router, responses=AUTHENTICATED, dependencies=CHECKED)
api_router.include_router(projects.router, responses=AUTHENTICATED, dependencies=CHECKED)
api_router.include_router(reports.router, responses=AUTHENTICATED, dependencies=CHECKED)
api_router.include_router(series.router, responses=AUTHENTICATED, dependencies=CHECKED)
api_router.include_router(feedback.router, responses=AUTHENTICATED, dependencies=CHECKED)
# The labels are public (no token): only what any request may get.
api_router.include_router(labels.router, responses=error_responses(422), dependencies=CHECKED)
