"""The coordinating centre: event ingest (nameko) and the hub (FastAPI)."""
