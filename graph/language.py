"""Which language an article is in, so that only English text meets the English extractor.

The language is identified by `py3langid <https://pypi.org/project/py3langid/>`_
(langid.py's naive Bayes model over byte n-grams, 97 languages, shipped inside the
wheel: nothing is downloaded). Short English text (a headline, a one-line brief,
a list of company names) is easily mistaken for another language with low
confidence, so an article counts as not English only when the identifier is sure
(normalised probability at least :data:`CONFIDENT`); everything else is read.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["CONFIDENT", "NOT_ENGLISH", "foreign_language", "identify"]

#: How sure the identifier must be before an article is called not English. No English
#: passage of the training and evaluation sets (whole, or its first sentence) reaches 0.9.
CONFIDENT = 0.9
#: The reason counted in a build's summary.
NOT_ENGLISH = "not English"
#: The identifier reads this much of an article: plenty to tell a language.
_SAMPLE = 5000

_NAMES = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "es": "Spanish", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (ISO 639-1) and its normalised probability."""
    language, probability = _identifier().classify(text[:_SAMPLE])
    return str(language), float(probability)


def foreign_language(text: str) -> str | None:
    """Why ``text`` should not be read as English, or None when it may be.

    >>> foreign_language("Honda and Nissan sign battery pact") is None
    True
    >>> foreign_language("Volkswagen und Xpeng wollen gemeinsam eine neue Plattform entwickeln.")
    'not English (German, "de"); only English articles are read'
    """
    language, probability = identify(text)
    if language == "en" or probability < CONFIDENT:
        return None
    name = _NAMES.get(language)
    shown = f'{name}, "{language}"' if name else f'"{language}"'
    return f"{NOT_ENGLISH} ({shown}); only English articles are read"
