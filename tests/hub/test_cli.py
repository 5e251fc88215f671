"""The two commands a new user runs: ``soshub up`` and ``soshub demo``."""
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from openpyxl import load_workbook
from pymongo import MongoClient

from deploy.demo.dataset import demo_dataset
from deploy.demo.prosos_dataset import prosos_dataset
from deploy.demo.send import partner_tokens, send_calls
from tests.flows.report_formats import pdf_pages, small_people_cells, squeezed
from tests.support import auth, free_port, wait_for


def soshub(*args):
    return [sys.executable, "-m", "deploy.cli", *args]


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_ok(url):
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _running(args, cwd):
    """Starts a soshub command and reads its output until it says it runs:
    the process, that output, and the list its later lines go on to (read
    on, so that the supervisor never blocks on a full pipe)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if "Running; press Ctrl-C to stop." in line or not line:
            break
    output = "".join(lines)
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    return process, output, lines


def start_stack(tmp_path, *options):
    """Starts ``soshub up`` in ``tmp_path``; returns the process, the API's
    and the hub's URLs, and the lines it printed (still being collected)."""
    api, hub = free_port(), free_port()
    process, output, lines = _running(soshub("up", "--api-port", str(api), "--hub-port", str(hub), *options),
                                      tmp_path)
    if "Running; press Ctrl-C to stop." not in output:
        process.kill()
        raise AssertionError(output)
    return process, f"http://127.0.0.1:{api}", f"http://127.0.0.1:{hub}", lines


def table_rows(output, title):
    """{first cell: other cells} of the printed table under ``title``."""
    lines = output.split(title, 1)[1].split("\n\n", 1)[0].splitlines()[3:]
    return [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip() and not line.startswith("-")]


# The demo sends 1,257 + 1,534 requests and runs every flow of both projects: about 5 minutes on a
# 2-core machine at load 3–4, more on a busy one (PRO SOS adds about 90 s; see README).
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One run of ``soshub demo --exit``: its output, its directory and ports."""
    directory = tmp_path_factory.mktemp("demo")
    api, hub = free_port(), free_port()
    args = soshub("demo", "--exit", "--api-port", str(api), "--hub-port", str(hub), "--workdir", str(directory / "soshub"))
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=directory)
    try:
        stdout, stderr = process.communicate(timeout=780)
    finally:
        stop(process)  # on a time-out too: Ctrl-C makes the demo stop its stack's processes
    assert process.returncode == 0, stdout + stderr
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr), directory, api, hub


def start_up(workdir, api, hub):
    """``soshub up`` until it says it runs; the process and its output."""
    process, output, _ = _running(soshub("up", "--api-port", str(api), "--hub-port", str(hub), "--workdir",
                                         str(workdir)), workdir.parent)
    return process, output


def stop(process):
    """Ctrl-C; the exit code (killed if Ctrl-C did not stop it in time)."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()


