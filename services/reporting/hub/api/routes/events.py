from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from services.reporting.event_store import EVENTS, REJECTED
from services.reporting.hub.api.deps import CentreDb, Coordinator

router = APIRouter(prefix="/events", tags=["events"])


class TypeCount(BaseModel):
    event_type: str
    count: int


class PartnerStats(BaseModel):
    partner_id: str
    total: int
    last_received_at: datetime
    by_type: list[TypeCount]


class EventStats(BaseModel):
    total: int
    rejected: int
    partners: list[PartnerStats]


@router.get("/stats", response_model=EventStats)
def event_stats(db: CentreDb, _: Coordinator):
    """Events received per partner and type, and when each partner's last
    event arrived: the ops view of whether partners' events are flowing."""
    rows = db[EVENTS].aggregate([
        {"$group": {"_id": {"partner": "$partner_id", "type": "$event_type"},
                    "count": {"$sum": 1}, "last": {"$max": "$received_at"}}},
        {"$sort": {"_id.partner": 1, "_id.type": 1}},
    ])
    partners = {}
    for row in rows:
        partner = row["_id"]["partner"]
        entry = partners.setdefault(partner, {"partner_id": partner, "total": 0,
                                              "last_received_at": row["last"], "by_type": []})
        entry["total"] += row["count"]
        entry["last_received_at"] = max(entry["last_received_at"], row["last"])
        entry["by_type"].append({"event_type": row["_id"]["type"], "count": row["count"]})
    return {
        "total": sum(entry["total"] for entry in partners.values()),
        "rejected": db[REJECTED].count_documents({}),
        "partners": list(partners.values()),
    }
