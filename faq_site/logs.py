"""Logs that hold what running the site needs, never a visitor's private link or words.

The private tokens in status and confirmation links open a visitor's question or access request
(or change or end a subscription to change notices), a reset link sets a moderator's password,
and a query string carries what a visitor typed (a search, /ask?q=). Every log the site writes
to (its own, Flask's record of a crash, the development server's and gunicorn's access and
error logs) passes through `Redactor`, which replaces both with placeholders wherever they
appear in a message or a traceback.
"""

from __future__ import annotations

import logging
import re

PRIVATE_PATH = re.compile(
    r"/(ask/status|requests/status|requests/confirm|admin/reset-password|"
    r"notices/(?:confirm|manage|unsubscribe|one-click))/[^/\s\"'?#]+"
)
# A query string runs to the end of the request line where there is one (a development server
# logs it decoded: quotes and spaces included), else to the first space or quote.
QUERY = re.compile(r"(/[^\s\"'?]*)\?(?:[^\n]*?(?= HTTP/\d)|[^\s\"']*)")


def redact(text: str) -> str:
    """text with private tokens and query strings in any path replaced by placeholders."""
    if "/" not in text:
        return text
    text = PRIVATE_PATH.sub(r"/\1/<private>", text)
    return QUERY.sub(r"\1?<query>", text)


class Redactor(logging.Filter):
    """A filter for loggers and handlers: rewrites each record's message, and its traceback,
    redacted. A filter on a handler sees every record that reaches it, propagated ones too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


REDACTOR = Redactor()
# The loggers whose records may quote an address: the app's own (a crash names its path), the
# development server's access log, and gunicorn's error log.
LOGGERS = ("faq_site", "werkzeug", "gunicorn.error", "gunicorn.access")


def redact_logs(*loggers: logging.Logger) -> None:
    """Put the redactor on these loggers, on the usual ones, and on every handler they have."""
    for logger in (*loggers, *(logging.getLogger(name) for name in LOGGERS)):
        for owner in (logger, *logger.handlers):
            if REDACTOR not in owner.filters:
                owner.addFilter(REDACTOR)
    root = logging.getLogger()
    for handler in root.handlers:
        if REDACTOR not in handler.filters:
            handler.addFilter(REDACTOR)
