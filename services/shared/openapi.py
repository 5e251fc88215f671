"""OpenAPI documents of the partner services, built with apispec from their
marshmallow schemas: the parts every service shares."""
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

ERROR_DESCRIPTIONS = {
    "400": "The body is not UTF-8 JSON, gives a key twice in an object, nests too deeply, or ended before its "
           "Content-Length.",
    "401": "Missing or unknown bearer token.",
    "403": "The token's role or partner may not do this.",
    "404": "No such record of this partner.",
    "409": "Conflicts with the record's state (e.g. already voided, group ended) or the Idempotency-Key was "
           "used for a different request.",
    "408": "The body stopped arriving (30 s without a byte); nothing was stored.",
    "413": "The body is larger than 256 KiB.",
    "415": "The body is not application/json.",
    "422": "Invalid fields (or Idempotency-Key); nothing was stored or published. Each field's messages; "
           "a value that looks like a henkilötunnus is never echoed.",
}
# Every write can meet these, whatever else its own rules add.
WRITE_ERRORS = ("400", "401", "403", "408", "409", "413", "415", "422")

IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^,\t\r\n]*$"},
    "description": "A retried request with the same key returns the first answer and publishes nothing new. "
                   "UTF-8 text without control characters, commas or a henkilötunnus, sent once.",
}


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code, e.g. validation_failed."})
    message = fields.String(required=True)
    field_errors = fields.Dict(
        data_key="fields", required=True,
        metadata={"description": "Each bad field's messages, nested like the body; empty when none."},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


def new_spec(title, description, schemas):
    """A spec with bearer security, the error schema and ``schemas``
    ({component name: marshmallow schema class}) registered."""
    spec = APISpec(title=title, version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin()],
                   info={"description": description})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorSchema)
    for name, schema in schemas.items():
        spec.components.schema(name, schema=schema)
    return spec


def errors(*codes):
    return {code: {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": "Error"}}}
            for code in sorted(set(codes))}


def ok(status, description, schema):
    return {status: {"description": description, "content": {"application/json": {"schema": schema}}}}


def write_operation(summary, body_schema, status, answer_schema, description, extra_params=(), error_codes=()):
    """A POST that validates a JSON body and honours Idempotency-Key."""
    return {
        "summary": summary,
        "security": [{"bearer": []}],
        "parameters": [*extra_params, IDEMPOTENCY_HEADER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": body_schema}}},
        "responses": {**ok(status, description, answer_schema), **errors(*WRITE_ERRORS, *error_codes)},
    }


def read_operation(summary, answer_schema, description, params=(), error_codes=()):
    return {
        "summary": summary,
        "security": [{"bearer": []}],
        "parameters": list(params),
        "responses": {**ok("200", description, answer_schema), **errors("401", *error_codes)},
    }


def path_id(name):
    return {"in": "path", "name": name, "required": True, "schema": {"type": "string", "format": "uuid"}}
