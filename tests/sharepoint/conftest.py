"""A generated archive (tests/sharepoint/archive.py) small enough to export in a second, and
the fake site serving it. Tests read it and never change it."""

from collections.abc import Iterator

import pytest

from tests.sharepoint.archive import Archive, generate_archive, serve_archive
from tests.sharepoint.fake_site import FakeSite


@pytest.fixture(scope="session")
def archive() -> Archive:
    return generate_archive(count=120, seed=7)


@pytest.fixture
def archive_site(archive: Archive) -> Iterator[FakeSite]:
    with serve_archive(archive) as site:
        yield site
