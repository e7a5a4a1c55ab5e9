"""Resolution: legal suffixes, matching keys, the reference table and short forms."""

from __future__ import annotations

import pytest

from graph.model import Entity, Kind
from graph.resolve import (
    LEGAL_AFTER,
    DocResolver,
    RefEntry,
    Reference,
    is_generic,
    is_place,
    name_key,
    strip_legal,
)


@pytest.fixture
def reference() -> Reference:
    return Reference(
        [
            RefEntry("Toyota", Kind.COMPANY, ("Toyota Motor Corp.",), "Q53268"),
            RefEntry("Woven by Toyota", Kind.UNIT, (), None, "Toyota"),
            RefEntry("Reuters", Kind.COMPANY, (), None, type="publisher"),
            RefEntry("Koji Sato", Kind.PERSON, ()),
        ]
    )


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Kestrel Drive Systems Inc.", "Kestrel Drive Systems"),
        ("Orlen Holdings Co., Ltd.", "Orlen"),
        ("Vantor Mobility GmbH", "Vantor Mobility"),
        ("General Motors", "General Motors"),
        ("Proton Holdings Bhd", "Proton"),
        ("PT Astra International Tbk", "Astra International"),
        ("PJSC Kamaz", "Kamaz"),
        ("Weidinger Kunststofftechnik GmbH & Co. KG", "Weidinger Kunststofftechnik"),
        ("Industrias Cárdenas S.A. de C.V.", "Industrias Cárdenas"),
        ("Hankook & Company Group", "Hankook"),
        ("Nokian Tyres Oyj", "Nokian Tyres"),
        ("Johnson & Johnson", "Johnson & Johnson"),
        # forms from cleanco's table, by country
        ("Moravské Pohony a.s.", "Moravské Pohony"),
        ("Nemunas Vehicles UAB", "Nemunas Vehicles"),
        ("Hrvatska Pogonska Tehnika d.d.", "Hrvatska Pogonska Tehnika"),
        ("Autos Xólotl S.A.B. de C.V.", "Autos Xólotl"),
        ("Orvik Batteri Sp. z o.o.", "Orvik Batteri"),
        ("Suryoday Green Power Private Limited", "Suryoday Green Power"),
        ("CYVN Holdings L.L.C.", "CYVN"),
        ("Gyori Alkatresz Kft.", "Gyori Alkatresz"),
        # forms cleanco lacks or spells otherwise
        ("Kapadokya Otobüs A.Ş.", "Kapadokya Otobüs"),
        ("Xəzər Sənaye İnvestisiya ASC", "Xəzər Sənaye İnvestisiya"),
        ("HB Modules AS", "HB Modules"),
        ("Ceylon EV Assemblers (Pvt) Ltd", "Ceylon EV Assemblers"),
        ("Careem Networks FZ-LLC", "Careem Networks"),
        # words of the field that cleanco also lists as forms stay
        ("Nissan UK", "Nissan UK"),
        ("Polestar EV", "Polestar EV"),
        ("Tesla Semi", "Tesla Semi"),
        ("Hino As", "Hino As"),
    ],
)
def test_strip_legal(name: str, stripped: str) -> None:
    assert strip_legal(name) == stripped


@pytest.mark.parametrize(
    ("text", "start", "tail"),
    [
        ("Hankook & Company Group Chairman Cho", 7, " & Company Group"),
        ("Lumeng Semiconductor Co., Ltd., and Kurosawa", 24, ", Ltd."),
        ("Brembo S.p.A. has closed", 6, " S.p.A."),
        ("Toyota co-develops a van", 6, None),
        ("Honda and Nissan", 5, None),
    ],
)
def test_the_legal_form_after_a_name(text: str, start: int, tail: str | None) -> None:
    found = LEGAL_AFTER.match(text, start)
    assert (found.group(0) if found else None) == tail


@pytest.mark.parametrize(
    ("name", "generic", "place"),
    [
        ("Technology Co.", True, False),
        ("Ltd", True, False),
        ("Power Solutions", True, False),
        ("March", True, False),
        ("Monday", True, False),
        ("Taiwan's", False, True),
        ("South Korea", False, True),
        ("Perak", False, True),
        ("Hitachi", False, False),  # a city, and a company's name
        ("Horizon Robotics", False, False),
        ("Geely", False, False),
    ],
)
def test_names_that_are_never_a_company(name: str, generic: bool, place: bool) -> None:
    assert (is_generic(name), is_place(name)) == (generic, place)


def test_name_key_folds_accents_case_and_suffixes() -> None:
    assert name_key("Škoda Auto a.s.") == name_key("SKODA AUTO a.s.")
    assert name_key("Toyota Motor Corp.") == name_key("toyota")


