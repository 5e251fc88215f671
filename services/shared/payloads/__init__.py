"""Payload schemas of the events, shared by the producing service (which
builds its API schemas on them) and the centre's ingest (which validates
what arrives), keyed by (event_type, schema_version)."""
from services.shared.payloads import assessment, feedback, groups, outreach

PAYLOAD_SCHEMAS = {
    ("outreach.visit_recorded", 1): outreach.VisitRecordedPayload,
    ("outreach.visit_voided", 1): outreach.VisitVoidedPayload,
    ("assessment.client_registered", 1): assessment.ClientRegisteredPayload,
    ("assessment.measurement_recorded", 1): assessment.MeasurementRecordedPayload,
    ("assessment.form_submitted", 1): assessment.FormSubmittedPayload,
    ("groups.group_started", 1): groups.GroupStartedPayload,
    ("groups.participant_enrolled", 1): groups.ParticipantEnrolledPayload,
    ("groups.session_held", 1): groups.SessionHeldPayload,
    ("groups.survey_submitted", 1): groups.SurveySubmittedPayload,
    ("groups.feedback_submitted", 1): groups.FeedbackSubmittedPayload,
    ("groups.group_ended", 1): groups.GroupEndedPayload,
    ("assessment.feedback_link_issued", 1): feedback.FeedbackLinkIssuedPayload,
    ("assessment.feedback_given", 1): feedback.FeedbackGivenPayload,
}
