"""Measure resoc against its references, in one run, and record the figures.

    python benchmarks/run.py [--files 25000] [--repeat 3] [--scales 1,2,4] [--quick] [--no-write]

Every figure is the median of --repeat runs of a whole command (interpreter start included),
and every target is a ratio against a reference measured in the same run on the same
machine, so the figures travel between machines where seconds do not:

- cold validate (no cache) against the parse floor: ruamel's own C safe loader reading the
  same files in one process, validating nothing;
- the peer, check-jsonschema with the exported schemas on the same files, against the floor;
- warm validate (nothing changed; one file changed) against cold;
- cold validate at 2x and 4x the files against 1x;
- `resoc --help` against `python -c "import typer"`;
- a search and an annual plan rendered to HTML on the bundled dataset, against `resoc --help`;
- peak memory of validate (its workers included) at --files.

The table goes to stdout and, unless --no-write, into docs/performance.md.
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
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from resoc_cli.kinds import FILE_KINDS  # noqa: E402

KIND_GLOBS = {name: kind.glob(".")[2:] for name, kind in FILE_KINDS.items()}
FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"))
"""


def timed(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr[-500:]}")
    return elapsed


def median(repeat: int, measure) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(measure() for _ in range(repeat))


def peak_memory_mb(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Peak of the summed resident memory of a command and every process it starts (from /proc)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    peak = 0
    while process.poll() is None:
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[3]) == process.pid:  # the process group of the command
                    total += int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        peak = max(peak, total)
        time.sleep(0.02)
    return peak / 1e6


LINEAR_SIZES = (2_500, 10_000)
LINEAR_COMMANDS = {
    "contacts list --history": ["contacts", "list", "--history", "-f", "json"],
    "export vcf": ["export", "vcf", "--force", "-o", "{out}"],
}


def linearity(resoc: list[str], work: Path, env: dict[str, str], repeat: int,
              add: Callable[..., None], check: Callable[[float, float], str]) -> None:
    """Commands that once looked every person up in every body: at 4x the files, at most 4.4x the time."""
    small, large = LINEAR_SIZES
    data = {size: work / f"linear-{size}" / "data" for size in LINEAR_SIZES}
    for size, path in data.items():
        generate(path, size)
        timed([*resoc, "validate", str(path)], env=env)  # exports refuse unchecked data; leave a warm cache
    for name, args in LINEAR_COMMANDS.items():
        def run(size: int) -> float:
            command = [a.format(out=work / f"out-{size}.vcf") for a in args]
            return timed([*resoc, *command, "--data", str(data[size])], env=env)

        times = {size: median(repeat, lambda: run(size)) for size in LINEAR_SIZES}
        add(f"resoc {name}, {small} files", f"{times[small]:.2f} s", "1.00×")
        ratio = times[large] / times[small]
        add(f"resoc {name}, {large} files", f"{times[large]:.2f} s", f"{ratio:.2f}×", check(ratio, 4.4))


