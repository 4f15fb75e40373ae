"""Time every command a user runs against references measured in the same run, and check the targets.

    python benchmarks/run.py [--scale 25000] [--repeat 3] [--full] [--write docs/performance.md]

What is measured (whole commands, interpreter start included):

- every command: each kind's `list` (from the registry, resoc_cli.kinds), `councils show ID`,
  `search`, every report, `plan show`, every export format, `validate` (cold and warm),
  `fmt --check`, and `diff` of one changed file between two git commits of the data;
- on data made by benchmarks/generate.py at 1x and 4x --scale files, and on the bundled dataset;
- warm (the cache filled by a previous run of the same command: a warm-up round that is not
  counted) and cold (an empty $RESOC_CACHE_DIR and $XDG_CACHE_HOME before every run);
- on the machine as it is ("idle") and with a CPU hog per core started beside the run ("busy");
- wall time, CPU time (user + sys of the command and the workers it waited for, os.wait4) and
  peak memory (ru_maxrss of the command, or of its largest worker).

The references, measured in the same rounds: the parse floor (one process reading every file
with PyYAML's C safe loader, checking nothing) and `resoc --help`. Each round runs the
references and the commands once, in the reverse order every other round, so that a change in
the machine's load falls on both sides of a ratio; each figure is the median of --repeat rounds.
TARGETS below is the issue's table of targets; every figure is printed with its ratio, its
target and PASS or FAIL, and the exit code is 1 when a target is missed.

A cold read command costs about one floor, so by default the cold row at 4x times `validate`
alone, `fmt --check` is timed warm only, and the busy machine is timed at 1x; --full times every
command in every setting. --only and --loads run a part (for a quick look, or the tests).
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
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from resoc_cli.kinds import FILE_KINDS, KINDS  # noqa: E402

FLOOR = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
AS_OF = ("--as-of", "2016-06-30")  # a day on which the generated data is current, so that runs do not depend on today
READ = frozenset({"list", "show", "search", "report", "plan", "export"})
EVERY = READ | {"validate", "fmt", "diff"}


@dataclass(frozen=True)
class Target:
    """One target of the issue: the rows it applies to, what it measures, against what, and the limit."""

    text: str
    groups: frozenset[str]
    measure: str  # wall or cpu (a ratio to `against`), scale (4x against 1x), memory (MB)
    against: str = "floor"  # floor, help, one-worker (validate with RESOC_WORKERS=1)
    limit: float = 1.0
    cache: str = "*"  # warm, cold or *
    load: str = "*"  # idle, busy or *
    data: str = "generated"  # generated or bundled


TARGETS = (
    Target("warm: show ID ≤ 3× resoc --help", frozenset({"show"}), "wall", "help", 3.0, cache="warm"),
    Target("warm: search, every list and every report ≤ 0.1× the floor", frozenset({"search", "list", "report", "plan"}),
           "wall", "floor", 0.1, cache="warm"),
    Target("warm: every export ≤ 0.5× the floor", frozenset({"export"}), "wall", "floor", 0.5, cache="warm"),
    Target("warm: fmt --check ≤ 0.1× the floor", frozenset({"fmt"}), "wall", "floor", 0.1, cache="warm"),
    Target("warm: diff of one changed file ≤ 0.05× the floor", frozenset({"diff"}), "wall", "floor", 0.05, cache="warm"),
    Target("cold: every read command ≤ 1.2× the floor", READ, "wall", "floor", 1.2, cache="cold"),
    Target("cold validate: CPU ≤ 1.3× the floor's CPU", frozenset({"validate"}), "cpu", "floor", 1.3, cache="cold"),
    Target("cold validate: wall ≤ 0.8× the floor on an idle machine", frozenset({"validate"}), "wall", "floor", 0.8,
           cache="cold", load="idle"),
    Target("cold validate on a busy machine: never slower than one worker (5% for noise)", frozenset({"validate"}),
           "wall", "one-worker", 1.05, cache="cold", load="busy"),
    Target("every command: 4× the files ≤ 4.4× the time", EVERY, "scale", "", 4.4),
    Target("every command: peak memory ≤ 300 MB", EVERY, "memory", "", 300.0, data="*"),
    Target("bundled dataset: every read command ≤ 2× resoc --help", READ, "wall", "help", 2.0, data="bundled"),
)


@dataclass(frozen=True)
class Command:
    name: str  # as a user types it after `resoc`
    group: str  # what the targets call it: list, show, search, report, plan, export, validate, fmt, diff
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    program: tuple[str, ...] = ()  # empty: resoc, as `python -m resoc_cli`
    output: str = ""  # what the command writes, removed before each run (untimed): every export is a first one


@dataclass
class Sample:
    wall: float
    cpu: float
    memory: float  # MB
    error: str = ""  # why the run failed (stopped after --timeout, or an exit code other than 0)


def run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Sample:
    """Run a command to its end: its wall time, and the CPU time and peak memory os.wait4 reports
    for it and every process it waited for (a pool's workers)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=errors, start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (process.pid, 9))
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        timer.cancel()
        process.returncode = code = os.waitstatus_to_exitcode(status)
        sample = Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
        if wall >= timeout:
            sample.error = f"stopped after {timeout:.0f} s"
        elif code != 0:
            errors.seek(0)
            sample.error = f"exit {code}"
            print(f"   {' '.join(argv[3:])[:200]} in {cwd} exited {code}: {errors.read()[-400:].decode()}", file=sys.stderr)
    return sample


def first_record(root: Path, kind: str) -> dict[str, Any] | None:
    import yaml

    files = sorted(root.glob(FILE_KINDS[kind].glob(".")[2:]))
    return yaml.load(files[0].read_bytes(), Loader=yaml.CSafeLoader) if files else None


def commands(root: Path, out: Path, diff: bool) -> list[Command]:
    """Every command a user runs, with subjects taken from the dataset at `root` (the first record of each
    kind); a report whose kind of subject the dataset lacks is left out. Read commands look at AS_OF; lists
    show every record (--history), the most they can be asked for, whatever day it is."""
    region, council, pact = (first_record(root, k) for k in ("region", "council", "pact"))
    meeting, advice, plan = (first_record(root, k) for k in ("meeting", "advice", "plan"))
    listed = [Command(f"{k.plural} list --history", "list", (k.plural, "list", "--history")) for k in KINDS.values()
              if first_record(root, k.name if k.is_file else k.owner or "") is not None]  # an empty kind's list exits 1
    shown = [Command(f"councils show {council['id']}", "show", ("councils", "show", council["id"], *AS_OF)),
             Command(f"search {region['name'].split()[0].lower()}", "search", ("search", region["name"].split()[0], *AS_OF))]
    subjects = {"region": region and region["id"], "council": council and council["id"], "pact": pact and pact["id"],
                "directory": "", "calendar": "2016", "agenda": meeting and meeting["id"],
                "minutes": meeting and meeting["id"], "advice-register": advice and advice["council"]}
    reports = [Command(f"report {kind} {subject} -f html".replace("  ", " "), "report",
                       ("report", kind, *([subject] if subject else []), "-f", "html", *AS_OF,
                        *(["--year", str(advice["received"])[:4]] if kind == "advice-register" else [])))
               for kind, subject in subjects.items() if subject is not None]
    if plan is not None:
        reports.append(Command(f"plan show {plan['council']} {plan['year']}", "plan",
                               ("plan", "show", plan["council"], str(plan["year"]), "-f", "html")))
    exports = [Command(f"export {f}", "export", ("export", f, "-o", str(out / f"export.{f}"), "--force", *AS_OF),
                       output=str(out / f"export.{f}"))
               for f in ("json", "csv", "sqlite", "popolo", "ics", "vcf", "oparl")]
    checks = [Command("validate", "validate", ("validate",)), Command("fmt --check", "fmt", ("fmt", "--check"))]
    if diff:
        checks.append(Command("diff HEAD~1 HEAD (one file changed)", "diff", ("diff", "HEAD~1", "HEAD")))
    return listed + shown + reports + exports + checks


FLOOR_COMMAND = Command("parse floor: PyYAML CSafeLoader, one process", "floor", ("-c", FLOOR, "data"),
                        program=(sys.executable,))
HELP = Command("--help", "help", ("--help",))
ONE_WORKER = Command("validate, one worker (RESOC_WORKERS=1)", "validate-1", ("validate",), (("RESOC_WORKERS", "1"),))


@dataclass
class Setting:
    """Where a block of rounds runs: which data, warm or cold, on an idle or a busy machine."""

    data: str  # generated or bundled
    files: int
    cache: str
    load: str
    repo: Path  # the folder holding data/, the commands' working directory

    @property
    def label(self) -> str:
        return f"{self.load}, {self.cache}, {self.files} files" + (" (bundled)" if self.data == "bundled" else "")


@dataclass
class Row:
    setting: Setting
    command: Command
    samples: list[Sample] = field(default_factory=list)

    def median(self, what: str) -> float:
        return statistics.median(getattr(s, what) for s in self.samples)

    @property
    def failed(self) -> str:
        return next((s.error for s in self.samples if s.error), "")


class Bench:
    """Runs blocks of rounds and keeps their rows; the cache and the output files live in `work`."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.rows: dict[tuple[str, int, str, str, str], Row] = {}

    def env(self, command: Command) -> dict[str, str]:
        return dict(os.environ, RESOC_CACHE_DIR=str(self.work / "cache"), XDG_CACHE_HOME=str(self.work / "xdg"),
                    NO_COLOR="1", **dict(command.env))

    def clear_cache(self) -> None:
        for name in ("cache", "xdg"):
            shutil.rmtree(self.work / name, ignore_errors=True)

    def block(self, setting: Setting, chosen: list[Command]) -> None:
        """--repeat rounds of the references and the commands, every other round in reverse order; a warm
        block starts with a round that is not counted, so that each command finds what its previous run left."""
        chosen = [c for c in chosen if not self.args.only or c.group.split("-")[0] in self.args.only]
        if not chosen:
            return
        rows = [Row(setting, c) for c in (FLOOR_COMMAND, HELP, *chosen)]
        warm = setting.cache == "warm"
        load = os.getloadavg()[0]
        for round in range(self.args.repeat + warm):
            for row in rows if round % 2 == 0 else rows[::-1]:
                if row.failed:
                    continue
                if not warm:
                    self.clear_cache()
                if row.command.output:  # an export over an earlier one leaves unchanged files alone: not what is measured
                    remove(Path(row.command.output))
                argv = [*(row.command.program or (sys.executable, "-m", "resoc_cli")), *row.command.argv]
                sample = run(argv, setting.repo, self.env(row.command), self.args.timeout)
                if not (warm and round == 0) or sample.error:
                    row.samples.append(sample)
        print(f"-- {setting.label} (load average {load:.2f} at the start)", file=sys.stderr)
        for row in rows:
            self.rows[key(setting, row.command.name)] = row
            print(f"   {row.command.name[:60]:<60} {row.median('wall'):8.3f} s {row.median('cpu'):8.3f} s CPU "
                  f"{row.median('memory'):6.0f} MB", file=sys.stderr)


def remove(path: Path) -> None:
    """A file or folder gone, if it was there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def key(setting: Setting, name: str) -> tuple[str, int, str, str, str]:
    return (setting.data, setting.files, setting.cache, setting.load, name)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


def prepare(work: Path, files: int) -> Path:
    """Generated data in a git repository of two commits, the second changing one file (for diff)."""
    repo = work / f"data-{files}"
    print(f"-- generating {files} files in {repo}", file=sys.stderr)
    generate(repo / "data", files)
    git(repo, "init", "-q")
    git(repo, "add", "data")
    git(repo, "commit", "-qm", "generated")
    person = repo / "data" / "contacts" / "persoon-1.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: Persoon 1\n", "name: Persoon Een\n"), encoding="utf-8")
    git(repo, "commit", "-qam", "one file changed")
    return repo


