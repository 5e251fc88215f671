"""With ``memory://`` the broker lives in the services process: after a crash,
events the outbox marked published but the centre never stored are
published again, and only those."""
from datetime import datetime, timezone

from deploy.services_process import redeliver_unreceived


def test_events_lost_with_the_in_memory_broker_are_pending_again(settings, mongo, outreach_db, centre_db):
    now = datetime.now(timezone.utc)
    outreach_db.outbox.insert_many([
        {"_id": "stored", "seq": 1, "published_at": now},
        {"_id": "rejected", "seq": 2, "published_at": now},
        {"_id": "lost", "seq": 3, "published_at": now},
        {"_id": "pending", "seq": 4, "published_at": None},
    ])
    centre_db.events.insert_one({"_id": "stored"})
    centre_db.rejected_events.insert_one({"_id": "rejected"})

    assert redeliver_unreceived(settings, ["outreach", "assessment", "groups"]) == 1
    pending = {entry["_id"] for entry in outreach_db.outbox.find({"published_at": None})}
    assert pending == {"lost", "pending"}
    assert redeliver_unreceived(settings, ["outreach"]) == 0
