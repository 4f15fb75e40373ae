"""`fmt --check` and `diff` against the parse floor: commands that should cost what changed.

    python benchmarks/changed.py [--files 20000] [--repeat 5] [--data DIR]

Set up, not timed: a generated dataset (or a copy of --data, e.g. one already formatted) put
in canonical form with `resoc fmt`, committed to git, validated once (the file stamps are
recorded) and checked once with `fmt --check` (the contents are learnt); then one commit that
changes one person's file. Timed, each run of a command paired with a run of the floor just
before it (so a busy machine weighs on both sides alike): the C-parse floor (the one of run.py),
`resoc fmt --check` (warm) and `resoc diff HEAD~1 HEAD`. Wall and CPU (user + system of the
child) are medians of the runs, ratios medians of the pairs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import FLOOR  # noqa: E402

TARGETS = {"fmt --check, warm": 0.1, "diff HEAD~1 HEAD, one file changed": 0.05}


def measured(command: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr[-500:]}")
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def prepare(args: argparse.Namespace, work: Path, resoc: list[str], env: dict[str, str]) -> Path:
    data = work / "repo" / "data"
    if args.data:
        shutil.copytree(args.data, data)
    else:
        generate(data, args.files)
    subprocess.run([*resoc, "fmt", "--data", str(data)], env=env, check=True, capture_output=True)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=data.parent, check=True)
    subprocess.run([*git, "add", "-A"], cwd=data.parent, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=data.parent, check=True)
    time.sleep(2.2)  # past the racy window (cache.RACY_NS), so that the stamps validate records are trusted
    subprocess.run([*resoc, "validate", str(data)], env=env, check=True, capture_output=True)
    subprocess.run([*resoc, "fmt", "--check", "--data", str(data)], env=env, check=True, capture_output=True)
    person = data / "contacts" / "persoon-1.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: Persoon 1\n", "name: Persoon Een\n"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "one person renamed"], cwd=data.parent, check=True)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a dataset to copy instead of generating one")
    args = parser.parse_args()
    resoc = [sys.executable, "-m", "resoc_cli"]
    work = Path(tempfile.mkdtemp(prefix="resoc-changed-"))
    env = dict(os.environ, RESOC_CACHE_DIR=str(work / "cache"), NO_COLOR="1")
    try:
        data = prepare(args, work, resoc, env)
        files = sum(1 for _ in data.rglob("*.yaml"))
        floor = [sys.executable, "-c", FLOOR, str(data)]
        commands = {"fmt --check, warm": [*resoc, "fmt", "--check", "--data", str(data)],
                    "diff HEAD~1 HEAD, one file changed": [*resoc, "diff", "HEAD~1", "HEAD", "--data", "data"]}
        runs: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                runs[name].append((measured(floor, data.parent, env), measured(command, data.parent, env)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{files} files, {args.repeat} pairs each, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':<38} {'floor wall':>10} {'wall':>8} {'ratio':>7} {'floor CPU':>10} {'CPU':>7} {'ratio':>7}  target")
    for name, pairs in runs.items():
        med = [statistics.median(pair[side][part] for pair in pairs) for side in (0, 1) for part in (0, 1)]
        wall = statistics.median(pair[1][0] / pair[0][0] for pair in pairs)
        cpu = statistics.median(pair[1][1] / pair[0][1] for pair in pairs)
        verdict = "met" if max(wall, cpu) <= TARGETS[name] else "MISSED"
        print(f"{name:<38} {med[0]:>9.2f}s {med[2]:>7.2f}s {wall:>6.3f}× {med[1]:>9.2f}s {med[3]:>6.2f}s {cpu:>6.3f}×  "
              f"≤ {TARGETS[name]}× {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
