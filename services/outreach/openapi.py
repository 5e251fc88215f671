"""OpenAPI of the outreach API, generated from its marshmallow schemas."""
from functools import lru_cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from services.outreach.schemas import (
    ErrorSchema, VisitCreateSchema, VisitPageSchema, VisitQuerySchema, VisitSchema, VoidSchema,
)

ERRORS = {
    "401": "Missing or unknown bearer token.",
    "403": "The token's role or partner may not do this.",
    "422": "Invalid fields; nothing was stored or published.",
}


def _error_responses(*codes):
    return {code: {"description": ERRORS[code], "content": {"application/json": {"schema": "Error"}}}
            for code in codes}


IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 200},
    "description": "A retried request with the same key returns the first answer and publishes nothing new.",
}


@lru_cache(maxsize=1)
def openapi_spec():
    spec = APISpec(
        title="SOS Hub outreach API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Outreach visits (jalkautuminen) of a partner organisation."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.schema("VisitCreate", schema=VisitCreateSchema)
    spec.components.schema("Visit", schema=VisitSchema)
    spec.components.schema("VisitPage", schema=VisitPageSchema)
    spec.components.schema("Void", schema=VoidSchema)
    visit_id = {"in": "path", "name": "visit_id", "required": True, "schema": {"type": "string", "format": "uuid"}}
    spec.path(
        path="/outreach/visits",
        operations={
            "post": {
                "summary": "Record an outreach visit",
                "security": [{"bearer": []}],
                "parameters": [IDEMPOTENCY_HEADER],
                "requestBody": {"required": True, "content": {"application/json": {"schema": "VisitCreate"}}},
                "responses": {
                    "201": {"description": "Stored; its event is on its way to the centre.",
                            "content": {"application/json": {"schema": "Visit"}}},
                    **_error_responses("401", "403", "422"),
                },
            },
            "get": {
                "summary": "List the partner's visits, newest first",
                "security": [{"bearer": []}],
                "parameters": [{"in": "query", "schema": VisitQuerySchema}],
                "responses": {
                    "200": {"description": "A page of visits.", "content": {"application/json": {"schema": "VisitPage"}}},
                    **_error_responses("401", "403", "422"),
                },
            },
        },
    )
    spec.path(
        path="/outreach/visits/{visit_id}",
        operations={"get": {
            "summary": "One visit",
            "security": [{"bearer": []}],
            "parameters": [visit_id],
            "responses": {"200": {"description": "The visit.", "content": {"application/json": {"schema": "Visit"}}},
                          "404": {"description": "No such visit of this partner."}, **_error_responses("401")},
        }},
    )
    spec.path(
        path="/outreach/visits/{visit_id}/void",
        operations={"post": {
            "summary": "Void a visit recorded by mistake (publishes outreach.visit_voided)",
            "security": [{"bearer": []}],
            "parameters": [visit_id, IDEMPOTENCY_HEADER],
            "requestBody": {"required": True, "content": {"application/json": {"schema": "Void"}}},
            "responses": {
                "200": {"description": "Voided.", "content": {"application/json": {"schema": "Visit"}}},
                "404": {"description": "No such visit of this partner."},
                "409": {"description": "Already voided."},
                **_error_responses("401", "403", "422"),
            },
        }},
    )
    return spec.to_dict()
