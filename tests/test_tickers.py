"""Stock tickers after a company's name: hidden, the text's length kept."""

from __future__ import annotations

import pytest

from graph.tickers import hide_tickers


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Daimler (DAI.DE) said", "Daimler          said"),
        ("Toyota Motor Corp <7203.T> said", "Toyota Motor Corp          said"),
        ("BYD Co. Ltd. (1211.HK) has", "BYD Co. Ltd.           has"),
        ("Rivian (NASDAQ: RIVN) and", "Rivian                and"),
        ("Honda (TSE: 7267, NYSE: HMC) and", "Honda                        and"),
        (
            "Stellantis (NYSE: STLA / Euronext Milan: STLAM) said",
            "Stellantis                                      said",
        ),
        ("Kuroda (Securities Code: 4417) said", "Kuroda                         said"),
    ],
)
def test_tickers_become_spaces(text: str, read: str) -> None:
    assert hide_tickers(text) == read
    assert len(hide_tickers(text)) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Volkswagen (VW) and Rivian",
        "the company (Renault) said",
        "sales rose (up 5.3%) in May",
        "a plant in Munich (Germany)",
        "TOKYO (Reuters: Tokyo desk) - Honda said",
    ],
)
def test_other_brackets_stay(text: str) -> None:
    assert hide_tickers(text) == text
