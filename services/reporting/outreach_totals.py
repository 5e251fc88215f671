"""Outreach visits, contacts and people present per partner as the centre
received them, voided visits excluded."""
from services.reporting.event_store import EVENTS


def outreach_totals(database):
    voided = database[EVENTS].distinct("payload.visit_id", {"event_type": "outreach.visit_voided"})
    rows = database[EVENTS].aggregate([
        {"$match": {"event_type": "outreach.visit_recorded", "payload.visit_id": {"$nin": voided}}},
        {"$group": {"_id": "$partner_id", "visits": {"$sum": 1},
                    "contacts": {"$sum": "$payload.people_contacted"},
                    "people_present": {"$sum": "$payload.people_present"}}},
        {"$sort": {"_id": 1}},
    ])
    partners = [{"partner_id": row["_id"], "visits": row["visits"], "contacts": row["contacts"],
                 "people_present": row["people_present"]} for row in rows]
    total = {key: sum(p[key] for p in partners) for key in ("visits", "contacts", "people_present")}
    return {"partners": partners, "total": total, "voided": len(voided)}
