"""A logging filter that removes the account password, in plain and MD5 form, from log records."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from gensee_mcp.settings import Settings

REDACTED = "[redacted]"


class RedactingFilter(logging.Filter):
    """Replace every registered secret in a record's message, exception and stack text."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, secrets: Iterable[str]) -> None:
        """Register more strings to redact; empty ones are ignored."""
        self._secrets.update(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        """Return `text` with every registered secret replaced."""
        # Longest first, so a secret that contains another is replaced whole.
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place and always let it through."""
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A broken format string: logging reports it later; show the raw parts redacted.
            message = f"{record.msg} {record.args}"
        record.msg = self.redact(message)
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_FILTER = RedactingFilter()


def secret_forms(settings: Settings) -> list[str]:
    """Return the forms of the password that must never be shown: MD5 hex and plain text."""
    forms = [settings.secret_md5()]
    if settings.password is not None:
        forms.append(settings.password.get_secret_value())
    return forms


def install_redaction(secrets: Iterable[str]) -> RedactingFilter:
    """Redact `secrets` from everything the root logger's handlers write, from now on.

    The filter sits on the handlers, not on a logger, so records that propagate from any
    library logger pass through it too. Handlers added to the root logger later are not
    covered; the command configures its one stderr handler before the server is built.
    """
    _FILTER.add(secrets)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    return _FILTER