def test_demo_sends_the_iso_sos_data_set_and_the_centre_receives_it(demo):
    result, tmp_path, api, hub = demo
    assert table_rows(result.stdout, "Outreach as received") == [
        ["Essote", "95", "95", "392", "392"],
        ["Kainuun sote", "129", "129", "467", "467"],
        ["Pieksämäki", "49", "49", "178", "178"],
        ["Sosteri", "131", "131", "349", "349"],
        ["Total", "404", "404", "1386", "1386"],
    ]
    measurements = table_rows(result.stdout, "Measurements as received")
    assert ["Kainuun sote", "Kykyviisari", "37", "14", "10", "10"] in measurements
    assert ["Kainuun sote", "AVHV", "6", "6", "4", "3"] in measurements
    assert ["Kainuun sote", "ESY", "7", "7", "5", "5"] in measurements
    assert [row[:3] for row in measurements if row[0] == "All partners"] == [
        ["All partners", "Kykyviisari", "82"], ["All partners", "AVHV", "23"], ["All partners", "ESY", "15"]]
    groups = table_rows(result.stdout, "Group work as received")
    assert groups[-1][:3] == ["Total", "16", "88"]
    reach = table_rows(result.stdout, "Reach (")
    assert reach[-1] == ["Total", "172 (target 150)", "79 (target 50)"]
    # The flows reproduce the same figures from the centre's events.
    assert table_rows(result.stdout, "Project metrics")[:2] == [
        ["Clients reached", "172", "150", "115 %"], ["Workers reached", "79", "50", "158 %"]]
    assert table_rows(result.stdout, "Outreach visits and contacts per partner")[-1] == ["Total", "404", "1386"]
    assert table_rows(result.stdout, "Measurements per instrument and round") == [
        ["Kykyviisari", "82", "41", "31", "28"], ["AVHV", "23", "23", "15", "13"], ["ESY", "15", "15", "10", "10"]]
    assert table_rows(result.stdout, "Groups and participants")[-1] == ["Total", "16", "88"]
    written = tmp_path / "reports" / "iso-sos" / "2018-01-01_2019-12-31" / "region"
    assert sorted(p.parent.parent.name for p in written.glob("*/*/report.html")) == \
        ["essote", "essote", "kainuu", "kainuu", "pieksamaki", "pieksamaki", "sosteri", "sosteri"]
    kainuu = (written / "kainuu" / "fi" / "tables" / "measurements.csv").read_text()
    assert "Kykyviisari;Alue;37;14;10;10;" in kainuu  # Taulukko 2, as published
    # A login for the worker app, kept private in the work directory.
    logins = tmp_path / "soshub" / "demo-logins.json"
    assert logins.stat().st_mode & 0o777 == 0o600
    kainuu = json.loads(logins.read_text())["kainuu"]
    assert f"/app/login   user {kainuu['username']}, password {kainuu['password']}" in result.stdout
    assert not port_open(api) and not port_open(hub)


def test_demo_sends_the_pro_sos_data_set_too(demo):
    """PRO SOS's invented figures arrive as sent, and its headline, region
    reports and social reports show them."""
    result, tmp_path, _, _ = demo
    _, expected = prosos_dataset()
    outreach = table_rows(result.stdout, "PRO SOS: Outreach as received")
    assert len(outreach) == 8 + 1
    assert all(row[1] == row[2] and row[3] == row[4] for row in outreach), "sent and received differ"
    visits = sum(row["visits"] for row in expected["outreach"].values())
    contacts = sum(row["contacts"] for row in expected["outreach"].values())
    assert outreach[-1] == ["Total", str(visits), str(visits), str(contacts), str(contacts)]
    kykyviisari = sum(row["round_1"] for row in expected["assessment"].values())
    follow_ups = sum(row["round_2"] for row in expected["assessment"].values())
    assert ["All partners", "Kykyviisari", str(kykyviisari), "0", str(follow_ups), "0"] in \
        table_rows(result.stdout, "PRO SOS: Measurements as received")
    clients = sum(row["clients"] for row in expected["reach"].values())
    workers = sum(row["workers"] for row in expected["reach"].values())
    assert table_rows(result.stdout, "PRO SOS: Reach (")[-1] == ["Total", str(clients), str(workers)]
    # The headline from the flows: no targets, so no attainment.
    assert "PRO SOS: Project metrics 2016-08-01 – 2019-07-31" in result.stdout
    assert table_rows(result.stdout, "PRO SOS: Project metrics")[:2] == [
        ["Clients reached", str(clients)], ["Workers reached", str(workers)]]
    assert table_rows(result.stdout, "PRO SOS: Outreach visits and contacts per partner")[-1] == \
        ["Total", str(visits), str(contacts)]
    assert table_rows(result.stdout, "PRO SOS: Measurements per instrument and round") == [
        ["Kykyviisari", str(kykyviisari), "0", str(follow_ups), "0"]]
    groups = sum(row["groups"] for row in expected["groups"].values())
    participants = sum(row["participants"] for row in expected["groups"].values())
    assert table_rows(result.stdout, "PRO SOS: Groups and participants")[-1] == ["Total", str(groups), str(participants)]
    reports = tmp_path / "reports" / "pro-sos"
    region = reports / "2016-08-01_2019-07-31" / "region"
    assert sorted(p.name for p in region.iterdir()) == sorted(
        ["chydenius", "koske", "pikassos", "socca", "socom", "sonetbotnia", "vasso", "verso"])
    socom = (region / "socom" / "fi" / "tables" / "outreach_summary.csv").read_text()
    assert f"Jalkautumiskerrat;{expected['outreach']['socom']['visits']};{visits}" in socom
    assert (reports / "2018-01-01_2018-12-31" / "social" / "905" / "fi" / "report.pdf").exists()  # Vaasa
    # Client feedback through one-time links: every link issued, and every
    # answer posted by a client without a token, reached the centre.
    total = table_rows(result.stdout, "PRO SOS: Client feedback through one-time links")[-1]
    assert total[:4] == ["Total", "347", "231", "67 %"] and 1 <= float(total[4]) <= 5
    koske = (region / "koske" / "en" / "tables" / "client_feedback.csv").read_text()
    assert koske.splitlines()[1:3] == ["Feedback links,90,347", "Answers,59,231"]
    assert (region / "koske" / "fi" / "tables" / "client_feedback_quarters.csv").exists()


