"""Where media bytes live, behind a small interface.

Keys are content-addressed (derived from the stored file's sha256), so a key names one exact
content forever: writing a key that exists is a no-op, files never change, and they can be
cached as immutable. The local directory is the default backend; an S3-compatible one needs
only these methods (callers never see paths).
"""

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, BinaryIO, Protocol

from fastapi import Depends

from app.core.config import get_settings

# originals/ab/cd/<sha256>.<ext> and renditions/ab/cd/<sha256>-<width>w.<ext>
KEY_PATTERN = re.compile(
    r"^(originals|renditions)/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}(-[0-9]{1,5}w)?\.[a-z]{3,4}$"
)
_TEMP_DIR = ".incoming"


def original_key(sha256: str, ext: str) -> str:
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


def rendition_key(original_sha256: str, width: int, ext: str) -> str:
    s = original_sha256
    return f"renditions/{s[:2]}/{s[2:4]}/{s}-{width}w.{ext}"


def is_valid_key(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


class Storage(Protocol):
    """What the media service needs from a place that keeps files."""

    def put(self, key: str, source: BinaryIO) -> bool:
        """Store `source` under `key` atomically (readers see all of it or nothing); if the key
        exists, keep it and refresh its age instead. True when a new file was written."""
        ...

    def exists(self, key: str) -> bool: ...

    def open(self, key: str) -> BinaryIO:
        """The stored bytes (FileNotFoundError if absent)."""
        ...

    def delete(self, key: str, *, older_than: datetime | None = None) -> bool:
        """Remove a file (absent is fine); with `older_than`, only if it was not written or
        reused since then. True when a file was removed."""
        ...

    def local_path(self, key: str) -> Path | None:
        """A path the web server may send from directly, or None for remote backends."""
        ...

    def list_keys(self) -> Iterator[tuple[str, datetime]]:
        """Every stored key with the last time it was written or reused (for the sweep)."""
        ...

    def discard_incomplete(self, older_than: datetime) -> int:
        """Remove writes that never finished (a crash mid-upload); how many were removed."""
        ...


class LocalStorage:
    """Files under one directory; temporary files live in a subfolder of it, so the final
    rename never crosses file systems and is atomic."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys come from our own code, but the serving route passes request paths through
        # here: anything not shaped like a key is refused, so no path can leave the root.
        if not is_valid_key(key):
            raise FileNotFoundError(key)
        return self.root / key

    def put(self, key: str, source: BinaryIO) -> bool:
        path = self._path(key)
        if path.exists():
            # Same key, same bytes. Touching it tells the sweep the file is in use again.
            os.utime(path)
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        temp_dir = self.root / _TEMP_DIR
        temp_dir.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=temp_dir, prefix="put-")
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        _fsync_dir(path.parent)
        return True

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except FileNotFoundError:
            return False

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str, *, older_than: datetime | None = None) -> bool:
        try:
            path = self._path(key)
            if older_than is not None and _modified(path) >= older_than:
                return False
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def local_path(self, key: str) -> Path | None:
        try:
            path = self._path(key)
        except FileNotFoundError:
            return None
        return path if path.is_file() else None

    def list_keys(self) -> Iterator[tuple[str, datetime]]:
        for top in ("originals", "renditions"):
            base = self.root / top
            if not base.is_dir():
                continue
            for path in base.rglob("*"):
                key = path.relative_to(self.root).as_posix()
                if path.is_file() and is_valid_key(key):
                    yield key, _modified(path)

    def discard_incomplete(self, older_than: datetime) -> int:
        temp_dir = self.root / _TEMP_DIR
        removed = 0
        if not temp_dir.is_dir():
            return 0
        for path in temp_dir.iterdir():
            with suppress(FileNotFoundError):
                if _modified(path) < older_than:
                    path.unlink()
                    removed += 1
        return removed


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (the file's bytes were synced before it)."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@lru_cache
def _local_storage(root: str) -> LocalStorage:
    return LocalStorage(Path(root))


def get_storage() -> Storage:
    """The configured backend (NEWSDESK_MEDIA_ROOT); tests override this dependency."""
    return _local_storage(str(get_settings().media_root))


StorageDep = Annotated[Storage, Depends(get_storage)]
