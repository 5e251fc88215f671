"""Runs nameko services in this process, and serves their HTTP entrypoints
on one address (the partner API), dispatching by path prefix.

nameko's WebServer is shared per container, so services in separate
containers cannot share a port; each container listens on an ephemeral
loopback port and the gateway here calls its WSGI app directly. In compose
the same role is played by the gateway in front of the service containers.

Must be the process's entry point: eventlet is patched before anything else."""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import logging  # noqa: E402
import signal  # noqa: E402
from http import HTTPStatus  # noqa: E402

from eventlet import wsgi  # noqa: E402
from nameko.containers import ServiceContainer  # noqa: E402
from nameko.web.server import WebServer, parse_address  # noqa: E402

from services.shared.amqp import declare_queues, handler_queues  # noqa: E402
from services.shared.hetu import redact_logs  # noqa: E402
from services.shared.mongo import connect  # noqa: E402
from services.shared.outbox import OUTBOX  # noqa: E402
from services.reporting.event_store import EVENTS, REJECTED  # noqa: E402
from services.shared.http import SOCKET_TIMEOUT_SECONDS, error_response, framed_by_eventlet  # noqa: E402
from services.shared.settings import Settings, service_config  # noqa: E402

from deploy.service_registry import SERVICES  # noqa: E402

log = logging.getLogger("soshub.services")
http_log = logging.getLogger("soshub.http")


class ApiProtocol(wsgi.HttpProtocol):
    """eventlet's HTTP protocol, with two changes.

    The errors it answers before any app sees the request (a malformed
    request line, an HTTP version it does not speak, too many headers) come
    in the API's JSON error shape and are logged by their status: the
    standard library's answer and log line quoted the request line, an
    identity code in the query with it.

    A connection is closed when the answer says ``Connection: close`` or
    the body's end cannot be told; eventlet kept it open whatever the
    answer, and read an unread body as the next request."""

    def handle_one_response(self):
        app = self.application
        if not framed_by_eventlet(self.headers.get("Transfer-Encoding")):
            # Whatever the answer: a 404 or 405 is given before the body is looked at.
            self.close_connection = 1

        def closing_when_told(environ, start_response):
            def start(status, headers, exc_info=None):
                if any(name.lower() == "connection" and value.lower() == "close" for name, value in headers):
                    self.close_connection = 1  # eventlet then writes the header itself
                    headers = [(name, value) for name, value in headers if name.lower() != "connection"]
                return start_response(status, headers, exc_info)
            return app(environ, start)

        self.application = closing_when_told
        try:
            super().handle_one_response()
        finally:
            self.application = app

    def log_message(self, format, *args):
        http_log.info("%s %s", self.address_string(), format % args)

    def log_error(self, format, *args):
        http_log.warning("%s %s", self.address_string(), format % args)

    def log_request(self, code="-", size="-"):
        pass  # send_error's own line says what was answered; this one would quote the request line

    def send_error(self, code, message=None, explain=None):
        status = HTTPStatus(code)
        # Not the standard library's message: it quotes the request line,
        # decoded as Latin-1 and escaped, where the redacting filter cannot
        # always recognise an identity code.
        self.log_error("answered %d %s to a request it could not read", code, status.phrase)
        body = error_response(code, status.phrase.lower().replace(" ", "_").replace("-", "_"),
                              f"{status.phrase}: {status.description}.").get_data()
        # A request line it could not read leaves the version at HTTP/0.9,
        # which would answer without a status line or headers.
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        self.send_response(code, status.phrase)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True


class PrefixGateway:
    """A WSGI app that hands each request to the service owning its path."""

    def __init__(self, apps_by_prefix):
        self.apps_by_prefix = apps_by_prefix

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        for prefix, app in self.apps_by_prefix.items():
            if path == prefix or path.startswith(prefix + "/"):
                return app(environ, start_response)
        # The path is not echoed: it may hold anything, an identity code too.
        response = error_response(404, "not_found", "No service serves this path; they serve "
                                                    f"{', '.join(sorted(self.apps_by_prefix))}.")
        return response(environ, start_response)


