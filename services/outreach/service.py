"""The outreach service: a partner's workers record outreach visits over
HTTP; every accepted write is published to the centre as an event."""
import uuid

from nameko.web.handlers import http

from services.shared import idempotency
from services.shared.http import ApiError, Authenticator, api_endpoint, json_response, read_json_object
from services.shared.mongo import MongoDatabase
from services.shared.outbox import OutboxRelay
from services.shared.validation import load

from services.outreach.dependencies import ReplayInstead, VisitStore, ensure_indexes
from services.outreach.openapi import openapi_spec
from services.outreach.schemas import VisitCreateSchema, VisitQuerySchema, VoidSchema


def writer_partner(principal):
    if principal.partner is None:
        raise ApiError(403, "forbidden", "Only a partner's token can record or void visits.")
    return principal.partner


def parse_visit_id(raw):
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(404, "not_found", "No such visit.")


class OutreachService:
    name = "outreach"

    db = MongoDatabase(setup_indexes=ensure_indexes)
    outbox = OutboxRelay()
    authenticate = Authenticator()

    def _store(self):
        return VisitStore(self.db, self.outbox)

    def _idempotent_write(self, request, partner, schema, write, location=None):
        """Validates the body and runs ``write(data, key, fingerprint)``
        unless the Idempotency-Key has an answer already."""
        body = read_json_object(request)
        key = idempotency.key_from(request)
        request_fingerprint = idempotency.fingerprint(request, body)
        replayed = idempotency.replay(self.db, partner, key, request_fingerprint)
        if replayed is not None:
            return replayed
        data = load(schema, body)
        try:
            status, answer = write(data, key, request_fingerprint)
        except ReplayInstead as replay:
            return replay.response
        headers = {"Location": location(answer)} if location else {}
        return json_response(status, answer, headers)

    @http("POST", "/outreach/visits")
    @api_endpoint
    def record_visit(self, request):
        partner = writer_partner(self.authenticate(request))
        return self._idempotent_write(
            request, partner, VisitCreateSchema(),
            lambda visit, key, fp: self._store().record(partner, visit, key, fp),
            location=lambda answer: f"/outreach/visits/{answer['visit_id']}",
        )

    @http("POST", "/outreach/visits/<string:visit_id>/void")
    @api_endpoint
    def void_visit(self, request, visit_id):
        partner = writer_partner(self.authenticate(request))
        visit_uuid = parse_visit_id(visit_id)
        return self._idempotent_write(
            request, partner, VoidSchema(),
            lambda data, key, fp: self._store().void(partner, visit_uuid, data["reason"], key, fp),
        )

    @http("GET", "/outreach/visits")
    @api_endpoint
    def list_visits(self, request):
        principal = self.authenticate(request)
        query = load(VisitQuerySchema(), request.args.to_dict())
        if principal.is_coordinator:
            partner = query.pop("partner", None)
        elif query.pop("partner", principal.partner) != principal.partner:
            raise ApiError(403, "forbidden", "A partner reads only its own visits.")
        else:
            partner = principal.partner
        return json_response(200, self._store().find(partner, **query))

    @http("GET", "/outreach/visits/<string:visit_id>")
    @api_endpoint
    def get_visit(self, request, visit_id):
        principal = self.authenticate(request)
        partner = None if principal.is_coordinator else principal.partner
        visit = self._store().get(parse_visit_id(visit_id), partner)
        if visit is None:
            raise ApiError(404, "not_found", "No such visit of this partner.")
        return json_response(200, visit)

    @http("GET", "/outreach/openapi.json")
    @api_endpoint
    def openapi(self, request):
        return json_response(200, openapi_spec())
