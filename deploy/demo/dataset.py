"""The ISO SOS demo data set, and what the centre should hold once it has
received it, counted from the calls themselves (PRO SOS's is in
``prosos_dataset``)."""
from deploy.demo.assessment_data import assessment_calls
from deploy.demo.groups_data import groups_calls
from deploy.demo.outreach_data import outreach_calls


def reach_of(calls):
    """Distinct (partner, pseudonym) clients and workers named in the calls."""
    clients, workers = {}, {}
    for call in calls:
        body = call.body
        if "client" in body and not call.path.endswith(("/surveys", "/feedback")) and body["client"]:
            clients.setdefault(call.partner, set()).add(body["client"])
        if "worker" in body:
            workers.setdefault(call.partner, set()).add(body["worker"])
        workers.setdefault(call.partner, set()).update(body.get("facilitators", []))
    return {partner: {"clients": len(clients.get(partner, ())), "workers": len(workers[partner])}
            for partner in sorted(workers)}


def demo_dataset():
    outreach, outreach_expected = outreach_calls()
    assessment, assessment_expected = assessment_calls()
    groups, groups_expected = groups_calls()
    calls = outreach + assessment + groups
    return calls, {"outreach": outreach_expected, "assessment": assessment_expected, "groups": groups_expected,
                   "reach": reach_of(calls)}
