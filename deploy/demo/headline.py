"""The demo's closing headline: a project's metrics as the hub serves them
from the centre's read models, read like the steering group would."""
import httpx

from deploy.demo.projects import PROJECTS, project_of
from deploy.demo.tables import INSTRUMENTS, partner_name, text_table


def _blank(value):
    return "" if value is None else value


def headline(hub_url, coordinator, project_id=PROJECTS[0].id):
    metrics = httpx.get(f"{hub_url}/api/projects/{project_id}/metrics",
                        headers={"Authorization": f"Bearer {coordinator}"}, timeout=60).json()
    project = metrics["project"]
    # In the received tables' order (by partner id).
    regions = dict(sorted(metrics["regions"].items()))
    reach = project["reach"]
    prefix = project_of(project_id).title_prefix

    def attained(kind):
        # Blank where the project set no target (PRO SOS).
        share = reach["attainment"][kind]
        return "" if share is None else f"{share * 100:.0f} %"

    parts = [text_table(f"{prefix}Project metrics {metrics['period']['from']} – {metrics['period']['to']} "
                    f"(read models version {metrics['read_models']['version']}, {metrics['computed_at'][:19]})",
                    ["Headline", "reached", "target", "attainment"],
                    [["Clients reached", reach["clients"], _blank(reach["targets"]["clients"]), attained("clients")],
                     ["Workers reached", reach["workers"], _blank(reach["targets"]["workers"]), attained("workers")]])]
    parts.append(text_table(f"{prefix}Outreach visits and contacts per partner", ["Partner", "visits", "contacts"],
                        [[partner_name(p), r["outreach"]["visits"], r["outreach"]["contacts"]] for p, r in regions.items()],
                        ["Total", project["outreach"]["visits"], project["outreach"]["contacts"]]))
    parts.append(text_table(f"{prefix}Measurements per instrument and round", ["Instrument", "round 1", "form 1",
                                                                            "round 2", "form 2"],
                        [[INSTRUMENTS.get(code, code), c["round_1"], c["form_1"], c["round_2"], c["form_2"]]
                         for code, c in project["assessment"]["instruments"].items()
                         # An instrument the project did not use is left out (PRO SOS: Kykyviisari only).
                         if any(c[key] for key in ("round_1", "form_1", "round_2", "form_2"))]))
    parts.append(text_table(f"{prefix}Groups and participants", ["Partner", "groups", "participants"],
                        [[partner_name(p), r["groups"]["groups"], r["groups"]["participants"]] for p, r in regions.items()],
                        ["Total", project["groups"]["groups"], project["groups"]["participants"]]))
    feedback = project["feedback"]
    if feedback["links"]:  # the projects that collect client feedback (PRO SOS)
        def row(name, f):
            rate = "" if f["response_rate"] is None else f"{f['response_rate'] * 100:.0f} %"
            return [name, f["links"], f["answers"], rate, _blank(f["items"]["overall"]["mean"])]

        parts.append(text_table(f"{prefix}Client feedback through one-time links",
                                ["Partner", "links", "answers", "response rate", "overall (1-5)"],
                                [row(partner_name(p), r["feedback"]) for p, r in regions.items()],
                                row("Total", feedback)))
    return "\n\n".join(parts), metrics
