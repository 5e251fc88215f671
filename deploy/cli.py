"""The ``soshub`` command."""
import argparse
import json
import os
import signal
import sys
import time

from deploy import users
from deploy.embedded import DEMO_PARTNERS, EmbeddedStack, StackError


def _stack(args):
    return EmbeddedStack(workdir=args.workdir, api_port=args.api_port, hub_port=args.hub_port)


def _print_urls(stack):
    from services.shared.settings import mask_password  # not at the top: it imports nameko (see cmd_services)

    print(f"Partner API   {stack.api_url}   (OpenAPI: {stack.api_url}/outreach/openapi.json)")
    print(f"Reporting hub {stack.hub_url}   (dashboard: {stack.hub_url}/, API docs: {stack.hub_url}/api/docs)")
    print(f"Worker app    {stack.api_url}/app/")
    print(f"Tokens        {stack.tokens_file}")
    print(f"Database      {mask_password(stack.env['MONGO_URL'])}")
    print(f"Broker        {mask_password(stack.env['AMQP_URI'])}")
    print(f"Logs          {stack.workdir / 'logs'}   (connection settings for other soshub commands: "
          f"{stack.stack_file})")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop_on_signals():
    # SIGTERM (service managers, kill) stops as cleanly as Ctrl-C, and
    # SIGINT works even where a background shell started us ignoring it.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


def _run_until_interrupted(stack):
    print("Running; press Ctrl-C to stop.", flush=True)
    while True:
        stack.supervise()
        time.sleep(0.5)


def cmd_up(args):
    with _stack(args) as stack:
        _print_urls(stack)
        try:
            _run_until_interrupted(stack)
        except KeyboardInterrupt:
            print("\nStopping…", flush=True)
    return 0


def cmd_demo(args):
    from deploy.demo.projects import PROJECTS, expected_of, merged, received_of
    from deploy.demo.send import DemoError, partner_tokens, send_calls, wait_for_centre
    from deploy.demo.tables import all_tables

    started = time.monotonic()
    with _stack(args) as stack:
        _print_urls(stack)
        _print_demo_logins(stack)
        try:
            workers, coordinator = partner_tokens(stack.tokens_file)
            datasets = [project.dataset() for project in PROJECTS]
            calls = [call for project_calls, _ in datasets for call in project_calls]
            expected = merged(project_expected for _, project_expected in datasets)
            sizes = " and ".join(f"{project.label} ({len(project_calls):,} requests)"
                                 for project, (project_calls, _) in zip(PROJECTS, datasets))
            print(f"Sending the {sizes} demo data sets through the partner API…", flush=True)
            # Both projects' partners at once, as they would work.
            send_calls(stack.api_url, workers, calls)
            got, verdict = wait_for_centre(stack.hub_url, coordinator, expected)
            for project in PROJECTS:
                print()
                print(all_tables(received_of(got, project), expected_of(expected, project), project))
            print(f"\nDemo data sent and received in {time.monotonic() - started:.1f} s.", flush=True)
            if verdict == "short":
                print("The centre did not receive everything that was sent; see the logs.", file=sys.stderr)
                return 1
            if verdict == "more":
                print("The centre holds more than the demo sent: someone else wrote to the partner API "
                      "while it ran, so the tables and reports count their records too.", file=sys.stderr)
            _run_demo_flows(stack, coordinator, args.reports, stays_up=not args.exit)
            if not args.exit:
                _run_until_interrupted(stack)
        except DemoError as exc:
            print(f"demo failed: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nStopping…", flush=True)
    return 0


def _print_demo_logins(stack):
    prefix = stack.env.get("SOSHUB_DB_PREFIX", "soshub")
    logins = users.ensure_demo_logins(stack.workdir, stack.env["MONGO_URL"], prefix, DEMO_PARTNERS)
    first = logins["kainuu"]
    print(f"App login     {stack.api_url}/app/login   user {first['username']}, password {first['password']} "
          f"(a demo worker per partner: {stack.workdir / users.DEMO_LOGINS})", flush=True)


