"""The command line: `python -m portal …`. Its commands, arguments and output are a stable interface.

Every command honours `DATABASE_URL`. Errors a person can fix are printed as one line on stderr with
exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portal.config import load_settings, mail_settings, open311_sync_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

REJECTS_SHOWN = 20  # refused rows listed by bump-ingest; a page of them is enough to fix a file


class UsageError(Exception):
    """The arguments parse but do not make a command; said as argparse says its own (usage, exit 2)."""


@dataclass(frozen=True)
class Command:
    """One command: its line in `--help`, its arguments, and what it does.

    Only the named command's arguments are added and only its handler imports what it needs, so
    `--help` and a light command do not pay for pandas, scikit-learn or SQLAlchemy's models first.
    """

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int | None]  # the exit status when not 0


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    pass


def _db_arguments(db: argparse.ArgumentParser) -> None:
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply schema migrations (no data is loaded)")
    db_commands.add_parser("prepare", help="what the portal does before serving (`make run` runs it first): "
                           "migrate, load the demo sample into an empty database, demo accounts in demo mode")  # fmt: skip


def _import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("path", type=Path, help="the CSV file")
    imp.add_argument("--rejects", type=Path, help="write refused rows here, with a reason each")


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _user_arguments(user: argparse.ArgumentParser) -> None:
    from portal.accounts.models import Role

    user.add_argument("--role", required=True, choices=[role.value for role in Role])
    user.add_argument("--username", required=True)
    user.add_argument("--email", required=True)
    user.add_argument("--display-name", help="defaults to the username")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def _api_key_arguments(api_key: argparse.ArgumentParser) -> None:
    api_key_commands = api_key.add_subparsers(dest="api_key_command", required=True)
    issue = api_key_commands.add_parser("issue", help="issue a key to an account; the key is the last line printed")
    issue.add_argument("--username", required=True, help="the account whose reports the key files")
    issue.add_argument("--label", default="Issued from the command line", help="who uses it (default: %(default)s)")


def _bump_detect_arguments(bump: argparse.ArgumentParser) -> None:
    from portal.streetbump.clustering import Rules

    bump.add_argument("path", type=Path, help="sensor readings or jolt events (told apart by the header)")
    bump.add_argument("--min-devices", type=_at_least_one, default=Rules().min_devices, metavar="K",
                      help="passes needed at one spot (default %(default)s)")  # fmt: skip
    bump.add_argument("--json", action="store_true", help="print one JSON list")


def _bump_ingest_arguments(bump_ingest: argparse.ArgumentParser) -> None:
    bump_ingest.add_argument("path", type=Path, help="sensor readings or jolt events")


def _device_token_arguments(device: argparse.ArgumentParser) -> None:
    device_commands = device.add_subparsers(dest="device_token_command", required=True)
    device_issue = device_commands.add_parser("issue", help="register a fleet device; the token is the last line")
    device_issue.add_argument("--label", required=True, help="which device, e.g. 'Public Works truck 12'")


def _serve_arguments(open311: argparse.ArgumentParser) -> None:
    open311.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    open311.add_argument("--port", type=int, default=8311, help="port to listen on (default %(default)s)")


def _sync_arguments(sync: argparse.ArgumentParser) -> None:
    sync.add_argument("--once", action="store_true", help="one pass (send what is due, poll), then exit")


def _export_arguments(export: argparse.ArgumentParser) -> None:
    from portal.open311.export import FORMATS

    export.add_argument("--format", required=True, choices=FORMATS, dest="export_format")
    export.add_argument("--out", required=True, type=Path, help="the file to write (replaced when complete)")


def _train_triage_arguments(train_triage: argparse.ArgumentParser) -> None:
    train_triage.add_argument("--csv", type=Path, help="a labelled CSV (default: build the shipped model "
                              "from ../shared/data/triage/)")  # fmt: skip
    train_triage.add_argument("--text", help="the CSV's text column")
    train_triage.add_argument("--label", help="the CSV's label column")
    train_triage.add_argument("--out", required=True, type=Path, help="the model file to write")


def _triage_arguments(triage: argparse.ArgumentParser) -> None:
    triage.add_argument("--model", type=Path, help="model file (default: data/triage_model.skops)")
    triage.add_argument("--k", type=_at_least_one, default=5, help="types per line (default %(default)s)")
    triage.add_argument("--jsonl", action="store_true", help='one JSON list of {"type", "score"} per line')


def _gazetteer_arguments(gazetteer: argparse.ArgumentParser) -> None:
    gazetteer.add_argument("--from", dest="sources", type=Path, action="append",
                           help="a Boston 311 CSV, any layout (repeatable; default: ../shared/data/boston311/)")  # fmt: skip
    gazetteer.add_argument("--out", required=True, type=Path, help="the .csv.gz file to write")


def _geocode_arguments(geocode: argparse.ArgumentParser) -> None:
    geocode.add_argument("text", nargs="?", help='e.g. "86 Annunciation Rd, Mission Hill"')
    geocode_output = geocode.add_mutually_exclusive_group()
    geocode_output.add_argument("--json", action="store_true", help='print {"lat", "lon", "address"} or null')
    geocode_output.add_argument("--jsonl", action="store_true", help="addresses from stdin, a JSON line each")


def _reverse_arguments(reverse: argparse.ArgumentParser) -> None:
    reverse.add_argument("lat", nargs="?", type=float)
    reverse.add_argument("lon", nargs="?", type=float)
    reverse_output = reverse.add_mutually_exclusive_group()
    reverse_output.add_argument("--json", action="store_true", help='print {"address"} or null')
    reverse_output.add_argument("--jsonl", action="store_true", help="LAT LON lines from stdin, JSON each")


def _outbox_arguments(mail: argparse.ArgumentParser) -> None:
    mail_commands = mail.add_subparsers(dest="outbox_command", required=True)
    mail_run = mail_commands.add_parser("run", help="deliver through PORTAL_SMTP_URL (`make run` starts it)")
    mail_run.add_argument("--once", action="store_true", help="send what is due now, then exit")
    mail_commands.add_parser("status", help="messages per status (pending, failed, …)")
    mail_commands.add_parser("digest", help="build today's digests now (personal and per department)")


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def build_parser(named: str) -> argparse.ArgumentParser:
    """Every command in `--help`; the arguments of the `named` one alone."""
    parser = argparse.ArgumentParser(prog="python -m portal", description="Civic Portal administration.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help)
        if name == named:
            command.arguments(sub)
    return parser


def _named_command(argv: list[str]) -> str:
    """The command a command line names: its first word that is not an option (the top level has no
    option that takes a value)."""
    return next((word for word in argv if not word.startswith("-")), "")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(_named_command(argv))
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args) or 0
    except UsageError as error:
        parser.error(str(error))
    except Exception as error:
        if not isinstance(error, _fixable_errors()):
            raise
        print(f"error: {error}", file=sys.stderr)
        return 2


def _fixable_errors() -> tuple[type[Exception], ...]:
    """What a person can fix (a bad file, a weak password, a missing setting): one line, exit 2. Imported
    only once something went wrong, so that no command imports every other command's modules."""
    from portal.accounts.passwords import WeakPasswordError
    from portal.accounts.users import AccountError
    from portal.imports.boston311 import MalformedFileError
    from portal.open311.keys import ApiKeyError
    from portal.open311.routing import RoutingError
    from portal.startup import StartupRefused
    from portal.streetbump.devices import DeviceTokenError
    from portal.triage.dataset import TriageError

    return (MalformedFileError, AccountError, WeakPasswordError, TriageError, StartupRefused, ApiKeyError,
            DeviceTokenError, RoutingError, OSError)  # fmt: skip


