"""OpenAPI of the assessment API, generated from its marshmallow schemas."""
from functools import lru_cache

from services.shared.openapi import errors, new_spec, ok, read_operation, write_operation

from services.assessment.schemas import (
    ClientCreateSchema, ClientDetailSchema, ClientQuerySchema, ClientSchema, DueListSchema, DueQuerySchema,
    FeedbackAnswerSchema, FeedbackLinkCreateSchema, FeedbackLinkSchema, FeedbackThanksSchema, FormCreateSchema,
    FormSchema, MeasurementCreateSchema, MeasurementSchema,
)

TOKEN = {"in": "path", "name": "token", "required": True, "schema": {"type": "string"},
         "description": "The link's secret, as in the url a worker got."}
LANG = {"in": "query", "name": "lang", "required": False, "schema": {"type": "string", "enum": ["fi", "sv", "en"]}}
REFUSED = {"404": "No such link.", "410": "The link was already answered, or has expired.",
           "429": "Too many links that do not work were tried from this address."}


def _page(description):
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _refusals(content):
    return {code: {"description": text, "content": content} for code, text in REFUSED.items()}


@lru_cache(maxsize=1)
def openapi_spec():
    spec = new_spec(
        "SOS Hub assessment API",
        "Clients, measurements (Kykyviisari, AVHV, ESY) and research forms (Liite 4) of a partner organisation.",
        {"ClientCreate": ClientCreateSchema, "Client": ClientSchema, "ClientDetail": ClientDetailSchema,
         "MeasurementCreate": MeasurementCreateSchema, "Measurement": MeasurementSchema,
         "FormCreate": FormCreateSchema, "Form": FormSchema, "DueList": DueListSchema,
         "FeedbackLinkCreate": FeedbackLinkCreateSchema, "FeedbackLink": FeedbackLinkSchema,
         "FeedbackAnswer": FeedbackAnswerSchema, "FeedbackThanks": FeedbackThanksSchema},
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
    spec.path(path="/assessment/feedback-links", operations={
        "post": write_operation("Issue a one-time client feedback link for an encounter", "FeedbackLinkCreate",
                                "201", "FeedbackLink", "Issued: give the url or the QR code to the client. "
                                "It works once, for 14 days, without login."),
    })
    spec.path(path="/feedback/{token}", operations={
        "get": {"summary": "The client's feedback page (no login)", "security": [], "parameters": [TOKEN, LANG],
                "responses": {"200": _page("The form."), **_refusals({"text/html": {"schema": {"type": "string"}}}),
                              "503": _page("Could not be handled now; the link still works.")}},
        "post": {"summary": "Answer a feedback link (no login); the page posts a form, integrations JSON",
                 "security": [], "parameters": [TOKEN, LANG],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": "FeedbackAnswer"}}},
                 "responses": {**ok("201", "Stored; the link is used up.", "FeedbackThanks"),
                               **_refusals({"application/json": {"schema": "Error"}}),
                               **errors("400", "408", "413", "422"),
                               "415": _page("Neither the page's form nor JSON: the form again, unanswered."),
                               "503": _page("Could not be handled now; the link still works.")}},
    })
    return spec.to_dict()
