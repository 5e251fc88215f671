from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pymongo.errors import PyMongoError

from services.reporting.hub.api.deps import CentreDb

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/health", response_model=Health, responses={503: {"model": Health, "description": "Degraded."}})
def health(db: CentreDb):
    """Up, and whether the centre's database answers."""
    try:
        db.command("ping")
    except PyMongoError:
        return JSONResponse({"status": "degraded", "database": "unreachable"}, status_code=503)
    return {"status": "ok", "database": "ok"}
