"""The command line: `python -m portal …`. Its commands, arguments and output are a stable interface.

Every command honours `DATABASE_URL`. Errors a person can fix are printed as one line on stderr with
exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from tqdm import tqdm

from portal.accounts import AccountError, create_user
from portal.boston311 import MalformedFileError
from portal.config import load_settings
from portal.db import make_engine, session_factory, transaction, upgrade
from portal.importer import import_311
from portal.models import Role
from portal.passwords import WeakPasswordError
from portal.permissions import SYSTEM
from portal.stats import report_stats


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m portal", description="Civic Portal administration.")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply schema migrations (no data is loaded)")

    imp = commands.add_parser("import-311", help="load a City of Boston 311 CSV (.csv or .csv.gz)")
    imp.add_argument("path", type=Path, help="the CSV file")
    imp.add_argument("--rejects", type=Path, help="write refused rows here, with a reason each")

    stats = commands.add_parser("stats", help="report counts")
    stats.add_argument("--json", action="store_true", help="print one JSON object")

    user = commands.add_parser("create-user", help="create an account (asks for its password)")
    user.add_argument("--role", required=True, choices=[role.value for role in Role])
    user.add_argument("--username", required=True)
    user.add_argument("--email", required=True)
    user.add_argument("--display-name", help="defaults to the username")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = make_engine(load_settings().database_url)
    try:
        if args.command == "db":
            upgrade(engine)
            print("Database schema is up to date.")
        elif args.command == "import-311":
            run_import(engine, args.path, args.rejects)
        elif args.command == "stats":
            upgrade(engine)
            with session_factory(engine)() as session:
                print_stats(report_stats(session), as_json=args.json)
        elif args.command == "create-user":
            run_create_user(engine, args)
    except (MalformedFileError, AccountError, WeakPasswordError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def run_import(engine, path: Path, rejects: Path | None) -> None:
    if not path.is_file():
        raise MalformedFileError(f"{path} does not exist or is not a file.")
    upgrade(engine)
    with tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc="importing") as bar:

        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        summary = import_311(engine, path, rejects, progress)
    print("\n".join(summary.lines()))
    if rejects is not None and summary.rejected:
        print(f"refused rows written to {rejects}")


def run_create_user(engine, args: argparse.Namespace) -> None:
    """Bootstrap accounts without the UI; the password never appears in arguments or output."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise AccountError("The two passwords differ; nothing was created.")
    upgrade(engine)
    with transaction(engine) as session:
        user = create_user(session, SYSTEM, args.username, args.email, args.display_name or args.username,
                           args.role, password)  # fmt: skip
        print(f"Created {user.role} account {user.username!r}.")


def print_stats(stats: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats))
        return
    print(f"reports: {stats['total']}")
    for title in ("by_status", "by_neighborhood"):
        print(f"\n{title.replace('_', ' ')}:")
        for key, count in stats[title].items():
            print(f"  {count:>8}  {key}")
