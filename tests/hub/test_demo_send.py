"""The demo's sender stops when told to: Ctrl-C while the partners' calls
are being sent ends it after the requests in flight, not after all; and a
client's answer through a one-time link goes without the worker's token."""
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from deploy.demo.calls import ApiCall
from deploy.demo.send import send_calls


class SlowPartnerApi(BaseHTTPRequestHandler):
    received = 0
    authorizations = []

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received += 1
        type(self).authorizations.append((self.path, self.headers.get("Authorization")))
        time.sleep(0.05)
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowPartnerApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ctrl_c_stops_sending_after_the_requests_in_flight(api):
    # A run in the background (CI, nohup, `&`) starts with SIGINT ignored:
    # the Ctrl-C of this test must reach Python as it does at a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    partners = ["essote", "kainuu", "pieksamaki", "sosteri"]
    calls = [ApiCall(partner, "/outreach/visits", f"{partner}-{n}", {}) for n in range(100) for partner in partners]
    threading.Timer(0.5, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        send_calls(api, {partner: "token" for partner in partners}, calls)
    assert time.monotonic() - started < 2, "the partners kept sending after Ctrl-C"
    sent = SlowPartnerApi.received
    time.sleep(0.3)
    assert SlowPartnerApi.received == sent < len(calls)
    signal.signal(signal.SIGINT, previous)


def test_a_public_call_goes_without_the_workers_token(api):
    SlowPartnerApi.authorizations.clear()
    calls = [ApiCall("pikassos", "/assessment/feedback-links", "link-1", {}),
             ApiCall("pikassos", "/feedback/answers", "answer-1", {}, public=True)]
    send_calls(api, {"pikassos": "worker-token"}, calls)
    assert SlowPartnerApi.authorizations == [("/assessment/feedback-links", "Bearer worker-token"),
                                             ("/feedback/answers", None)]
