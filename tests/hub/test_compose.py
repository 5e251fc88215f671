"""The compose files are valid, and start the commands the tests run."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose"


def docker_compose():
    """Debian's docker-compose: ./run tests installs it, so in CI its
    absence fails the test; elsewhere the test skips."""
    found = shutil.which("docker-compose")
    if found is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("docker-compose is missing in CI; ./run tests installs Debian's docker-compose")
        pytest.skip("Debian's docker-compose is not installed (./run tests installs it)")
    return found


@pytest.mark.parametrize("name", ["partner", "centre"])
def test_compose_file_is_valid(name):
    result = subprocess.run([docker_compose(), "--env-file", f"{name}.env.example", "-f", f"{name}.yml", "config"],
                            cwd=COMPOSE, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    commands = {service: spec.get("command") for service, spec in services.items()}
    if name == "partner":
        assert commands["outreach"][:2] == ["services", "outreach"]
        assert commands["assessment"][:2] == ["services", "assessment"]
        assert commands["groups"][:2] == ["services", "groups"]
        assert commands["workerapp"][:2] == ["services", "workerapp"]
        assert "location /app/ { proxy_pass http://workerapp:8000; }" in (COMPOSE / "partner-gateway.conf").read_text()
    else:
        assert commands["ingest"] == ["services", "reporting_ingest"]
        assert commands["declare-queues"] == ["declare-queues"]
        assert commands["flows"] == ["flows", "serve"]
        assert services["flows"]["environment"]["PREFECT_API_URL"] == "http://prefect:4200/api"
