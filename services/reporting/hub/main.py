"""The reporting hub: the centre's API and its dashboard."""
import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from services.reporting.hub.api.main import api_router
from services.reporting.hub.core.errors import install_error_handlers
from services.reporting.hub.core.headers import HubHeaders
from services.shared.hetu import redact_logs

STATIC = Path(__file__).with_name("static")

# uvicorn has configured its loggers by now; its access log carries query strings.
for name in (None, "uvicorn", "uvicorn.access"):
    redact_logs(logging.getLogger(name))

app = FastAPI(title="SOS Hub reporting hub", openapi_url="/api/openapi.json", docs_url="/api/docs")
install_error_handlers(app)
app.add_middleware(HubHeaders)
app.include_router(api_router, prefix="/api")
app.mount("/static", StaticFiles(directory=STATIC), name="static")


@app.get("/", include_in_schema=False)
def dashboard():
    return FileResponse(STATIC / "index.html")
