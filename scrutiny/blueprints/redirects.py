"""The one rule for where a `next` parameter may send someone: a path on this site."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

#: Control characters (tab, CR, LF), odd separators and backslashes: browsers strip or rewrite
#: them, so "/\t/evil.example" becomes "//evil.example" and "/\\evil.example" another host.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\\\u2028\u2029\ufeff]")


def _is_local_path(text: str) -> bool:
    if _UNSAFE.search(text) or not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """`target` normalised to a path (and query) on this site, or `fallback` if it is not one.

    Refused: absolute URLs and schemes, protocol-relative "//host" and "///host", backslashes,
    control characters (tab, CR, LF), also when percent-encoded, however often.
    """
    if not target:
        return fallback
    decoded = target
    for _ in range(4):  # every layer of percent-encoding must be a local path too
        if not _is_local_path(decoded):
            return fallback
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return fallback
    parts = urlsplit(target)
    return urlunsplit(("", "", parts.path, parts.query, ""))
