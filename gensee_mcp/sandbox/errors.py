"""The error that handlers raise to respond with a Gensee return code."""

from __future__ import annotations


class ApiError(Exception):
    """A Gensee API error: the response carries ``code`` and ``message`` with HTTP 200."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
