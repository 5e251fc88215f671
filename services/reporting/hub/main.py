"""The reporting hub: the centre's API (and later its dashboards)."""
from fastapi import FastAPI

from services.reporting.hub.api.main import api_router
from services.reporting.hub.core.errors import install_error_handlers

app = FastAPI(title="SOS Hub reporting hub", openapi_url="/api/openapi.json", docs_url="/api/docs")
install_error_handlers(app)
app.include_router(api_router, prefix="/api")
