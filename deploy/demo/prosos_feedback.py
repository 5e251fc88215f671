"""The PRO SOS client feedback of the demo (asiakaspalautejärjestelmän
kehittäminen, seeds 003): one-time feedback links issued by workers and
the answers clients send through them.

A hook, empty for now: the feedback instrument is being built beside the
rest of the PRO SOS demo. Its calls go here, in the order they are sent
(a link's call with ``remember=(name, field)``, then the client's answer
on a path naming it, with ``public=True`` so that it goes without the
worker's token), and ``prosos_dataset`` sends them after the group work."""


def feedback_calls(seed=2019):
    """The feedback calls (ApiCall), deterministic for ``seed``."""
    return []
