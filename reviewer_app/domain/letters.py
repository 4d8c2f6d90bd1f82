"""Letters as someone types them without their accents (no imports of the app).

Decomposed (NFKD), an accented letter is a plain one and a combining mark, which is
dropped. A few letters have no decomposition but a plain spelling all the same ("ø" is
typed "o", "ł" "l", "æ" "ae"): :data:`PLAIN_LETTERS` is the one table of them, for the
list's search, logins made from names and the headers of form exports alike.
"""

from __future__ import annotations

import unicodedata

PLAIN_LETTERS = str.maketrans({
    "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "\u0131": "i", "ł": "l", "ŧ": "t",
    "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss",
    "Ø": "O", "Đ": "D", "Ð": "D", "Ħ": "H", "Ł": "L", "Ŧ": "T",
    "Þ": "TH", "Æ": "AE", "Œ": "OE", "ẞ": "SS",
})  # fmt: skip
"""A translation of the letters that have no decomposition into their plain spelling."""


def unaccented(text: str) -> str:
    """Returns ``text`` without accents: "Araújo" gives "Araujo", "Łódź" "Lodz"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(PLAIN_LETTERS)


__all__ = ["PLAIN_LETTERS", "unaccented"]
