"""Turning one benchmark run into a Markdown section of `bench/RESULTS.md`.

Each backend has its own section, so a SQLite run and a PostgreSQL run can stand side by side, and a
new run replaces only its own backend's section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench.import_speed import ImportFigures
from bench.map_speed import FILTERED_VIEW, MapFigures
from portal.imports.importer import SQLITE_CACHE_KIB

RESULTS_TITLE = (
    "# Benchmark results\n\n"
    "Written by `bench/map_bench.py`. Every figure in a section comes from the command shown in it; "
    "run that command again to check it. Ratios are ours ÷ the baseline measured in the same run.\n"
)
IMPORT_NOTES = {
    "sqlite": "The executemany gets the same page cache as the importer's transaction "
    f"({SQLITE_CACHE_KIB // 1024} MB).",
    "postgresql": "The importer sends new reports with COPY; the executemany sends INSERTs.",
}
TARGET_ROWS = 1_000_000
TARGET_SECONDS = 0.5  # filtered map build, warm
TARGET_BYTES = 5_000_000  # map JSON sent to the browser


@dataclass(frozen=True)
class SizeResult:
    size: int
    imported: ImportFigures
    maps: list[MapFigures]


@dataclass(frozen=True)
class RunInfo:
    backend_key: str  # "sqlite" or "postgresql": which section of RESULTS.md this run owns
    backend: str
    date: str
    machine: str
    python: str
    command: str


def target_checks(result: SizeResult) -> list[str]:
    """PASS/MISS lines for the issue's targets, which are set at a million reports."""
    if result.size < TARGET_ROWS:
        return []
    checks = []
    for figures in result.maps:
        if figures.view == FILTERED_VIEW:
            checks.append(
                _check(
                    f"{figures.view}: warm build {figures.ours.median_seconds:.3f} s",
                    figures.ours.median_seconds <= TARGET_SECONDS,
                    f"<= {TARGET_SECONDS} s",
                )
            )
        checks.append(
            _check(
                f"{figures.view}: {figures.ours.json_bytes:,} bytes sent",
                figures.ours.json_bytes <= TARGET_BYTES,
                f"<= {TARGET_BYTES:,} bytes",
            )
        )
    return checks


def section(info: RunInfo, results: list[SizeResult]) -> str:
    lines = [
        f"## {info.backend}",
        "",
        f"- date: {info.date}",
        f"- machine: {info.machine}",
        f"- python: {info.python}",
        f"- command: `{info.command}`",
        "",
        "### Import (`import_311`, CSV parsing included) vs plain DB-API `executemany` of the same rows",
        "",
        IMPORT_NOTES[info.backend_key],
        "",
        "| reports | import s | import rows/s | executemany rows/s | ratio |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        i = r.imported
        lines.append(f"| {r.size:,} | {i.seconds:.2f} | {i.rows_per_second:,.0f} | "
                     f"{i.baseline_rows_per_second:,.0f} | {i.ratio:.2f} |")  # fmt: skip
    lines += [
        "",
        "### Map: query + layers + `to_json()` (ours) vs `pd.read_sql` + one ScatterplotLayer (naive)",
        "",
        "Warm median of the timed runs (runs in brackets); bytes are the JSON the browser receives.",
        "",
        (
            "| reports | view | matching | ours draws | ours s | naive s | time ratio | ours bytes "
            "| naive bytes | bytes ratio |"
        ),
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for m in r.maps:
            lines.append(
                f"| {r.size:,} | {m.view} | {m.reports:,} | {m.mode} | "
                f"{m.ours.median_seconds:.3f} ({m.ours.runs}) | {m.naive.median_seconds:.3f} ({m.naive.runs}) | "
                f"{m.time_ratio:.3f} | {m.ours.json_bytes:,} | {m.naive.json_bytes:,} | {m.bytes_ratio:.4f} |"
            )
    checks = [check for r in results for check in target_checks(r)]
    if checks:
        lines += ["", f"### Targets at {TARGET_ROWS:,} reports", "", *[f"- {c}" for c in checks]]
    return "\n".join(lines) + "\n"


def write_section(path: Path, key: str, body: str) -> None:
    """Put `body` between this backend's markers, keeping the other backends' sections as they are."""
    start, end = f"<!-- map_bench:{key} -->", f"<!-- /map_bench:{key} -->"
    block = f"{start}\n{body}{end}\n"
    text = path.read_text() if path.exists() else RESULTS_TITLE
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end) + "\n", re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    path.write_text(text)


def _check(what: str, ok: bool, target: str) -> str:
    return f"{'PASS' if ok else 'MISS'} — {what} (target {target})"
