"""Text normalisation shared by search, matching and the extractor.

Searching Dutch text must not depend on accents, case or typography: a user typing
``emmaus`` must find ``Emmaüs``, and ``kind en gezin`` must find ``Kind & Gezin``'s node
only through its labels, not through a lucky spelling. :func:`fold` is the one place that
decides what "the same text" means.
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

    Used for accent-insensitive search (``oh:searchText``) and for matching spellings
    of the same name. Punctuation is kept (only typographic quotes and dashes are made
    plain) so that a folded string can still be matched with patterns such as ``0-3``.

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
    text = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()
