"""The import layers of pyproject.toml's [tool.importlinter] contract hold, and the contract
is not vacuous: a planted back-arrow (a stage importing the flows) breaks it."""
import os
import shutil
import subprocess
import sys

from fazhi.core.paths import REPO_ROOT

PACKAGES = ("fazhi", "tasks", "flows", "warehouse")
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"]


def _lint(root) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(LINT, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_layers_contract_is_kept():
    result = _lint(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_back_arrow_breaks_the_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(REPO_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    fetch = tmp_path / "tasks" / "fetch.py"
    fetch.write_text(fetch.read_text(encoding="utf-8") + "\nimport flows.common  # planted back-arrow\n",
                     encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "tasks.fetch -> flows.common" in result.stdout
