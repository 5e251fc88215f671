"""The worker web app of a partner instance: accounts, sessions and the
forms (served under ``/app/`` on the partner API's origin)."""
