"""The default page cache store prunes a full folder once, oldest first, not on every write."""

from __future__ import annotations

import os

from scrutiny.extensions import cache
from scrutiny.file_cache import BatchPrunedFileSystemCache


def _pages(store: BatchPrunedFileSystemCache) -> int:
    """How many pages are in the store's folder (not its own count file)."""
    return len(list(store._list_dir()))


def test_the_app_keeps_pages_in_the_batch_pruned_file_cache(app):
    assert isinstance(cache.cache, BatchPrunedFileSystemCache)


def test_a_full_cache_drops_its_oldest_quarter_and_keeps_the_newest(tmp_path):
    store = BatchPrunedFileSystemCache(str(tmp_path), threshold=20, default_timeout=3600)
    for n in range(21):
        store.set(f"page-{n}", f"body {n}")
        os.utime(store._get_filename(f"page-{n}"), ns=(n * 10**9, n * 10**9))
    assert _pages(store) == 21  # over the threshold only after this write
    store.set("page-21", "body 21")  # this write prunes first: 21 down to 15, then adds one
    assert _pages(store) == 16
    assert store.get("page-0") is None and store.get("page-5") is None
    assert store.get("page-6") == "body 6" and store.get("page-21") == "body 21"


def test_after_a_prune_the_next_writes_read_no_other_file(tmp_path, monkeypatch):
    store = BatchPrunedFileSystemCache(str(tmp_path), threshold=20, default_timeout=3600)
    for n in range(22):
        store.set(f"page-{n}", n)
    scans = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: scans.append(path) or real_scandir(path))
    for n in range(22, 27):  # up to the threshold again: no folder scan
        store.set(f"page-{n}", n)
    assert scans == [] and _pages(store) == 21
    store.set("page-27", 27)
    assert len(scans) == 1 and _pages(store) == 16
