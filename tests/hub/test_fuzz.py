"""Schemathesis fuzzes every OpenAPI document SOS Hub publishes (the three
partner services and the hub) over real HTTP: whatever it sends, valid or
not, gets no server error, and every answer is one the document declares,
in the declared content type and shape."""
import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

from services.shared.http import SOCKET_TIMEOUT_SECONDS
from tests.support import auth, free_port, visit_body, wait_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Examples per operation and generation mode (valid and invalid data): the
# four documents have about 30 operations, so the whole run stays bounded.
EXAMPLES = 6
PARTNER_DOCUMENTS = ["/outreach/openapi.json", "/assessment/openapi.json", "/groups/openapi.json"]


@pytest.fixture(scope="module")
def partner_api_log(tmp_path_factory):
    """What the partner services process writes to stderr (its log)."""
    return tmp_path_factory.mktemp("partner-api") / "stderr.log"


@pytest.fixture(scope="module")
def partner_api(hub_env, partner_api_log):
    port = free_port()
    env = {**hub_env, "AMQP_URI": "memory://", "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    with open(partner_api_log, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "deploy.services_process", "--api-address",
                                    f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return all(httpx.get(url + path, timeout=1).status_code == 200 for path in PARTNER_DOCUMENTS)
        except httpx.HTTPError:
            return False

    try:
        assert wait_for(up, timeout=60, interval=0.2), "the partner services did not start"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def fuzz(document_url, base_url, headers, skip=()):
    """Runs every operation of the document; returns the failures found."""
    schema = schemathesis.openapi.from_url(document_url)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if any(operation.path.startswith(prefix) for prefix in skip):
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(base_url=base_url, headers=headers, timeout=30)
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:  # no invalid input exists for an operation without parameters
                pass
            except Exception as exc:  # a check failed: keep going, report all
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {exc}")
    return failures


@pytest.mark.parametrize("document", PARTNER_DOCUMENTS)
def test_partner_api_fuzzing_finds_no_server_error(partner_api, document):
    started = time.monotonic()
    failures = fuzz(partner_api + document, partner_api, auth("kainuu-token"))
    assert failures == [], "\n\n".join(failures)
    print(f"{document}: fuzzed in {time.monotonic() - started:.1f} s")


def test_hub_fuzzing_finds_no_server_error(hub):
    url = str(hub.base_url).rstrip("/")
    started = time.monotonic()
    failures = fuzz(f"{url}/api/openapi.json", url, auth("coordinator-token"))
    assert failures == [], "\n\n".join(failures)
    print(f"hub: fuzzed in {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("document", PARTNER_DOCUMENTS)
def test_partner_documents_declare_errors_security_and_rules(partner_api, document):
    spec = httpx.get(partner_api + document).json()
    assert spec["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    documented = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/feedback/"):
                # The client's one-time feedback page: the link is the key, no login.
                assert operation["security"] == [] and {"404", "410", "429"} <= set(operation["responses"])
                continue
            assert operation["security"] == [{"bearer": []}], f"{method} {path}"
            documented |= set(operation["responses"])
            if method == "post":
                assert {"400", "401", "403", "409", "415", "422"} <= set(operation["responses"]), f"{method} {path}"
                key = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
                assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^,\t\r\n]*$"}
    assert {"400", "401", "403", "404", "409", "415", "422"} <= documented
    dates = [prop for schema in spec["components"]["schemas"].values()
             for prop in schema.get("properties", {}).values() if prop.get("format") == "date" and "pattern" in prop]
    assert dates and all(prop["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" for prop in dates)
    assert any("from 2010-01-01" in prop.get("description", "") for prop in dates)


def _chunks(body, size=100):
    for start in range(0, len(body), size):
        yield body[start:start + size]


def test_a_chunked_body_is_read_whole_and_a_huge_one_refused(partner_api):
    # HTTP/1.1 clients that stream a body send it chunked, without a Content-Length.
    body = json.dumps(visit_body()).encode()
    headers = {**auth("kainuu-token"), "Content-Type": "application/json"}
    answer = httpx.post(f"{partner_api}/outreach/visits", content=_chunks(body), headers=headers)
    assert answer.status_code == 201, answer.text
    assert httpx.get(f"{partner_api}/outreach/visits/{answer.json()['visit_id']}",
                     headers=headers).json()["venue"] == visit_body()["venue"]
    huge = json.dumps(visit_body(observations="x" * 300_000)).encode()
    refused = httpx.post(f"{partner_api}/outreach/visits", content=_chunks(huge, 65536), headers=headers)
    assert refused.status_code == 413 and refused.json()["error"]["code"] == "too_large"


def test_a_client_that_stops_sending_is_cut_off(partner_api):
    port = int(partner_api.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST /outreach/visits HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kainuu-token\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        sock.settimeout(SOCKET_TIMEOUT_SECONDS + 15)
        started = time.monotonic()
        answer = sock.recv(65536)  # when the server gives up (a TimeoutError here: it never did)
        assert SOCKET_TIMEOUT_SECONDS - 5 < time.monotonic() - started < SOCKET_TIMEOUT_SECONDS + 10, answer
        assert answer.startswith(b"HTTP/1.1 408 ") and b'"request_timeout"' in answer, answer


def test_clients_that_stall_their_bodies_do_not_hold_up_others(partner_api):
    # A partner service has ten workers; more stalled bodies than that, to
    # a write and to the worker app's login, must leave both services free
    # for everyone else.
    port = int(partner_api.rsplit(":", 1)[1])
    stalled = []
    try:
        for n in range(24):
            sock = socket.create_connection(("127.0.0.1", port))
            target = b"/outreach/visits" if n % 2 else b"/app/api/login"
            sock.sendall(b"POST " + target + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kainuu-token\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            stalled.append(sock)
        time.sleep(1)  # every stalled request has reached the server
        started = time.monotonic()
        answer = httpx.post(f"{partner_api}/outreach/visits", json=visit_body(), headers=auth("kainuu-token"),
                            timeout=SOCKET_TIMEOUT_SECONDS + 15)
        assert answer.status_code == 201, answer.text
        assert httpx.get(f"{partner_api}/app/outreach/visits/new", timeout=SOCKET_TIMEOUT_SECONDS + 15).status_code == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in stalled:
            sock.close()


def _first_answer(port, request):
    """The server's first answer (a JSON error) to ``request`` sent raw."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(10)
        sock.sendall(request)
        answer = b""
        while not answer.endswith(b"}}") and (chunk := sock.recv(65536)):
            answer += chunk
        return answer


def test_a_malformed_or_otherwise_coded_body_gets_a_json_error(partner_api):
    port = int(partner_api.rsplit(":", 1)[1])
    head = (b"POST /outreach/visits HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kainuu-token\r\n"
            b"Content-Type: application/json\r\n")
    bad_size = _first_answer(port, head + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
    assert bad_size.startswith(b"HTTP/1.1 400 ") and b'"incomplete_body"' in bad_size, bad_size
    assert b"Traceback" not in bad_size
    # eventlet would take a body in another coding as no body at all.
    smuggled = b"GET /outreach/visits HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kainuu-token\r\n\r\n"
    other = _first_answer(port, head + b"Transfer-Encoding: gzip, chunked\r\n\r\n" + smuggled)
    assert other.startswith(b"HTTP/1.1 501 ") and b'"unsupported_transfer_encoding"' in other, other


def test_an_unknown_path_is_not_echoed(partner_api):
    answer = httpx.get(f"{partner_api}/131052-308T", headers=auth("kainuu-token"))
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert "131052" not in answer.text and "/outreach" in answer.json()["error"]["message"]
    for path in ("/app/131052-308T", "/app/static/131052-308T.js"):
        answer = httpx.get(f"{partner_api}{path}")
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", answer.text
        assert "131052" not in answer.text


def test_a_request_line_eventlet_cannot_read_gets_a_json_error_without_echo_or_log_of_it(partner_api,
                                                                                        partner_api_log):
    port = int(partner_api.rsplit(":", 1)[1])
    for request, status in [(b"GET /outreach/visits?note=131052-308T HTTP/9.9\r\nHost: x\r\n\r\n", b"505"),
                            (b"GET /outreach/visits?note=131052-308T HTTP/X\r\nHost: x\r\n\r\n", b"400"),
                            (b"GET /outreach/visits 131052-308T HTTP/1.1\r\nHost: x\r\n\r\n", b"400")]:
        answer = _first_answer(port, request)
        assert answer.split(b" ", 2)[1] == status and b"application/json" in answer, answer
        head, _, body = answer.partition(b"\r\n\r\n")
        assert json.loads(body)["error"]["code"] in ("bad_request", "http_version_not_supported"), answer
        assert b"131052" not in answer, answer
    # Sent raw, an en dash or a no-break space reaches the log as Latin-1.
    for line in ("GET /x?a=131052\u2013308T HTTP/1.1 zz", "GET /x?a=13105\u00a02-308T HTTP/1.1"):
        _first_answer(port, line.encode() + b"\r\nHost: x\r\n\r\n")
    assert wait_for(lambda: partner_api_log.read_text().count("answered") >= 5, timeout=10), partner_api_log.read_text()
    assert "131052" not in partner_api_log.read_text() and "308T" not in partner_api_log.read_text()


def _until_closed(port, request, wait=10):
    """Everything the server answers to ``request`` sent raw, and whether it
    closed the connection within ``wait`` seconds."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(wait)
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            return answer, False
        return answer, True


def test_a_refused_body_is_not_read_as_the_next_request(partner_api):
    port = int(partner_api.rsplit(":", 1)[1])
    smuggled = b"GET /outreach/visits?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kainuu-token\r\n\r\n"
    head = b"POST /outreach/visits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    huge = b"%x\r\n%s\r\n" % (300 * 1024, b"x" * 300 * 1024)
    for request, status in [(head + b"Transfer-Encoding: identity\r\n\r\n" + smuggled, b"501"),
                            # answered before the body is looked at: an unknown path, a wrong method
                            (head.replace(b"/outreach/visits", b"/nope") + b"Transfer-Encoding: gzip\r\n\r\n"
                             + smuggled, b"404"),
                            (head.replace(b"POST", b"PUT") + b"Transfer-Encoding: chunked, identity\r\n\r\n"
                             + smuggled, b"405"),
                            (head + b"Transfer-Encoding: chunked\r\n\r\n" + huge + b"0\r\n\r\n" + smuggled, b"413")]:
        answer, closed = _until_closed(port, request)
        assert closed and answer.split(b" ", 2)[1] == status, answer[:300]
        assert answer.count(b"HTTP/1.1 ") == 1 and answer.lower().count(b"connection: close") == 1, answer[:600]
