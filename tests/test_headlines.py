"""Title-case headlines: ordinary words lowered, names and the text's length kept."""

from __future__ import annotations

import pytest

from graph.headlines import common_words, is_title_case, lower_headlines

COMMON = {"agree", "merge", "into", "company", "stake", "names", "chief", "executive", "backed"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Honda, Nissan Agree To Merge Into Holding Company",
            "Honda, Nissan agree to merge into Holding company",
        ),
        (
            "Stellantis Names Antonio Filosa Chief Executive",
            "Stellantis names Antonio Filosa chief executive",
        ),
        ("Tencent-Backed Nio Takes Stake In LG Unit", "Tencent-backed Nio Takes stake in LG Unit"),
        # the article's own lower-case words count as ordinary; its names stay
        (
            "Kestrel Buys Mill Motors Plant In Gdansk\nKestrel said it buys the plant.",
            "Kestrel buys Mill Motors plant in Gdansk\nKestrel said it buys the plant.",
        ),
        (
            "Names Agree For Vanguard Stake And Merge\nThe deal with Vanguard and Stake closed.",
            "Names agree for Vanguard Stake and merge\nThe deal with Vanguard and Stake closed.",
        ),
    ],
)
def test_ordinary_words_of_title_case_lines_are_lowered(text: str, read: str) -> None:
    assert lower_headlines(text, COMMON) == read
    assert len(lower_headlines(text, COMMON)) == len(text)


def test_one_word_names_of_the_table_stay() -> None:
    assert lower_headlines("Volkswagen Sells Seat Stake To Names", COMMON, names={"seat"}) == (
        "Volkswagen Sells Seat stake to names"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Honda and Nissan agree to merge into a holding company.",
        "Honda Names Chief",  # too short to tell from a name
        "Honda Agrees To Merge With Nissan In A Deal Valued At $60 Billion, Sources Say.",
        "Kestrel, Vanguard and Mill said the company will merge.",
    ],
)
def test_other_lines_stay(text: str) -> None:
    assert not is_title_case(text)
    assert lower_headlines(text, COMMON) == text


def test_the_shipped_list_holds_ordinary_words_and_no_names() -> None:
    words = common_words()
    assert {"agree", "stake", "venture", "names", "chief"} <= words
    assert not {"motors", "toyota", "ford", "holdings", "group"} & words
