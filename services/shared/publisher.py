"""Publishing a batch of events with one wait for the broker's confirms.

Each message is persistent and mandatory (an event that no queue would
take is returned, not dropped), and the broker's acks are awaited once for
the whole batch instead of once per message: that is what lets a relay
keep up with its service's writes. kombu's in-memory transport (the
embedded mode) has neither confirms nor returns; there messages are
simply put."""
import json

import amqp
from amqp import spec
from kombu import Connection, Producer

from services.shared.amqp import event_exchange
from services.shared.envelope import source_and_name

CONFIRM_TIMEOUT_SECONDS = 30


class BatchPublisher:
    def __init__(self, amqp_uri):
        self.amqp_uri = amqp_uri
        self.in_memory = amqp_uri.startswith("memory://")
        self.connection = None
        self.declared = set()
        self.next_tag = None  # the broker numbers a confirm-mode channel's messages from 1

    def close(self):
        if self.connection is not None:
            try:
                self.connection.release()
            finally:
                self.connection, self.declared, self.next_tag = None, set(), None

    def _channel(self):
        if self.connection is None:
            self.connection = Connection(self.amqp_uri)
            self.connection.connect()
        return self.connection.default_channel

    def publish(self, events):
        """Publishes ``events`` (envelopes); returns the event_ids the broker
        confirmed and routed. Raises on a broken connection (the caller
        retries the batch; duplicates are absorbed by the centre)."""
        try:
            return self._publish_in_memory(events) if self.in_memory else self._publish_confirmed(events)
        except Exception:
            self.close()
            raise

    def _declare(self, channel, exchange):
        if exchange.name not in self.declared:
            exchange(channel).declare()
            self.declared.add(exchange.name)

    def _publish_in_memory(self, events):
        channel = self._channel()
        producer = Producer(channel, serializer="json", auto_declare=False)
        for event in events:
            exchange = event_exchange(event["event_type"])
            self._declare(channel, exchange)
            producer.publish(event, exchange=exchange, routing_key=source_and_name(event["event_type"])[1],
                             message_id=event["event_id"], delivery_mode=2)
        return [event["event_id"] for event in events]

    def _publish_confirmed(self, events):
        channel = self._channel()
        if self.next_tag is None:
            channel.confirm_select()
            self.next_tag = 1
        returned, acked, nacked = set(), set(), set()
        tags = {}

        def on_return(exception, exchange, routing_key, message):
            returned.add(message.properties.get("message_id"))

        def on_ack(delivery_tag, multiple):
            (acked.update(t for t in tags if t <= delivery_tag) if multiple else acked.add(delivery_tag))

        def on_nack(delivery_tag, multiple):
            (nacked.update(t for t in tags if t <= delivery_tag) if multiple else nacked.add(delivery_tag))

        channel.events["basic_return"].add(on_return)
        channel.events["basic_ack"].add(on_ack)
        channel.events["basic_nack"].add(on_nack)
        try:
            for event in events:
                exchange = event_exchange(event["event_type"])
                self._declare(channel, exchange)
                message = amqp.Message(json.dumps(event), content_type="application/json",
                                       content_encoding="utf-8", delivery_mode=2, message_id=event["event_id"])
                channel.basic_publish(message, exchange=exchange.name,
                                      routing_key=source_and_name(event["event_type"])[1], mandatory=True)
                tags[self.next_tag] = event["event_id"]
                self.next_tag += 1
            while not set(tags) <= acked | nacked:
                channel.wait([spec.Basic.Ack, spec.Basic.Nack], timeout=CONFIRM_TIMEOUT_SECONDS)
        finally:
            channel.events["basic_return"].discard(on_return)
            channel.events["basic_ack"].discard(on_ack)
            channel.events["basic_nack"].discard(on_nack)
        return [event_id for tag, event_id in tags.items() if tag in acked and event_id not in returned]

