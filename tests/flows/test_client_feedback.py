"""Client feedback at the centre (PRO SOS): the response rate, item means
with their own n and their trend per quarter, as the coordinator and as a
partner may read them, and the region report's section."""
from datetime import date

from services.reporting.disclosure import grid_periods, partner_view, published
from services.reporting.event_store import EventStore
from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from tests.flows import events as ev

PROJECT = load_project("pro-sos")
SECOND = next(p["id"] for p in PROJECT["partners"] if p["id"] != "koske")


def _feedback(store):
    # Koske, Q1 2018: 10 links, 6 answers (overall 5,5,4,4,3,3 → 4.0; "heard"
    # answered by 3 only), 2 comments. Another partner, Q2: 4 links, 2 answers.
    for n in range(10):
        store.ingest(ev.feedback_link("koske", f"2018-02-{n + 1:02d}"))
    for n, overall in enumerate([5, 5, 4, 4, 3, 3]):
        extra = {"heard": 4} if n < 3 else {}
        store.ingest(ev.feedback_answer("koske", f"2018-02-{n + 1:02d}", comment="Kiitos" if n < 2 else None,
                                        overall=overall, **extra))
    for n in range(4):
        store.ingest(ev.feedback_link(SECOND, f"2018-05-{n + 1:02d}", service_type="home_visit"))
    for n in range(2):
        store.ingest(ev.feedback_answer(SECOND, f"2018-05-{n + 1:02d}", service_type="home_visit", overall=2))


def test_response_rate_and_item_means_for_the_coordinator(centre):
    _feedback(EventStore(centre))
    snapshot = compute_metrics(centre, PROJECT)
    koske = snapshot["regions"]["koske"]["feedback"]
    assert (koske["links"], koske["answers"], koske["response_rate"], koske["comments"]) == (10, 6, 0.6, 2)
    assert koske["items"]["overall"] == {"mean": 4.0, "n": 6} and koske["items"]["heard"] == {"mean": 4.0, "n": 3}
    assert koske["service_types"]["office_appointment"] == {"links": 10, "answers": 6}
    project = snapshot["project"]["feedback"]
    assert (project["links"], project["answers"], project["items"]["overall"]) == (14, 8, {"mean": 3.5, "n": 8})
    # Answers fall on their encounter's day, so each quarter's rate is its own.
    q2 = compute_metrics(centre, PROJECT, date(2018, 4, 1), date(2018, 6, 30))
    assert q2["project"]["feedback"]["response_rate"] == 0.5


def test_small_counts_and_means_over_fewer_than_five_are_withheld(centre):
    _feedback(EventStore(centre))
    public = published(compute_metrics(centre, PROJECT))
    koske, other = public["regions"]["koske"]["feedback"], public["regions"][SECOND]["feedback"]
    assert koske["items"]["overall"]["mean"] == 4.0
    assert koske["items"]["heard"]["mean"] is None and koske["items"]["heard"]["n"] == "<5"
    assert koske["comments"] == "<5"
    assert other["links"] == "<5" and other["answers"] == "<5" and other["response_rate"] is None
    assert other["items"]["overall"]["mean"] is None


def test_a_partner_cannot_read_the_others_feedback_off_the_totals(centre):
    _feedback(EventStore(centre))
    whole, quarters = grid_periods(PROJECT)
    grid = {"whole": compute_metrics(centre, PROJECT, *whole),
            "quarters": [compute_metrics(centre, PROJECT, *q) for q in quarters]}
    view = partner_view(grid["whole"], "koske", grid=grid)
    project = view["project"]["feedback"]
    # Koske knows its own 6 answers: the project's 8 would give the other
    # partner's 2 away, and so would the project's mean.
    assert project["answers"] == ".." and project["items"]["overall"]["mean"] is None
    assert view["regions"]["koske"]["feedback"]["answers"] == 6


