"""The demo's closing headline: the project metrics as the hub serves them
from the centre's read models, read like the steering group would."""
import httpx

from deploy.demo.tables import INSTRUMENTS, partner_name, text_table


def headline(hub_url, coordinator, project_id="iso-sos"):
    metrics = httpx.get(f"{hub_url}/api/projects/{project_id}/metrics",
                        headers={"Authorization": f"Bearer {coordinator}"}, timeout=60).json()
    project, regions = metrics["project"], metrics["regions"]
    reach = project["reach"]

    def attained(kind):
        share = reach["attainment"][kind]
        return "" if share is None else f"{share * 100:.0f} %"

    parts = [text_table(f"Project metrics {metrics['period']['from']} – {metrics['period']['to']} "
                    f"(read models version {metrics['read_models']['version']}, {metrics['computed_at'][:19]})",
                    ["Headline", "reached", "target", "attainment"],
                    [["Clients reached", reach["clients"], reach["targets"]["clients"], attained("clients")],
                     ["Workers reached", reach["workers"], reach["targets"]["workers"], attained("workers")]])]
    parts.append(text_table("Outreach visits and contacts per partner", ["Partner", "visits", "contacts"],
                        [[partner_name(p), r["outreach"]["visits"], r["outreach"]["contacts"]] for p, r in regions.items()],
                        ["Total", project["outreach"]["visits"], project["outreach"]["contacts"]]))
    parts.append(text_table("Measurements per instrument and round", ["Instrument", "round 1", "form 1", "round 2",
                                                                   "form 2"],
                        [[INSTRUMENTS.get(code, code), c["round_1"], c["form_1"], c["round_2"], c["form_2"]]
                         for code, c in project["assessment"]["instruments"].items()]))
    parts.append(text_table("Groups and participants", ["Partner", "groups", "participants"],
                        [[partner_name(p), r["groups"]["groups"], r["groups"]["participants"]] for p, r in regions.items()],
                        ["Total", project["groups"]["groups"], project["groups"]["participants"]]))
    return "\n\n".join(parts), metrics
