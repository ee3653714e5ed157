"""`make bench`: does presskit stay instant as a film's record grows? Writes benchmarks/RESULTS.md.

Every measurement is a whole process (`.venv/bin/presskit ...`, as a person runs it), timed from spawn to
exit; the first run of each command is a warm-up (disk cache, .pyc files) and not counted. A command and
its baseline run alternately, so drift of the machine during the run hits both alike. Reported: the
median wall time, its ratio to the baseline measured in the same run, and the peak resident memory of
that process (ru_maxrss from wait4, so each number is one command's own).

    .venv/bin/python benchmarks/run.py            # everything (builds the databases on first use)
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, for iterating; still writes RESULTS.md
    .venv/bin/python benchmarks/run.py --out /tmp/r.md

The databases come from benchmarks/generate.py (cached under benchmarks/.cache/). No timed assertion lives
in the test suite; this script prints the targets it missed and exits 0 either way (`--strict`: exit 1).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)

ROOT = generate.ROOT
BIN = Path(sys.executable).parent
PRESSKIT = str(BIN / "presskit")
PYTHON = sys.executable
MiB = 1024 * 1024

# A minimal Typer app: the floor for `presskit --help`. Two of them: Typer's defaults (help drawn by rich)
# and the settings presskit uses (plain help); the ratio is taken against the faster one.
MIN_TYPER = """
import typer

app = typer.Typer({settings})


@app.command()
def hello(name: str = typer.Option("world", help="Who to greet")) -> None:
    \"\"\"Say hello.\"\"\"
    print(f"Hello {{name}}")


@app.command()
def bye() -> None:
    \"\"\"Say goodbye.\"\"\"


if __name__ == "__main__":
    app()
"""

# A minimal script that imports Typer and SQLAlchemy's ORM and runs one query: the floor for `add`/`list`.
MIN_ORM = """
import typer
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Nomination(Base):
    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str]
    status: Mapped[str]


app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def main(db: str) -> None:
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        for n in s.scalars(select(Nomination).order_by(Nomination.id)):
            print(n.id, n.category, n.status)


if __name__ == "__main__":
    app()
"""


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_bytes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_bytes) / MiB


@dataclass
class Row:
    group: str
    what: str
    median: float
    peak_mib: float
    baseline: str | None = None
    ratio: float | None = None
    rate: str | None = None
    target: str | None = None
    ok: bool | None = None
    runs: int = 0


def run_once(argv: Sequence[str], *, cwd: Path, env: dict[str, str], stdout_to: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one process; a failing command stops the benchmark loudly."""
    out = open(stdout_to, "wb") if stdout_to else subprocess.DEVNULL  # noqa: SIM115
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    finally:
        if stdout_to:
            out.close()  # type: ignore[union-attr]
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{err}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports KiB


def measure(commands: dict[str, Sequence[str]], *, runs: int, cwd: Path, env: dict[str, str],
            before: Callable[[str], None] | None = None) -> dict[str, Sample]:
    """Each command ``runs`` times after one warm-up, round-robin; ``before(name)`` prepares a run (untimed)."""
    samples = {name: Sample() for name in commands}
    for i in range(runs + 1):
        for name, argv in commands.items():
            if before:
                before(name)
            seconds, peak = run_once(argv, cwd=cwd, env=env)
            if i > 0:
                samples[name].seconds.append(seconds)
                samples[name].peak_bytes.append(peak)
    return samples


def clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSKIT_")}
    env.update(TZ="Pacific/Kiritimati", HOME=str(tmp), PYTHONHASHSEED="0", LC_ALL="C.UTF-8")
    return env


