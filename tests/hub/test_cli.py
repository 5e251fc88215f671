"""The two commands a new user runs: ``soshub up`` and ``soshub demo``."""
import re
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.support import free_port, wait_for


def soshub(*args):
    return [sys.executable, "-m", "deploy.cli", *args]


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_demo_sends_the_iso_sos_outreach_table_and_the_centre_receives_it(tmp_path):
    api, hub = free_port(), free_port()
    result = subprocess.run(soshub("demo", "--exit", "--api-port", str(api), "--hub-port", str(hub),
                                   "--workdir", str(tmp_path / "soshub")),
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {line.split()[0]: line.split()[-4:] for line in result.stdout.splitlines()
            if re.match(r"^(Essote|Kainuun|Pieksämäki|Sosteri|Total)\b", line)}
    assert rows == {
        "Essote": ["95", "95", "392", "392"],
        "Kainuun": ["129", "129", "467", "467"],
        "Pieksämäki": ["49", "49", "178", "178"],
        "Sosteri": ["131", "131", "349", "349"],
        "Total": ["404", "404", "1386", "1386"],
    }
    assert not port_open(api) and not port_open(hub)


def test_up_serves_both_apis_and_ctrl_c_stops_everything(tmp_path):
    api, hub = free_port(), free_port()
    workdir = tmp_path / "soshub"
    process = subprocess.Popen(soshub("up", "--api-port", str(api), "--hub-port", str(hub), "--workdir", str(workdir)),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Running; press Ctrl-C to stop." in line or not line:
                break
        output = "".join(lines)
        assert "Running; press Ctrl-C to stop." in output, output
        assert str(workdir / "tokens.json") in output
        assert httpx.get(f"http://127.0.0.1:{api}/outreach/openapi.json").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{hub}/api/health").json()["status"] == "ok"
        assert (workdir / "tokens.json").stat().st_mode & 0o777 == 0o600
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert wait_for(lambda: not port_open(api) and not port_open(hub), timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