def web_app_of(container):
    server = next(ext for ext in container.shared_extensions.values() if isinstance(ext, WebServer))
    return server.get_wsgi_app()


def redeliver_unreceived(settings, owners, batch=200):
    """With ``memory://`` the broker lives in this process, so a crash loses
    the events it held: marked published by the outbox, not yet stored by
    the ingest. Before the services start, such events are made pending
    again (the ingest is idempotent on event_id). Returns how many. Ids
    are asked in small batches: SecantusDB's ``$in`` costs about found ×
    asked, and a restart waits for this."""
    client = connect(settings.mongo_url)
    try:
        centre = client[settings.database("centre")]
        redelivered = 0
        for owner in owners:
            outbox = client[settings.database(owner)][OUTBOX]
            published = outbox.find({"published_at": {"$ne": None}}, {"_id": 1})
            while ids := [entry["_id"] for _, entry in zip(range(batch), published)]:
                received = {doc["_id"] for collection in (EVENTS, REJECTED)
                            for doc in centre[collection].find({"_id": {"$in": ids}}, {"_id": 1})}
                lost = [event_id for event_id in ids if event_id not in received]
                if lost:
                    redelivered += outbox.update_many({"_id": {"$in": lost}},
                                                      {"$set": {"published_at": None}}).modified_count
        return redelivered
    finally:
        client.close()


def run(names, api_address, settings=None):
    settings = settings or Settings()
    infos = {name: SERVICES[name] for name in names}
    classes = {name: info.load() for name, info in infos.items()}
    if settings.amqp_uri.startswith("memory://") and "reporting_ingest" in names:
        lost = redeliver_unreceived(settings, [info.owner for info in infos.values() if info.http_prefix])
        if lost:
            log.warning("%d events published before a crash had not reached the ingest; publishing them again", lost)
    # The centre's queues must exist before any partner event is relayed.
    for name, cls in classes.items():
        queues = handler_queues(cls)
        if queues:
            declare_queues(settings.amqp_uri, queues)
    containers = []
    for name in sorted(names, key=lambda n: infos[n].http_prefix is not None):
        container = ServiceContainer(classes[name], service_config(settings, infos[name].owner))
        container.start()
        containers.append(container)
        log.info("started %s", name)
    apps = {prefix: web_app_of(c) for c in containers if infos[c.service_name].http_prefix
            for prefix in (infos[c.service_name].http_prefix, *infos[c.service_name].other_prefixes)}

    stopping = eventlet.event.Event()

    def stop(*_):
        if not stopping.ready():
            stopping.send(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    server = None
    if apps:
        address = parse_address(api_address)
        sock = eventlet.listen((address.address or "0.0.0.0", address.port))
        server = eventlet.spawn(wsgi.server, sock, PrefixGateway(apps), log=http_log,
                                log_output=False, socket_timeout=SOCKET_TIMEOUT_SECONDS, protocol=ApiProtocol,
                                # eventlet answers an error of its own with the traceback otherwise
                                debug=False)
        log.info("partner API on http://%s", api_address)
    print("services ready", flush=True)
    stopping.wait()
    log.info("stopping services")
    if server is not None:
        server.kill()
    for container in reversed(containers):
        container.stop()


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="soshub services")
    parser.add_argument("names", nargs="*", default=list(SERVICES), help="services to run (default: all)")
    parser.add_argument("--api-address", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The access log carries query strings: no identity code may reach it.
    redact_logs()
    unknown = set(args.names) - set(SERVICES)
    if unknown:
        parser.error(f"unknown services: {', '.join(sorted(unknown))}; known: {', '.join(SERVICES)}")
    run(args.names, args.api_address)


if __name__ == "__main__":
    main()
