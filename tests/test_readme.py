"""The README's terminal sessions are real: each `$ akg ...` prints what the README shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sessions() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ akg` command in the README's console blocks."""
    pairs: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            if not lines[index].startswith("$ akg"):
                index += 1
                continue
            command = [lines[index][2:]]
            index += 1
            while "\n".join(command).count("'") % 2 == 1 and index < len(lines):
                command.append(lines[index])
                index += 1
            output = []
            while index < len(lines) and not lines[index].startswith("$ "):
                output.append(lines[index])
                index += 1
            pairs.append(("\n".join(command), "\n".join(output)))
    return pairs


def test_readme_sessions_are_real(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    (work / "tests" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "saga.jsonl", work / "tests" / "data")
    shutil.copytree(ROOT / "tests" / "data" / "web", work / "news")
    (work / "notes").mkdir()
    (work / "notes" / "empty.txt").write_text("", encoding="utf-8")
    (work / "feed.jsonl").write_text(
        '{"id": "a1", "text": "Toyota and Mazda signed an alliance."}\n'
        '{"id": "a2", "text": "Honda named a new chief executive."}\n'
        '{"id": "a3", "title": "No body"}\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AKG_", "XDG_"))}
    env["HOME"] = str(tmp_path / "home")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    checked = 0
    for command, expected in sessions():
        result = subprocess.run(
            ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True
        )
        shown = (result.stderr + result.stdout).rstrip("\n")
        assert sorted(shown.splitlines()) == sorted(expected.splitlines()), command
        checked += 1
    assert checked >= 10


def test_the_blind_sets_are_the_files_the_readme_froze() -> None:
    import hashlib

    items = re.findall(r"^- `eval/(blind\d?\.jsonl)`(.*?)(?=^\S|^- )", README, flags=re.S | re.M)
    frozen = {name: re.findall(r"sha256\s+`([0-9a-f]{64})`", text)[0] for name, text in items}
    blind = sorted(p.name for p in (ROOT / "eval").glob("blind*.jsonl"))
    assert sorted(frozen) == blind
    for name, digest in frozen.items():
        assert hashlib.sha256((ROOT / "eval" / name).read_bytes()).hexdigest() == digest, name
