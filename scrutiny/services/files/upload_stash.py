"""Keeping an uploaded file between its preview and its load, under instance/imports/<sha256>."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from flask import current_app

_SHA = re.compile(r"[0-9a-f]{64}")
#: Uploads not loaded within this many seconds are removed.
STASH_LIFETIME = 24 * 3600


def _stash_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stash(data: bytes) -> str:
    """Keep an upload under instance/imports/<sha256> until it is loaded; returns the hash."""
    folder = _stash_dir()
    cutoff = time.time() - STASH_LIFETIME
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    target = folder / digest
    if not target.exists():
        draft = folder / f"{digest}.part"
        draft.write_bytes(data)
        draft.replace(target)
    return digest


def unstash(digest: str) -> bytes | None:
    """The kept upload with this hash, or None if there is none (or the hash is malformed)."""
    if not _SHA.fullmatch(digest or ""):
        return None
    path = _stash_dir() / digest
    return path.read_bytes() if path.is_file() else None


def discard(digest: str) -> None:
    """Forget a kept upload once it has been loaded."""
    if _SHA.fullmatch(digest or ""):
        (_stash_dir() / digest).unlink(missing_ok=True)
