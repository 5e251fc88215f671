"""OpenAPI of the assessment API, generated from its marshmallow schemas."""
from functools import lru_cache

from services.shared.openapi import new_spec, read_operation, write_operation

from services.assessment.schemas import (
    ClientCreateSchema, ClientDetailSchema, ClientQuerySchema, ClientSchema, DueListSchema, DueQuerySchema,
    FormCreateSchema, FormSchema, MeasurementCreateSchema, MeasurementSchema,
)


@lru_cache(maxsize=1)
def openapi_spec():
    spec = new_spec(
        "SOS Hub assessment API",
        "Clients, measurements (Kykyviisari, AVHV, ESY) and research forms (Liite 4) of a partner organisation.",
        {"ClientCreate": ClientCreateSchema, "Client": ClientSchema, "ClientDetail": ClientDetailSchema,
         "MeasurementCreate": MeasurementCreateSchema, "Measurement": MeasurementSchema,
         "FormCreate": FormCreateSchema, "Form": FormSchema, "DueList": DueListSchema},
    )
    spec.path(path="/assessment/clients", operations={
        "post": write_operation("Register a pseudonymous client", "ClientCreate", "201", "Client", "Registered.",
                                error_codes=("409",)),
    })
    spec.path(path="/assessment/clients/{client}", operations={
        "get": read_operation("A client with the rounds and forms recorded", "ClientDetail", "The client.",
                              params=[{"in": "path", "name": "client", "required": True, "schema": {"type": "string"}},
                                      {"in": "query", "schema": ClientQuerySchema}],
                              error_codes=("403", "404", "422")),
    })
    spec.path(path="/assessment/measurements", operations={
        "post": write_operation("Record a measurement round", "MeasurementCreate", "201", "Measurement",
                                "Stored; its event is on its way to the centre."),
    })
    spec.path(path="/assessment/forms", operations={
        "post": write_operation("Submit a research form", "FormCreate", "201", "Form",
                                "Stored; its event is on its way to the centre."),
    })
    spec.path(path="/assessment/followups/due", operations={
        "get": read_operation("Clients whose follow-up measurement is due", "DueList",
                              "Per partner, worker and instrument.",
                              params=[{"in": "query", "schema": DueQuerySchema}], error_codes=("403", "422")),
    })
    return spec.to_dict()
