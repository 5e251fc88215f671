from fastapi import APIRouter
from pydantic import BaseModel

from services.reporting.hub.api.deps import CentreDb, Coordinator
from services.reporting.outreach_totals import outreach_totals

router = APIRouter(prefix="/outreach", tags=["outreach"])


class Totals(BaseModel):
    visits: int
    contacts: int
    people_present: int


class PartnerTotals(Totals):
    partner_id: str


class OutreachTotals(BaseModel):
    partners: list[PartnerTotals]
    total: Totals
    voided: int


@router.get("/totals", response_model=OutreachTotals)
def totals(db: CentreDb, _: Coordinator):
    """Visits and contacts per partner as received (Taulukko 4), voided
    visits excluded. Unsuppressed figures: coordinator only."""
    return outreach_totals(db)
