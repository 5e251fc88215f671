"""The demo's printed tables: what the centre received, beside what was
sent, for one project (``projects``)."""
from deploy.demo.projects import PARTNER_NAMES, PROJECTS

INSTRUMENTS = {"kykyviisari": "Kykyviisari", "avhv": "AVHV", "esy": "ESY"}


def partner_name(partner):
    return PARTNER_NAMES.get(partner, partner)


def text_table(title, header, rows, total=None):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, *([total] if total else []))]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    rule = "-" * len(line(header))
    lines = [title, line(header), rule, *map(line, rows)]
    if total:
        lines += [rule, line(total)]
    return "\n".join(lines)


def outreach_table(got, expected, project=PROJECTS[0]):
    rows = [[partner_name(r["partner_id"]), expected.get(r["partner_id"], {}).get("visits", ""), r["visits"],
             expected.get(r["partner_id"], {}).get("contacts", ""), r["contacts"]] for r in got["partners"]]
    total = ["Total", sum(e["visits"] for e in expected.values()), got["total"]["visits"],
             sum(e["contacts"] for e in expected.values()), got["total"]["contacts"]]
    cited = "Taulukko 4; " if project.final_report else ""
    return text_table(f"{project.title_prefix}Outreach as received by the centre ({cited}voided visits excluded)",
                  ["Partner", "visits sent", "received", "contacts sent", "received"], rows, total)


def assessment_table(got, project=PROJECTS[0]):
    order = list(INSTRUMENTS)
    ordered = sorted(got["rows"], key=lambda r: (r["partner_id"], order.index(r["instrument"])
                                                  if r["instrument"] in order else len(order)))
    rows = [[partner_name(r["partner_id"]), INSTRUMENTS.get(r["instrument"], r["instrument"]),
             r["round_1"], r["form_1"], r["round_2"], r["form_2"]] for r in ordered]
    totals = {}
    for r in got["rows"]:
        for key in ("round_1", "form_1", "round_2", "form_2"):
            totals.setdefault(r["instrument"], {}).setdefault(key, 0)
            totals[r["instrument"]][key] += r[key]
    rows += [["All partners", INSTRUMENTS[i], *totals[i].values()] for i in INSTRUMENTS if i in totals]
    cited = "Taulukko 2: " if project.final_report else ""
    return text_table(f"{project.title_prefix}Measurements as received ({cited}clients in round 1, forms 1, "
                      f"clients in round 2, forms 2)",
                  ["Partner", "Instrument", "round 1", "form 1", "round 2", "form 2"], rows)


def groups_table(got, project=PROJECTS[0]):
    rows = [[partner_name(r["partner_id"]), r["groups"], r["participants"], r["sessions"], f"{r['group_hours']:.1f}"]
            for r in got["partners"]]
    t = got["total"]
    return text_table(f"{project.title_prefix}Group work as received", ["Partner", "groups", "participants", "sessions", "hours"], rows,
                  ["Total", t["groups"], t["participants"], t["sessions"], f"{t['group_hours']:.1f}"])


def _against(reached, target):
    return reached if target is None else f"{reached} (target {target})"


def reach_table(got, project=PROJECTS[0]):
    rows = [[partner_name(r["partner_id"]), r["clients"], r["workers"]] for r in got["partners"]]
    t = got["total"]
    targets = project.targets
    return text_table(f"{project.title_prefix}Reach (distinct clients in assessment or groups; distinct workers)",
                  ["Partner", "clients", "workers"], rows,
                  ["Total", _against(t["clients"], targets["clients"]), _against(t["workers"], targets["workers"])])


def all_tables(got, expected, project=PROJECTS[0]):
    """``project``'s tables; ``got`` and ``expected`` hold its partners only
    (``projects.received_of``, ``projects.expected_of``)."""
    return "\n\n".join([outreach_table(got["outreach"], expected["outreach"], project),
                        assessment_table(got["assessment"], project), groups_table(got["groups"], project),
                        reach_table(got["reach"], project)])
