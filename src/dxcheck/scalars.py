"""Scalars read the YAML 1.2 way: `no` stays text, and `0x1F`, `1:30` or `1_000` are not numbers.

Where another reader (YAML 1.1) would have read a value differently, `yaml11_hint` says so and
what to write instead.
"""

from __future__ import annotations

import re
from typing import Any

from dxcheck.expressions import to_decimal

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_YAML11_BOOL = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar: null, true/false, a whole number, a decimal, or text."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] in "0123456789+-.":
        if _INT.fullmatch(text):
            return int(to_decimal(text))
        if _FLOAT.fullmatch(text):
            return to_decimal(text)
    return text


def is_yaml11_bool(text: object) -> bool:
    """`yes`, `no`, `on`, `off`…: booleans in YAML 1.1, text here."""
    return isinstance(text, str) and text in _YAML11_BOOL


_YAML11_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?")
_YAML11_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_YAML11_OCTAL = re.compile(r"[-+]?0o[0-7_]+")
_YAML11_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_YAML11_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?")


def yaml11_hint(text: object) -> str | None:
    """What another YAML reader would have made of `text`, which stayed text here, and what to write.

    None when `text` means the same in YAML 1.1 and 1.2.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    if text in _YAML11_BOOL:
        return f"'{text}' was a boolean in YAML 1.1; here it is text"
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").replace("_", "")
    if _YAML11_HEX.fullmatch(text):
        return f"'{text}' is hexadecimal: write the number in decimal, {sign * int(digits[2:], 16)}"
    if _YAML11_OCTAL.fullmatch(text):
        return f"'{text}' is octal: write the number in decimal, {sign * int(digits[2:], 8)}"
    if _YAML11_BASE60.fullmatch(text):
        whole, _, fraction = digits.partition(".")
        value = 0
        for part in whole.split(":"):
            value = value * 60 + int(part)
        shown = f"{sign * value}" + (f".{fraction}" if fraction else "")
        return f"'{text}' is base 60 (sexagesimal) in YAML 1.1, {shown}; dxcheck does not convert it"
    if _YAML11_UNDERSCORE.fullmatch(text):
        return f"write the number without '_': {text.replace('_', '')}"
    if _YAML11_DATE.fullmatch(text):
        return f"'{text}' is a date, not a number"
    return None
