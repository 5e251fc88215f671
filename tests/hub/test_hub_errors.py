"""Every error of the hub answers the JSON error shape, even a 500."""
import httpx

from services.reporting.readmodels.store import META
from tests.hub.conftest import start_hub
from tests.support import auth, free_port


def assert_json_error(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_unknown_paths_and_methods_answer_json(hub):
    for path in ("/api/nothing", "/api/events", "/api/health/x", "/static/nothing.js"):
        assert_json_error(hub.get(path, headers=auth("coordinator-token")), 404, "not_found")
    assert_json_error(hub.delete("/api/health"), 405, "method_not_allowed")


def test_head_answers_as_get_without_a_body_and_pages_refuse_framing(hub):
    for path in ("/api/health", "/"):
        got, head = hub.get(path), hub.head(path)
        assert head.status_code == got.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert got.headers["x-frame-options"] == "DENY" and got.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in got.headers["content-security-policy"]
        assert "script-src" not in got.headers["content-security-policy"]  # default-src 'self': no script from elsewhere
    assert "content-security-policy" not in hub.get("/api/docs").headers  # Swagger UI comes from its CDN
    assert hub.head("/api/projects").status_code == 401


def test_a_server_error_answers_json(hub, centre_db):
    # Read models' state broken by hand (no generation): the stats cannot be read.
    centre_db[META].insert_one({"_id": "state"})
    try:
        response = hub.get("/api/events/stats", headers=auth("coordinator-token"))
        assert_json_error(response, 500, "internal_error")
    finally:
        centre_db[META].delete_one({"_id": "state"})


def test_an_unreachable_database_answers_503_json(hub_env):
    process, url = start_hub({**hub_env, "MONGO_URL": f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"})
    try:
        response = httpx.get(f"{url}/api/events/stats", headers=auth("coordinator-token"), timeout=20)
        assert_json_error(response, 503, "unavailable")
        assert response.headers["Retry-After"] == "5"
    finally:
        process.terminate()
        process.wait(timeout=10)