def _flows_env(stack, project):
    env = os.environ.copy()
    for name in ("MONGO_URL", "SOSHUB_DB_PREFIX", "SOSHUB_TOKENS_FILE"):
        if stack.env.get(name):
            env[name] = stack.env[name]
    # An ephemeral Prefect server per process, each with its own database.
    env["PREFECT_HOME"] = os.path.join(os.environ.get("PREFECT_HOME") or stack.workdir / "prefect", project)
    os.makedirs(env["PREFECT_HOME"], exist_ok=True)  # Prefect does not make its SQLite database's directory
    # Prefect's ephemeral server gives up after 20 s by default: too short on a busy 2-core machine.
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The ephemeral server's telemetry writer races its own SQLite start-up.
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def _run_demo_flows(stack, coordinator, reports_dir, stays_up=True):
    """The centre's flows over the demo data, each project's in a process of
    its own (Prefect's ephemeral mode) and the projects side by side, then
    each project's headline read back from the hub."""
    import subprocess

    from deploy.demo.headline import headline
    from deploy.demo.projects import PROJECTS
    from deploy.demo.send import DemoError

    started = time.monotonic()
    print("\nRunning the centre's flows (project-metrics, region-report, social-report) for "
          f"{' and '.join(project.label for project in PROJECTS)}…", flush=True)
    runs = []
    try:
        for project in PROJECTS:
            log_path = stack.workdir / "logs" / f"flows-{project.id}.log"
            with open(log_path, "ab") as log:
                # Its own session: Ctrl-C reaches this process, which stops it (below).
                runs.append((project, log_path, subprocess.Popen(
                    [sys.executable, "-m", "deploy.demo.flows_run", project.id, str(project.social_year),
                     os.path.abspath(reports_dir)], env=_flows_env(stack, project.id), stdout=subprocess.PIPE,
                    stderr=log, stdin=subprocess.DEVNULL, start_new_session=True, text=True)))
        written = []
        for project, log_path, process in runs:
            output, _ = process.communicate()
            if process.returncode != 0:
                raise DemoError(f"the {project.label} flows failed (exit {process.returncode}); see {log_path}")
            done = json.loads(output.strip().splitlines()[-1])
            written.append(f"{project.label}: {done['regions']} region reports and {done['socials']} social reports "
                           f"({project.social_year}) in {done['seconds']:.1f} s")
    finally:
        for _, _, process in runs:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # with the Prefect server it started
                process.wait()
    for project in PROJECTS:
        print()
        print(headline(stack.hub_url, coordinator, project.id)[0])
    print(f"\n{'; '.join(written)} (HTML, PDF, XLSX, CSV, JSON; Finnish and English), written under "
          f"{os.path.abspath(reports_dir)}/ in {time.monotonic() - started:.1f} s in all"
          + (f"; the dashboard is at {stack.hub_url}/ (Ctrl-C stops the stack)" if stays_up else "."), flush=True)


def cmd_services(args):
    from deploy import services_process

    services_process.main(args.names + ["--api-address", args.api_address])
    return 0


def cmd_hub(args):
    import uvicorn

    uvicorn.run("services.reporting.hub.main:app", host=args.host, port=args.port)
    return 0


def cmd_declare_queues(args):
    from deploy.service_registry import CENTRE_SERVICES, SERVICES
    from services.shared.amqp import declare_queues, handler_queues
    from services.shared.settings import Settings

    settings = Settings()
    for name in CENTRE_SERVICES:
        for queue in declare_queues(settings.amqp_uri, handler_queues(SERVICES[name].load())):
            print(f"declared {queue}")
    return 0


def cmd_health(args):
    """Exits 0 when the part is healthy: compose's health checks call it."""
    problems = []
    if args.url:
        import httpx

        try:
            status = httpx.get(args.url, timeout=5).status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        if status != 200:
            problems.append(f"{args.url} answers {status}")
    if args.consumers:
        from kombu import Connection

        from deploy.service_registry import SERVICES
        from services.shared.amqp import handler_queues
        from services.shared.settings import Settings

        try:
            with Connection(Settings().amqp_uri, connect_timeout=5) as connection:
                channel = connection.default_channel
                for queue in handler_queues(SERVICES[args.consumers].load()):
                    if queue(channel).queue_declare(passive=True).consumer_count == 0:
                        problems.append(f"{queue.name} has no consumer")
        except Exception as exc:  # broker unreachable, or a queue missing
            problems.append(f"{args.consumers}: {exc}")
    for problem in problems:
        print(f"soshub: unhealthy: {problem}", file=sys.stderr)
    return 1 if problems else 0


def cmd_projections(args):
    from flows.db import centre_database
    from services.reporting.readmodels.check import StillChanging, check
    from services.reporting.readmodels.store import rebuild

    database = centre_database()
    if args.projections_command == "rebuild":
        done = rebuild(database)
        print(f"rebuilt the read models from {done['events']:,} events in {done['seconds']} s "
              f"(generation {done['generation']})")
        return 0
    try:
        report = check(database, args.project)
    except StillChanging as exc:
        print(f"not checked: {exc}; run it again when the ingest is idle")
        return 2
    differing = {period: found for period, found in report.items() if found}
    for (project, start, end), found in differing.items():
        print(f"{project} {start}..{end}: {len(found)} differences")
        for path, stored, rebuilt in found[:20]:
            print(f"  {path}: stored {stored!r}, rebuilt {rebuilt!r}")
    print(f"checked {len(report)} periods: " + ("the read models match the event log" if not differing
                                                else f"{len(differing)} differ; run `soshub projections rebuild`"))
    return 1 if differing else 0


