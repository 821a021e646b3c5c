"""The default page cache store: Flask-Caching's file cache, pruned in batches.

The library's file cache, once it holds `CACHE_THRESHOLD` entries, opens every file in the
folder on every later write (to find expired and older entries) and then deletes one, so each
new page kept costs thousands of file reads. Here a full folder is pruned once, down to three
quarters of the threshold (oldest written first), and the next quarter of writes costs nothing
extra.
"""

from __future__ import annotations

import contextlib
import os

from flask_caching.backends.filesystemcache import FileSystemCache

#: What a prune leaves, as a share of the threshold.
KEEP_AFTER_PRUNE = 0.75


class BatchPrunedFileSystemCache(FileSystemCache):
    """`CACHE_TYPE = "scrutiny.file_cache.BatchPrunedFileSystemCache"` (the default)."""

    def _prune(self) -> None:
        """Once over the threshold, delete the oldest entries down to KEEP_AFTER_PRUNE of it."""
        if not self._over_threshold():
            return
        entries = []
        with os.scandir(self._path) as listing:
            for entry in listing:
                if self._is_mgmt(entry.name):
                    continue
                try:
                    entries.append((entry.stat().st_mtime_ns, entry.path))
                except FileNotFoundError:
                    continue  # another worker pruned it meanwhile
        entries.sort()
        keep = int(self._threshold * KEEP_AFTER_PRUNE)
        doomed = entries[: max(len(entries) - keep, 0)]
        for _, path in doomed:
            with contextlib.suppress(FileNotFoundError):  # another worker pruned it meanwhile
                os.remove(path)
        self._update_count(value=len(entries) - len(doomed))
