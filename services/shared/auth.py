"""Bearer tokens map to a partner and a role through the JSON file named by
``SOSHUB_TOKENS_FILE``: ``{"<token>": {"partner": "kainuu", "role": "worker"}}``.
A token whose key is ``sha256:<hex>`` is matched by the hash of the token,
so production files need not hold plain tokens."""
import hashlib
import hmac
import json
import os
from dataclasses import dataclass

ROLES = ("worker", "coordinator")


@dataclass(frozen=True)
class Principal:
    partner: str | None
    role: str
    worker: str | None = None  # set for a worker logged in to the app, never for a token

    @property
    def is_coordinator(self):
        return self.role == "coordinator"


class TokenFileError(Exception):
    pass


class TokenRegistry:
    """Reads the tokens file, and reads it again when it changes, so that
    revoking a token needs no restart."""

    def __init__(self, path):
        self.path = path
        self._mtime = None
        self._plain = {}
        self._hashed = {}

    def _reload_if_changed(self):
        if not self.path:
            raise TokenFileError("SOSHUB_TOKENS_FILE is not set")
        mtime = os.stat(self.path).st_mtime_ns
        if mtime == self._mtime:
            return
        with open(self.path, encoding="utf-8") as handle:
            raw = json.load(handle)
        plain, hashed = {}, {}
        for key, entry in raw.items():
            role = entry.get("role")
            if role not in ROLES:
                raise TokenFileError(f"unknown role {role!r} in {self.path}")
            principal = Principal(partner=entry.get("partner"), role=role)
            if role == "worker" and not principal.partner:
                raise TokenFileError(f"a worker token needs a partner in {self.path}")
            if key.startswith("sha256:"):
                hashed[key[len("sha256:"):].lower()] = principal
            else:
                plain[key] = principal
        self._plain, self._hashed, self._mtime = plain, hashed, mtime

    def lookup(self, token):
        """The principal of ``token``, or None."""
        if not token:
            return None
        self._reload_if_changed()
        for known, principal in self._plain.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return principal
        digest = hashlib.sha256(token.encode()).hexdigest()
        return self._hashed.get(digest)


def bearer_token(authorization_header):
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None
