"""The group work service: groups, who takes part, sessions held, the
Elämänhallinta ja osallisuus surveys at start and end, feedback, and the
group's end."""
from nameko.web.handlers import http

from services.shared.http import Authenticator, api_endpoint, json_response, parse_id, reading_scope, writing_partner
from services.shared.dependencies import MongoDatabase
from services.shared.outbox import OutboxRelay
from services.shared.validation import load
from services.shared.writes import handle_write

from services.groups.dependencies import GroupStore, ensure_indexes
from services.groups.openapi import openapi_spec
from services.groups.schemas import (
    FeedbackCreateSchema, GroupCreateSchema, GroupEndSchema, GroupListQuerySchema, ParticipantCreateSchema,
    SessionCreateSchema, SurveyCreateSchema,
)


class GroupsService:
    name = "groups"

    db = MongoDatabase(setup_indexes=ensure_indexes)
    outbox = OutboxRelay()
    authenticate = Authenticator()

    def _store(self):
        return GroupStore(self.db, self.outbox)

    def _group_write(self, request, group_id, schema, method):
        partner = writing_partner(self.authenticate(request))
        group_uuid = parse_id(group_id, "group")
        return handle_write(request, self.db, partner, schema,
                            lambda data, write: method(self._store(), group_uuid, data, write))

    @http("POST", "/groups")
    @api_endpoint
    def start_group(self, request):
        partner = writing_partner(self.authenticate(request))
        return handle_write(request, self.db, partner, GroupCreateSchema(), self._store().start,
                            location=lambda answer: f"/groups/{answer['group_id']}")

    @http("GET", "/groups")
    @api_endpoint
    def list_groups(self, request):
        principal = self.authenticate(request)
        query = load(GroupListQuerySchema(), request.args.to_dict())
        return json_response(200, self._store().list(reading_scope(principal, query.get("partner"))))

    @http("GET", "/groups/<string:group_id>")
    @api_endpoint
    def get_group(self, request, group_id):
        principal = self.authenticate(request)
        return json_response(200, self._store().get(reading_scope(principal), parse_id(group_id, "group")))

    @http("GET", "/groups/<string:group_id>/participants")
    @api_endpoint
    def list_participants(self, request, group_id):
        principal = self.authenticate(request)
        return json_response(200, self._store().participants(reading_scope(principal), parse_id(group_id, "group")))

    @http("POST", "/groups/<string:group_id>/participants")
    @api_endpoint
    def enroll(self, request, group_id):
        return self._group_write(request, group_id, ParticipantCreateSchema(), GroupStore.enroll)

    @http("POST", "/groups/<string:group_id>/sessions")
    @api_endpoint
    def hold_session(self, request, group_id):
        return self._group_write(request, group_id, SessionCreateSchema(), GroupStore.hold_session)

    @http("POST", "/groups/<string:group_id>/surveys")
    @api_endpoint
    def submit_survey(self, request, group_id):
        return self._group_write(request, group_id, SurveyCreateSchema(), GroupStore.submit_survey)

    @http("POST", "/groups/<string:group_id>/feedback")
    @api_endpoint
    def submit_feedback(self, request, group_id):
        return self._group_write(request, group_id, FeedbackCreateSchema(), GroupStore.submit_feedback)

    @http("POST", "/groups/<string:group_id>/end")
    @api_endpoint
    def end_group(self, request, group_id):
        return self._group_write(request, group_id, GroupEndSchema(), GroupStore.end)

    @http("GET", "/groups/openapi.json")
    @api_endpoint
    def openapi(self, request):
        return json_response(200, openapi_spec())