def cmd_flows_run(args):
    import inspect

    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry from the centre

    from services.reporting.projects import UnknownProject, load_project
    from flows.registry import FLOWS, parse_params

    flow = FLOWS[args.name]
    try:
        params = parse_params(args.param)
        inspect.signature(flow.fn).bind(**params)
        load_project(params.get("project", "iso-sos"))
    except (ValueError, TypeError, UnknownProject) as exc:
        print(f"soshub: {exc}", file=sys.stderr)
        return 2
    result = flow(**params)
    print(json.dumps(result, default=str, ensure_ascii=False, indent=2))
    return 0


def cmd_flows_serve(args):

    from prefect import serve

    from services.reporting.projects import project_ids
    from flows.registry import deployments

    if not os.environ.get("PREFECT_API_URL"):
        print("soshub: set PREFECT_API_URL to the Prefect server that schedules the flows "
              "(e.g. http://127.0.0.1:4200/api)", file=sys.stderr)
        return 2
    serve(*deployments(args.project or project_ids()))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="soshub", description="SOS Hub: shared data platform for "
                                     "multi-partner social work development projects.")
    sub = parser.add_subparsers(dest="command", required=True)

    def stack_options(p):
        p.add_argument("--api-port", type=int, default=8000, help="partner API port (default 8000)")
        p.add_argument("--hub-port", type=int, default=8080, help="reporting hub port (default 8080)")
        p.add_argument("--workdir", default=".soshub", help="data, tokens and logs (default ./.soshub)")

    up = sub.add_parser("up", help="run the embedded stack in the foreground")
    stack_options(up)
    up.set_defaults(func=cmd_up)

    demo = sub.add_parser("demo", help="run the stack and send the ISO SOS and PRO SOS demo data sets through it")
    stack_options(demo)
    demo.add_argument("--exit", action="store_true", help="stop after printing the tables and writing the reports")
    demo.add_argument("--reports", default="reports", help="where to write the reports (default ./reports)")
    demo.set_defaults(func=cmd_demo)

    services = sub.add_parser("services", help="run nameko services (one process; used by compose)")
    services.add_argument("names", nargs="*", default=[])
    services.add_argument("--api-address", default="0.0.0.0:8000")
    services.set_defaults(func=cmd_services)

    hub = sub.add_parser("hub", help="run the reporting hub (used by compose)")
    hub.add_argument("--host", default="0.0.0.0")
    hub.add_argument("--port", type=int, default=8080)
    hub.set_defaults(func=cmd_hub)

    declare = sub.add_parser("declare-queues", help="declare the centre's ingest queues on AMQP_URI")
    declare.set_defaults(func=cmd_declare_queues)

    health = sub.add_parser("health", help="exit 0 when a part is healthy (compose health checks)")
    health.add_argument("--url", help="this URL answers 200")
    health.add_argument("--consumers", metavar="SERVICE", help="every event queue of SERVICE (e.g. reporting_ingest) "
                        "on AMQP_URI has a consumer")
    health.set_defaults(func=cmd_health)

    projections = sub.add_parser("projections", help="the centre's read models: rebuild them, or check them")
    projections_sub = projections.add_subparsers(dest="projections_command", required=True)
    projections_sub.add_parser("rebuild", help="recompute every read model from the event log (MONGO_URL)")
    checking = projections_sub.add_parser("check", help="compare the read models with a rebuild in memory")
    checking.add_argument("--project", action="append", help="only these projects (default: all)")
    projections.set_defaults(func=cmd_projections)

    users.add_parser(sub)

    flows = sub.add_parser("flows", help="run or serve the centre's Prefect flows")
    flows_sub = flows.add_subparsers(dest="flows_command", required=True)
    run = flows_sub.add_parser("run", help="run one flow now (Prefect's ephemeral mode needs no server)")
    run.add_argument("name", choices=["project-metrics", "region-report", "social-report"])
    run.add_argument("--param", action="append", metavar="KEY=VALUE",
                     help="a flow parameter, e.g. --param project=iso-sos --param date_from=2019-01-01")
    run.set_defaults(func=cmd_flows_run)
    serve = flows_sub.add_parser("serve", help="serve every flow as scheduled deployments (needs PREFECT_API_URL)")
    serve.add_argument("--project", action="append", help="only these projects (default: all)")
    serve.set_defaults(func=cmd_flows_serve)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.func in (cmd_up, cmd_demo):
        _stop_on_signals()
    try:
        return args.func(args)
    except StackError as exc:
        print(f"soshub: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
