from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from services.reporting import received
from services.reporting.event_store import REJECTED
from services.reporting.hub.api.deps import CentreDb, Coordinator

router = APIRouter(prefix="/events", tags=["events"])


class TypeCount(BaseModel):
    event_type: str
    count: int


class PartnerStats(BaseModel):
    partner_id: str
    total: int
    last_received_at: datetime | None
    by_type: list[TypeCount]


class EventStats(BaseModel):
    total: int
    rejected: int
    partners: list[PartnerStats]


@router.get("/stats", response_model=EventStats)
def event_stats(db: CentreDb, _: Coordinator):
    """Events received per partner and type, and when each partner's last
    event arrived: the ops view of whether partners' events are flowing."""
    partners = received.event_counts(db)
    return {
        "total": sum(entry["total"] for entry in partners),
        "rejected": db[REJECTED].estimated_document_count(),
        "partners": partners,
    }
