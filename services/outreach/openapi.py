"""OpenAPI of the outreach API, generated from its marshmallow schemas."""
from functools import lru_cache

from services.shared.openapi import new_spec, path_id, read_operation, write_operation

from services.outreach.schemas import VisitCreateSchema, VisitPageSchema, VisitQuerySchema, VisitSchema, VoidSchema


@lru_cache(maxsize=1)
def openapi_spec():
    spec = new_spec("SOS Hub outreach API", "Outreach visits (jalkautuminen) of a partner organisation.", {
        "VisitCreate": VisitCreateSchema, "Visit": VisitSchema, "VisitPage": VisitPageSchema, "Void": VoidSchema,
    })
    spec.path(path="/outreach/visits", operations={
        "post": write_operation("Record an outreach visit", "VisitCreate", "201", "Visit",
                                "Stored; its event is on its way to the centre."),
        "get": read_operation("List the partner's visits, newest first", "VisitPage", "A page of visits.",
                              params=[{"in": "query", "schema": VisitQuerySchema}], error_codes=("403", "422")),
    })
    spec.path(path="/outreach/visits/{visit_id}", operations={
        "get": read_operation("One visit", "Visit", "The visit.", params=[path_id("visit_id")], error_codes=("404",)),
    })
    spec.path(path="/outreach/visits/{visit_id}/void", operations={
        "post": write_operation("Void a visit recorded by mistake (publishes outreach.visit_voided)", "Void", "200",
                                "Visit", "Voided.", extra_params=[path_id("visit_id")], error_codes=("404", "409")),
    })
    return spec.to_dict()
