"""The ingest's entrypoint: partner events handed to the service in batches,
each with the broker user that published it.

RabbitMQ checks the AMQP ``user_id`` property against the publishing
connection's user, so it is a partner identity the partner cannot forge:
the partner's shovel to the centre sets it (``dest-publish-properties``).

nameko's event handler spawns a greenthread in its queue consumer and a
worker for every message; at the ingest's rate that bookkeeping cost as
much as validating the events (``./run bench``). Here the consumer only
queues each message, and one worker takes every message of the queue that
has arrived meanwhile (up to ``MESSAGES_PER_WORKER``): the method is called with a
list of (body, broker user) and its outcome settles the whole list, each
message acknowledged, or each one requeued when the method raised and the
handler is ``requeue_on_error``. A message is still acknowledged only
after its worker returned, so a crash loses nothing."""
from functools import partial

import eventlet
from eventlet.queue import Empty, LightQueue
from nameko.events import EventHandler
from nameko.exceptions import ContainerBeingKilled
from nameko.messaging import QueueConsumer

MESSAGES_PER_WORKER = 100  # small enough that batches of several queues interleave with the database's round trips


class InlineQueueConsumer(QueueConsumer):
    """nameko's queue consumer, calling the entrypoint in its own greenthread
    (the entrypoint only queues the message). While the broker's socket has
    data the consumer would read message after message without giving way,
    and every other greenthread (the database writer between its round
    trips) would wait: it gives way every ``YIELD_EVERY`` messages."""

    YIELD_EVERY = 20

    def __init__(self):
        super().__init__()
        self.received = 0

    def handle_message(self, provider, body, message):
        provider.handle_message(body, message)
        self.received += 1
        if self.received % self.YIELD_EVERY == 0:
            eventlet.sleep(0)


class PartnerEventBatches(EventHandler):
    queue_consumer = InlineQueueConsumer()

    def setup(self):
        super().setup()
        self.arrived = LightQueue()

    def start(self):
        self.container.spawn_managed_thread(self._spawn_batches, identifier=f"batches[{self.method_name}]")

    def handle_message(self, body, message):
        self.arrived.put((body, message))

    def _take(self):
        batch = [self.arrived.get()]
        while len(batch) < MESSAGES_PER_WORKER:
            try:
                batch.append(self.arrived.get_nowait())
            except Empty:
                break
        return batch

    def _spawn_batches(self):
        while True:
            batch = self._take()
            args = ([(body, message.properties.get("user_id")) for body, message in batch],)
            try:
                self.container.spawn_worker(self, args, {}, context_data={},
                                            handle_result=partial(self.handle_result, batch))
            except ContainerBeingKilled:
                for _, message in batch:
                    self.queue_consumer.requeue_message(message)

    def handle_result(self, batch, worker_ctx, result=None, exc_info=None):
        for _, message in batch:
            self.handle_message_processed(message, result, exc_info)
        return result, exc_info


partner_event_batches = PartnerEventBatches.decorator
