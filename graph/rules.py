"""Reading the relation rules from their data files (``graph/data/rules/*.toml``).

A rule is a regular expression over a masked sentence (see :mod:`graph.patterns`),
written with the shared wording as ``{NAME}`` placeholders, and an id that the
evidence of every fact it reads names. Adding a phrasing is adding a rule to a file;
no code knows a rule by its id or its place in a file.

>>> rule = Rule.compile("demo-01", r"(?P<per>{PERSON}) leads", {"PERSON": r"⟨P\\d+⟩"})
>>> rule.pattern.search("⟨P0⟩ leads ⟨C1⟩")["per"]
'⟨P0⟩'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import AkgError

__all__ = [
    "Rule",
    "Signals",
    "check_fields",
    "load_rules",
    "load_signals",
    "load_wording",
    "load_words",
    "read_rules",
    "read_toml",
    "read_wording",
    "shipped",
]

FOLDER = "data/rules"
#: The shared wording that rules name as ``{NAME}``, by table: "rules", "names".
WORDING = "wording.toml"
_FIELDS = {
    "id",
    "pattern",
    "example",
    "case_sensitive",
    "kind",
    "after_clause",
    "possessive_owners",
    "its_company",
}
#: Whom "its" stands for in a rule that does not name the company ("its partner Beta").
ITS_COMPANY = ("", "nearest", "first")


@dataclass(frozen=True)
class Rule:
    """One rule.

    Attributes:
        id: what the evidence of the facts it reads names ("leads-01").
        pattern: the compiled expression.
        example: a phrase it reads, for people.
        kind: how an investment rule's match is read ("stake", "own", ...).
        after_clause: it only holds at the start of a clause, never in a headline.
        possessive_owners: its owners must be named in the possessive ("A and B's").
        its_company: whom "its" stands for when the match names no company:
            the one named last before the match ("nearest") or the sentence's first.
    """

    id: str
    pattern: re.Pattern[str]
    example: str = ""
    kind: str = ""
    after_clause: bool = False
    possessive_owners: bool = False
    its_company: str = ""

    @classmethod
    def compile(
        cls,
        id: str,
        template: str,
        macros: Mapping[str, str],
        *,
        case_sensitive: bool = False,
        **options: Any,
    ) -> Rule:
        """A rule from its template, ``{NAME}`` filled from ``macros``."""
        flags = 0 if case_sensitive else re.IGNORECASE
        return cls(id, re.compile(template.format_map(macros), flags), **options)


def load_rules(file: str, section: str, macros: Mapping[str, str]) -> list[Rule]:
    """The rules of one section of a shipped rule file, in file order.

    Args:
        file: the file's name in ``graph/data/rules`` ("leads.toml").
        section: the array of tables to read ("named").
        macros: the shared wording the templates name.

    Raises:
        AkgError: the file is missing or malformed, or a rule is: one line naming
            the file and the rule, and what to fix.
    """
    text, where = shipped(file)
    return read_rules(text, where, section, macros)


@dataclass(frozen=True)
class Signals:
    """The signals of one shipped file, compiled, by id: the code names each it reads."""

    file: str
    patterns: Mapping[str, re.Pattern[str]]

    def __getitem__(self, id: str) -> re.Pattern[str]:
        """The signal ``id``.

        Raises:
            AkgError: the file has no such signal: one line naming it and the fix.
        """
        try:
            return self.patterns[id]
        except KeyError:
            raise AkgError(
                f"graph/{FOLDER}/{self.file}: no signal {id!r}; reinstall akg "
                "(pip install --force-reinstall akg)"
            ) from None


def load_signals(file: str, macros: Mapping[str, str]) -> Signals:
    """The ``[[signals]]`` of a shipped rule file, by id.

    Raises:
        AkgError: the file or a signal is malformed, or two share an id: one line.
    """
    return Signals(file, {rule.id: rule.pattern for rule in load_rules(file, "signals", macros)})


def load_words(file: str) -> dict[str, frozenset[str]]:
    """The ``[words]`` lists of a shipped rule file, by name.

    Raises:
        AkgError: the table is missing or a list is not a list of words: one line.
    """
    text, where = shipped(file)
    table = read_toml(text, where).get("words")
    if not isinstance(table, dict) or not table:
        raise AkgError(f"{where}: no [words] table; reinstall akg")
    words: dict[str, frozenset[str]] = {}
    for name, value in table.items():
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise AkgError(f"{where}: [words] {name} must be a list of words")
        words[name] = frozenset(value)
    return words


def load_wording(table: str) -> dict[str, str]:
    """The shared wording of one table of the shipped ``wording.toml``, each piece filled in.

    Raises:
        AkgError: the file or a piece is malformed: one line naming the file and the piece.
    """
    text, where = shipped(WORDING)
    return read_wording(text, where, table)


def read_wording(text: str, where: str, table: str) -> dict[str, str]:
    """The pieces of one ``table`` of a wording file's ``text``, in file order, each with
    the pieces above it that it names (``{NAME}``) filled in; ``where`` names the file."""
    entries = read_toml(text, where).get(table)
    if not isinstance(entries, dict) or not entries:
        raise AkgError(f"{where}: no [{table}] table of wording; reinstall akg")
    wording: dict[str, str] = {}
    for name, piece in entries.items():
        parts = piece if isinstance(piece, list) else [piece]
        if not parts or not all(isinstance(part, str) for part in parts):
            raise AkgError(f"{where}: [{table}] {name} must be a string or a list of strings")
        try:
            wording[name] = "".join(parts).format_map(wording)
        except KeyError as error:
            raise AkgError(
                f"{where}: [{table}] {name} names {{{error.args[0]}}}, which no piece above it "
                "defines; write {{ for a literal brace"
            ) from None
        except (ValueError, IndexError) as error:
            raise AkgError(
                f"{where}: [{table}] {name} has an unpaired brace ({error}); "
                "write {{ and }} for literal braces"
            ) from None
    return wording


def shipped(file: str) -> tuple[str, str]:
    """The text of a shipped file of ``graph/data/rules``, and its name for errors.

    Raises:
        AkgError: the file is missing: one line naming it and the fix.
    """
    where = f"graph/{FOLDER}/{file}"
    try:
        text = resources.files("graph").joinpath(f"{FOLDER}/{file}").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AkgError(
            f"{where}: missing; reinstall akg (pip install --force-reinstall akg)"
        ) from None
    return text, where


def read_rules(text: str, where: str, section: str, macros: Mapping[str, str]) -> list[Rule]:
    """The rules of one section of a rule file's ``text``; ``where`` names it in errors."""
    data = read_toml(text, where)
    rules = []
    for entry in data.get(section, []):
        name = entry.get("id", "?")
        check_fields(entry, _FIELDS, f"{where}: rule {name}")
        if entry.get("its_company", "") not in ITS_COMPANY:
            raise AkgError(
                f"{where}: rule {name} has its_company = {entry['its_company']!r}; "
                'write "nearest" or "first"'
            )
        if "id" not in entry or "pattern" not in entry:
            raise AkgError(f"{where}: a [[{section}]] rule needs an id and a pattern")
        pattern = entry.pop("pattern")
        template = "".join(pattern) if isinstance(pattern, list) else pattern
        try:
            rules.append(Rule.compile(entry.pop("id"), template, macros, **entry))
        except KeyError as error:
            raise AkgError(
                f"{where}: rule {name} names {{{error.args[0]}}}, which graph/data/rules/wording.toml "
                "does not define; write {{ for a literal brace"
            ) from None
        except re.error as error:
            raise AkgError(f"{where}: rule {name} is not a valid expression ({error})") from None
    if not rules:
        raise AkgError(f"{where}: no [[{section}]] rules; reinstall akg")
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise AkgError(f"{where}: rule id {rule.id} is used twice; rename one")
        seen.add(rule.id)
    return rules


def read_toml(text: str, where: str) -> dict[str, Any]:
    """A rule or cue file's ``text`` as TOML; ``where`` names the file in the error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AkgError(f"{where}: not valid TOML ({error}); fix the file") from None


def check_fields(entry: Mapping[str, Any], known: set[str], what: str) -> None:
    """Stop on a field of ``entry`` outside ``known``; ``what`` names the file and entry."""
    unknown = set(entry) - known
    if unknown:
        raise AkgError(
            f"{what} has unknown field(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(known))}"
        )
