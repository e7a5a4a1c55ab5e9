"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The Chromium the browser tests drive; AKG_CHROMIUM points elsewhere.
CHROMIUM = Path(os.environ.get("AKG_CHROMIUM", "/usr/bin/chromium"))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless system Chromium driven by Playwright, shared by the session."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}; install Debian package chromium "
            "(or point AKG_CHROMIUM at a Chromium binary)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing: pip install playwright"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An on-disk store built from the seed articles (rules only), shared by the session."""
    from graph import build

    store = tmp_path_factory.mktemp("seed-store") / "store"
    build([Path(__file__).parent.parent / "seeds"], str(store), model="rules")
    return str(store)
