"""Tests for graph.language: text not in English is named; short English is never mistaken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.language import foreign_language

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "text",
    [
        "Honda and Nissan sign battery pact",
        "Stellantis invests in Leapmotor",
        "Toyota Motor Corp CEO Koji Sato",
        "Nissan, Honda, Mitsubishi: MoU on EV software",
        "BYD grows.",
        "Kia",
        "SAIC-GM-Wuling, BYD, Geely, Chery, Great Wall, NIO, XPeng, Li Auto.",
        "Renault and Nissan rework their alliance.",
    ],
)
def test_short_english_is_read_as_english(text: str) -> None:
    assert foreign_language(text) is None


def test_no_seed_or_development_passage_is_called_foreign() -> None:
    texts = [
        json.loads(line)["text"]
        for line in (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [t for t in texts if foreign_language(t) or foreign_language(t.split(".")[0])] == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Volkswagen und Xpeng wollen gemeinsam eine neue Elektronikarchitektur entwickeln.",
            'not English (German, "de"); only English articles are read',
        ),
        (
            "Renault et Nissan ont signé jeudi un nouvel accord qui rééquilibre leur alliance.",
            'not English (French, "fr"); only English articles are read',
        ),
        (
            "ホンダと日産自動車は経営統合に向けた協議を始めたと発表した。",
            'not English (Japanese, "ja"); only English articles are read',
        ),
    ],
)
def test_other_languages_are_named(text: str, reason: str) -> None:
    assert foreign_language(text) == reason