def _stored(directory):
    """A report as written under ./reports/, in the shape the renderer returns."""
    return {"html": (directory / "report.html").read_text(),
            "json": json.loads((directory / "report.json").read_text()),
            "xlsx": (directory / "report.xlsx").read_bytes(), "pdf": (directory / "report.pdf").read_bytes(),
            "csv": {path.stem: path.read_text() for path in (directory / "tables").glob("*.csv")}}


def test_the_demo_reports_can_be_handed_over(demo, tmp_path):
    """Every report of both projects has its PDF and XLSX, Kainuu's show
    Taulukko 4's 129 visits and 467 contacts, and no format of any report
    shows 1–4 people."""
    reports = demo[1] / "reports" / "iso-sos"
    directories = sorted(path.parent for path in reports.glob("*/*/*/*/report.html"))
    social = [d for d in directories if d.parent.parent.name == "social"]
    assert len(directories) == 8 + len(social) and len(social) >= 2 * 10
    pro_sos = sorted(path.parent for path in (demo[1] / "reports" / "pro-sos").glob("*/*/*/*/report.html"))
    assert len([d for d in pro_sos if d.parent.parent.name == "region"]) == 16
    for directory in directories + pro_sos:
        rendered = _stored(directory)
        assert small_people_cells(rendered, directory.name) == [], directory
        assert rendered["pdf"][:5] == b"%PDF-"
    kainuu = _stored(reports / "2018-01-01_2019-12-31" / "region" / "kainuu" / "fi")
    pages = pdf_pages(kainuu["pdf"], tmp_path)
    assert len(pages) >= 5 and all(f"Sivu {n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
    text = squeezed("".join(pages))
    for line in ("Alueraportti: Kainuun sote (Kainuu)", "Jalkautumiskerrat 129 404",
                 "Kontaktoidut henkilöt 467 1 386", "Kykyviisari Alue 37 14 10 10"):
        assert squeezed(line) in text, line
    summary = load_workbook(io.BytesIO(kainuu["xlsx"]))["Jalkautuminen"]
    assert [cell.value for cell in summary[2]] == ["Jalkautumiskerrat", 129, 404]
    assert [cell.value for cell in summary[3]] == ["Kontaktoidut henkilöt", 467, 1386]
    enonkoski = _stored(reports / "2019-01-01_2019-12-31" / "social" / "046" / "fi")
    assert "Sosiaalinen raportti 2019: Enonkoski" in "".join(pdf_pages(enonkoski["pdf"], tmp_path))


def test_up_serves_both_apis_and_ctrl_c_stops_everything(tmp_path):
    api, hub = free_port(), free_port()
    workdir = tmp_path / "soshub"
    process, output = start_up(workdir, api, hub)
    try:
        assert "Running; press Ctrl-C to stop." in output, output
        assert str(workdir / "tokens.json") in output
        assert httpx.get(f"http://127.0.0.1:{api}/outreach/openapi.json").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{hub}/api/health").json()["status"] == "ok"
        assert (workdir / "tokens.json").stat().st_mode & 0o777 == 0o600
        assert stop(process) == 0
        assert wait_for(lambda: not port_open(api) and not port_open(hub), timeout=10)
    finally:
        stop(process)


def partner_contents(mongo):
    """{database: {collection: count}} of the partner services."""
    return {name: {collection: mongo[name][collection].count_documents({})
                   for collection in mongo[name].list_collection_names()}
            for name in ("soshub_outreach", "soshub_assessment", "soshub_groups")}


def test_the_demo_sent_again_to_the_same_workdir_adds_nothing(demo):
    _, directory, api, hub = demo
    workdir = directory / "soshub"
    process, output = start_up(workdir, api, hub)
    try:
        assert "Running; press Ctrl-C to stop." in output, output
        mongo = MongoClient(re.search(r"^Database\s+(\S+)", output, re.M).group(1))
        workers, coordinator = partner_tokens(workdir / "tokens.json")
        stats = f"http://127.0.0.1:{hub}/api/events/stats"
        calls = demo_dataset()[0] + prosos_dataset()[0]
        received = httpx.get(stats, headers=auth(coordinator)).json()
        assert received["total"] == len(calls), "the first run did not make one event per request"
        stored = partner_contents(mongo)

        send_calls(f"http://127.0.0.1:{api}", workers, calls)  # as the demo sends them
        assert partner_contents(mongo) == stored, "a resent request stored something"
        assert httpx.get(stats, headers=auth(coordinator)).json() == received
        mongo.close()
    finally:
        stop(process)


def test_flows_run_refuses_unknown_parameters_and_projects():
    for args, message in [
        (["flows", "run", "project-metrics", "--param", "colour=blue"], "unexpected keyword argument 'colour'"),
        (["flows", "run", "region-report", "--param", "project=no-such"], "no project 'no-such'"),
        (["flows", "run", "social-report", "--param", "year"], "--param wants key=value, got 'year'"),
    ]:
        result = subprocess.run(soshub(*args), capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
    serve = subprocess.run(soshub("flows", "serve"), capture_output=True, text=True, timeout=120,
                           env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"})
    assert serve.returncode == 2 and "PREFECT_API_URL" in serve.stderr


@pytest.mark.timeout(300)
def test_other_commands_find_the_running_stack(tmp_path):
    api, hub = free_port(), free_port()
    hub_url = f"http://127.0.0.1:{hub}"
    process, output = start_up(tmp_path / ".soshub", api, hub)
    try:
        assert "Running; press Ctrl-C to stop." in output, output
        stack_file = tmp_path / ".soshub" / "stack.json"
        assert stack_file.stat().st_mode & 0o777 == 0o600
        stack = json.loads(stack_file.read_text())
        assert stack["hub_url"] == hub_url and stack["mongo_url"].startswith("mongodb://127.0.0.1:")
        env = {k: v for k, v in os.environ.items() if k not in ("MONGO_URL", "AMQP_URI", "SOSHUB_DB_PREFIX")}
        env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        env["PREFECT_HOME"] = str(tmp_path / "prefect")
        env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
        result = subprocess.run(soshub("flows", "run", "project-metrics", "--param", "project=iso-sos"),
                                capture_output=True, text=True, timeout=240, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        from pymongo import MongoClient

        with MongoClient(stack["mongo_url"]) as client:
            assert client["soshub_centre"]["metrics"].count_documents({}) == 1
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert not stack_file.exists()


def test_printed_settings_hold_no_password(tmp_path, capsys):
    from deploy.cli import _print_urls
    from deploy.embedded import EmbeddedStack

    stack = EmbeddedStack(workdir=tmp_path)
    stack.env.update({"SOSHUB_TOKENS_FILE": str(tmp_path / "tokens.json"),
                      "MONGO_URL": "mongodb://centre:db-s3cret@mongo:27017/?replicaSet=rs0",
                      "AMQP_URI": "amqp://soshub:broker-s3cret@broker:5672/"})
    _print_urls(stack)
    printed = capsys.readouterr().out
    assert "s3cret" not in printed
    assert "amqp://soshub:***@broker:5672/" in printed and "mongodb://centre:***@mongo:27017/" in printed


def test_health_command_tells_a_healthy_part_from_a_broken_one(hub):
    healthy = subprocess.run(soshub("health", "--url", f"{hub.base_url}/api/health"), capture_output=True, text=True,
                             timeout=60)
    assert healthy.returncode == 0, healthy.stderr
    broken = subprocess.run(soshub("health", "--url", f"http://127.0.0.1:{free_port()}/api/health"),
                            capture_output=True, text=True, timeout=60)
    assert broken.returncode == 1 and "unhealthy" in broken.stderr
    # No ingest consumes in this (empty) vhost of the local RabbitMQ.
    idle = subprocess.run(soshub("health", "--consumers", "reporting_ingest"), capture_output=True, text=True,
                          timeout=60, env={**os.environ, "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/%2F"})
    assert idle.returncode == 1 and "reporting_ingest" in idle.stderr
