"""The media library: list, read, describe, delete, and the sweep that removes files."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, Role
from app.core.db import utcnow
from app.media.jobs import sweep
from app.media.storage import LocalStorage
from tests.factories import Factory
from tests.media import files
from tests.media.conftest import stored_files, upload


def test_list_filters_with_nul_are_refused_cleanly(
    client: TestClient, editor_headers: dict[str, str]
) -> None:
    """PostgreSQL text cannot hold NUL: a filter with one is a 422, not a database error."""
    for params in ({"content_type": "\x00"}, {"q": "a\x00"}):
        response = client.get("/v1/admin/media", headers=editor_headers, params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_list_filters_by_kind_and_type_searches_without_diacritics_and_pages(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    photo = upload(client, editor_headers, files.jpeg_with_gps((400, 300)), "a.jpg",
                   caption="Đại hội Đảng bộ tỉnh An Giang").json()  # fmt: skip
    plan = upload(client, editor_headers, files.pdf(), "Kế hoạch số 12.pdf").json()
    word = upload(client, editor_headers, files.docx(), "Tờ trình.docx", credit="Văn phòng").json()

    def ids(**params: Any) -> list[int]:
        response = client.get("/v1/admin/media", headers=editor_headers, params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [word["id"], plan["id"], photo["id"]]  # newest first
    assert ids(kind="image") == [photo["id"]]
    assert ids(kind="document") == [word["id"], plan["id"]]
    assert ids(content_type="application/pdf") == [plan["id"]]
    assert ids(q="dai hoi dang") == [photo["id"]]  # caption, typed without diacritics
    assert ids(q="KẾ HOẠCH") == [plan["id"]]  # name
    assert ids(q="van phong") == [word["id"]]  # credit
    assert ids(q="không có") == []

    first = client.get("/v1/admin/media", headers=editor_headers, params={"limit": 2})
    assert [i["id"] for i in first.json()["items"]] == [word["id"], plan["id"]]
    assert 'rel="next"' in first.headers["link"]
    rest = client.get(
        "/v1/admin/media",
        headers=editor_headers,
        params={"limit": 2, "cursor": first.json()["next_cursor"]},
    )
    assert [i["id"] for i in rest.json()["items"]] == [photo["id"]]
    assert rest.json()["next_cursor"] is None
    bad = client.get("/v1/admin/media", headers=editor_headers, params={"cursor": "!!"})
    assert bad.status_code == 400


def test_patch_needs_the_current_etag(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    item = upload(client, editor_headers, files.pdf(), "a.pdf").json()
    url = f"/v1/admin/media/{item['id']}"
    etag = client.get(url, headers=editor_headers).headers["etag"]

    assert client.patch(url, headers=editor_headers, json={"alt": "x"}).status_code == 428
    changed = client.patch(
        url,
        headers={**editor_headers, "If-Match": etag},
        json={"caption": "Quyết định mới", "filename": "Quyết định 12.pdf"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["caption"] == "Quyết định mới"
    assert changed.json()["filename"] == "Quyết định 12.pdf"
    assert changed.json()["updated_at"] is not None
    assert changed.headers["etag"] != etag
    stale = client.patch(url, headers={**editor_headers, "If-Match": etag}, json={"alt": "y"})
    assert stale.status_code == 412
    # The name must still match the content.
    renamed = client.patch(
        url, headers={**editor_headers, "If-Match": changed.headers["etag"]},
        json={"filename": "anh.jpg"},
    )  # fmt: skip
    assert renamed.status_code == 415
    for body in ({"alt": None}, {"sha256": "0" * 64}, {"alt": "x" * 501}):
        response = client.patch(
            url, headers={**editor_headers, "If-Match": changed.headers["etag"]}, json=body
        )
        assert response.status_code == 422, body


def test_who_may_upload_change_and_delete(
    client: TestClient, storage: LocalStorage, factory: Factory
) -> None:
    author = factory.headers(factory.user(Role.contributor))
    other = factory.headers(factory.user(Role.contributor))
    editor = factory.headers(factory.user(Role.editor))
    no_role = factory.headers(factory.user(None))

    assert upload(client, no_role, files.pdf(), "a.pdf").status_code == 403
    assert upload(client, {}, files.pdf(), "a.pdf").status_code == 401
    item = upload(client, author, files.pdf(), "a.pdf").json()
    url = f"/v1/admin/media/{item['id']}"
    etag = client.get(url, headers=other).headers["etag"]

    forbidden = client.patch(url, headers={**other, "If-Match": etag}, json={"alt": "x"})
    assert forbidden.status_code == 403
    own = client.patch(url, headers={**author, "If-Match": etag}, json={"alt": "x"})
    assert own.status_code == 200
    etag = own.headers["etag"]
    assert client.delete(url, headers={**other, "If-Match": etag}).status_code == 403
    assert client.delete(url, headers={**editor, "If-Match": etag}).status_code == 204
    assert client.get(url, headers=editor).status_code == 404


def test_delete_is_audited_and_the_sweep_removes_only_unshared_files(
    client: TestClient,
    storage: LocalStorage,
    media_root: Path,
    editor_headers: dict[str, str],
    db: Session,
) -> None:
    photo = files.jpeg_with_gps((700, 500))
    first = upload(client, editor_headers, photo, "a.jpg").json()
    twin = upload(client, editor_headers, photo, "b.jpg").json()
    plan = upload(client, editor_headers, files.pdf(), "c.pdf").json()
    everything = stored_files(media_root)

    for item in (first, plan):
        url = f"/v1/admin/media/{item['id']}"
        etag = client.get(url, headers=editor_headers).headers["etag"]
        assert client.delete(url, headers={**editor_headers, "If-Match": etag}).status_code == 204
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "media.delete")).all()
    assert {e.target_id for e in audit} == {first["id"], plan["id"]}

    # Files are removed by the sweep, never by the request: an upload of the same content may
    # be reusing them right now. Within the grace period nothing goes.
    assert stored_files(media_root) == everything
    assert sweep(db, storage, now=utcnow()).removed == 0
    result = sweep(db, storage, now=utcnow() + timedelta(hours=2))
    remaining = stored_files(media_root)

    assert result.removed == 1  # the PDF; the photo's files are still the twin's
    assert plan["url"].split("/media/", 1)[1] not in remaining
    assert twin["url"].split("/media/", 1)[1] in remaining
    assert all(r["url"].split("/media/", 1)[1] in remaining for r in twin["renditions"])
    assert client.get(twin["url"]).status_code == 200


def test_the_sweep_clears_unfinished_uploads(
    storage: LocalStorage, media_root: Path, db: Session
) -> None:
    leftover = media_root / ".incoming" / "put-crashed"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a file")

    assert sweep(db, storage, now=utcnow()).incomplete_removed == 0  # may still be writing
    assert sweep(db, storage, now=utcnow() + timedelta(hours=2)).incomplete_removed == 1
    assert not leftover.exists()
