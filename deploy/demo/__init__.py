"""The demo: a deterministic multi-partner data set shaped like the ISO SOS
final report, sent through the real partner HTTP API."""