class Busy:
    """A CPU hog per core beside the run, until the load average shows it (at most 90 s)."""

    def __enter__(self) -> Busy:
        cores = os.cpu_count() or 1
        self.hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]
        deadline = time.monotonic() + 90
        while os.getloadavg()[0] < cores - 0.5 and time.monotonic() < deadline:
            time.sleep(2)
        return self

    def __exit__(self, *exc: object) -> None:
        for hog in self.hogs:
            hog.kill()
            hog.wait()


def schedule(bench: Bench, work: Path) -> None:
    """The blocks: on the idle machine warm and cold at 1x and 4x and the bundled dataset, then on the
    busy machine warm and cold at 1x (and 4x with --full)."""
    args, scale = bench.args, bench.args.scale
    repos = {files: prepare(work, files) for files in (scale, 4 * scale)}
    every = {files: commands(repo / "data", work, diff=True) for files, repo in repos.items()}

    def cold(files: int) -> list[Command]:
        """Cold: every command but fmt (no target) at 1x, validate alone at 4x; --full: all of them."""
        if args.full:
            return every[files] + [ONE_WORKER]
        if files == scale:
            return [c for c in every[files] if c.group != "fmt"] + [ONE_WORKER]
        return [c for c in every[files] if c.group == "validate"]

    if "idle" in args.loads:
        for files in repos:
            bench.block(Setting("generated", files, "warm", "idle", repos[files]), every[files])
        for files in repos:
            bench.block(Setting("generated", files, "cold", "idle", repos[files]), cold(files))
        bundled = len(list((REPO / "data").rglob("*.yaml")))
        bench.block(Setting("bundled", bundled, "warm", "idle", REPO), commands(REPO / "data", work, diff=False))
    if "busy" in args.loads:
        with Busy():
            for files in repos if args.full else (scale,):
                bench.block(Setting("generated", files, "warm", "busy", repos[files]), every[files])
                bench.block(Setting("generated", files, "cold", "busy", repos[files]), cold(files))


