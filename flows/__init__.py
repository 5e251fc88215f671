"""Prefect flows of the coordinating centre: project metrics and reports."""