def _engine() -> Engine:
    from portal.db import make_engine

    return make_engine(load_settings().database_url)


def run_db(args: argparse.Namespace) -> None:
    if args.db_command == "prepare":
        run_prepare()
        return
    from portal.db import upgrade

    upgrade(_engine())
    print("Database schema is up to date.")


def run_stats(args: argparse.Namespace) -> None:
    from portal.db import session_factory, upgrade
    from portal.reports.stats import report_stats

    engine = _engine()
    upgrade(engine)
    with session_factory(engine)() as session:
        print_stats(report_stats(session), as_json=args.json)


def run_serve_open311(args: argparse.Namespace) -> None:
    from portal.db import upgrade
    from portal.open311.app import serve

    engine = _engine()
    upgrade(engine)
    serve(engine, args.host, args.port)


def run_export(args: argparse.Namespace) -> None:
    from portal.db import upgrade
    from portal.open311.export import export_file

    engine = _engine()
    upgrade(engine)
    count = export_file(engine, args.export_format, args.out)
    print(f"{count} reports written to {args.out}")


def run_import(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from portal.analytics.summary import refresh
    from portal.db import transaction, upgrade
    from portal.imports.boston311 import MalformedFileError
    from portal.imports.importer import import_311

    path, rejects = args.path, args.rejects
    if not path.is_file():
        raise MalformedFileError(f"{path} does not exist or is not a file.")
    engine = _engine()
    upgrade(engine)
    with tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc="importing") as bar:

        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        summary = import_311(engine, path, rejects, progress)
    print("\n".join(summary.lines()))
    if rejects is not None and summary.rejected:
        print(f"refused rows written to {rejects}")
    with transaction(engine) as session:
        days = refresh(session)
    print(f"dashboard summary: {days} {'day' if days == 1 else 'days'} recounted")