def applies(target: Target, row: Row) -> bool:
    s = row.setting
    return (row.command.group in target.groups and target.cache in ("*", s.cache) and target.load in ("*", s.load)
            and target.data in ("*", s.data) and (target.measure != "scale" or s.files == 4 * BASE[0]))


BASE = [0]  # the --scale of the run, for the 4x rows


def verdict(target: Target, row: Row, rows: dict[tuple[str, int, str, str, str], Row]) -> tuple[str, bool] | None:
    """The figure a target judges on a row, as text, and whether it is met (None: no reference measured)."""
    s = row.setting
    if target.measure == "memory":
        value = row.median("memory")
        return f"{value:.0f} MB ≤ {target.limit:g} MB", value <= target.limit and not row.failed
    if target.measure == "scale":
        reference = rows.get((s.data, BASE[0], s.cache, s.load, row.command.name))
        against, measure, what = "1×", "wall", "4× files"
    else:
        name = {"floor": FLOOR_COMMAND.name, "help": HELP.name, "one-worker": ONE_WORKER.name}[target.against]
        reference = rows.get(key(s, name))
        against, measure = {"floor": "floor", "help": "--help", "one-worker": "one worker"}[target.against], target.measure
        what = "CPU" if measure == "cpu" else "wall"
    if reference is None or not reference.samples:
        return None
    ratio = row.median(measure) / reference.median(measure)
    return f"{what} {ratio:.3g}× {against} ≤ {target.limit:g}×", ratio <= target.limit and not row.failed


