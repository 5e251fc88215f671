"""AMQP set-up shared by producers and the centre: where an event travels
(nameko's ``<source>.events`` topic exchange, routing key = event name) and
the declaration of consumer queues before anyone publishes."""
from kombu import Connection, Queue
from nameko.events import EventHandler, get_event_exchange
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from services.shared.envelope import source_and_name


def event_exchange(event_type):
    source, _ = source_and_name(event_type)
    return get_event_exchange(source, {})


def handler_queues(service_cls):
    """The durable queues nameko creates for the SERVICE_POOL event handlers
    of ``service_cls`` (same names and arguments as nameko.events), so they
    can be declared before the service first starts: events published to an
    exchange with no bound queue are dropped."""
    queues = []
    for method_name in dir(service_cls):
        method = getattr(service_cls, method_name)
        for extension in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(extension, EventHandler):
                source, event_type = extension.source_service, extension.event_type
                name = f"evt-{source}-{event_type}--{service_cls.name}.{method_name}"
                queues.append(
                    Queue(name, exchange=get_event_exchange(source, {}), routing_key=event_type,
                          durable=True, auto_delete=False, exclusive=False)
                )
    return queues


def declare_queues(amqp_uri, queues):
    with Connection(amqp_uri) as connection:
        channel = connection.default_channel
        for queue in queues:
            queue(channel).declare()
    return [queue.name for queue in queues]
