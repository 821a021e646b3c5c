"""Checks on zip containers (Word .docx, Excel .xlsx) before anything parses them.

A zip can hold far more than it weighs: 500KB of zeros unpacks to hundreds of megabytes. Before
a DOCX or XLSX is converted or read, its directory is checked (how many members, their declared
unpacked total, how much each is compressed), then every member is actually unpacked as a
stream and counted, so a member whose header lies about its size is caught too. The limits are
settings: SCRUTINY_MAX_UNPACKED_MB, SCRUTINY_MAX_COMPRESSION_RATIO and SCRUTINY_MAX_ZIP_MEMBERS.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from flask import current_app

from scrutiny.services.core.errors import DomainError

#: Bytes read from a member at a time while counting what it unpacks to.
_CHUNK = 64 * 1024
#: Members smaller than this unpacked are not held to the compression ratio (POI's grace size).
RATIO_GRACE_BYTES = 100 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What a zip upload may unpack to."""

    max_bytes: int
    max_ratio: int
    max_members: int

    @classmethod
    def from_config(cls) -> ZipLimits:
        """The limits set for this app."""
        config = current_app.config
        return cls(
            max_bytes=config["SCRUTINY_MAX_UNPACKED_MB"] * 1024 * 1024,
            max_ratio=config["SCRUTINY_MAX_COMPRESSION_RATIO"],
            max_members=config["SCRUTINY_MAX_ZIP_MEMBERS"],
        )


def zip_names(data: bytes) -> set[str] | None:
    """The member names in a zip's directory (nothing is unpacked), or None if it is no zip."""
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None


def _too_large(what: str, limits: ZipLimits) -> DomainError:
    return DomainError(
        f"The {what} is too large once unpacked (more than "
        f"{limits.max_bytes // (1024 * 1024)}MB). Remove pictures or pages it does not need, "
        "or split it, and upload it again",
        field="file",
    )


def _too_compressed(what: str, limits: ZipLimits) -> DomainError:
    return DomainError(
        f"The {what} cannot be accepted: part of it unpacks to more than {limits.max_ratio} "
        "times its size, which normal files do not. Open it, save it again and upload the new copy",
        field="file",
    )


def _check_ratio(info: zipfile.ZipInfo, unpacked: int, what: str, limits: ZipLimits) -> None:
    if unpacked > RATIO_GRACE_BYTES and unpacked > limits.max_ratio * max(info.compress_size, 1):
        raise _too_compressed(what, limits)


def _check_directory(infos: list[zipfile.ZipInfo], what: str, limits: ZipLimits) -> None:
    if len(infos) > limits.max_members:
        raise DomainError(
            f"The {what} holds too many parts ({len(infos):,}; at most {limits.max_members:,} "
            "are accepted). Open it, save it again and upload the new copy",
            field="file",
        )
    if sum(info.file_size for info in infos) > limits.max_bytes:
        raise _too_large(what, limits)
    for info in infos:
        if info.flag_bits & 0x1:
            raise DomainError(
                f"The {what} is password-protected: upload it without a password", "file"
            )
        _check_ratio(info, info.file_size, what, limits)


def check_zip(data: bytes, what: str, limits: ZipLimits | None = None) -> None:
    """Refuse (DomainError on "file") a zip that is damaged or unpacks too far; `what` names it
    in messages ("spreadsheet", "Word document"). Call before any library reads the file."""
    limits = limits or ZipLimits.from_config()
    damaged = DomainError(f"The {what} is damaged and cannot be read", field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos, what, limits)
            total = 0
            for info in infos:
                unpacked = 0
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if total > limits.max_bytes:
                            raise _too_large(what, limits)
                if unpacked != info.file_size:
                    raise damaged
                _check_ratio(info, unpacked, what, limits)
    except DomainError:
        raise
    # Also unknown compression methods (NotImplementedError) and encryption (RuntimeError).
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise damaged from error
