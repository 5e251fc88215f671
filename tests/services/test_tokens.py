"""The tokens file on a running partner service: hashed tokens, and a
changed file taking effect without a restart."""
import hashlib
import json
from pathlib import Path

from tests.support import TOKENS, auth, visit_body

SECRET = "essote-integration-7f3a"
HASHED = f"sha256:{hashlib.sha256(SECRET.encode()).hexdigest()}"


def write(path, tokens):
    Path(path).write_text(json.dumps(tokens))


def test_a_hashed_token_works_and_a_revoked_one_stops_without_restart(outreach_api, outreach_db, settings):
    write(settings.tokens_file, {**TOKENS, HASHED: {"partner": "essote", "role": "worker"}})
    created = outreach_api.post("/outreach/visits", json=visit_body(municipality="491", worker="essote-sw-01"),
                                headers=auth(SECRET))
    assert created.status_code == 201, created.text
    assert created.json()["partner_id"] == "essote"
    # The file's key is not itself a token.
    assert outreach_api.get("/outreach/visits", headers=auth(HASHED)).status_code == 401

    # Revoke the hashed token and kainuu's, add a new one: no restart.
    write(settings.tokens_file, {"kainuu-token-2": {"partner": "kainuu", "role": "worker"}})
    for token in (SECRET, "kainuu-token"):
        refused = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth(token))
        assert refused.status_code == 401, (token, refused.text)
        assert outreach_api.get("/outreach/visits", headers=auth(token)).status_code == 401
    assert outreach_api.get("/outreach/visits", headers=auth("kainuu-token-2")).json()["total"] == 0
    assert outreach_db.visits.count_documents({}) == 1
