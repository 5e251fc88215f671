"""The assessment service: clients, their measurements with the project's
instruments and the research forms, and the follow-up due list that works
against attrition."""
from nameko.web.handlers import http

from services.shared.http import ApiError, Authenticator, api_endpoint, json_response, reading_scope, writing_partner
from services.shared.dependencies import MongoDatabase
from services.shared.outbox import OutboxRelay
from services.shared.payloads.common import today_in_finland
from services.shared.records import dump_stored
from services.shared.validation import load
from services.shared.writes import handle_write

from services.assessment.dependencies import AssessmentStore, ensure_indexes
from services.assessment.openapi import openapi_spec
from services.assessment.schemas import (
    ClientCreateSchema, ClientQuerySchema, DueListSchema, DueQuerySchema, FormCreateSchema, MeasurementCreateSchema,
)

PARTNER_NEEDED = "The coordinator names the partner: pseudonyms are unique per partner only."


class AssessmentService:
    name = "assessment"

    db = MongoDatabase(setup_indexes=ensure_indexes)
    outbox = OutboxRelay()
    authenticate = Authenticator()

    def _store(self):
        return AssessmentStore(self.db, self.outbox)

    @http("POST", "/assessment/clients")
    @api_endpoint
    def register_client(self, request):
        partner = writing_partner(self.authenticate(request))
        return handle_write(request, self.db, partner, ClientCreateSchema(), self._store().register_client,
                            location=lambda answer: f"/assessment/clients/{answer['client']}")

    @http("GET", "/assessment/clients/<string:client>")
    @api_endpoint
    def get_client(self, request, client):
        principal = self.authenticate(request)
        query = load(ClientQuerySchema(), request.args.to_dict())
        partner = reading_scope(principal, query.get("partner"))
        if partner is None:
            raise ApiError(422, "validation_failed", f"{PARTNER_NEEDED} Add ?partner=<partner id>.",
                           {"partner": [PARTNER_NEEDED]})
        detail = self._store().client_detail(partner, client)
        if detail is None:
            raise ApiError(404, "not_found", "No such client of this partner.")
        return json_response(200, detail)

    @http("POST", "/assessment/measurements")
    @api_endpoint
    def record_measurement(self, request):
        partner = writing_partner(self.authenticate(request))
        return handle_write(request, self.db, partner, MeasurementCreateSchema(), self._store().record_measurement)

    @http("POST", "/assessment/forms")
    @api_endpoint
    def submit_form(self, request):
        partner = writing_partner(self.authenticate(request))
        return handle_write(request, self.db, partner, FormCreateSchema(), self._store().submit_form)

    @http("GET", "/assessment/followups/due")
    @api_endpoint
    def followups_due(self, request):
        principal = self.authenticate(request)
        query = load(DueQuerySchema(), request.args.to_dict())
        partner = reading_scope(principal, query.get("partner"))
        due = self._store().due_followups(partner, query["after_days"], query.get("as_of") or today_in_finland())
        return json_response(200, dump_stored(DueListSchema(), due))

    @http("GET", "/assessment/openapi.json")
    @api_endpoint
    def openapi(self, request):
        return json_response(200, openapi_spec())
