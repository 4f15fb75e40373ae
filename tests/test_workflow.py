"""The pull-request workflow run for real, but for GitHub itself: its shell steps in bash on a
repository with a base branch and a change, its comment step under node with a stand-in for
GitHub's API (what actions/github-script hands the script)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import DATA, REPO

WORKFLOW = REPO / ".github" / "workflows" / "validate.yml"

# A stand-in for actions/github-script: the step's script as the body of an async function of
# (github, context, require, process), and an API that keeps the comments in a JSON file.
HARNESS = r"""
const fs = require('fs');
const [script, store, number] = process.argv.slice(2);
const comments = fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : [];
const save = () => fs.writeFileSync(store, JSON.stringify(comments));
const issues = {
  listComments: async () => ({ data: comments }),
  createComment: async ({ issue_number, body }) => {
    comments.push({ id: comments.length + 1, issue_number, body, user: { type: 'Bot' } }); save();
  },
  updateComment: async ({ comment_id, body }) => {
    comments.find((c) => c.id === comment_id).body = body; save();
  },
};
const github = { rest: { issues }, paginate: async (method, args) => (await method(args)).data };
const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: Number(number) } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('github', 'context', 'require', 'process', script)(github, context, require, process)
  .catch((error) => { console.error(error); process.exit(1); });
"""


def _steps() -> dict[str, dict]:
    jobs = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return {step["name"]: step for step in jobs["validate"]["steps"] if "name" in step}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone with origin/main and a pull request's commit: a name changed, a type made invalid."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    acv = repo / "data" / "organisations" / "acv.yaml"
    acv.write_text(acv.read_text(encoding="utf-8").replace("\nname: ACV\n", "\nname: ACV-CSC\n")
                   .replace("type: trade_union", "type: vakbond"), encoding="utf-8")
    _git(repo, "commit", "-qam", "pull request")
    return repo


def _run_step(step: dict, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                   **{k: str(v).replace("${{ github.base_ref }}", "main") for k, v in step.get("env", {}).items()}, **env}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=environment, capture_output=True, text=True)


def _comment(script: str, tmp_path: Path, env: dict[str, str]) -> list[dict]:
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    store = tmp_path / "comments.json"
    result = subprocess.run(["node", str(harness), script, str(store), "7"], env={**os.environ, **env},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(store.read_text(encoding="utf-8"))


def _node_or_skip() -> None:
    if shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed")
        pytest.skip("node is not installed")


def test_the_pull_request_steps_post_the_diff_and_annotate_the_findings(pull_request: Path, tmp_path: Path) -> None:
    _node_or_skip()
    steps = _steps()
    summary, temp = tmp_path / "summary.md", tmp_path / "runner-temp"
    temp.mkdir()
    env = {"GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(temp), "GITHUB_WORKSPACE": str(REPO),
           "GITHUB_ACTIONS": "true"}
    diffed = _run_step(steps["What this pull request changes in the dataset"], pull_request, env)
    assert diffed.returncode == 0, diffed.stderr
    posted = summary.read_text(encoding="utf-8")
    assert posted.startswith("### Dataset changes\n\n1 record: 1 changed.\n")
    assert "@@ line 3: name @@\n- name: ACV\n+ name: ACV-CSC\n" in posted

    script = steps["Comment the changes on the pull request"]["with"]["script"]
    first = _comment(script, tmp_path, env)
    assert len(first) == 1 and first[0]["issue_number"] == 7
    assert first[0]["body"] == "<!-- resoc diff -->\n" + posted
    again = _comment(script, tmp_path, env)  # a second push edits the comment, adds none
    assert len(again) == 1 and again[0]["body"] == first[0]["body"]

    validated = _run_step(steps["Validate the dataset"], pull_request, env)
    assert validated.returncode == 1
    line = (pull_request / "data/organisations/acv.yaml").read_text(encoding="utf-8").splitlines().index("type: vakbond") + 1
    assert f"::error file=data/organisations/acv.yaml,line={line},col=7,title=S003::S003 type:" in validated.stdout


def test_a_long_diff_is_cut_between_records_for_the_comment(tmp_path: Path) -> None:
    _node_or_skip()
    record = "\n#### Changed organisation `x{n}`\n\n`data/organisations/x{n}.yaml`\n\n```diff\n@@ line 3: name @@\n- name: {a}\n+ name: B\n```\n"
    markdown = "### Dataset changes\n\n300 records: 300 changed.\n" + "".join(record.format(n=n, a="A" * 400) for n in range(300))
    source = tmp_path / "diff.md"
    source.write_text(markdown, encoding="utf-8")
    check = (f"const {{ fitted, LIMIT }} = require({json.dumps(str(REPO / 'scripts' / 'pr-comment.js'))});"
             f"const text = require('fs').readFileSync({json.dumps(str(source))}, 'utf8');"
             "process.stdout.write(JSON.stringify({ body: fitted(text), limit: LIMIT }));")
    result = subprocess.run(["node", "-e", check], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    body, limit = out["body"], out["limit"]
    assert len(body) <= limit + 200 and body.startswith("### Dataset changes\n\n300 records")
    kept = body.count("#### ")
    assert 0 < kept < 300 and body.count("```diff") == body.count("\n```\n") == kept  # every block closed
    assert body.endswith(f"**{300 - kept} more record(s) changed**: the whole diff is in the summary of the workflow run.\n")