def validation(args: argparse.Namespace, resoc: list[str], work: Path, env: dict[str, str], scales: list[int],
               add: Callable[..., None], check: Callable[[float, float], str]) -> bool:
    """Validation cold, warm and at scale against the parse floor and check-jsonschema; --help and start-up."""
    ok = True
    data = {scale: work / f"{scale}x" / "data" for scale in scales}
    for scale in scales:
        generate(data[scale], args.files * scale)
    one = data[scales[0]]
    files = args.files * scales[0]

    def cold(path: Path) -> float:
        shutil.rmtree(work / "cache", ignore_errors=True)
        return timed([*resoc, "validate", str(path)], env=env)

    floor = median(args.repeat, lambda: timed([sys.executable, "-c", FLOOR, str(one)]))
    add(f"parse floor: C safe loader, {files} files", f"{floor:.2f} s", "1.00×")
    cold_time = median(args.repeat, lambda: cold(one))
    add("resoc validate, cold (no cache)", f"{cold_time:.2f} s", f"{cold_time / floor:.2f}×", check(cold_time / floor, 1.0))
    peer_exe = shutil.which("check-jsonschema")
    if peer_exe:
        schemas = work / "schemas"
        subprocess.run([*resoc, "schema", "-o", str(schemas)], check=True, capture_output=True)

        def peer() -> float:
            return sum(timed([peer_exe, "--schemafile", str(schemas / f"{kind}.schema.json"), *map(str, sorted(one.glob(glob)))])
                       for kind, glob in KIND_GLOBS.items())

        peer_time = median(args.repeat, peer)
        add("peer: check-jsonschema with the exported schemas", f"{peer_time:.2f} s", f"{peer_time / floor:.2f}×", "(reference)")
    else:
        add("peer: check-jsonschema", "not installed", "", "pip install -e '.[bench]'")
    timed([*resoc, "validate", str(one)], env=env)  # leave a cache behind
    warm = median(args.repeat, lambda: timed([*resoc, "validate", str(one)], env=env))
    add("resoc validate, warm, nothing changed", f"{warm:.2f} s", f"{warm / cold_time:.3f}×", check(warm / cold_time, 0.1))
    target = one / "contacts" / "persoon-1.yaml"
    original = target.read_text(encoding="utf-8")
    flips = iter(range(10**6))

    def one_changed() -> float:
        target.write_text(original.replace("name: Persoon 1\n", f"name: Persoon 1 ({next(flips)})\n"), encoding="utf-8")
        return timed([*resoc, "validate", str(one)], env=env)

    changed = median(args.repeat, one_changed)
    target.write_text(original, encoding="utf-8")
    add("resoc validate, warm, one file changed", f"{changed:.2f} s", f"{changed / cold_time:.3f}×", check(changed / cold_time, 0.15))
    for scale in scales[1:]:
        scaled = median(args.repeat, lambda: cold(data[scale]))
        limit = 1.1 * scale
        add(f"resoc validate, cold, {scale}× the files ({args.files * scale})", f"{scaled:.2f} s",
            f"{scaled / cold_time:.2f}×", check(scaled / cold_time, limit))
    shutil.rmtree(work / "cache", ignore_errors=True)
    peak = peak_memory_mb([*resoc, "validate", str(one)], REPO, env)
    add(f"peak memory, cold validate, {files} files (workers included)", f"{peak:.0f} MB", "", "≤ 300 MB " + ("met" if peak <= 300 else "MISSED"))
    ok &= peak <= 300
    typer_time = median(max(5, args.repeat), lambda: timed([sys.executable, "-c", "import typer"]))
    add('python -c "import typer"', f"{typer_time:.3f} s", "1.00×")
    help_time = median(max(5, args.repeat), lambda: timed([*resoc, "--help"]))
    add("resoc --help", f"{help_time:.3f} s", f"{help_time / typer_time:.2f}×", check(help_time / typer_time, 2.0))
    search = median(max(5, args.repeat), lambda: timed([*resoc, "search", "kempen"], cwd=REPO, env=env))
    add("resoc search kempen (bundled dataset)", f"{search:.3f} s", f"{search / help_time:.2f}× --help")
    plan = median(max(5, args.repeat), lambda: timed([*resoc, "plan", "show", "kerngroep-leren-en-werken", "2018", "-f", "html"],
                                                      cwd=REPO, env=env))
    add("resoc plan show, rendered to HTML (bundled dataset)", f"{plan:.3f} s", f"{plan / help_time:.2f}× --help")
    return ok


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB memory, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--quick", action="store_true", help="2,500 files, one repetition, scales 1,2: a smoke test")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    parser.add_argument("--part", choices=("all", "validate", "linear"), default="all",
                        help="validate: the validation and start-up figures; linear: lists and exports at 2,500 and 10,000 files")
    args = parser.parse_args()
    if args.quick:
        args.files, args.repeat, args.scales = 2_500, 1, "1,2"
    scales = [int(s) for s in args.scales.split(",")]
    resoc = [sys.executable, "-m", "resoc_cli"]
    work = Path(tempfile.mkdtemp(prefix="resoc-bench-"))
    env = dict(os.environ, RESOC_CACHE_DIR=str(work / "cache"), NO_COLOR="1")
    rows: list[tuple[str, str, str, str]] = []
    ok = True

    def add(name: str, value: str, ratio: str = "", target: str = "") -> None:
        rows.append((name, value, ratio, target))
        print(f"{name:<52} {value:>12} {ratio:>10} {target}", file=sys.stderr)

    def check(ratio: float, limit: float) -> str:
        nonlocal ok
        good = ratio <= limit
        ok &= good
        return f"≤ {limit:g}× {'met' if good else 'MISSED'}"

    try:
        if args.part in ("all", "linear"):
            linearity(resoc, work, env, args.repeat, add, check)
        if args.part != "linear":
            ok &= validation(args, resoc, work, env, scales, add, check)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = ["| measure | value | ratio | target |", "|---|---:|---:|---|"] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    print("\n".join(table))
    if not args.no_write:
        write_report(table, args)
    return 0 if ok else 1


def write_report(table: list[str], args: argparse.Namespace) -> None:
    path = REPO / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head = text.split("## Latest run", 1)[0].rstrip() or "# Performance"
    body = [head, "", "## Latest run", "",
            f"Measured on {time.strftime('%Y-%m-%d')} with `python benchmarks/run.py --files {args.files} --repeat {args.repeat} "
            f"--scales {args.scales}` on {machine()}.", "", *table, ""]
    path.write_text("\n".join(body), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