def test_the_region_report_has_the_feedback_section(centre, tmp_path):
    from flows.reports.region import render_region_report
    from flows.region_report import _feedback_quarters

    _feedback(EventStore(centre))
    whole, quarters = grid_periods(PROJECT)
    grid = {"whole": compute_metrics(centre, PROJECT, *whole),
            "quarters": [compute_metrics(centre, PROJECT, *q) for q in quarters]}
    view = partner_view(grid["whole"], "koske", grid=grid)
    trend = _feedback_quarters(grid, "koske")
    assert len(trend) == 13 and trend[6][1]["answers"] == 6  # 2016Q3 (from August) … 2019Q3 (July)
    rendered = render_region_report(view, PROJECT, "koske", "fi", trend)
    tables = {t["id"]: t for t in rendered["json"]["tables"]}
    assert [r["region"] for r in tables["client_feedback"]["rows"]] == [10, 6, 0.6, "<5"]
    assert "Asiakaspalaute neljänneksittäin" in rendered["html"]
    q1 = next(r for r in tables["client_feedback_quarters"]["rows"] if r["quarter"] == "1/2018")
    assert (q1["links"], q1["answers"], q1["overall"], q1["overall_n"]) == (10, 6, 4.0, 6)
    assert "client_feedback" not in {t["id"] for t in render_region_report(view, PROJECT, "koske", "fi")["json"]["tables"]}


def _others_left(whole, quarters, viewer, path):
    """What a partner gets for the other partners' figure of ``path`` over
    the quarters withheld from it: the project period's total less its own,
    less the other partners' part of every quarter it was shown."""
    def value(part):
        for key in path:
            part = part[key]
        return part["n"] if isinstance(part, dict) else part

    left = value(whole["project"]) - value(whole["regions"][viewer])
    for quarter in quarters:
        shown = value(quarter["project"])
        if isinstance(shown, int):
            left -= shown - value(quarter["regions"][viewer])
    return left


def test_two_withheld_quarters_do_not_add_up_to_a_few_of_the_others_answers(centre):
    # The other partner: 2 answers in 2018Q1 and 2 in 2018Q2 (overall 1, a
    # few unhappy clients), 6 in 2018Q3; Koske 5 in 2018Q3. Each of the
    # first two quarters is withheld from Koske on its own, but the project
    # period less 2018Q3 would leave those 4 answers and their mean.
    store = EventStore(centre)
    for day, overall in [("2018-02-01", 1), ("2018-02-02", 1), ("2018-05-01", 1), ("2018-05-02", 2)] + \
            [(f"2018-08-0{n}", 5) for n in range(1, 7)]:
        store.ingest(ev.feedback_link(SECOND, day))
        store.ingest(ev.feedback_answer(SECOND, day, overall=overall))
    for n in range(1, 6):
        store.ingest(ev.feedback_link("koske", f"2018-08-1{n}"))
        store.ingest(ev.feedback_answer("koske", f"2018-08-1{n}", overall=4))
    whole, quarters = grid_periods(PROJECT)
    grid = {"whole": compute_metrics(centre, PROJECT, *whole),
            "quarters": [compute_metrics(centre, PROJECT, *q) for q in quarters]}
    seen_whole = partner_view(grid["whole"], "koske", grid=grid)
    seen = [partner_view(q, "koske", grid=grid) for q in grid["quarters"]]
    for path in [("feedback", "answers"), ("feedback", "links"), ("feedback", "items", "overall")]:
        if isinstance(seen_whole["project"]["feedback"]["answers"], int):
            left = _others_left(seen_whole, seen, "koske", path)
            assert not 0 < left < 5, (path, left)


def test_two_withheld_service_types_do_not_add_up_to_a_few_of_the_others_answers(centre):
    # The other partner: 2 answers after home visits, 2 after phone calls,
    # 6 after outreach. The project's answers are published to Koske (it
    # knows its own 5), so the two withheld types must not be all that the
    # published ones leave over.
    store = EventStore(centre)
    for n, service_type in enumerate(["home_visit"] * 2 + ["remote"] * 2 + ["outreach"] * 6):
        day = f"2018-08-{n + 1:02d}"
        store.ingest(ev.feedback_link(SECOND, day, service_type=service_type))
        store.ingest(ev.feedback_answer(SECOND, day, service_type=service_type, overall=3))
    for n in range(5):
        store.ingest(ev.feedback_link("koske", f"2018-08-2{n}", service_type="outreach"))
        store.ingest(ev.feedback_answer("koske", f"2018-08-2{n}", service_type="outreach", overall=4))
    whole, quarters = grid_periods(PROJECT)
    grid = {"whole": compute_metrics(centre, PROJECT, *whole),
            "quarters": [compute_metrics(centre, PROJECT, *q) for q in quarters]}
    view = partner_view(grid["whole"], "koske", grid=grid)
    project, own = view["project"]["feedback"], view["regions"]["koske"]["feedback"]
    assert isinstance(project["answers"], int)
    left = project["answers"] - own["answers"]
    for code, cells in project["service_types"].items():
        if isinstance(cells["answers"], int):
            left -= cells["answers"] - own["service_types"][code]["answers"]
    assert not 0 < left < 5, left
