"""The outreach service: a partner's workers record outreach visits over
HTTP; every accepted write is published to the centre as an event."""
from services.shared.http import (
    ApiError, Authenticator, api_endpoint, http, json_response, parse_id, reading_scope, writing_partner,
)
from services.shared.dependencies import MongoDatabase
from services.shared.outbox import OutboxRelay
from services.shared.validation import load
from services.shared.writes import handle_write

from services.outreach.dependencies import VisitStore, ensure_indexes
from services.outreach.openapi import openapi_spec
from services.outreach.schemas import VisitCreateSchema, VisitQuerySchema, VoidSchema


class OutreachService:
    name = "outreach"

    db = MongoDatabase(setup_indexes=ensure_indexes)
    outbox = OutboxRelay()
    authenticate = Authenticator()

    def _store(self):
        return VisitStore(self.db, self.outbox)

    @http("POST", "/outreach/visits")
    @api_endpoint
    def record_visit(self, request):
        partner = writing_partner(self.authenticate(request))
        return handle_write(request, self.db, partner, VisitCreateSchema(), self._store().record,
                            location=lambda answer: f"/outreach/visits/{answer['visit_id']}")

    @http("POST", "/outreach/visits/<string:visit_id>/void")
    @api_endpoint
    def void_visit(self, request, visit_id):
        partner = writing_partner(self.authenticate(request))
        visit_uuid = parse_id(visit_id, "visit")
        return handle_write(request, self.db, partner, VoidSchema(),
                            lambda data, write: self._store().void(visit_uuid, data["reason"], write))

    @http("GET", "/outreach/visits")
    @api_endpoint
    def list_visits(self, request):
        principal = self.authenticate(request)
        query = load(VisitQuerySchema(), request.args.to_dict())
        partner = reading_scope(principal, query.pop("partner", None))
        return json_response(200, self._store().find(partner, **query))

    @http("GET", "/outreach/visits/<string:visit_id>")
    @api_endpoint
    def get_visit(self, request, visit_id):
        principal = self.authenticate(request)
        visit = self._store().get(parse_id(visit_id, "visit"), reading_scope(principal))
        if visit is None:
            raise ApiError(404, "not_found", "No such visit of this partner.")
        return json_response(200, visit)

    @http("GET", "/outreach/openapi.json")
    @api_endpoint
    def openapi(self, request):
        return json_response(200, openapi_spec())
