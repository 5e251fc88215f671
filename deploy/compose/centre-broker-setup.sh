#!/bin/sh
# Idempotent. /run/secrets/partner-credentials holds "partner_id password" lines.
set -eu
VHOST=${BROKER_VHOST:-%2F}
CREDENTIALS=${PARTNER_CREDENTIALS:-/run/secrets/partner-credentials}
api() {
    curl --fail --silent --show-error -u "$BROKER_USER:$BROKER_PASSWORD" \
        -H 'content-type: application/json' -X "$1" "$BROKER_API$2" ${3:+-d "$3"}
}
while read -r partner password; do
    case "$partner" in ''|'#'*) continue ;; esac
    api PUT "/users/partner-$partner" "{\"password\": \"$password\", \"tags\": \"\"}"
    api PUT "/permissions/$VHOST/partner-$partner" \
        '{"configure": "^$", "write": "^(outreach|assessment|groups)\\.events$", "read": "^$"}'
    echo "broker user partner-$partner ready"
done < "$CREDENTIALS"
