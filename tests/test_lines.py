"""Hard wraps inside sentences: which line breaks become spaces and which still end a sentence."""

from __future__ import annotations

import pytest

from graph.lines import DATELINE, unwrap, wrapped_breaks

WIRE = (
    "HONDA AND NISSAN TO BEGIN MERGER TALKS\n"
    "TOKYO (Reuters) - Honda and Nissan said on Monday they would begin\n"
    "talks on a merger, a deal that would create the world's third-largest\n"
    "carmaker, as the two companies try to fend off Chinese rivals.\n"
    "\n"
    "Mitsubishi Motors, in which Nissan holds a 24% stake, will decide by\n"
    "the end of January whether to join the talks, it said in a statement\n"
    "on Monday."
)


def test_a_paragraph_set_at_a_fixed_width_is_read_as_running_text() -> None:
    assert unwrap(WIRE) == (
        "HONDA AND NISSAN TO BEGIN MERGER TALKS\n"
        "TOKYO (Reuters) - Honda and Nissan said on Monday they would begin "
        "talks on a merger, a deal that would create the world's third-largest "
        "carmaker, as the two companies try to fend off Chinese rivals.\n"
        "\n"
        "Mitsubishi Motors, in which Nissan holds a 24% stake, will decide by "
        "the end of January whether to join the talks, it said in a statement "
        "on Monday."
    )


def test_a_short_paragraph_of_an_article_set_at_a_fixed_width_is_read_as_running_text() -> None:
    # two lines are too few to tell a width from; the article's other paragraphs tell it
    text = WIRE + (
        "\n\nAvatr Technology, an electric vehicle maker backed by Changan\n"
        "Automobile, had earlier agreed to buy a stake."
    )
    assert unwrap(text).endswith(
        "Avatr Technology, an electric vehicle maker backed by Changan "
        "Automobile, had earlier agreed to buy a stake."
    )
    alone = "Avatr Technology, an electric vehicle maker backed by Changan\nAutomobile, had agreed."
    assert unwrap(alone) == alone


BULLETIN = (
    "Good evening, this is the business bulletin.\n"
    "Brazilian wheel maker Bandeirante Rodas says its chairman, Otávio\n"
    "Lacerda, will step down at the June shareholder meeting after eighteen\n"
    "years.\n"
    "In Argentina, the provincial government has extended tax breaks for\n"
    "vehicle exporters until the end of next year.\n"
    "Chile's SQM and the state copper company Codelco are now partners in\n"
    "lithium production under their joint venture agreement."
)


def test_paragraphs_joined_by_single_breaks_are_read_at_the_width_of_their_wraps() -> None:
    # each paragraph's short last line hides the width; the lines the next goes on from in
    # lower case show it, so a name wrapped before a capital is one name again
    assert unwrap(BULLETIN) == (
        "Good evening, this is the business bulletin.\n"
        "Brazilian wheel maker Bandeirante Rodas says its chairman, Otávio "
        "Lacerda, will step down at the June shareholder meeting after eighteen "
        "years.\n"
        "In Argentina, the provincial government has extended tax breaks for "
        "vehicle exporters until the end of next year.\n"
        "Chile's SQM and the state copper company Codelco are now partners in "
        "lithium production under their joint venture agreement."
    )


def test_a_headline_of_the_width_keeps_its_break_before_a_dateline() -> None:
    text = BULLETIN.replace(
        "Good evening, this is the business bulletin.",
        "Arvel, Kestrel to build $4.3 bln LFP battery plant in southern Spain\n"
        "MADRID, Dec 10 (Reuters) - Arvel and Kestrel said they would build a\n"
        "battery plant in Spain.",
    )
    assert "Spain\nMADRID" in unwrap(text)


def test_unwrapping_keeps_every_offset() -> None:
    assert len(unwrap(WIRE)) == len(WIRE)
    assert {i for i, c in enumerate(WIRE) if c != unwrap(WIRE)[i]} == wrapped_breaks(WIRE)


def test_a_long_line_the_next_goes_on_from_in_lower_case_is_a_wrap() -> None:
    text = (
        "Volkswagen's truck unit Traton said on Tuesday that its chief executive would\n"
        "also lead Scania.\nShares rose."
    )
    assert unwrap(text) == text.replace("would\n", "would ", 1)


@pytest.mark.parametrize(
    "text",
    [
        # a headline, a standfirst and a dateline stacked above a paragraph on one line
        "Honda and Nissan Begin Formal Talks on Business Integration\n"
        "Mitsubishi Motors to decide by end of January whether to take part\n"
        "TOKYO, Dec. 23, 2024 — Honda Motor Co. and Nissan Motor Co. said on Monday that they "
        "had signed a memorandum of understanding to begin talks on a business integration.",
        # a table
        "SAIC Motor | General Motors | SAIC-GM | 50/50\n"
        "GAC Group | Toyota | GAC Toyota | 50/50\n"
        "Dongfeng Motor | Honda | Dongfeng Honda | 50/50\n"
        "Not shown: the Jeep venture.",
        # a transcript
        "Q: Does the Honda licence still cover the engines you build in Thailand\n"
        "A: It does, and we have no plan to change that arrangement this year\n"
        "Q: Would you license your platform to other carmakers in the region\n"
        "A: If someone asked.",
        # a list
        "The group's deals this year, by the company's own count, included these ones\n"
        "- a battery venture with Samsung SDI in Indiana, worth about $3.5bn\n"
        "- a stake in the lidar maker Luminar, bought from a fund in March\n"
        "- a supply contract with CATL.",
        # a short headline in capitals before a byline in lower case
        "TOYOTA RAISES STAKE IN SUBARU TO 20 PERCENT AFTER BOARD APPROVAL\nby staff writers",
        # paragraphs written on one line each
        "Nissan said on Monday it would cut 9,000 jobs worldwide.\n"
        "The carmaker also said it would reduce its stake in Mitsubishi Motors.\n"
        "Its shares fell 6% in Tokyo trading.",
    ],
)
def test_headings_tables_transcripts_and_lists_keep_their_breaks(text: str) -> None:
    assert unwrap(text) == text


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("TOKYO (Reuters) - Nissan said", "TOKYO (Reuters) - "),
        ("STUTTGART, Germany, Feb 3 - Bosch said", "STUTTGART, Germany, Feb 3 - "),
        ("MADRID/MILAN, Dec 10 (Reuters) - Iberdrola said", "MADRID/MILAN, Dec 10 (Reuters) - "),
        ("FRANKFURT (dpa-AFX) - Daimler Truck said", "FRANKFURT (dpa-AFX) - "),
        ("SEOUL -- Kia said", "SEOUL -- "),
        ("DETROIT—GM said", "DETROIT—"),
        ("ROTTWEIL – Brenner said", "ROTTWEIL – "),
        ("NISSAN AND HONDA agree to merge", None),
        ("Toyota said", None),
    ],
)
def test_a_wire_dateline_is_read_to_its_dash(text: str, dateline: str | None) -> None:
    found = DATELINE.match(text)
    assert (found.group(0) if found else None) == dateline
