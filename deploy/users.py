"""``soshub users``: a partner admin manages the worker app's accounts in the
instance's database (MONGO_URL and SOSHUB_DB_PREFIX, as the services use).

pymongo is imported only when a command runs: ``soshub services`` must
patch with eventlet before pymongo is first imported."""
import getpass
import json
import secrets
import sys

DEMO_LOGINS = "demo-logins.json"


def accounts_database(settings=None):
    from services.shared.mongo import connect
    from services.shared.settings import Settings

    settings = settings or Settings()
    client = connect(settings.mongo_url)
    return client, client[settings.database("accounts")]


def _read_password(args):
    """The password, or None when the two typed differ."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    return password if getpass.getpass("Again: ") == password else None


def cmd_users(args):
    from services.shared.workerapp.accounts import AccountError, AccountStore
    from services.shared.workerapp.sessions import SessionStore

    client, database = accounts_database()
    try:
        store = AccountStore(database)
        if args.users_command == "add":
            password = _read_password(args)
            if password is None:
                raise AccountError("the passwords differ")
            account = store.add(args.partner, args.username, password, args.role)
            print(f"added {account.username} ({account.role} of {account.partner})")
        elif args.users_command == "disable":
            store.set_disabled(args.username)
            ended = SessionStore(database).revoke_user(args.username)
            print(f"disabled {args.username}; ended {ended} session(s)")
        elif args.users_command == "enable":
            store.set_disabled(args.username, False)
            print(f"enabled {args.username}")
        else:
            print(f"{'username':<24} {'partner':<14} {'role':<7} status")
            for account in store.list():
                print(f"{account.username:<24} {account.partner:<14} {account.role:<7} "
                      f"{'disabled' if account.disabled else 'active'}")
    except AccountError as exc:
        print(f"soshub users: {exc}", file=sys.stderr)
        return 2
    finally:
        client.close()
    return 0


def add_parser(sub):
    users = sub.add_parser("users", help="worker app accounts of this partner instance (MONGO_URL)")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="add a worker (the username is the pseudonym on their records)")
    add.add_argument("--partner", required=True, help="the partner organisation, e.g. kainuu")
    add.add_argument("--username", required=True, help="a pseudonym such as kainuu-sw-07, not a name")
    add.add_argument("--role", choices=["worker", "admin"], default="worker")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    disable = users_sub.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("username")
    enable = users_sub.add_parser("enable", help="enable a disabled account again")
    enable.add_argument("username")
    users_sub.add_parser("list", help="list the accounts")
    users.set_defaults(func=cmd_users)


def ensure_demo_logins(workdir, mongo_url, db_prefix, partners):
    """A demo worker per partner, with a password made once and kept in the
    work directory (never committed), so the printed login keeps working."""
    from services.shared.settings import Settings
    from services.shared.workerapp.accounts import AccountStore

    path = workdir / DEMO_LOGINS
    logins = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for partner in partners:
        logins.setdefault(partner, {"username": f"{partner}-demo", "password": secrets.token_urlsafe(12)})
    path.write_text(json.dumps(logins, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)
    client, database = accounts_database(Settings(mongo_url=mongo_url, db_prefix=db_prefix))
    try:
        store = AccountStore(database)
        for partner, login in logins.items():
            if store.get(login["username"]) is None:
                store.add(partner, login["username"], login["password"])
    finally:
        client.close()
    return logins
