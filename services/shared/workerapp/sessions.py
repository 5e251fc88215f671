"""Sessions of the worker app: a random token in an HttpOnly, SameSite=Strict
cookie, stored only as its hash; each session has its own CSRF token, which
every state-changing request sends back in a header (synchronizer token).
Sessions expire and are revoked at logout and when an account is disabled."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from pymongo import ASCENDING

from services.shared.auth import Principal
from services.shared.envelope import utcnow

SESSIONS = "sessions"
SESSION_COOKIE = "soshub_session"
CSRF_COOKIE = "soshub_csrf"
CSRF_HEADER = "X-CSRF-Token"
LIFETIME = timedelta(hours=12)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_session_indexes(database):
    database[SESSIONS].create_index("expires_at", expireAfterSeconds=0)
    database[SESSIONS].create_index([("username", ASCENDING)])


class SessionStore:
    def __init__(self, database, lifetime=LIFETIME):
        self.database = database
        self.lifetime = lifetime

    def create(self, account):
        """A new session of ``account``: (token, csrf token, expires_at)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = utcnow()
        expires_at = now + self.lifetime
        self.database[SESSIONS].insert_one({
            "_id": _digest(token), "username": account.username, "partner": account.partner,
            "role": account.role, "csrf": csrf, "created_at": now, "expires_at": expires_at,
        })
        return token, csrf, expires_at

    def find(self, token):
        """The live session document of ``token``, or None. Expired sessions
        are refused here, not only when MongoDB's TTL monitor removes them."""
        if not token:
            return None
        session = self.database[SESSIONS].find_one({"_id": _digest(token)})
        if session is None or session["expires_at"] <= utcnow():
            return None
        return session

    def revoke(self, token):
        self.database[SESSIONS].delete_one({"_id": _digest(token)})

    def revoke_user(self, username):
        return self.database[SESSIONS].delete_many({"username": username}).deleted_count


def session_principal(session):
    # The worker app's users record as workers of their partner; the account's
    # admin role is about managing the instance, not reading other partners.
    return Principal(partner=session["partner"], role="worker", worker=session["username"])


def csrf_ok(session, request):
    if request.method in SAFE_METHODS:
        return True
    sent = request.headers.get(CSRF_HEADER, "")
    return bool(sent) and hmac.compare_digest(sent.encode(), session["csrf"].encode())
