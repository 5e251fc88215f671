"""What every SOS Hub service needs: settings, the event envelope, codelists,
Mongo and AMQP set-up, token authentication and the henkilötunnus check."""
