"""Deployment: the soshub command, the embedded local runner, compose files."""
