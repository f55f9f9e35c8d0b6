"""Comparing Vietnamese text as a reader would: NFC/NFD and old/new tone-mark placement are one text."""

from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (after NFD): grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old style puts the tone on the first vowel of oa, oe, uy ("hóa", "thúy"); new style on the second
# ("hoá", "thuý"). Both spellings are in daily use, often within one document, so both mean the same key.
_OLD_PLACEMENT = re.compile(f"([oO])([{_TONES}])([aAeE])|([uU])([{_TONES}])([yY])")


def fold(text: str) -> str:
    """The form two spellings of the same Vietnamese text share: NFC, tone on the second vowel of oa/oe/uy.

    For equality only (duplicate keys, matching names); never shown to the user.
    """
    if text.isascii():  # ids, years and keys: nothing to normalise, and by far the most common
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not any(mark in decomposed for mark in _TONES):
        return unicodedata.normalize("NFC", decomposed)
    return unicodedata.normalize("NFC", _OLD_PLACEMENT.sub(_move_tone, decomposed))


def _move_tone(match: re.Match[str]) -> str:
    first, tone, second = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return first + second + tone


def same_text(a: str, b: str) -> bool:
    """Whether `a` and `b` are the same text up to Unicode normalisation and tone-mark placement."""
    return a == b or fold(a) == fold(b)
