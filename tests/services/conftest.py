"""The nameko suite: services run under eventlet, against a real RabbitMQ
(a vhost per test, from nameko's pytest plugin) and a real SecantusDB."""
import eventlet

eventlet.monkey_patch()  # noqa: E402  (before anything opens a socket)

import pytest  # noqa: E402
import requests  # noqa: E402

from services.assessment.service import AssessmentService  # noqa: E402
from services.groups.service import GroupsService  # noqa: E402
from services.outreach.service import OutreachService  # noqa: E402
from services.reporting.ingest import IngestService  # noqa: E402
from services.shared.amqp import declare_queues, handler_queues  # noqa: E402
from services.shared.settings import Settings, service_config  # noqa: E402
from tests.support import free_port, unique_prefix, write_tokens  # noqa: E402


@pytest.fixture
def mongo(secantus):
    client = secantus.client()
    yield client
    client.close()


@pytest.fixture
def settings(rabbit_config, secantus, tmp_path):
    return Settings(amqp_uri=rabbit_config["AMQP_URI"], mongo_url=secantus.url,
                    tokens_file=write_tokens(tmp_path), db_prefix=unique_prefix())


@pytest.fixture
def outreach_db(mongo, settings):
    return mongo[settings.database("outreach")]


@pytest.fixture
def centre_db(mongo, settings):
    return mongo[settings.database("centre")]


@pytest.fixture
def ingest_queues(settings):
    """The centre's queues, declared as deploy does before partners publish."""
    queues = handler_queues(IngestService)
    declare_queues(settings.amqp_uri, queues)
    return queues


@pytest.fixture
def start_api(container_factory, settings, ingest_queues):
    """Starts a partner service; returns a requests session bound to it."""
    sessions = []

    def start(service_cls, owner):
        address = f"127.0.0.1:{free_port()}"
        container_factory(service_cls, service_config(settings, owner, address)).start()
        sessions.append(BoundSession(f"http://{address}"))
        return sessions[-1]

    yield start
    for session in sessions:
        session.close()


@pytest.fixture
def outreach_api(start_api):
    return start_api(OutreachService, "outreach")


@pytest.fixture
def assessment_api(start_api):
    return start_api(AssessmentService, "assessment")


@pytest.fixture
def groups_api(start_api):
    return start_api(GroupsService, "groups")


@pytest.fixture
def assessment_db(mongo, settings):
    return mongo[settings.database("assessment")]


@pytest.fixture
def groups_db(mongo, settings):
    return mongo[settings.database("groups")]


@pytest.fixture
def ingest(container_factory, settings):
    """A running centre ingest."""
    container = container_factory(IngestService, service_config(settings, "centre"))
    container.start()
    return container


class BoundSession(requests.Session):
    def __init__(self, base_url):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)
