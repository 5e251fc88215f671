"""Shared project metrics (DESIGN.md, Metrics) computed from the centre's
events in MongoDB aggregation pipelines: for a project and a period,
project-wide and per region (partner)."""
