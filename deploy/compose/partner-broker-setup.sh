#!/bin/sh
# Idempotent: safe to run at every start.
set -eu
VHOST=${BROKER_VHOST:-%2F}
SRC_URI=${SHOVEL_SRC_URI:-amqp://}
api() {
    curl --fail --silent --show-error -u "$BROKER_USER:$BROKER_PASSWORD" \
        -H 'content-type: application/json' -X "$1" "$BROKER_API$2" ${3:+-d "$3"}
}
api PUT /queues/$VHOST/soshub.to-centre '{"durable": true}'
for source in outreach assessment groups; do
    api PUT "/exchanges/$VHOST/$source.events" '{"type": "topic", "durable": true}'
    api POST "/bindings/$VHOST/e/$source.events/q/soshub.to-centre" '{"routing_key": "#"}'
done
# No dest-exchange: the shovel republishes with each message's original
# exchange and routing key, so the centre's nameko handlers receive them.
# The user_id property names the partner's own broker user at the centre:
# RabbitMQ refuses a user_id that is not the connection's, and the centre's
# ingest rejects an event whose partner_id is not that user's partner.
api PUT /parameters/shovel/$VHOST/to-centre "{\"value\": {
    \"src-protocol\": \"amqp091\", \"src-uri\": \"$SRC_URI\", \"src-queue\": \"soshub.to-centre\",
    \"dest-protocol\": \"amqp091\", \"dest-uri\": \"$CENTRE_AMQP_URI\",
    \"dest-publish-properties\": {\"user_id\": \"partner-$PARTNER_ID\"},
    \"ack-mode\": \"on-confirm\", \"reconnect-delay\": 5}}"
echo "shovel to-centre configured for partner $PARTNER_ID"
