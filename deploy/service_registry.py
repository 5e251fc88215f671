"""Which nameko services exist, which database each owns, and which serve
the partner HTTP API under which path prefix."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceInfo:
    import_path: str
    owner: str  # the database it owns: <prefix>_<owner>
    http_prefix: str | None  # path prefix on the partner API, if any
    other_prefixes: tuple = ()  # further prefixes it serves (public pages)

    def load(self):
        module, _, name = self.import_path.partition(":")
        return getattr(__import__(module, fromlist=[name]), name)


SERVICES = {
    "reporting_ingest": ServiceInfo("services.reporting.ingest:IngestService", "centre", None),
    "outreach": ServiceInfo("services.outreach.service:OutreachService", "outreach", "/outreach"),
    # It also serves the clients' feedback pages, which need no login.
    "assessment": ServiceInfo("services.assessment.service:AssessmentService", "assessment", "/assessment",
                              ("/feedback",)),
    "groups": ServiceInfo("services.groups.service:GroupsService", "groups", "/groups"),
    # The worker app, on the partner API's origin; it owns the accounts.
    "workerapp": ServiceInfo("services.shared.workerapp.service:WorkerAppService", "accounts", "/app"),
}
PARTNER_SERVICES = [name for name, info in SERVICES.items() if info.http_prefix]
CENTRE_SERVICES = ["reporting_ingest"]
