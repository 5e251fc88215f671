"""SOS Hub services: the partner domain services, the centre's reporting, and what they share."""
