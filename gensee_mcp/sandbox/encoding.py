"""JSON bodies as the site writes them, optionally with raw control characters."""

from __future__ import annotations

import json
import re

JSON_MEDIA_TYPE = "application/json;charset=UTF-8"

# Matches one escape sequence of json.dumps output. Scanning pairs from the left keeps an
# escaped backslash followed by "n" from being read as the newline escape.
_ESCAPE = re.compile(r"\\(.)")
_RAW = {"t": "\t", "n": "\n", "r": "\r"}


def encode_payload(payload: dict[str, object], *, raw_control_characters: bool) -> bytes:
    """Encode a response body as UTF-8 JSON.

    With ``raw_control_characters`` tabs, newlines and carriage returns inside strings are
    written unescaped, which strict JSON parsers reject, as real sites do in exports.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if raw_control_characters:
        text = _ESCAPE.sub(lambda match: _RAW.get(match.group(1), match.group(0)), text)
    return text.encode("utf-8")
