"""An event handler that also tells the method which broker user the
message was published as.

RabbitMQ checks the AMQP ``user_id`` property against the publishing
connection's user, so it is a partner identity the partner cannot forge:
the partner's shovel to the centre sets it (``dest-publish-properties``)."""
from functools import partial

from nameko.events import EventHandler
from nameko.exceptions import ContainerBeingKilled


class PartnerEventHandler(EventHandler):
    def handle_message(self, body, message):
        args = (body, message.properties.get("user_id"))
        context_data = self.unpack_message_headers(message)
        handle_result = partial(self.handle_result, message)
        try:
            self.container.spawn_worker(self, args, {}, context_data=context_data, handle_result=handle_result)
        except ContainerBeingKilled:
            self.queue_consumer.requeue_message(message)


partner_event_handler = PartnerEventHandler.decorator