def run_prepare() -> None:
    """The slow first start (the demo import) happens here, with a progress bar, not on the first visit."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from portal.db import session_factory
    from portal.reports.models import Report
    from portal.startup import prepare

    settings = load_settings()
    # Shown only when the import takes a moment: a prepared database just prints the last line.
    with tqdm(unit="B", unit_scale=True, desc="loading the demo data", delay=0.5) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        engine = prepare(settings, progress)
    with session_factory(engine)() as session:
        reports = session.scalar(select(func.count()).select_from(Report))
    print(f"Database ready ({settings.mode} mode): {reports} reports.")


def run_summary_rebuild(_args: argparse.Namespace) -> None:
    from sqlalchemy import func, select
    from tqdm import tqdm

    from portal.analytics.models import CloseTimeCount, DailyReportCount
    from portal.analytics.summary import STEP_NAMES, rebuild
    from portal.db import transaction, upgrade

    engine = _engine()
    upgrade(engine)
    start = time.perf_counter()
    with tqdm(total=len(STEP_NAMES), unit="step", desc="rebuilding") as bar, transaction(engine) as session:

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        days = rebuild(session, progress=progress)
        counts, buckets = (session.scalar(select(func.count()).select_from(table))
                           for table in (DailyReportCount, CloseTimeCount))  # fmt: skip
    print(f"Dashboard summary rebuilt: {days} days, {counts} daily counts, {buckets} time-to-close rows "
          f"in {time.perf_counter() - start:.1f} s.")  # fmt: skip


def run_create_user(args: argparse.Namespace) -> None:
    """Bootstrap accounts without the UI; the password never appears in arguments or output."""
    from portal.accounts.permissions import SYSTEM
    from portal.accounts.users import AccountError, create_user
    from portal.db import transaction, upgrade

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise AccountError("The two passwords differ; nothing was created.")
    engine = _engine()
    upgrade(engine)
    with transaction(engine) as session:
        user = create_user(session, SYSTEM, args.username, args.email, args.display_name or args.username,
                           args.role, password)  # fmt: skip
        print(f"Created {user.role} account {user.username!r}.")


def run_api_key_issue(args: argparse.Namespace) -> None:
    """The key alone on the last line, so a script can take it with `tail -n 1`; shown only this once."""
    from portal.accounts.permissions import SYSTEM
    from portal.db import transaction, upgrade
    from portal.open311.keys import issue_key, owner_named

    username, label = args.username, args.label
    engine = _engine()
    upgrade(engine)
    with transaction(engine) as session:
        key = issue_key(session, SYSTEM, owner_named(session, username), label)
    print(f"Issued an Open311 API key for {username!r} ({label}). It is shown only this once:")
    print(key)


def run_device_token_issue(args: argparse.Namespace) -> None:
    """Like `api-key issue`: the token alone on the last line, shown only this once."""
    from portal.accounts.permissions import SYSTEM
    from portal.db import transaction, upgrade
    from portal.streetbump.devices import register_device_token

    label = args.label
    engine = _engine()
    upgrade(engine)
    with transaction(engine) as session:
        token = register_device_token(session, SYSTEM, label)
    print(f"Registered Street Bump device {label!r}: its uploads keep their device ids. Token, shown once:")
    print(token)


def run_outbox(args: argparse.Namespace) -> None:
    """Without PORTAL_SMTP_URL nothing is sent: messages wait in the outbox (admins see them)."""
    from portal.db import session_factory, upgrade
    from portal.messages import delivery, digests, outbox

    command = args.outbox_command
    once = args.once if command == "run" else False
    engine = _engine()
    upgrade(engine)
    if command == "status":
        with session_factory(engine)() as session:
            for status, count in outbox.counts(session).items():
                print(f"{status}: {count}")
        return
    if command == "digest":
        personal, staff = digests.build_digests(engine)
        print(f"{personal} personal digest(s) and {staff} staff digest(s) enqueued")
        return
    settings = mail_settings()
    if settings.smtp_url is None:
        with session_factory(engine)() as session:
            waiting = outbox.counts(session)["pending"]
        print(f"PORTAL_SMTP_URL is not set: nothing is sent; {waiting} message(s) wait in the outbox.")
        return
    if once:
        digests.DailyJobs().run(engine)
        done = delivery.drain(engine, settings)
        print(f"sent {done.sent}, to retry {done.retried}, failed {done.failed}")
        return
    jobs = digests.DailyJobs()
    print(f"Delivering through {delivery.smtp_target(settings.smtp_url).host}; stop with Ctrl-C.", flush=True)
    delivery.run_forever(engine, lambda: jobs.run(engine))


def run_open311_sync(args: argparse.Namespace) -> None:
    """No routing table: nothing to send, said at once and before any import, exit 0 (so `make run` may
    always start it)."""
    path = open311_sync_settings().routes_path
    if path is None:
        print("No Open311 routing table (PORTAL_OPEN311_ROUTES is not set): reports stay here.")
        return
    from portal.db import upgrade
    from portal.open311.routing import load_routes
    from portal.open311.sync import run as run_sync
    from portal.open311.sync import run_once as sync_once

    routes = load_routes(path)
    engine = _engine()
    upgrade(engine)
    if args.once:
        print(sync_once(engine, routes).line())
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"open311-sync: {len(routes)} route(s) from {path}; Ctrl+C stops", flush=True)
    try:
        run_sync(engine, routes, stop)
    except KeyboardInterrupt:
        print("open311-sync: stopped")


def run_bump_detect(args: argparse.Namespace) -> None:
    from portal.maps.geo import boston
    from portal.streetbump.clustering import Rules
    from portal.streetbump.formats import read_upload
    from portal.streetbump.ingest import detect

    path, min_devices, as_json = args.path, args.min_devices, args.json
    with open(path, "rb") as stream:
        spots = detect(read_upload(stream, boston()), Rules(min_devices=min_devices))
    found = [{"lat": round(spot.lat, 6), "lon": round(spot.lon, 6), "hits": int(spot.hits),
              "devices": int(spot.devices)} for spot in spots.itertuples()]  # fmt: skip
    if as_json:
        print(json.dumps(found))
        return
    print(f"{len(found)} spot(s) hit by at least {min_devices} passes")
    for spot in found:
        print(f"  {spot['lat']:.6f}, {spot['lon']:.6f}  {spot['hits']:>4} jolts  {spot['devices']:>3} passes")


def run_bump_ingest(args: argparse.Namespace) -> None:
    """Acts as the system: the command line is for operators, who already hold the database."""
    from portal.accounts.permissions import SYSTEM
    from portal.db import transaction, upgrade
    from portal.maps.geo import boston
    from portal.streetbump.clustering import Rules
    from portal.streetbump.formats import read_upload
    from portal.streetbump.ingest import ingest

    engine = _engine()
    upgrade(engine)
    with open(args.path, "rb") as stream:
        upload = read_upload(stream, boston())
    with transaction(engine) as session:
        summary = ingest(session, SYSTEM, upload, Rules())
    print("\n".join(summary.lines()))
    for reject in upload.rejects[:REJECTS_SHOWN]:
        print(f"line {reject.line}: {reject.reason}")
    if len(upload.rejects) > REJECTS_SHOWN:
        print(f"… and {len(upload.rejects) - REJECTS_SHOWN} more refused rows")


def run_geocoding(args: argparse.Namespace) -> int:
    """The geocoding commands need no database. Exit 1 when a single lookup finds nothing."""
    from portal.imports.boston311 import MalformedFileError
    from portal.maps import geocode

    try:
        if args.command == "build-gazetteer":
            run_build_gazetteer(args.sources, args.out)
            return 0
        if args.command == "geocode":
            if args.jsonl:
                for line in sys.stdin.read().splitlines():
                    print(json.dumps(_match_json(geocode.geocode(line))))
                return 0
            if args.text is None:
                raise UsageError("geocode needs an address, or --jsonl to read addresses from stdin")
            found = geocode.geocode(args.text)
            print(json.dumps(_match_json(found)) if args.json else (f"{found.lat}, {found.lon}  {found.address}"
                                                                    if found else "not found"))  # fmt: skip
            return 0 if found else 1
        if args.jsonl:
            for line in sys.stdin.read().splitlines():
                point = _point(line)
                address = geocode.reverse_geocode(*point) if point else None
                print(json.dumps({"address": address} if address else None))
            return 0
        if args.lat is None or args.lon is None:
            raise UsageError("reverse-geocode needs LAT LON, or --jsonl to read them from stdin")
        address = geocode.reverse_geocode(args.lat, args.lon)
        print(json.dumps({"address": address} if address else None) if args.json else address or "not found")
        return 0 if address else 1
    except (MalformedFileError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _match_json(found) -> dict | None:
    return {"lat": found.lat, "lon": found.lon, "address": found.address} if found else None


def _point(line: str) -> tuple[float, float] | None:
    """A line "42.3347 -71.0944" (or with a comma) → the point; anything else → None."""
    parts = line.replace(",", " ").split()
    try:
        return (float(parts[0]), float(parts[1])) if len(parts) == 2 else None
    except ValueError:
        return None


def run_build_gazetteer(sources: list[Path] | None, out: Path) -> None:
    import pandas as pd

    from portal.imports.boston311 import MalformedFileError, read_chunks
    from portal.maps.geo import boston
    from portal.maps.geocode_build import default_sources, gazetteer_rows, write_gazetteer

    sources = sources or default_sources()
    records = []
    for source in sources:
        if not source.is_file():
            raise MalformedFileError(f"{source} does not exist or is not a file.")
        for chunk, _done, _size in read_chunks(source, boston()):
            records.append(chunk.records[["address", "lat", "lon"]])
    rows = gazetteer_rows(pd.concat(records, ignore_index=True), boston())
    write_gazetteer(rows, out)
    crossings = int((rows["cross"] != "").sum())
    print(f"{len(rows) - crossings} addresses and {crossings} intersections from {len(sources)} file(s) "
          f"written to {out}")  # fmt: skip


def run_train_triage(args: argparse.Namespace) -> None:
    from portal.triage.dataset import TriageError, read_labelled_csv
    from portal.triage.model import save, train, train_shipped

    csv, text, label, out = args.csv, args.text, args.label, args.out
    if csv is None:
        model = train_shipped()
    elif not (text and label):
        raise TriageError("--csv needs --text COLUMN and --label COLUMN.")
    else:
        rows = read_labelled_csv(csv, text, label)
        model = train(rows["text"], rows["label"])
    save(model, out)
    print(f"{len(model.classes_)} types; model written to {out}")


def run_triage(args: argparse.Namespace) -> None:
    """One line of output per line of input, in order; all of stdin is ranked in one batch."""
    from portal.triage.model import SHIPPED_MODEL_PATH, load, rank

    model_path, k, as_json = args.model, args.k, args.jsonl
    texts = sys.stdin.read().splitlines()
    for suggestions in rank(load(model_path or SHIPPED_MODEL_PATH), texts, k):
        if as_json:
            print(json.dumps([{"type": s.type_name, "score": round(s.score, 4)} for s in suggestions]))
        else:
            print("; ".join(f"{s.type_name} ({s.score:.2f})" for s in suggestions))


def print_stats(stats: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats))
        return
    print(f"reports: {stats['total']}")
    for title in ("by_status", "by_neighborhood"):
        print(f"\n{title.replace('_', ' ')}:")
        for key, count in stats[title].items():
            print(f"  {count:>8}  {key}")


COMMANDS: dict[str, Command] = {
    "db": Command("database schema", _db_arguments, run_db),
    "import-311": Command("load a City of Boston 311 CSV (.csv or .csv.gz)", _import_arguments, run_import),
    "summary-rebuild": Command("recount the dashboard's summary from every report (after a bulk load or restore; "
                               "import-311 refreshes it for the days it touched)", _no_arguments, run_summary_rebuild),
    "stats": Command("report counts", _json_argument, run_stats),
    "create-user": Command("create an account (asks for its password)", _user_arguments, run_create_user),
    "api-key": Command("Open311 API keys", _api_key_arguments, run_api_key_issue),
    "bump-detect": Command("dry run: Street Bump spots in a CSV, nothing stored", _bump_detect_arguments,
                           run_bump_detect),
    "bump-ingest": Command("store Street Bump data; open or support reports", _bump_ingest_arguments,
                           run_bump_ingest),
    "device-token": Command("Street Bump tokens for the city's own phones and vehicles", _device_token_arguments,
                            run_device_token_issue),
    "serve-open311": Command("serve the Open311 GeoReport v2 API at /open311/v2/", _serve_arguments,
                             run_serve_open311),
    "open311-sync": Command("send new reports to the Open311 systems in the routing table "
                            "(PORTAL_OPEN311_ROUTES) and bring their status back", _sync_arguments, run_open311_sync),
    "export": Command("every report for an open-data portal (no personal data)", _export_arguments, run_export),
    "train-triage": Command("train the request-type suggester", _train_triage_arguments, run_train_triage),
    "triage": Command("suggest request types for descriptions read from stdin", _triage_arguments, run_triage),
    "build-gazetteer": Command("build the offline geocoder from Boston 311 CSVs", _gazetteer_arguments,
                               run_geocoding),
    "geocode": Command("the point of a Boston address or intersection", _geocode_arguments, run_geocoding),
    "reverse-geocode": Command("the known address nearest a point", _reverse_arguments, run_geocoding),
    "outbox": Command("outbound email: deliver, count, build the daily digests", _outbox_arguments, run_outbox),
}  # fmt: skip
