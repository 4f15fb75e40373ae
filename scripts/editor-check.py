#!/usr/bin/env python3
"""What an editor shows for data files: yaml-language-server's diagnostics, without an editor.

VS Code (with the Red Hat YAML extension), Neovim, Helix and other editors check the data
files with yaml-language-server and the schema named on each file's first line
(`# yaml-language-server: $schema=...`). This script starts that same server over stdio,
speaks the Language Server Protocol to it (JSON-RPC), opens each file given, and prints the
diagnostics the server publishes, one a line:

    data/councils/serr-kempen.yaml:11:14: warning: Not a real date: ... [yaml-schema: council.schema.json]

Install the server once (CI does it in .ci/run); it goes into .node/, which git ignores:

    npm install --no-save --prefix .node yaml-language-server@1.25.0

Exit codes: 0 no diagnostics, 1 diagnostics shown, 2 usage (no node, no server, no file),
3 the server did not answer in time. Nothing is fetched: the schema store is switched off and
the schemas are the repository's files.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / ".node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SEVERITIES = {1: "error", 2: "warning", 3: "information", 4: "hint"}
# The server's settings: schema validation only, no schema store (it would be fetched from the web).
SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False, "format": {"enable": False},
                     "schemaStore": {"enable": False}, "schemas": {}}}


class Server:
    """yaml-language-server in a child process, and the messages it sends."""

    def __init__(self, node: str, server: Path) -> None:
        self.process = subprocess.Popen([node, str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: BinaryIO) -> None:
        """Split the server's output into messages: a Content-Length header, a blank line, JSON."""
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def answer(self, message: dict[str, Any]) -> None:
        """Answer the server's own requests: its settings when it asks, an empty result otherwise."""
        result = None
        if message["method"] == "workspace/configuration":
            result = [_setting(item.get("section", "")) for item in message["params"]["items"]]
        self.send({"id": message["id"], "result": result})

    def receive(self, deadline: float) -> dict[str, Any] | None:
        try:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if "method" in message and "id" in message:
            self.answer(message)
        return message

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.send({"method": "exit"})
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


def _setting(section: str) -> Any:
    value: Any = SETTINGS
    for part in section.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def diagnostics(server: Server, files: list[Path], timeout: float) -> dict[Path, list[dict[str, Any]]]:
    """Open the files in the server; return what it publishes for each once it has had its say."""
    deadline = time.monotonic() + timeout
    init = server.request("initialize", {
        "processId": os.getpid(), "rootUri": REPO.as_uri(), "workspaceFolders": None,
        "capabilities": {"workspace": {"configuration": True},
                         "textDocument": {"publishDiagnostics": {"relatedInformation": False}}},
    })
    while (message := server.receive(deadline)) is not None and message.get("id") != init:
        pass
    if message is None:
        raise TimeoutError("the server did not answer 'initialize'")
    server.send({"method": "initialized", "params": {}})
    server.send({"method": "workspace/didChangeConfiguration", "params": {"settings": SETTINGS}})
    uris = {path.resolve().as_uri(): path for path in files}
    for uri, path in uris.items():
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
    return _collect(server, uris, deadline)


def _collect(server: Server, uris: dict[str, Path], deadline: float) -> dict[Path, list[dict[str, Any]]]:
    """The last diagnostics published per file; done when every file has some and a second passes quietly."""
    found: dict[Path, list[dict[str, Any]]] = {}
    quiet_until = deadline
    while time.monotonic() < min(deadline, quiet_until):
        message = server.receive(min(deadline, quiet_until))
        if message and message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] in uris:
            found[uris[message["params"]["uri"]]] = message["params"]["diagnostics"]
            if len(found) == len(uris):
                quiet_until = time.monotonic() + 1.0
    if len(found) < len(uris):
        raise TimeoutError(f"no diagnostics for {', '.join(str(p) for p in uris.values() if p not in found)}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="data files, each with its schema line")
    parser.add_argument("--server", type=Path, default=Path(os.environ.get("YAML_LANGUAGE_SERVER", SERVER)),
                        help=f"the server's bin script (default: {SERVER.relative_to(REPO)})")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the server")
    args = parser.parse_args(argv)
    node = shutil.which("node")
    missing = [str(f) for f in args.files if not f.is_file()]
    if node is None or not args.server.is_file() or missing:
        why = "node is not installed" if node is None else f"no file {', '.join(missing)}" if missing else \
            f"no yaml-language-server at {args.server}: npm install --no-save --prefix .node yaml-language-server@1.25.0"
        print(f"editor-check: {why}", file=sys.stderr)
        return 2
    server = Server(node, args.server)
    try:
        found = diagnostics(server, args.files, args.timeout)
    except TimeoutError as error:
        print(f"editor-check: {error}", file=sys.stderr)
        return 3
    finally:
        server.close()
    for path in args.files:
        for d in sorted(found[path], key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])):
            start = d["range"]["start"]
            print(f"{path}:{start['line'] + 1}:{start['character'] + 1}: {SEVERITIES.get(d.get('severity'), 'error')}: "
                  f"{d['message']} [{d.get('source', 'yaml')}]")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