def test_reference_entries_win(reference: Reference) -> None:
    resolver = DocResolver(reference)
    entity = resolver.resolve("Toyota Motor Corp.", Kind.COMPANY)
    assert entity is not None and (entity.label, entity.wikidata) == ("Toyota", "Q53268")
    unit = resolver.resolve("Woven by Toyota", Kind.COMPANY)
    assert unit is not None and unit.kind is Kind.UNIT
    assert unit.parent is not None and unit.parent.label == "Toyota"


def test_publishers_and_people_named_like_companies_are_no_party(reference: Reference) -> None:
    resolver = DocResolver(reference)
    assert resolver.resolve("Reuters", Kind.COMPANY) is None
    assert resolver.resolve("Toyota", Kind.PERSON) is None


@pytest.mark.parametrize(
    ("first", "short", "kind"),
    [
        ("Halden Robotics", "Halden", Kind.COMPANY),
        ("Suzhou Qinglan Electric Drive", "Qinglan", Kind.COMPANY),
        ("Dana Whitcombe", "Whitcombe", Kind.PERSON),
        ("Adrian Mardell", "Mr Mardell", Kind.PERSON),
        ("Makoto Uchida", "Mr. Uchida", Kind.PERSON),
        ("Karin Rådström", "Ms Rådström", Kind.PERSON),
        ("Tata Passenger Electric Mobility Ltd", "TPEML", Kind.COMPANY),
        ("Kessler Grau Mobility", "KGM's", Kind.COMPANY),
        ("Halvorsen Drive Systems", "HDS", Kind.COMPANY),
        ("Harlow-Davies", "Harlow", Kind.COMPANY),  # either end of a hyphenated name
        ("Ioch-Maxwell", "Maxwell", Kind.COMPANY),
    ],
)
def test_short_forms_resolve_to_the_name_seen_earlier(
    reference: Reference, first: str, short: str, kind: Kind
) -> None:
    resolver = DocResolver(reference)
    entity = resolver.resolve(first, kind)
    assert resolver.resolve(short, kind) == entity
    assert resolver.earlier(short, kind) == entity


@pytest.mark.parametrize(
    ("first", "short"),
    [
        ("Jianghuai Automobile Group", "JAC"),  # the parent of carmaker JAC
        ("Halden Robotics", "HRS"),
        ("Qinglan", "QLN"),  # one word has no initials
    ],
)
def test_an_acronym_is_a_short_form_only_of_the_name_it_spells(
    reference: Reference, first: str, short: str
) -> None:
    resolver = DocResolver(reference)
    resolver.resolve(first, Kind.COMPANY)
    assert resolver.earlier(short, Kind.COMPANY) is None


@pytest.mark.parametrize(
    ("names", "short", "expected"),
    [
        # the unit named last does not take its parent's bare name
        (["Vantor Motor Holdings", "Vantor Defence Vehicles"], "Vantor", 0),
        (["Vantor", "Vantor Defence Vehicles"], "Vantor", 0),
        # with no parent named, the unit is still the one meant
        (["Vantor Defence Vehicles"], "Vantor", 0),
        (["Vantor Motor Holdings", "Vantor Defence Vehicles"], "Vantor Defence", 1),
    ],
)
def test_a_short_form_is_the_parents_before_a_units(
    reference: Reference, names: list[str], short: str, expected: int
) -> None:
    resolver = DocResolver(reference)
    seen = [resolver.resolve(name, Kind.COMPANY) for name in names]
    assert resolver.earlier(short, Kind.COMPANY) == seen[expected]


@pytest.mark.parametrize(
    ("first", "short"),
    [
        ("Suzhou Qinglan Electric Drive Systems", "Electric"),
        ("Suzhou Qinglan Electric Drive Systems", "Drive"),
        ("Suzhou Qinglan Electric Drive Systems", "Systems"),
        ("Qinglan-Mobility", "Mobility"),
    ],
)
def test_generic_words_are_not_short_forms(reference: Reference, first: str, short: str) -> None:
    resolver = DocResolver(reference)
    resolver.resolve(first, Kind.COMPANY)
    assert resolver.earlier(short, Kind.COMPANY) is None


def test_short_forms_never_cross_kinds(reference: Reference) -> None:
    resolver = DocResolver(reference)
    resolver.resolve("Halden Robotics", Kind.COMPANY)
    assert resolver.earlier("Halden", Kind.PERSON) is None


def test_a_name_defined_in_brackets_stands_for_the_company_before_it(
    reference: Reference,
) -> None:
    resolver = DocResolver(reference)
    company = resolver.resolve("Maruti Suzuki India Ltd", Kind.COMPANY)
    assert company is not None
    resolver.alias("MSIL", company)
    resolver.alias("Toyota", company)  # a name the table knows keeps its own entity
    assert resolver.resolve("MSIL", Kind.COMPANY) == company
    assert resolver.resolve("Toyota", Kind.COMPANY) == Entity("Toyota", Kind.COMPANY, "Q53268")
    assert resolver.resolve("MSIL", Kind.PERSON) != company
