from fastapi import APIRouter

from services.reporting.hub.api.routes import events, health, labels, projects, received, reports, series

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(events.router)
api_router.include_router(received.router)
api_router.include_router(projects.router)
api_router.include_router(reports.router)
api_router.include_router(series.router)
api_router.include_router(labels.router)
