"""Worker accounts of a partner instance, kept in its own database
(``<prefix>_accounts``). Passwords are argon2id hashes; failed logins are
counted per username and per client address so that guessing is slow."""
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from marshmallow import ValidationError
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.envelope import utcnow
from services.shared.payloads.common import PSEUDONYM

ACCOUNTS = "accounts"
LOGIN_FAILURES = "login_failures"
ROLES = ("worker", "admin")
MIN_PASSWORD_LENGTH = 10
# At most this many failed logins per username (and per address) in the window.
MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified when the username is unknown, so that the answer takes as long.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    pass


class TooManyAttempts(Exception):
    def __init__(self, retry_after):
        super().__init__("too many failed logins")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Account:
    username: str
    partner: str
    role: str
    disabled: bool

    @property
    def worker(self):
        """The pseudonym recorded on this worker's visits, measurements and
        sessions: the username, which is itself a pseudonym."""
        return self.username


def _account(document):
    return Account(document["_id"], document["partner"], document["role"], document.get("disabled", False))


def ensure_account_indexes(database):
    database[LOGIN_FAILURES].create_index([("key", ASCENDING), ("at", ASCENDING)])
    database[LOGIN_FAILURES].create_index("at", expireAfterSeconds=int(FAILURE_WINDOW.total_seconds()))


def check_username(username):
    try:
        PSEUDONYM(username)
    except ValidationError:
        raise AccountError("A username is a pseudonym of 1-64 letters, digits or _ . : - (it is recorded as "
                           "the worker on every record, so use e.g. kainuu-sw-07, not a name).")


def _call(function, *args):
    return function(*args)


class AccountStore:
    def __init__(self, database, run_hasher=_call):
        self.database = database
        # argon2 takes tens of milliseconds of CPU: a service under eventlet
        # runs it in a real thread (tpool) so other requests go on meanwhile.
        self.run_hasher = run_hasher

    def add(self, partner, username, password, role="worker"):
        check_username(username)
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if not partner or not PSEUDONYM.regex.match(partner):
            raise AccountError("give the partner id, e.g. kainuu")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        try:
            self.database[ACCOUNTS].insert_one({
                "_id": username, "partner": partner, "role": role, "disabled": False,
                "password_hash": _hasher.hash(password), "created_at": utcnow(),
            })
        except DuplicateKeyError:
            raise AccountError(f"user {username} exists")
        return self.get(username)

    def get(self, username):
        document = self.database[ACCOUNTS].find_one({"_id": username})
        return None if document is None else _account(document)

    def set_disabled(self, username, disabled=True):
        result = self.database[ACCOUNTS].update_one({"_id": username}, {"$set": {"disabled": disabled}})
        if result.matched_count == 0:
            raise AccountError(f"no user {username}")

    def list(self):
        return [_account(doc) for doc in self.database[ACCOUNTS].find().sort([("partner", 1), ("_id", 1)])]

    @staticmethod
    def _user_key(username):
        # A digest, not the name as typed: someone may type anything there,
        # an identity code too, and a failure is kept for the window.
        return "user:" + hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()

    def _failures(self, key, since):
        return self.database[LOGIN_FAILURES].count_documents({"key": key, "at": {"$gte": since}})

    def authenticate(self, username, password, address):
        """The account if the password is right and the account enabled,
        else None; raises TooManyAttempts while the username or address
        has too many recent failures."""
        now = utcnow()
        since = now - FAILURE_WINDOW
        keys = {self._user_key(username): MAX_FAILURES, f"addr:{address}": MAX_FAILURES_PER_ADDRESS}
        # The attempt is counted as a failure before the password is checked
        # (which takes a while): counted after, guesses sent at once all
        # passed the count first, 14 of 30 where 5 may.
        attempt = self.database[LOGIN_FAILURES].insert_many([{"key": key, "at": now} for key in keys]).inserted_ids
        for key, limit in keys.items():
            if self._failures(key, since) > limit:
                self._forget(attempt)  # a refused attempt does not prolong the wait
                raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds()))
        document = self.database[ACCOUNTS].find_one({"_id": username}) if isinstance(username, str) else None
        try:
            self.run_hasher(_hasher.verify, document["password_hash"] if document else _DUMMY_HASH, password)
            ok = document is not None and not document.get("disabled", False)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            return None  # the attempt stays counted
        self._forget(attempt)
        if _hasher.check_needs_rehash(document["password_hash"]):
            self.database[ACCOUNTS].update_one({"_id": username},
                                               {"$set": {"password_hash": _hasher.hash(password)}})
        self.database[LOGIN_FAILURES].delete_many({"key": self._user_key(username)})
        return _account(document)

    def _forget(self, attempt):
        self.database[LOGIN_FAILURES].delete_many({"_id": {"$in": attempt}})