def judged(rows: dict[tuple[str, int, str, str, str], Row]) -> list[tuple[Row, list[tuple[Target, str, bool]]]]:
    out = []
    for row in rows.values():
        found = [(t, *v) for t in TARGETS if applies(t, row) and (v := verdict(t, row, rows)) is not None]
        out.append((row, found))
    return out


def tables(results: list[tuple[Row, list[tuple[Target, str, bool]]]], rows: dict[tuple[str, int, str, str, str], Row]) -> list[str]:
    """The targets, each with its rows passed and its worst figure, then every row."""
    lines = ["| target (issue 10) | rows | passed | result |", "|---|---:|---:|---|"]
    for target in TARGETS:
        hits = [(row, text, ok) for row, found in results for t, text, ok in found if t is target]
        failed = [f"{row.command.name} ({row.setting.label}): {text}" for row, text, ok in hits if not ok]
        result = "not measured" if not hits else "PASS" if not failed else "FAIL: " + "; ".join(failed[:4]) + (
            f"; and {len(failed) - 4} more" if len(failed) > 4 else "")
        lines.append(f"| {target.text} | {len(hits)} | {len(hits) - len(failed)} | {result} |")
    lines += ["", "| command | setting | wall | CPU | peak | wall ÷ floor | CPU ÷ floor | wall ÷ --help | targets |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for row, found in results:
        lines.append(row_line(row, found, rows))
    return lines


def row_line(row: Row, found: list[tuple[Target, str, bool]], rows: dict[tuple[str, int, str, str, str], Row]) -> str:
    floor, helped = rows.get(key(row.setting, FLOOR_COMMAND.name)), rows.get(key(row.setting, HELP.name))
    wall, cpu = row.median("wall"), row.median("cpu")
    late = f"{wall:.3f} s" + (f" ({row.failed})" if row.failed else "")
    ratios = [f"{wall / floor.median('wall'):.3g}×" if floor else "", f"{cpu / floor.median('cpu'):.3g}×" if floor else "",
              f"{wall / helped.median('wall'):.3g}×" if helped else ""]
    checks = "; ".join(f"{text} {'PASS' if ok else 'FAIL'}" for _, text, ok in found)
    return (f"| {row.command.name} | {row.setting.label} | {late} | {cpu:.3f} s | {row.median('memory'):.0f} MB | "
            f"{' | '.join(ratios)} | {checks} |")


def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB memory, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def write_report(path: Path, lines: list[str], started: float) -> None:
    """Replace the part of the file from '## Latest run' on with this run's tables; the prose above stays."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head = text.split("## Latest run", 1)[0].rstrip() or "# Performance"
    command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
    body = [head, "", "## Latest run", "",
            f"Measured on {time.strftime('%Y-%m-%d')} with `{command}` on {machine()}, in "
            f"{(time.monotonic() - started) / 60:.0f} minutes; the load average was {LOAD_AT_START[0]:.2f} when it began.",
            "", *lines, ""]
    path.write_text("\n".join(body), encoding="utf-8")


LOAD_AT_START = [0.0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=25_000, help="files at 1x (default 25,000); 4x is four times that")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per block; each figure is their median")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a command is stopped (and fails)")
    parser.add_argument("--full", action="store_true", help="every command cold and busy at 4x too (hours at 25,000)")
    parser.add_argument("--only", type=lambda v: set(v.split(",")), default=set(), metavar="GROUPS",
                        help="only these groups of commands, e.g. show,validate (" + ", ".join(sorted(EVERY)) + ")")
    parser.add_argument("--loads", type=lambda v: set(v.split(",")), default={"idle", "busy"},
                        help="idle, busy or idle,busy (default): which rows to run")
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the tables into FILE (docs/performance.md)")
    args = parser.parse_args()
    import yaml

    if not yaml.__with_libyaml__:
        parser.error("the parse floor needs PyYAML built with libyaml: pip install -e '.[bench]'")
    started, LOAD_AT_START[0], BASE[0] = time.monotonic(), os.getloadavg()[0], args.scale
    # Byte code, as `pip install .` leaves it: an editable checkout run with PYTHONDONTWRITEBYTECODE
    # set (as this machine's CI is) would compile every module again on every command.
    import compileall

    compileall.compile_dir(REPO / "resoc_cli", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="resoc-bench-"))
    bench = Bench(args, work)
    try:
        schedule(bench, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = judged(bench.rows)
    lines = tables(results, bench.rows)
    print("\n".join(lines))
    if args.write:
        write_report(args.write, lines, started)
    return 0 if all(ok for _, found in results for _, _, ok in found) else 1


if __name__ == "__main__":
    raise SystemExit(main())
