"""The PRO SOS demo data set (eight partners, 2016-08 – 2019-07) and what
the centre should hold once it has received it, counted from the calls.

The seeds give no PRO SOS figures (only its partners, aims and ways of
working): every figure here is invented, plausible and deterministic, so
that the PRO SOS dashboard, region reports and social reports show real
figures. ISO SOS's data set (``dataset``) reproduces its final report."""
from deploy.demo.dataset import reach_of
from deploy.demo.prosos_assessment import assessment_calls
from deploy.demo.prosos_feedback import feedback_calls
from deploy.demo.prosos_groups import groups_calls
from deploy.demo.prosos_outreach import outreach_calls

PROJECT = "pro-sos"


def prosos_dataset():
    outreach, outreach_expected = outreach_calls()
    assessment, assessment_expected = assessment_calls()
    groups, groups_expected = groups_calls()
    calls = outreach + assessment + groups + feedback_calls()
    return calls, {"outreach": outreach_expected, "assessment": assessment_expected, "groups": groups_expected,
                   "reach": reach_of(calls)}
