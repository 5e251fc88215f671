"""The assessment service: clients, their measurements with the project's
instruments and the research forms, and the follow-up due list that works
against attrition."""
from services.shared.http import (
    ApiError, Authenticator, api_endpoint, client_address, http, json_response, no_store, reading_scope,
    writing_partner,
)
from services.shared.dependencies import MongoDatabase
from services.shared.outbox import OutboxRelay
from services.shared.payloads.common import today_in_finland
from services.shared.records import dump_stored
from services.shared.validation import load
from services.shared.writes import handle_write

from services.assessment.dependencies import AssessmentStore, ensure_indexes
from services.assessment.feedback import FeedbackStore, LinkRefused
from services.assessment.feedback_answers import (
    FeedbackRequestError, feedback_link_answer, page_errors, read_answer, refusal,
)
from services.assessment.feedback_page import choose_language, page, page_endpoint
from services.assessment.openapi import openapi_spec
from services.assessment.schemas import (
    ClientCreateSchema, ClientQuerySchema, DueListSchema, DueQuerySchema, FeedbackAnswerSchema,
    FeedbackLinkCreateSchema, FormCreateSchema, MeasurementCreateSchema,
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

    @http("POST", "/assessment/feedback-links")
    @no_store
    @api_endpoint
    def issue_feedback_link(self, request):
        partner = writing_partner(self.authenticate(request))
        store = FeedbackStore(self.db, self.outbox)
        return handle_write(request, self.db, partner, FeedbackLinkCreateSchema(),
                            lambda data, write: feedback_link_answer(store, self.outbox, data, write, request))

    # The client's side: no login; the link's token is the only key.
    @http("GET", "/feedback/<string:token>")
    @page_endpoint
    def feedback_form(self, request, token):
        store = FeedbackStore(self.db, self.outbox)
        address = client_address(request)
        lang = choose_language(request.args.get("lang"), None, request.accept_languages)
        if store.too_many_failures(address):
            return page("too_many", lang)
        try:
            link = store.open_link(token)
        except LinkRefused as exc:
            store.record_failure(address)
            return page(exc.reason, lang)
        return page("form", choose_language(request.args.get("lang"), link.get("language"), None))

    @http("POST", "/feedback/<string:token>")
    @no_store
    @page_endpoint
    def feedback_answer(self, request, token):
        store = FeedbackStore(self.db, self.outbox)
        address = client_address(request)
        as_json = request.mimetype == "application/json"
        lang = choose_language(request.args.get("lang"), None, request.accept_languages)
        try:
            if store.too_many_failures(address):
                raise LinkRefused("too_many")
            try:
                link = store.open_link(token)
                lang = choose_language(request.args.get("lang"), link.get("language"), None)
                given, data = read_answer(request, FeedbackAnswerSchema())
                store.answer(token, data)
            except LinkRefused as exc:
                store.record_failure(address)
                raise
        except LinkRefused as exc:
            return refusal(exc.reason, as_json, lang)
        except FeedbackRequestError as exc:
            if as_json:
                return exc.json_response()
            return page("form", lang, errors=page_errors(exc), given=exc.given, status=exc.status)
        if as_json:
            return json_response(201, {"answered_on": today_in_finland(), "message": "Thank you for your feedback."})
        return page("thanks", lang)

    @http("GET", "/assessment/openapi.json")
    @api_endpoint
    def openapi(self, request):
        return json_response(200, openapi_spec())
