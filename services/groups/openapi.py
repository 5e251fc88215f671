"""OpenAPI of the group work API, generated from its marshmallow schemas."""
from functools import lru_cache

from services.shared.openapi import new_spec, path_id, read_operation, write_operation

from services.groups.schemas import (
    FeedbackCreateSchema, FeedbackSchema, GroupCreateSchema, GroupEndSchema, GroupListQuerySchema, GroupListSchema,
    GroupSchema, ParticipantCreateSchema, ParticipantListSchema, ParticipantSchema, SessionCreateSchema, SessionSchema,
    SurveyCreateSchema, SurveySchema,
)

GROUP_WRITES = [
    ("participants", "Enrol a participant (Liite 5 and 6 background)", "ParticipantCreate", "Participant"),
    ("sessions", "Record a session held; attendees must be enrolled", "SessionCreate", "Session"),
    ("surveys", "Submit an Elämänhallinta ja osallisuus survey (Liite 7)", "SurveyCreate", "Survey"),
    ("feedback", "Submit a participant's feedback", "FeedbackCreate", "Feedback"),
]


@lru_cache(maxsize=1)
def openapi_spec():
    spec = new_spec("SOS Hub group work API", "Groups (ryhmätoiminnot) of a partner organisation.", {
        "GroupCreate": GroupCreateSchema, "Group": GroupSchema, "GroupList": GroupListSchema,
        "ParticipantCreate": ParticipantCreateSchema, "Participant": ParticipantSchema,
        "ParticipantList": ParticipantListSchema,
        "SessionCreate": SessionCreateSchema, "Session": SessionSchema,
        "SurveyCreate": SurveyCreateSchema, "Survey": SurveySchema,
        "FeedbackCreate": FeedbackCreateSchema, "Feedback": FeedbackSchema, "GroupEnd": GroupEndSchema,
    })
    spec.path(path="/groups", operations={
        "post": write_operation("Start a group", "GroupCreate", "201", "Group", "Started."),
        "get": read_operation("The partner's groups with their composition", "GroupList", "Groups.",
                              params=[{"in": "query", "schema": GroupListQuerySchema}], error_codes=("403", "422")),
    })
    spec.path(path="/groups/{group_id}", operations={
        "get": read_operation("A group with its composition derived from enrolments", "Group", "The group.",
                              params=[path_id("group_id")], error_codes=("404",)),
    })
    spec.path(path="/groups/{group_id}/participants", operations={
        "get": read_operation("The group's participants (for attendance)", "ParticipantList", "Participants.",
                              params=[path_id("group_id")], error_codes=("404",)),
    })
    for suffix, summary, body, answer in GROUP_WRITES:
        spec.path(path=f"/groups/{{group_id}}/{suffix}", operations={
            "post": write_operation(summary, body, "201", answer, "Stored; its event is on its way to the centre.",
                                    extra_params=[path_id("group_id")], error_codes=("404", "409")),
        })
    spec.path(path="/groups/{group_id}/end", operations={
        "post": write_operation("End the group; nothing more can be added after it", "GroupEnd", "200", "Group",
                                "Ended.", extra_params=[path_id("group_id")], error_codes=("404", "409")),
    })
    return spec.to_dict()
