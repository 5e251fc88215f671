"""Worker accounts and app sessions over real HTTP: the partner API takes
the session cookie with its CSRF token, records the logged-in worker, and
bearer tokens keep working for integrations."""
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
import sys
from datetime import timedelta

import httpx

from services.shared.envelope import utcnow
from services.shared.workerapp.accounts import AccountStore
from tests.support import auth, visit_body


def login(stack, username, password):
    client = httpx.Client(base_url=stack.url, timeout=10)
    answer = client.post("/app/api/login", json={"username": username, "password": password})
    return client, answer


def visits_of(stack, worker_name):
    return list(stack.db("outreach")["visits"].find({"worker": worker_name}))


def test_a_logged_in_worker_records_as_themselves_and_needs_the_csrf_token(partner_stack, worker):
    client, answer = login(partner_stack, *worker)
    assert answer.status_code == 200
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("soshub_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Strict" in session_cookie
    csrf = answer.json()["csrf"]

    refused = client.post("/outreach/visits", json=visit_body(worker="kainuu-sw-01"))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    assert visits_of(partner_stack, "kainuu-sw-01") == [] and visits_of(partner_stack, worker[0]) == []

    # The worker in the body is not believed: the session's account is.
    stored = client.post("/outreach/visits", json=visit_body(worker="kainuu-sw-01"), headers={"X-CSRF-Token": csrf})
    assert stored.status_code == 201, stored.text
    assert stored.json()["worker"] == worker[0] and stored.json()["partner_id"] == "kainuu"
    mine = client.get("/outreach/visits", params={"worker": worker[0]}).json()
    assert mine["total"] == 1

    group = client.post("/groups", headers={"X-CSRF-Token": csrf}, json={
        "name": "Kokkiryhmä", "activity": "cooking", "municipality": "205", "facilitators": ["kainuu-ext-01"],
        "planned_sessions": 3, "intensity": "weekly", "session_minutes": 90, "started_on": "2019-04-02"})
    assert group.status_code == 201, group.text
    assert group.json()["facilitators"] == [worker[0], "kainuu-ext-01"]

    # Integrations keep their bearer tokens, and name the worker themselves.
    by_token = httpx.post(f"{partner_stack.url}/outreach/visits", json=visit_body(worker="kainuu-sw-09"),
                          headers=auth("kainuu-token"))
    assert by_token.status_code == 201 and by_token.json()["worker"] == "kainuu-sw-09"

    assert client.post("/app/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    token = session_cookie.split(";")[0].split("=", 1)[1]
    with httpx.Client(base_url=partner_stack.url, cookies={"soshub_session": token}) as stale:
        assert stale.post("/outreach/visits", json=visit_body(), headers={"X-CSRF-Token": csrf}).status_code == 401
    assert len(visits_of(partner_stack, worker[0])) == 1


def test_an_expired_session_is_refused(partner_stack, worker):
    client, answer = login(partner_stack, *worker)
    partner_stack.db("accounts")["sessions"].update_many(
        {"username": worker[0]}, {"$set": {"expires_at": utcnow() - timedelta(seconds=1)}})
    refused = client.post("/outreach/visits", json=visit_body(), headers={"X-CSRF-Token": answer.json()["csrf"]})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "session_expired"
    assert client.get("/app/api/me").status_code == 401


def test_failed_logins_are_limited_and_a_disabled_worker_is_out(partner_stack, worker):
    username, password = worker
    for _ in range(5):
        assert login(partner_stack, username, "wrong-password")[1].status_code == 401
    limited = login(partner_stack, username, password)[1]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    partner_stack.db("accounts")["login_failures"].delete_many({"key": AccountStore._user_key(username)})

    client, answer = login(partner_stack, username, password)
    assert answer.status_code == 200
    disabled = subprocess.run([sys.executable, "-m", "deploy.cli", "users", "disable", username],
                              env=partner_stack.env, capture_output=True, text=True, timeout=60)
    assert disabled.returncode == 0 and "ended 1 session" in disabled.stdout
    assert client.get("/app/api/me").status_code == 401
    assert login(partner_stack, username, password)[1].status_code == 401
    listed = subprocess.run([sys.executable, "-m", "deploy.cli", "users", "list"], env=partner_stack.env,
                            capture_output=True, text=True, timeout=60).stdout
    assert any(line.split() == [username, "kainuu", "worker", "disabled"] for line in listed.splitlines())
    stored = partner_stack.db("accounts")["accounts"].find_one({"_id": username})
    assert stored["password_hash"].startswith("$argon2id$") and password not in str(stored)




def test_guesses_sent_at_once_get_no_more_tries_than_one_after_another(partner_stack, worker):
    username, password = worker
    guesses = ["wrong-password"] * 11 + [password]
    with ThreadPoolExecutor(len(guesses)) as pool:
        statuses = list(pool.map(lambda guess: login(partner_stack, username, guess)[1].status_code, guesses))
    checked = [status for status in statuses if status in (200, 401)]
    assert 1 <= len(checked) <= 5 and set(statuses) - {200, 401} == {429}, statuses
    partner_stack.db("accounts")["login_failures"].delete_many({})

def test_whatever_is_typed_as_a_username_is_not_kept_and_unreadable_text_is_refused(partner_stack):
    failures = partner_stack.db("accounts")["login_failures"]
    assert login(partner_stack, "131052-308T", "wrong-password-1")[1].status_code == 401
    assert login(partner_stack, "a\u0000b", "wrong-password-1")[1].status_code == 401
    kept = str(list(failures.find({}, {"_id": 0, "key": 1})))
    assert "131052" not in kept and "a\x00b" not in kept and "user:" in kept
    for body in [{"username": "\ud800", "password": "wrong-password-1"},
                 {"username": "kainuu-sw-01", "password": "\ud800abc-password"}]:
        answer = httpx.post(f"{partner_stack.url}/app/api/login", content=json.dumps(body), timeout=10,
                            headers={"Content-Type": "application/json"})
        assert answer.status_code == 422 and answer.json()["error"]["fields"], answer.text
    nested = httpx.post(f"{partner_stack.url}/app/api/login", json={"username": {"$ne": 1}, "password": "x"})
    assert nested.status_code == 422 and list(nested.json()["error"]["fields"]) == ["username"]

def test_users_add_refuses_a_name_like_username_and_a_short_password(partner_stack):
    for username, password in [("Anna Virtanen", "salasana-123"), ("kainuu-sw-99", "short")]:
        result = subprocess.run([sys.executable, "-m", "deploy.cli", "users", "add", "--partner", "kainuu",
                                 "--username", username, "--password-stdin"], input=password + "\n",
                                env=partner_stack.env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "soshub users:" in result.stderr


def test_the_soshub_command_imports_no_pymongo_before_services_patch_eventlet():
    # `soshub services` monkey-patches with eventlet when it starts; pymongo
    # imported before that fails on the patched select module.
    check = "import sys, deploy.cli; print(sorted(m for m in ('pymongo', 'nameko') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
