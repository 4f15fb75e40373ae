"""resoc_cli.model: the schemas are pydantic's own, with no installed plugin in between."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import DATA


def _spy_plugin(site: Path) -> Path:
    """An installed package that offers a pydantic plugin; importing it leaves a mark."""
    mark = site / "imported"
    (site / "spyplugin.py").write_text(
        f"import pathlib\npathlib.Path({str(mark)!r}).touch()\n"
        "class Plugin:\n    def new_schema_validator(self, *args, **kwargs):\n        return None, None, None\n"
        "plugin = Plugin()\n")
    info = site / "spyplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spyplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spyplugin:plugin\n")
    return mark


def test_no_pydantic_plugin_is_loaded(tmp_path: Path) -> None:
    """A plugin runs on every validation and could change what a record is taken to be: resoc
    loads none. Plain pydantic in the same environment does load it: the plugin is found."""
    mark = _spy_plugin(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}  # this process imported resoc_cli
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    plain = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)\n"
    subprocess.run([sys.executable, "-c", plain], env=env, check=True, timeout=60)
    assert mark.exists()
    mark.unlink()
    result = subprocess.run([sys.executable, "-m", "resoc_cli", "validate", "--no-cache", "--data", str(DATA)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not mark.exists()
