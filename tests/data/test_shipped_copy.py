"""The datasets shipped in data/ are the shared originals, byte for byte, so every figure rests on them."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside this checkout")
def test_every_shared_file_is_shipped_unchanged():
    shared_files = sorted(p.relative_to(SHARED) for p in SHARED.rglob("*") if p.is_file())
    assert shared_files, "no shared data files found"
    for rel in shared_files:
        if rel.parts[0] == "articles":
            continue  # others' texts: read from ../shared at test time, never shipped
        shipped = Path(settings.DATA_DIR) / rel
        assert shipped.is_file(), f"{rel} is not shipped in data/"
        if rel.name == "SOURCES.md":
            continue  # ours adds lines for the files nsatu compiles itself
        assert _digest(shipped) == _digest(SHARED / rel), f"{rel} differs from ../shared/data"