def copy_db(src: Path, dst: Path) -> Path:
    for suffix in ("-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"Python": platform.python_version()}
    import sqlite3

    out["SQLite"] = sqlite3.sqlite_version
    for dist in ("presskit-film", "typer", "click", "rich", "SQLAlchemy", "alembic", "PyYAML", "python-dateutil",
                 "Jinja2", "mjml-python", "premailer", "weasyprint"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    import yaml

    out["PyYAML"] += " (libyaml)" if getattr(yaml, "__with_libyaml__", False) else " (pure Python)"
    return out


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kib = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"OS": f"{platform.system()} {platform.release()}", "CPU": cpu, "cores": str(os.cpu_count()),
            "memory": mem, "filesystem of the databases": _fs(generate.CACHE)}


def _fs(p: Path) -> str:
    try:
        out = subprocess.run(["df", "-T", str(p)], capture_output=True, text=True, check=True).stdout.splitlines()
        return out[-1].split()[1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "?"


def has_command(name: str, env: dict[str, str], cwd: Path) -> bool:
    """Whether `presskit NAME` is a real command yet (the newsletter and the kit land in their own issues)."""
    proc = subprocess.run([PRESSKIT, name, "--help"], capture_output=True, text=True, env=env, cwd=cwd)
    return proc.returncode == 0 and "Usage:" in proc.stdout


def record_count(db: Path) -> int:
    """Top-level records, as an import or export file counts them."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = ("organizations", "people", "works", "coverage", "nominations", "selections", "screenings",
                  "broadcasts", "events", "actions")
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


# ------------------------------------------------------------------------------------------- the report


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def render(rows: list[Row], notes: list[str], extra: list[str], meta: dict[str, Any]) -> str:
    out = ["# presskit benchmark results", "",
           "Written by `make bench` (benchmarks/run.py); do not edit by hand. Whole processes, median of"
           f" {meta['runs']} runs after a warm-up, baseline measured in the same run; peak = the largest"
           " resident set of any of those runs.", "",
           f"Run on {meta['when']} in {meta['elapsed']:.0f} s (database builds included:"
           f" {meta['build']:.0f} s).", ""]
    missed = [r for r in rows if r.ok is False]
    out.append("**Targets: all met.**" if not missed and any(r.ok for r in rows)
               else "**Targets missed: " + "; ".join(f"{r.what} ({r.target})" for r in missed) + ".**"
               if missed else "**No target measured.**")
    out.append("")
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    for group, items in groups.items():
        out += [f"## {group}", "", "| command | median | baseline | ratio | rate | peak RSS | target | met |",
                "| --- | ---: | --- | ---: | ---: | ---: | --- | :---: |"]
        for r in items:
            ok = "" if r.ok is None else ("yes" if r.ok else "**no**")
            out.append(f"| `{r.what}` | {fmt_s(r.median)} | {r.baseline or ''} |"
                       f" {'' if r.ratio is None else f'{r.ratio:.2f}'} | {r.rate or ''} | {r.peak_mib:.0f} MiB |"
                       f" {r.target or ''} | {ok} |")
        out.append("")
    out += extra
    if notes:
        out += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    out += ["## Databases", "", "| size | records | journal entries | sends | file |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, info in meta["databases"].items():
        out.append(f"| {name} | {info['records']:,} | {info['journal']:,} | {info['sends']:,} | {info['mib']:.0f} MiB |")
    out += ["", "Built through presskit's own library by benchmarks/generate.py (seed"
            f" {generate.SEED}); see its docstring for the shape of the data.", ""]
    out += ["## Versions", ""] + [f"- {k}: {v}" for k, v in meta["versions"].items()] + [""]
    out += ["## Machine", ""] + [f"- {k}: {v}" for k, v in meta["machine"].items()] + [""]
    return "\n".join(out)


def db_info(db: Path) -> dict[str, Any]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        journal = conn.execute("SELECT count(*) FROM journal_entries").fetchone()[0]
        sends = conn.execute("SELECT count(*) FROM sends").fetchone()[0]
    finally:
        conn.close()
    return {"records": record_count(db), "journal": journal, "sends": sends, "mib": db.stat().st_size / MiB}


# ----------------------------------------------------------------------------------------- the scenarios


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args = args
        self.tmp = tmp
        self.env = clean_env(tmp)
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.extra: list[str] = []
        self.runs = 3 if args.quick else 11
        self.heavy_runs = 3 if args.quick else 5
        self.dbs: dict[str, Path] = {}
        self.build_seconds = 0.0

    def log(self, msg: str) -> None:
        print(msg, flush=True)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        mark = "" if row.ok is None else ("  ok" if row.ok else "  MISSED " + (row.target or ""))
        ratio = "" if row.ratio is None else f"  x{row.ratio:.2f}"
        self.log(f"  {row.what:<58} {fmt_s(row.median):>8}{ratio}  {row.peak_mib:.0f} MiB"
                 f"{'  ' + row.rate if row.rate else ''}{mark}")

    def script(self, name: str, text: str) -> Path:
        p = self.tmp / name
        p.write_text(textwrap.dedent(text))
        return p

    def db(self, size: str) -> Path:
        """The cached database ``size``, built on first use (the build time is reported apart)."""
        if size not in self.dbs:
            t0 = time.perf_counter()
            self.dbs[size] = generate.build(size, log=self.log)
            self.build_seconds += time.perf_counter() - t0
        return self.dbs[size]

    def scratch(self, size: str, name: str) -> Path:
        return copy_db(self.db(size), self.tmp / f"{name}.db")

    # --- start-up ---------------------------------------------------------------------------------------

    def startup(self) -> None:
        self.log("Start-up")
        typer_default = self.script("min_typer.py", MIN_TYPER.format(settings=""))
        typer_plain = self.script("min_typer_plain.py", MIN_TYPER.format(
            settings="rich_markup_mode=None, pretty_exceptions_enable=False"))
        s = measure({"presskit": [PRESSKIT, "--help"], "plain": [PYTHON, str(typer_plain), "--help"],
                     "default": [PYTHON, str(typer_default), "--help"]}, runs=self.runs, cwd=self.tmp, env=self.env)
        base = min(s["plain"].median, s["default"].median)
        which = "minimal Typer app (plain help)" if base == s["plain"].median else "minimal Typer app (rich help)"
        self.add(Row("Start-up", "python min_typer.py --help (Typer defaults, rich help)", s["default"].median,
                     s["default"].peak_mib))
        self.add(Row("Start-up", "python min_typer.py --help (plain help, as presskit)", s["plain"].median,
                     s["plain"].peak_mib))
        ratio = s["presskit"].median / base
        self.add(Row("Start-up", "presskit --help", s["presskit"].median, s["presskit"].peak_mib, which, ratio,
                     target="≤ 1.2×", ok=ratio <= 1.2))

        orm = self.script("min_orm.py", MIN_ORM)
        small = self.scratch("small", "startup-small")
        add = [PRESSKIT, "--db", str(small), "add", "coverage", "--work", "the-defector", "--outlet", "NKNews.org",
               "--headline", "Benchmark review", "--date", "2014-02-01", "--kind", "review"]
        s = measure({"orm": [PYTHON, str(orm), str(small)], "add": add,
                     "list": [PRESSKIT, "--db", str(small), "list", "awards"]},
                    runs=self.runs, cwd=self.tmp, env=self.env)
        self.add(Row("Start-up", "python min_orm.py small.db (Typer + ORM, one query)", s["orm"].median,
                     s["orm"].peak_mib))
        for name, label in (("add", "presskit add coverage … (small)"), ("list", "presskit list awards (small)")):
            ratio = s[name].median / s["orm"].median
            self.add(Row("Start-up", label, s[name].median, s[name].peak_mib, "minimal Typer + ORM script", ratio,
                         target="≤ 1.3×", ok=ratio <= 1.3))

    # --- everyday commands on the large database ---------------------------------------------------------

    def large_commands(self) -> None:
        self.log("Everyday commands, small vs large database")
        small = self.scratch("small", "everyday-small")
        large = self.scratch("large", "everyday-large")

        def cmds(db: Path) -> dict[str, list[str]]:
            return {
                "add coverage …": [PRESSKIT, "--db", str(db), "add", "coverage", "--work", "work-0" if db == large
                                   else "the-defector", "--outlet", "Benchmark Weekly", "--headline", "A new review",
                                   "--date", "2025-01-02", "--kind", "review"],
                "status award … won": None,  # filled below: needs an open nomination in each database
                "list awards": [PRESSKIT, "--db", str(db), "list", "awards"],
                "list": [PRESSKIT, "--db", str(db), "list"],
                "history": [PRESSKIT, "--db", str(db), "history"],
            }

        for size, db in (("small", small), ("large", large)):
            c = cmds(db)
            c.pop("status award … won")
            s = measure({f"{size} {k}": v for k, v in c.items()}, runs=self.heavy_runs, cwd=self.tmp, env=self.env)
            for name, sample in s.items():
                self.add(Row("Everyday commands", f"presskit {name.split(' ', 1)[1]} ({size})", sample.median,
                             sample.peak_mib, target="≤ 250 MiB" if size == "large" else None,
                             ok=sample.peak_mib <= 250 if size == "large" else None))

    # --- import and export ------------------------------------------------------------------------------

    def import_export(self) -> None:
        self.log("Import and export")
        data = self.tmp / "medium.yaml"
        n = generate.write_import_file("medium", data)
        empty = self.tmp / "empty.db"
        subprocess.run([PRESSKIT, "--db", str(empty), "init"], check=True, env=self.env, cwd=self.tmp,
                       capture_output=True)
        target = self.tmp / "import.db"
        s = measure({"import": [PRESSKIT, "--db", str(target), "import", str(data)]}, runs=self.heavy_runs,
                    cwd=self.tmp, env=self.env, before=lambda _: copy_db(empty, target))
        rate = n / s["import"].median
        self.add(Row("Import and export", f"presskit import medium.yaml ({n:,} records, {data.stat().st_size / MiB:.1f}"
                     " MiB)", s["import"].median, s["import"].peak_mib, rate=f"{rate:,.0f} records/s",
                     target="≥ 2,000 records/s", ok=rate >= 2000))
        large = self.db("large")
        n = record_count(large)
        out = self.tmp / "export.yaml"
        s = measure({"export": [PRESSKIT, "--db", str(large), "export", "-o", str(out)]}, runs=self.heavy_runs,
                    cwd=self.tmp, env=self.env)
        rate = n / s["export"].median
        self.add(Row("Import and export", f"presskit export -o large.yaml ({n:,} records,"
                     f" {out.stat().st_size / MiB:.0f} MiB out)", s["export"].median, s["export"].peak_mib,
                     rate=f"{rate:,.0f} records/s", target="≥ 10,000 records/s, ≤ 250 MiB",
                     ok=rate >= 10_000 and s["export"].peak_mib <= 250))

    # --- newsletter and kit (when their commands exist) -------------------------------------------------

    def newsletter(self) -> None:
        if not has_command("newsletter", self.env, self.tmp):
            self.notes.append("`presskit newsletter` does not exist yet in this tree: not measured.")
            return
        self.notes.append("newsletter: measurement pending (see benchmarks/run.py)")

    def kit(self) -> None:
        if not has_command("kit", self.env, self.tmp):
            self.notes.append("`presskit kit` does not exist yet in this tree: not measured.")
            return
        self.notes.append("kit: measurement pending (see benchmarks/run.py)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 runs each instead of 11/5 (less precise)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    ap.add_argument("--only", nargs="*", choices=["startup", "everyday", "io", "newsletter", "kit"],
                    help="run only these parts (the report then holds only them)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    parts = args.only or ["startup", "everyday", "io", "newsletter", "kit"]
    with tempfile.TemporaryDirectory(prefix="presskit-bench-") as t:
        bench = Bench(args, Path(t))
        for part in parts:
            {"startup": bench.startup, "everyday": bench.large_commands, "io": bench.import_export,
             "newsletter": bench.newsletter, "kit": bench.kit}[part]()
        meta = {"runs": f"{bench.runs} (start-up) / {bench.heavy_runs} (heavier commands)",
                "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "elapsed": time.perf_counter() - started, "build": bench.build_seconds, "versions": versions(),
                "machine": machine(), "databases": {k: db_info(v) for k, v in bench.dbs.items()}}
        args.out.write_text(render(bench.rows, bench.notes, bench.extra, meta), encoding="utf-8")
        print(f"Wrote {args.out}")
        missed = [r for r in bench.rows if r.ok is False]
        for r in missed:
            print(f"MISSED: {r.what}: {r.target}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
