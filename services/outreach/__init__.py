"""Outreach (jalkautuminen): social workers' visits where people are."""
