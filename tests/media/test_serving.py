"""Serving stored files under /media/: immutable caching, the right type, ranges."""

from fastapi.testclient import TestClient

from app.media.storage import LocalStorage
from tests.media import files
from tests.media.conftest import upload


def test_files_are_served_immutable_with_their_content_type(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    photo = upload(client, editor_headers, files.jpeg_with_gps((700, 500)), "a.jpg").json()
    word = upload(client, editor_headers, files.docx(), "a.docx").json()

    response = client.get(photo["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["etag"] == f'"{photo["sha256"]}"'
    webp = client.get(photo["renditions"][0]["url"])
    assert webp.headers["content-type"] == "image/webp"

    download = client.get(word["url"])
    assert download.headers["content-type"] == word["content_type"]
    assert download.headers["content-disposition"] == "attachment"

    again = client.get(photo["url"], headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    head = client.head(photo["url"])
    assert head.status_code == 200
    assert head.headers["content-length"] == str(photo["byte_size"])


def test_range_requests_are_answered(
    client: TestClient, storage: LocalStorage, editor_headers: dict[str, str]
) -> None:
    data = files.pdf("x" * 5000)
    item = upload(client, editor_headers, data, "a.pdf").json()

    part = client.get(item["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    tail = client.get(item["url"], headers={"Range": "bytes=-10"})
    assert tail.content == data[-10:]
    beyond = client.get(item["url"], headers={"Range": f"bytes={len(data) + 10}-"})
    assert beyond.status_code == 416


def test_only_stored_keys_are_served(client: TestClient, storage: LocalStorage) -> None:
    storage.root.mkdir(parents=True, exist_ok=True)
    (storage.root / "secret.txt").write_text("không được lộ")
    for path in (
        "/media/secret.txt",
        "/media/originals/../secret.txt",
        "/media/originals/..%2F..%2Fsecret.txt",
        "/media/originals/ab/cd/" + "ab" * 32 + ".jpg",  # well formed, not stored
        "/media/originals/ab/cd/" + "ab" * 32 + ".html",
        "/media/.incoming/put-x",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "không được lộ" not in response.text
