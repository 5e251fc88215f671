"""Requests about client feedback, read and answered: issuing a link (with
its QR code), and reading a client's answer from the page's form or as
JSON, with the errors each way gets."""
import os
from urllib.parse import parse_qsl

import segno

from services.shared.http import ApiError, error_response, read_json_object, validation_error
from services.shared.records import dump_stored
from services.shared.validation import HETU_MESSAGE, InvalidData, load
from services.shared.writes import commit

from services.assessment.feedback import LINKS
from services.assessment.feedback_page import page, retry_after
from services.assessment.schemas import FeedbackLinkSchema

# A filled-in form is well under a kilobyte.
MAX_FORM_BYTES = 16 * 1024
REFUSALS = {"unknown": (404, "link_not_found", "No such feedback link."),
            "used": (410, "link_used", "This feedback link has already been answered; each link answers once."),
            "expired": (410, "link_expired", "This feedback link has expired."),
            "too_many": (429, "too_many_attempts", "Too many links that do not work were tried from this address; "
                                                   "try again later.")}


def public_base_url(request):
    """Where clients reach the partner's feedback pages: the configured
    public address (behind the gateway), else the address this request used."""
    return (os.environ.get("SOSHUB_PUBLIC_URL") or request.host_url).rstrip("/")


def feedback_link_answer(store, outbox, data, write, request):
    token, document, event = store.new_link(write.partner, data)
    stored = dump_stored(FeedbackLinkSchema(), {**document, "url": None, "qr_svg": None}, link_id=document["_id"])
    status, answer = commit(store.database, outbox, write, 201, stored, [event],
                            lambda session: store.database[LINKS].insert_one(document, session=session))
    url = f"{public_base_url(request)}/feedback/{token}"
    qr = segno.make(url, error="m").svg_inline(scale=4, title="QR")
    return status, answer, {"url": url, "qr_svg": qr}


class FeedbackRequestError(Exception):
    def __init__(self, status, code, message, fields=None, given=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.given = given or {}

    def json_response(self):
        return error_response(self.status, self.code, self.message, self.fields)


def _form_answer(request):
    if (request.content_length or 0) > MAX_FORM_BYTES:
        raise FeedbackRequestError(413, "too_large", "unreadable")
    raw = request.stream.read(MAX_FORM_BYTES + 1)
    if len(raw) > MAX_FORM_BYTES:
        raise FeedbackRequestError(413, "too_large", "unreadable")
    try:
        # errors="strict": a percent-encoded byte that is not UTF-8 (or a
        # surrogate) would otherwise be stored as U+FFFD, where the same
        # text in JSON is refused.
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                          errors="strict", max_num_fields=64)
    except (UnicodeDecodeError, ValueError):
        raise FeedbackRequestError(400, "bad_form", "unreadable")
    given = dict(pairs)
    if len(given) != len(pairs):  # the page asks each question once; which of two answers would count?
        raise FeedbackRequestError(400, "bad_form", "unreadable")
    # ASCII digits only: str.isdigit() takes '²', which int() refuses.
    answers = {code: int(value) if value.isascii() and value.isdigit() and len(value) < 4 else value
               for code, value in given.items() if code != "comment" and value != ""}
    body = {"answers": answers}
    if given.get("comment", "").strip():
        body["comment"] = given["comment"]
    return given, body


def read_answer(request, schema):
    """(what the client filled in, valid data) or FeedbackRequestError."""
    given = {}
    try:
        if request.mimetype == "application/json":
            body = read_json_object(request)
        elif request.mimetype == "application/x-www-form-urlencoded":  # the page's form
            given, body = _form_answer(request)
        else:
            raise FeedbackRequestError(415, "unsupported_media_type",
                                       "Send the page's form or application/json.")
        return given, load(schema, body)
    except ApiError as exc:
        raise FeedbackRequestError(exc.status, exc.code, exc.message, exc.fields, given)
    except InvalidData as exc:
        err = validation_error(exc.fields)
        if HETU_MESSAGE in exc.fields.get("comment", []):
            # An identity code is never echoed, not even to whoever typed it.
            given = {key: value for key, value in given.items() if key != "comment"}
        raise FeedbackRequestError(err.status, err.code, err.message, err.fields, given)


def page_errors(exc):
    """The page's words for what was wrong (the keys of its text table)."""
    if exc.status != 422:
        return ["unreadable"]
    messages = []
    comment = exc.fields.get("comment") or []
    if HETU_MESSAGE in comment:
        messages.append("hetu")
    elif any("Longer than" in m for m in comment):
        messages.append("too_long")
    elif comment:
        messages.append("text")
    if "_schema" in exc.fields:
        messages.append("missing")
    if "answers" in exc.fields or set(exc.fields) - {"comment", "_schema"}:
        messages.append("unreadable")
    return messages or ["unreadable"]


def refusal(reason, as_json, lang):
    if as_json:
        status, code, message = REFUSALS[reason]
        return error_response(status, code, message, headers=retry_after(reason))
    return page(reason, lang)
