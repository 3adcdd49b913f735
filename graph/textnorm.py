"""Text normalisation shared by search, matching and the extractor.

Searching Dutch text must not depend on accents, case or typography: a user typing
``emmaus`` must find ``Emmaüs``, and ``kind en gezin`` must find ``Kind & Gezin``'s node
only through its labels, not through a lucky spelling. :func:`fold` is the one place that
decides what "the same text" means, and :func:`search_key` what a search compares.
"""

import re
import unicodedata

# Typographic characters the note's PDF text layer uses, mapped to what a keyboard types.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u00ad": "",
    }
)


def fold(text: str) -> str:
    """Return `text` lower-cased, without accents and with whitespace collapsed.

    Used for the search texts written into the graph (``oh:searchText``, searched as
    :func:`search_key`) and for matching spellings of the same name. Punctuation is kept
    (only typographic quotes and dashes are made plain) so that a folded string can still be
    matched with patterns such as ``0-3``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The folded text.

    Examples
    --------
    >>> fold("  Jeugdzorg Emmaüs\\u00a0Antwerpen – ‘Créche’ ")
    "jeugdzorg emmaus antwerpen - 'creche'"
    """
    return re.sub(r"\s+", " ", _plain(text)).strip().lower()


def _plain(text: str) -> str:
    """`text` with typographic characters made plain and accents stripped."""
    # Search texts are folded when written and keyed again once per state of the store (130,000
    # at 100,000 organisations): plain ASCII has neither, and skipping the per-character pass for
    # it makes keying them three times faster (0.46 -> 0.18 s).
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    return "".join(c for c in text if not unicodedata.combining(c))


# Anything but letters and digits separates words: people type "Sint Niklaas" for "Sint-Niklaas".
_SEPARATORS = re.compile(r"[\W_]+")
# "&" and the word "en" are interchangeable in names ("Kind & Gezin", "Kind en Gezin"), and search
# texts made from slugs (imported organisations) lost the "&" altogether: a search key has neither.
_AND = "en"


def search_key(text: str) -> str:
    """Return the form of `text` that search compares: folded, words only, without "en" or "&".

    Both the needle and the texts searched are turned into keys, so that a search matches
    regardless of case, accents, hyphens, slashes or other punctuation between words, and of
    "&" versus "en".

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The words of the folded text, joined by single spaces; empty if it has none.

    Examples
    --------
    >>> search_key("Kind & Gezin") == search_key("kind en gezin") == "kind gezin"
    True
    >>> search_key("OverKop-huis Sint-Niklaas")
    'overkop huis sint niklaas'
    """
    # Not fold(): splitting at separators already collapses the whitespace it would.
    words = _SEPARATORS.split(_plain(text).lower())
    return " ".join(word for word in words if word and word != _AND)
