"""The relation rules, as tables of sentences and the exact facts they give."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, _calm_shouting, _linked_name
from graph.model import Article

P, L, INV = "partnersWith", "leads", "investsIn"


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return {f.key for f in extractor.extract(Article("t", text))}


PARTNERSHIPS = [
    # partnerships in wire-style wording
    (
        "Mazda agreed to work with Kestrel Drive Systems Inc. on axles.",
        {("Kestrel Drive Systems", P, "Mazda")},
    ),
    (
        "Kia is teaming with carmaker Vantor Mobility and supplier Orlen Drive Systems on vans.",
        {("Kia", P, "Orlen Drive Systems"), ("Kia", P, "Vantor Mobility")},
    ),
    ("Bosch will supply Mazda with brake systems under a five-year deal.", {("Bosch", P, "Mazda")}),
    (
        "Vantor Mobility, which has partnered with Ford, Kia and Subaru, raised its forecast.",
        {
            ("Ford", P, "Vantor Mobility"),
            ("Kia", P, "Vantor Mobility"),
            ("Subaru", P, "Vantor Mobility"),
        },
    ),
    (
        "Mazda said it would keep its shares in Kestrel Drive Systems Inc., its long-time partner in axles.",
        {("Kestrel Drive Systems", P, "Mazda")},
    ),
    # a company invested in is the target of the deal, not a third partner
    (
        "Kia and Mazda signed an agreement under which Kia will invest $50 million in Vantor Mobility.",
        {("Kia", P, "Mazda")},
    ),
    ("Toyota and Mazda signed a capital alliance on Tuesday.", {("Mazda", P, "Toyota")}),
    (
        "Hyundai has teamed up with Kestrel Drive Systems Inc. on axle motors.",
        {("Hyundai", P, "Kestrel Drive Systems")},
    ),
    (
        "BMW, Ford and Hyundai formed a charging alliance.",
        {("BMW", P, "Ford"), ("BMW", P, "Hyundai"), ("Ford", P, "Hyundai")},
    ),
    ("Volkswagen will co-develop software with Rivian.", {("Rivian", P, "Volkswagen")}),
    ("Renault said its partner Nissan would keep the shares.", {("Nissan", P, "Renault")}),
    (
        "Honda met Sony in Tokyo. The two companies later agreed to build cars together.",
        {("Honda", P, "Sony")},
    ),
    ("Stellantis joined forces with Leapmotor last year.", {("Leapmotor", P, "Stellantis")}),
    ("Honda's sales beat Toyota and Nissan in March.", set()),
    ("Ford denied it was in talks with Volkswagen about a tie-up.", set()),
    ("Nissan plans to compete against rivals like Toyota and Tesla in the US.", set()),
    ("According to Reuters, Mazda and Toyota agreed a joint venture.", {("Mazda", P, "Toyota")}),
    # a joint venture's parents are partners; the venture itself is not
    (
        "Kia and Vantor Mobility set up Orlen Drive Systems, a 50-50 joint venture to build vans.",
        {("Kia", P, "Vantor Mobility")},
    ),
    (
        "Orlen Drive Systems, the cell venture owned in equal thirds by Ford, Subaru and Mazda, paused work.",
        {("Ford", P, "Mazda"), ("Ford", P, "Subaru"), ("Mazda", P, "Subaru")},
    ),
    # one company signing with several: a hub, not a clique
    (
        "Geely has signed supply partnerships with three battery makers, CATL, Gotion and Sunwoda.",
        {("CATL", P, "Geely"), ("Geely", P, "Gotion"), ("Geely", P, "Sunwoda")},
    ),
    (
        "Bosch signed agreements with Kia and Mazda on brake-by-wire systems.",
        {("Bosch", P, "Kia"), ("Bosch", P, "Mazda")},
    ),
    # a speaker's employer is not a party to the deal the speaker describes
    (
        "Marta Lindgren, chief executive of Volvo Cars, said the merger of Renault and Nissan was on track.",
        {("Nissan", P, "Renault")},
    ),
    # "the three companies", and two leaders speaking for "the companies"
    (
        "Hyundai, Kia and Vantor Mobility met in Seoul. The three companies agreed to develop robotaxis together.",
        {("Hyundai", P, "Kia"), ("Hyundai", P, "Vantor Mobility"), ("Kia", P, "Vantor Mobility")},
    ),
    (
        "Toyota chief executive Koji Sato and BMW chairman Norbert Reithofer said the companies would expand "
        "their hydrogen partnership.",
        {("BMW", P, "Toyota")},
    ),
    # products, brands, makers and the result of a merger are not parties
    (
        "Hyundai and Samsung formed a partnership to fit Samsung chips in Hyundai and Genesis cars.",
        {("Hyundai", P, "Samsung Group")},
    ),
    (
        "Mitsubishi Motors signed an agreement with Foxconn to sell a pickup made by Zorvix Auto.",
        {("Foxconn", P, "Mitsubishi Motors")},
    ),
    (
        "Fiat Chrysler agreed to combine with PSA Group, a deal that created Stellantis.",
        {("Fiat Chrysler Automobiles", P, "PSA Group")},
    ),
    # a brand never partners with its own group
    ("Audi extended its long partnership with Volkswagen and SAIC.", {("Audi", P, "SAIC")}),
    # "its joint venture with", and "the two automakers" said by one of them
    (
        "Hyundai president Min-ho Seo said the company saw its joint venture with Mazda as a long-term bet.",
        {("Hyundai", P, "Mazda")},
    ),
    (
        "Subaru president Atsushi Osaki said the firm would ship engines to Mazda as part of the two "
        "automakers' alliance.",
        {("Mazda", P, "Subaru")},
    ),
    ("The two firms had built vans together since 2015.", set()),
    # analysts naming candidates is opinion, not news
    (
        "Nissan and Honda are the obvious candidates for a tie-up, said an analyst at Jefferies.",
        set(),
    ),
    ("Mazda rejected reports that it was in talks with Subaru about a tie-up.", set()),
    # a nationality or a place is never a company: "Czech bus builder", "Oslo-based"
    (
        "Mazda is in talks with Czech bus builder Karvena Coachworks about electric coaches.",
        {("Karvena Coachworks", P, "Mazda")},
    ),
    (
        "Danish microcar maker Hoplund Motors and Oslo-based Fjordline Mobility agreed to jointly "
        "develop a city car.",
        {("Fjordline Mobility", P, "Hoplund Motors")},
    ),
    (
        "Kia signed a supply agreement with Swedish battery maker Norrcell and German supplier "
        "Brakwerk Systems.",
        {("Brakwerk Systems", P, "Kia"), ("Kia", P, "Norrcell")},
    ),
    # merged companies and their new holding are not partners of the parents
    (
        "Mazda and Subaru signed an agreement to merge their truck makers, Trucko Heavy and Lorrant, "
        "under a new holding company Haulwise.",
        {("Mazda", P, "Subaru")},
    ),
    # a buy-out ends the seller's part: no partnership with the company bought out
    (
        "Ford will take full ownership of Velmora Power, its joint venture with Kia, by buying out "
        "Kia's stake.",
        set(),
    ),
    (
        "Subaru has taken full control of its brand Orvik Cars after Mazda sold its remaining stake.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARTNERSHIPS)
def test_partnerships(extractor: Extractor, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert {f for f in facts(extractor, text) if f[1] == P} == expected


STATUSES = [
    ("Honda and Nissan are exploring a merger.", "proposed"),
    ("Honda and Nissan called off their merger talks in February.", "ended"),
    ("Honda and Nissan signed a memorandum of understanding.", "agreed"),
    ("Mitsubishi and Nissan are considering a potential tie-up.", "proposed"),
    ("The alliance between Daimler and Renault was dissolved.", "ended"),
    ("Toyota and Mazda said they would co-develop a new hybrid system.", "agreed"),
    ("Ford and Volkswagen have ended their joint robotaxi development program.", "ended"),
    ("Kia and Rivian may form a software alliance next year.", "proposed"),
]


@pytest.mark.parametrize(("text", "status"), STATUSES)
def test_partnership_status(extractor: Extractor, text: str, status: str) -> None:
    (fact,) = extractor.extract(Article("t", text))
    assert fact.qualifiers.status is not None
    assert fact.qualifiers.status.value == status


LEADERSHIPS = [
    ("Nissan CEO Makoto Uchida spoke on Monday.", {("Makoto Uchida", L, "Nissan")}, "CEO"),
    (
        "Honda's Director, Toshihiro Mibe, opened the event.",
        {("Toshihiro Mibe", L, "Honda")},
        "Director",
    ),
    (
        "Jane Holloway, chief executive of Kestrel Drive Systems Inc., said demand was strong.",
        {("Jane Holloway", L, "Kestrel Drive Systems")},
        "CEO",
    ),
    (
        "Mary Barra, GM's chairwoman, met investors.",
        {("Mary Barra", L, "General Motors")},
        "chairwoman",
    ),
    (
        "Arno Feldkamp, who heads Kestrel Drive Systems Inc., declined to comment.",
        {("Arno Feldkamp", L, "Kestrel Drive Systems")},
        "head",
    ),
    (
        "Kestrel Drive Systems Inc. named Ruth Okafor as its new chief executive.",
        {("Ruth Okafor", L, "Kestrel Drive Systems")},
        "CEO",
    ),
    # two roles, two companies
    (
        "Ilse Brandt, chair and chief executive of Vantor Mobility, spoke in Munich.",
        {("Ilse Brandt", L, "Vantor Mobility")},
        "chair and CEO",
    ),
    (
        "Rahul Mehta, chairman of Tata Motors and Orlen Drive Systems, opened the plant.",
        {("Rahul Mehta", L, "Tata Motors"), ("Rahul Mehta", L, "Orlen Drive Systems")},
        "chairman",
    ),
    (
        "Pia Kessler became Vantor Mobility's chief executive in May.",
        {("Pia Kessler", L, "Vantor Mobility")},
        "CEO",
    ),
    # appointments with a clause between name and role, and the leader being replaced
    (
        "Vantor Mobility named Ines Carvalho, who ran its European sales, as its new chief executive.",
        {("Ines Carvalho", L, "Vantor Mobility")},
        "CEO",
    ),
    (
        "Kia appointed Min-jun Park as chief executive, replacing outgoing CEO Seo-yeon Lee.",
        {("Min-jun Park", L, "Kia"), ("Seo-yeon Lee", L, "Kia")},
        "CEO",
    ),
    (
        "Vantor Mobility's board named Zoë Kovačević as chief executive.",
        {("Zoë Kovačević", L, "Vantor Mobility")},
        "CEO",
    ),
    # a short form of a company named earlier, before a role
    (
        "Halden Robotics, a Lisbon startup that makes welding arms, raised money. Halden CEO Tomás Ribeiro "
        "said the cash would fund a plant.",
        {("Tomás Ribeiro", L, "Halden Robotics")},
        "CEO",
    ),
    # "the startup's chief executive", "president of the new company"
    (
        "Toyota invested $50 million in Quillet Robotics. The startup's chief executive, Dana Whitcombe, said "
        "hiring would double.",
        {("Dana Whitcombe", L, "Quillet Robotics")},
        "CEO",
    ),
    (
        "Ford and Subaru set up Orlen Drive Systems, a 50-50 joint venture. Aiko Tanabe, a Subaru veteran, "
        "serves as president of the new company.",
        {("Aiko Tanabe", L, "Orlen Drive Systems")},
        "president",
    ),
    (
        "Pia Kessler, previously head of sales at Subaru, became Vantor Mobility's chief executive.",
        {("Pia Kessler", L, "Vantor Mobility")},
        "CEO",
    ),
    (
        "The Lena Brandt-led engineering firm Tessar Mobility signed an agreement with Kia.",
        {("Lena Brandt", L, "Tessar Mobility")},
        "head",
    ),
    (
        "Quorvel's board named finance director Ana Ruiz as acting chief executive.",
        {("Ana Ruiz", L, "Quorvel")},
        "CEO",
    ),
    (
        "Vantor Mobility said Rhea Olsen, its chief technology officer, would serve as interim CEO.",
        {("Rhea Olsen", L, "Vantor Mobility")},
        "CEO",
    ),
    (
        "Kia named Hana Seo chairwoman of its supervisory board in March.",
        {("Hana Seo", L, "Kia")},
        "chairwoman",
    ),
    # a head resigning or stepping down still led the company (tenure "former")
    (
        "Daniel Frost resigned as chief executive of Orlen Drive Systems on Friday.",
        {("Daniel Frost", L, "Orlen Drive Systems")},
        "CEO",
    ),
    # a role with no company: the company the passage is about, not a rival
    (
        "Vantor Mobility cut its outlook on Monday. Chief executive Lena Quist said demand was weak. "
        "Rival Kia held its forecast.",
        {("Lena Quist", L, "Vantor Mobility")},
        "CEO",
    ),
    (
        "Kia raised prices, and chairman Dae-ho Kim said more rises could follow.",
        {("Dae-ho Kim", L, "Kia")},
        "chairman",
    ),
    (
        "Orlen Drive Systems Inc. will open a plant in Poland, its chief executive, Tomas Wilk, said.",
        {("Tomas Wilk", L, "Orlen Drive Systems")},
        "CEO",
    ),
    (
        "Orlen Drive Systems Inc. beat forecasts, said Ilse Brandt, the company's president.",
        {("Ilse Brandt", L, "Orlen Drive Systems")},
        "president",
    ),
    (
        "Vantor Mobility said Oskar Lind, 66, will step down as chief executive in June.",
        {("Oskar Lind", L, "Vantor Mobility")},
        "CEO",
    ),
    (
        "Kia named Eun-ji Cho as president, replacing Tae-ho Baek.",
        {("Eun-ji Cho", L, "Kia"), ("Tae-ho Baek", L, "Kia")},
        "president",
    ),
    # a role held by someone else's staff, or held long ago, is not a lead
    ("Vantor Mobility said Rhea Olsen, its chief operating officer, will retire.", set(), None),
    ("Kia hired Jon Falk, a former Vantor Mobility boss, as a consultant.", set(), None),
    ("President Jon Falk of Freedonia met Kia managers.", set(), None),
    ("Kia hired Jon Falk, a veteran engineer, as its chief technology officer.", set(), None),
    (
        "Mazda said that chief executive Ilse Brandt would step down in May.",
        {("Ilse Brandt", L, "Mazda")},
        "CEO",
    ),
    (
        "Kia cut its outlook. Finance chief Jon Falk will act as interim chief executive.",
        {("Jon Falk", L, "Kia")},
        "CEO",
    ),
    (
        "Shares in Tessar Mobility Inc. fell, weeks after Ilse Brandt left Kia to become chief executive of "
        "the Ohio company.",
        {("Ilse Brandt", L, "Tessar Mobility")},
        "CEO",
    ),
    # a wire dateline is a place, never the company a role belongs to
    (
        "SEOUL, May 2 (Reuters) - Kia cut its forecast. Chief executive Dae-ho Kim said demand was weak.",
        {("Dae-ho Kim", L, "Kia")},
        "CEO",
    ),
    ("Nissan CFO Jeremie Papin presented the results.", set(), None),
    # an appointment to another company: the new post, and the person replaced there
    (
        "Mazda named Jane Holloway, its group chief financial officer, as chief executive of Subaru, "
        "replacing Tom Erikson.",
        {("Jane Holloway", L, "Subaru"), ("Tom Erikson", L, "Subaru")},
        "CEO",
    ),
    # a bare role belongs to the company the passage is about, not the first one named
    (
        "Mazda and Subaru launched Tessar Mobility, a powertrain venture. Chief executive Lena Marsh "
        "said Tessar Mobility was in talks with Kia.",
        {("Lena Marsh", L, "Tessar Mobility")},
        "CEO",
    ),
    (
        "Backed by Mazda and Subaru, Tessar Mobility began making engines on Monday. Chief executive "
        "Lena Marsh said demand was strong.",
        {("Lena Marsh", L, "Tessar Mobility")},
        "CEO",
    ),
    ("Toyota spokesperson Ken Sato said the plant would reopen.", set(), None),
]


@pytest.mark.parametrize(("text", "expected", "role"), LEADERSHIPS)
def test_leaderships(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str]], role: str | None
) -> None:
    found = [f for f in extractor.extract(Article("t", text)) if f.relation.value == L]
    assert {f.key for f in found} == expected
    assert {f.qualifiers.role for f in found} == ({role} if role else set())


def test_one_person_can_lead_two_companies_in_two_roles(extractor: Extractor) -> None:
    text = "The board will be chaired by Jon Falk, Kia's chairman and the chief executive of Tessar Mobility Inc."
    roles = {
        f.object.label: f.qualifiers.role
        for f in extractor.extract(Article("t", text))
        if f.relation.value == L
    }
    assert roles == {"Kia": "chairman", "Tessar Mobility": "CEO"}


def test_a_succession_keeps_both_leaders_with_their_tenure(extractor: Extractor) -> None:
    text = (
        "Vantor Mobility said Mira Holt will become chief executive, succeeding Jon Falk, "
        "who will become chairman. Kestrel Drive Systems Inc. said Ada Brandt has resigned as chairman."
    )
    got = {
        f.subject.label: (f.object.label, f.qualifiers.role, f.qualifiers.tenure)
        for f in extractor.extract(Article("t", text))
        if f.relation.value == L
    }
    assert got == {
        "Mira Holt": ("Vantor Mobility", "CEO", "incoming"),
        "Jon Falk": ("Vantor Mobility", "CEO", "former"),
        "Ada Brandt": ("Kestrel Drive Systems", "chairman", "former"),
    }


def test_tenure_of_outgoing_and_interim(extractor: Extractor) -> None:
    # the annotation guide's tenures: outgoing is stepping down; an interim head is current
    text = "Outgoing Renault CEO Luca de Meo thanked staff. Kestrel Drive Systems Inc. interim CEO Ada Brandt agreed."
    tenures = {f.subject.label: f.qualifiers.tenure for f in extractor.extract(Article("t", text))}
    assert tenures == {"Luca de Meo": "outgoing", "Ada Brandt": "current"}


def test_a_description_before_a_name_is_not_part_of_it(extractor: Extractor) -> None:
    text = "Chipmaker Orvik Micro Inc. said on Monday it would buy Quillon Semiconductors."
    assert {f.key for f in extractor.extract(Article("t", text))} == {
        ("Orvik Micro", INV, "Quillon Semiconductors")
    }


def test_an_ex_leader_led_the_company(extractor: Extractor) -> None:
    # the annotation guide: "ex-", "former" give tenure "former", and the fact stands
    text = "Ex-Vantor Mobility chief executive Ada Brandt has joined the board of a start-up."
    got = {(f.key, f.qualifiers.tenure) for f in extractor.extract(Article("t", text))}
    assert got == {(("Ada Brandt", L, "Vantor Mobility"), "former")}


INVESTMENTS = [
    # stakes in relative clauses and noun phrases
    (
        "Mazda cut costs, matching the 12% stake Ford holds in Kestrel Drive Systems Inc.",
        {("Ford", INV, "Kestrel Drive Systems")},
        None,
        12.0,
    ),
    (
        "Kestrel Drive Systems Inc., in which Subaru holds 18%, delayed its plant.",
        {("Subaru", INV, "Kestrel Drive Systems")},
        None,
        18.0,
    ),
    (
        "Kia said it had no plans to sell its 7.5% holding in Vantor Mobility.",
        {("Kia", INV, "Vantor Mobility")},
        None,
        7.5,
    ),
    (
        "Orlen Drive Systems, which is 65%-owned by Mazda, won an order for vans.",
        {("Mazda", INV, "Orlen Drive Systems")},
        None,
        65.0,
    ),
    (
        "Ford, the holding group that is Vantor Mobility's largest shareholder, backed the plan.",
        {("Ford", INV, "Vantor Mobility")},
        None,
        None,
    ),
    (
        "Subaru, Kestrel Drive Systems Inc.'s parent, will fund the plant.",
        {("Subaru", INV, "Kestrel Drive Systems")},
        None,
        None,
    ),
    (
        "Orlen Drive Systems, a subsidiary of Kia, will supply axles.",
        {("Kia", INV, "Orlen Drive Systems")},
        None,
        None,
    ),
    (
        "Kia will cut costs at its truck maker Orlen Drive Systems this year.",
        {("Kia", INV, "Orlen Drive Systems")},
        None,
        None,
    ),
    (
        "Vantor Mobility, which owns a majority of Orlen Drive Systems, raised its forecast.",
        {("Vantor Mobility", INV, "Orlen Drive Systems")},
        None,
        None,
    ),
    (
        "Nissan invested $600 million in Renault's electric vehicle unit.",
        {("Nissan", INV, "Renault electric vehicle unit")},
        600e6,
        None,
    ),
    ("Toyota took a 5% stake in Mazda in 2017.", {("Toyota", INV, "Mazda")}, None, 5.0),
    (
        "Volkswagen owns 20% of Kestrel Drive Systems Inc.",
        {("Volkswagen", INV, "Kestrel Drive Systems")},
        None,
        20.0,
    ),
    (
        "The Toyota-backed startup Pony.ai raised new funds.",
        {("Toyota", INV, "Pony.ai")},
        None,
        None,
    ),
    ("Geely is the largest shareholder in Volvo Cars.", {("Geely", INV, "Volvo Cars")}, None, None),
    ("The French government holds 15% of Renault.", set(), None, None),
    # backed by, in an apposition; "a Mazda-backed maker"
    (
        "Quillet Robotics, the delivery robot maker backed by Hyundai and Kia, opened an office.",
        {("Hyundai", INV, "Quillet Robotics"), ("Kia", INV, "Quillet Robotics")},
        None,
        None,
    ),
    (
        "Tessar Mobility, a Mazda-backed maker of charging robots, hired engineers.",
        {("Mazda", INV, "Tessar Mobility")},
        None,
        None,
    ),
    # the subject of "holds" is not the company inside the relative clause
    (
        "Stellantis, which controls Vantor Mobility, also holds a stake in Quillet Robotics.",
        {("Stellantis", INV, "Vantor Mobility"), ("Stellantis", INV, "Quillet Robotics")},
        None,
        None,
    ),
    # funding rounds: every investor named, the round's size is not theirs
    (
        "Quillet Robotics raised $80 million in a funding round led by Hyundai, with participation from Kia "
        "and Toyota.",
        {
            ("Hyundai", INV, "Quillet Robotics"),
            ("Kia", INV, "Quillet Robotics"),
            ("Toyota", INV, "Quillet Robotics"),
        },
        None,
        None,
    ),
    (
        "Kia led a $20 million Series A round in Quillet Robotics.",
        {("Kia", INV, "Quillet Robotics")},
        None,
        None,
    ),
    # acquisitions and sales with the price after the target
    (
        "Magna completed its acquisition of Orlen Drive Systems for $300 million.",
        {("Magna", INV, "Orlen Drive Systems")},
        300e6,
        None,
    ),
    (
        "Panasonic agreed to sell a 70% stake in Vantor Mobility to Bosch.",
        {("Bosch", INV, "Vantor Mobility")},
        None,
        70.0,
    ),
    (
        "Nissan will pay about $2.1 billion for roughly 18% of Swedish truck maker Scania.",
        {("Nissan", INV, "Scania")},
        2.1e9,
        18.0,
    ),
    (
        "Kia will buy $30 million worth of Vantor Mobility shares.",
        {("Kia", INV, "Vantor Mobility")},
        30e6,
        None,
    ),
    (
        "Ford dropped a pickup project with Vantor Mobility, the startup in which it invested $200 million in 2021.",
        {("Ford", INV, "Vantor Mobility")},
        200e6,
        None,
    ),
    (
        "Mazda will reduce its stake in Vantor Mobility to 12% next year.",
        {("Mazda", INV, "Vantor Mobility")},
        None,
        12.0,
    ),
    (
        "Volkswagen became the largest shareholder of Chinese battery maker Tessar Mobility, paying about "
        "€900 million for a 24% stake.",
        {("Volkswagen", INV, "Tessar Mobility")},
        900e6,
        24.0,
    ),
    (
        "Bosch bought Vantor Mobility in 2020. Magna remains the largest shareholder of the Munich-based startup.",
        {("Bosch", INV, "Vantor Mobility"), ("Magna", INV, "Vantor Mobility")},
        None,
        None,
    ),
    # suppliers are not investors; a state fund is (an investment firm, not a government)
    ("Toyota buys batteries from Panasonic and CATL for its hybrid models.", set(), None, None),
    (
        "The Saudi Public Investment Fund owns 60% of Lucid.",
        {("Public Investment Fund", INV, "Lucid")},
        None,
        60.0,
    ),
    # a heat pump is not an investment
    (
        "Orlen Drive Systems, a heat pump start-up, is in talks with Valeo about a partnership.",
        set(),
        None,
        None,
    ),
    # a denied rumour is not an investment
    ("Ford denied a report that it planned to buy a stake in Vantor Mobility.", set(), None, None),
    # ownership said by a possessive or an apposition
    ("Mazda's Keltra brand launched a new SUV.", {("Mazda", INV, "Keltra")}, None, None),
    ("Kia's Vantor Mobility expanded to Austin.", {("Kia", INV, "Vantor Mobility")}, None, None),
    (
        "Vantor Mobility, Kia's self-driving unit, expanded to Austin.",
        {("Kia", INV, "Vantor Mobility")},
        None,
        None,
    ),
    (
        "Orlen Drive Systems, the battery unit of Subaru, cut jobs.",
        {("Subaru", INV, "Orlen Drive Systems")},
        None,
        None,
    ),
    (
        "Subaru's majority-owned Indian arm Vantor Mobility raised prices.",
        {("Subaru", INV, "Vantor Mobility")},
        None,
        None,
    ),
    (
        "Vantor Mobility, which Ford controls, raised prices.",
        {("Ford", INV, "Vantor Mobility")},
        None,
        None,
    ),
    (
        "Ford took control of Vantor Mobility in 2010.",
        {("Ford", INV, "Vantor Mobility")},
        None,
        None,
    ),
    # a partner, a rival or a stake named by a possessive is not a company owned
    ("Ford's partner Vantor Mobility raised prices.", set(), None, None),
    ("Ford's rival Vantor Mobility raised prices.", set(), None, None),
    ("Ford's Vantor Mobility stake was sold.", set(), None, None),
    # mergers: the parents own the new holding, which owns the companies merged
    (
        "Mazda and Subaru signed an agreement to merge their truck makers, Trucko Heavy and Lorrant, "
        "under a new holding company Haulwise.",
        {
            ("Mazda", INV, "Haulwise"),
            ("Subaru", INV, "Haulwise"),
            ("Haulwise", INV, "Trucko Heavy"),
            ("Haulwise", INV, "Lorrant"),
        },
        None,
        None,
    ),
    # a buy-out: the buyer alone, with all of it
    (
        "Ford will take full ownership of Velmora Power, its joint venture with Kia, by buying out "
        "Kia's stake.",
        {("Ford", INV, "Velmora Power")},
        None,
        100.0,
    ),
    (
        "Subaru has taken full control of its brand Orvik Cars after Mazda sold its remaining stake.",
        {("Subaru", INV, "Orvik Cars")},
        None,
        100.0,
    ),
    # possessives ending in s, and a place before the owner
    (
        "Kestrel Robotics, Vantor Motors' self-driving car unit, cut 300 jobs.",
        {("Vantor Motors", INV, "Kestrel Robotics")},
        None,
        None,
    ),
    (
        "Brenna Cells, the battery unit of South Korea's Halvard Industries, will build a plant.",
        {("Halvard Industries", INV, "Brenna Cells")},
        None,
        None,
    ),
    (
        "Ostrava Motors' stake in Pellum Mobility was written down last year.",
        {("Ostrava Motors", INV, "Pellum Mobility")},
        None,
        None,
    ),
    (
        "Analysts said Tarsen Holdings' minority holding in Quillon Drive Systems was worth more.",
        {("Tarsen", INV, "Quillon Drive Systems")},
        None,
        None,
    ),
    # passive and relative ownership
    (
        "Norvik Cars is majority-owned by Tarsen Holdings, according to its filings.",
        {("Tarsen", INV, "Norvik Cars")},
        None,
        None,
    ),
    (
        "Norvik Cars itself is majority-owned by China's Halvard Industries.",
        {("Halvard Industries", INV, "Norvik Cars")},
        None,
        None,
    ),
    (
        "Pellum Mobility, whose largest shareholder is Ostrava Motors, posted a loss.",
        {("Ostrava Motors", INV, "Pellum Mobility")},
        None,
        None,
    ),
    (
        "Quillon Drive Systems, whose parent company is Vantor Motors, opened a lab in Austin.",
        {("Vantor Motors", INV, "Quillon Drive Systems")},
        None,
        None,
    ),
    (
        "Halvard Industries, which owns about 82% of Brenna Cells, backed the plan.",
        {("Halvard Industries", INV, "Brenna Cells")},
        None,
        82.0,
    ),
    (
        "Brenna Cells, the battery joint venture of Ostrava Motors and Halvard Industries, hired 500 people.",
        {("Ostrava Motors", INV, "Brenna Cells"), ("Halvard Industries", INV, "Brenna Cells")},
        None,
        None,
    ),
    (
        "Kestrel Robotics, the venture of Vantor Motors and Tarsen Holdings, tested its first van.",
        {("Vantor Motors", INV, "Kestrel Robotics"), ("Tarsen", INV, "Kestrel Robotics")},
        None,
        None,
    ),
    # money for a stake, and a stake kept or raised
    (
        "Vantor Motors will spend €1.1 billion for a 26% stake in Pellum Mobility.",
        {("Vantor Motors", INV, "Pellum Mobility")},
        1_100_000_000.0,
        26.0,
    ),
    (
        "Ostrava Motors paid $500 million for 50% of Quillon Drive Systems.",
        {("Ostrava Motors", INV, "Quillon Drive Systems")},
        500_000_000.0,
        50.0,
    ),
    (
        "Tarsen Holdings will raise its stake in Norvik Cars to 75% from 50%.",
        {("Tarsen", INV, "Norvik Cars")},
        None,
        75.0,
    ),
    (
        "Halvard Industries would keep its roughly 12% stake in Brenna Cells.",
        {("Halvard Industries", INV, "Brenna Cells")},
        None,
        12.0,
    ),
    (
        "Vantor Motors chief executive Ilse Brandt said the carmaker would keep its stake in Kestrel Robotics.",
        {("Vantor Motors", INV, "Kestrel Robotics")},
        None,
        None,
    ),
    (
        "Ostrava Motors bought 40% of Kestrel Robotics last year. "
        "It will raise its stake in Kestrel Robotics to 60% next year.",
        {("Ostrava Motors", INV, "Kestrel Robotics")},
        None,
        40.0,
    ),
    # a venture named in the sentence after the one that forms it
    (
        "Ostrava Motors and Halvard Industries will form a 50-50 joint venture to build small vans. "
        "The venture, Pellum Mobility, will be based in Brno.",
        {
            ("Ostrava Motors", INV, "Pellum Mobility"),
            ("Halvard Industries", INV, "Pellum Mobility"),
        },
        None,
        50.0,
    ),
    (
        "Tarsen Holdings and Vantor Motors agreed to set up a 50-50 joint venture for city cars. "
        "The venture, nuvo Automobile, will start sales next year.",
        {("Tarsen", INV, "nuvo Automobile"), ("Vantor Motors", INV, "nuvo Automobile")},
        None,
        50.0,
    ),
    # "their ... joint venture" in a sentence that names neither parent: the pair named before
    (
        "Ostrava Motors and Halvard Industries scrapped a plan to build vans together. The two "
        "companies will keep other joint work. Pellum Fuel Cells LLC, their 50-50 hydrogen joint "
        "venture in Brno, opens next year.",
        {
            ("Ostrava Motors", INV, "Pellum Fuel Cells"),
            ("Halvard Industries", INV, "Pellum Fuel Cells"),
        },
        None,
        50.0,
    ),
    (
        "Tarsen Holdings and Vantor Motors paused their driving alliance. The two companies will "
        "keep working together in their mobility joint venture Kestrel Mobility, which they own "
        "in equal parts.",
        {("Tarsen", INV, "Kestrel Mobility"), ("Vantor Motors", INV, "Kestrel Mobility")},
        None,
        50.0,
    ),
]


SPLITS = [
    (
        "Orlen Drive Systems is 60% owned by Ford, 30% by Subaru and 10% by Mazda.",
        {"Ford": 60.0, "Subaru": 30.0, "Mazda": 10.0},
    ),
    (
        "Mazda and Suzuki launched Tessar Mobility, a joint venture in which Mazda holds 60% and Suzuki 40%.",
        {"Mazda": 60.0, "Suzuki": 40.0},
    ),
    (
        "Orlen Drive Systems, the cell venture owned in equal thirds by Ford, Subaru and Mazda, paused work.",
        {"Ford": 33.33, "Subaru": 33.33, "Mazda": 33.33},
    ),
    (
        "Panasonic agreed to sell a 70% stake in Vantor Mobility to Bosch. Panasonic will keep the remaining 30%.",
        {"Bosch": 70.0, "Panasonic": 30.0},
    ),
    # joint ventures that never say "joint venture"
    (
        "Kia and Subaru will set up a 50-50 venture in Chile. The venture, to be called Andes Drive Co., opens in 2027.",
        {"Kia": 50.0, "Subaru": 50.0},
    ),
    (
        "Ostra Batteries, a company owned equally by Mazda and Bosch, will make cells in Poland.",
        {"Mazda": 50.0, "Bosch": 50.0},
    ),
    (
        "Kia and Mazda launched Orlen Drive Systems, their new company in Ohio. Kia holds 70% and Mazda the rest.",
        {"Kia": 70.0, "Mazda": 30.0},
    ),
    (
        "Ford and Kia will open a plant through their joint company, Tessar Mobility, in Ohio. "
        "Ford and Kia each own 40% of the company, with Bosch buying the remaining 20% stake.",
        {"Ford": 40.0, "Kia": 40.0, "Bosch": 20.0},
    ),
]


@pytest.mark.parametrize(("text", "stakes"), SPLITS)
def test_each_owner_gets_its_share(
    extractor: Extractor, text: str, stakes: dict[str, float]
) -> None:
    found = {
        f.subject.label: f.qualifiers.stake
        for f in extractor.extract(Article("t", text))
        if f.relation.value == INV
    }
    assert found == stakes


def test_coordinated_stakes_each_give_a_fact(extractor: Extractor) -> None:
    text = "Renault holds a 15% stake in Vantor Mobility and a 4% stake in Orlen Drive Systems."
    stakes = {f.object.label: f.qualifiers.stake for f in extractor.extract(Article("t", text))}
    assert stakes == {"Vantor Mobility": 15.0, "Orlen Drive Systems": 4.0}


def test_a_cross_shareholding_runs_both_ways(extractor: Extractor) -> None:
    text = (
        "Kia and Vantor Mobility met in May. The two companies formed a capital tie-up in 2021, "
        "when each bought $100 million of the other's shares."
    )
    found = {f.key: f for f in extractor.extract(Article("t", text)) if f.relation.value == INV}
    assert set(found) == {("Kia", INV, "Vantor Mobility"), ("Vantor Mobility", INV, "Kia")}
    assert {f.qualifiers.amount for f in found.values()} == {100e6}


def test_a_second_investor_with_the_verb_left_out(extractor: Extractor) -> None:
    text = "Kia will invest up to $90 million in Vantor Mobility, a van maker, and Mazda up to $30 million."
    amounts = {
        f.subject.label: f.qualifiers.amount
        for f in extractor.extract(Article("t", text))
        if f.relation.value == INV
    }
    assert amounts == {"Kia": 90e6, "Mazda": 30e6}


def test_each_investor_gets_its_own_amount(extractor: Extractor) -> None:
    text = (
        "Hyundai and its affiliate Kia will invest a combined $90 million in Quillet Robotics, "
        "with Hyundai contributing $60 million and Kia $30 million."
    )
    amounts = {f.subject.label: f.qualifiers.amount for f in extractor.extract(Article("t", text))}
    assert amounts == {"Hyundai": 60e6, "Kia": 30e6}


def test_confidence_is_lower_for_back_references(extractor: Extractor) -> None:
    direct = extractor.extract(Article("t", "Honda and Sony agreed to build cars together."))
    referred = extractor.extract(
        Article(
            "t", "Honda met Sony in Tokyo. The two companies later agreed to build cars together."
        )
    )
    assert direct[0].evidence.confidence > referred[0].evidence.confidence


def test_known_companies_get_more_confidence_than_unknown(extractor: Extractor) -> None:
    (known,) = extractor.extract(Article("t", "Toyota and Mazda signed an alliance."))
    (unknown,) = extractor.extract(
        Article("t", "Vantor Mobility and Orlen Drive Systems signed an alliance.")
    )
    assert known.evidence.confidence > unknown.evidence.confidence


@pytest.mark.parametrize(("text", "expected", "amount", "stake"), INVESTMENTS)
def test_investments(
    extractor: Extractor,
    text: str,
    expected: set[tuple[str, str, str]],
    amount: float | None,
    stake: float | None,
) -> None:
    found = [f for f in extractor.extract(Article("t", text)) if f.relation.value == INV]
    assert {f.key for f in found} == expected
    for fact in found:
        assert fact.qualifiers.amount == amount
        assert fact.qualifiers.stake == stake


def test_unit_is_a_business_unit_of_its_parent(extractor: Extractor) -> None:
    (fact,) = extractor.extract(
        Article("t", "Nissan invested $600 million in Renault's electric vehicle unit.")
    )
    assert fact.object.kind.value == "BusinessUnit"
    assert fact.object.parent is not None and fact.object.parent.label == "Renault"
    assert fact.qualifiers.amount_text == "$600 million"
    assert fact.qualifiers.currency == "USD"


def test_evidence_offsets_point_at_the_sentence(extractor: Extractor) -> None:
    text = "Sales rose.\n\nToyota and Mazda signed an alliance. Prices fell."
    (fact,) = extractor.extract(Article("doc", text))
    assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence
    assert fact.evidence.sentence == "Toyota and Mazda signed an alliance."


@pytest.mark.parametrize(
    ("between", "joined"),
    [
        (" d'Investimento ", True),  # Fondo Italiano| d'Investimento |SGR
        (" de ", True),  # Banco| de |Sabadell
        (" SA de ", True),  # Sejin Regiomontana| SA de |CV
        (" y ", False),  # CATL| y |Stellantis: two names in a Spanish headline
        (" and ", False),
        (" de the ", False),
        ("de ", False),
    ],
)
def test_a_small_word_of_a_name_joins_the_two_halves_the_recogniser_split(
    between: str, joined: bool
) -> None:
    assert _linked_name(between) is joined


def test_shouting_headlines_are_read() -> None:
    assert _calm_shouting("HONDA AND NISSAN IN MERGER TALKS") == "Honda and Nissan in Merger Talks"
    assert _calm_shouting("Honda and NISSAN") == "Honda and NISSAN"


COMPANY_CUES = [
    ("Renault is in talks with startup Quorvel about charging.", {("Quorvel", P, "Renault")}),
    (
        "Brenna Lidar, a small Oregon sensor company, and Volvo Cars signed a development agreement.",
        {("Brenna Lidar", P, "Volvo Cars")},
    ),
    ("Kia took a 12% stake in Zentrix for $40 million.", {("Kia", INV, "Zentrix")}),
    # a headline in capitals names no one by its capitals alone: read in sentence case,
    # it names Kia and its chairman, and no "Sales Remain Strong"
    (
        "KIA SAYS SALES REMAIN STRONG, CHAIRMAN PETER HOLM EXPECTS GROWTH IN EUROPE",
        {("Peter Holm", "leads", "Kia")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), COMPANY_CUES)
def test_unknown_companies_are_found_by_their_slot(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert facts(extractor, text) == expected


def test_a_long_article_finishes_quickly(extractor: Extractor) -> None:
    import time

    sentence = "Toyota and Mazda signed an alliance with Kestrel Drive Systems Inc. while Honda owns 20% of "
    text = (sentence * 3300)[:300_000]
    start = time.perf_counter()
    extractor.extract(Article("t", text))
    assert time.perf_counter() - start < 15


@pytest.mark.parametrize(
    "text",
    [
        "",
        ", the " * 50_000,
        "Toyota, Honda, Nissan, Mazda, " * 3000,
        "no punctuation at all just words and more words " * 500,
        "<p>Honda</p> <div>" * 200,
        "Toyota und Mazda haben eine Allianz unterzeichnet.",
        "トヨタとマツダが提携",
    ],
)
def test_awkward_text_does_not_crash(extractor: Extractor, text: str) -> None:
    assert isinstance(extractor.extract(Article("t", text)), list)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    from graph.nlp import load_pipeline

    return Extractor(load_pipeline("rules"))
