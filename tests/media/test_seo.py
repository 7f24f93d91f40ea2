"""SEO and share cards (issue 20): the editor's fields or their defaults in the public `seo`,
the share image a network can read, `noindex` out of the sitemaps, the share image in feeds
and sitemaps; refusals for bad values; nothing of a draft public."""

import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.core.config import get_settings
from app.media.storage import LocalStorage
from tests.factories import Factory
from tests.media import files
from tests.media.conftest import upload

BASE = "https://angiang.gov.vn"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


@pytest.fixture(autouse=True)
def site(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "public_base_url", BASE)
    monkeypatch.setattr(settings, "api_base_url", "https://api.angiang.gov.vn")
    monkeypatch.setattr(settings, "article_url_pattern", "/{category}/{slug}-{id}")


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _image(client: TestClient, headers: dict[str, str], size: tuple[int, int]) -> dict[str, Any]:
    response = upload(client, headers, files.jpeg_with_gps(size), "anh.jpg", alt="Toàn cảnh")
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _publish(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    created = client.post("/v1/admin/articles", json=fields, headers=headers)
    assert created.status_code == 201, created.text
    url = f"/v1/admin/articles/{created.json()['id']}"
    etag = client.get(url, headers=headers).headers["etag"]
    published = client.post(f"{url}/transitions", json={"action": "publish"},
                            headers={**headers, "If-Match": etag})  # fmt: skip
    assert published.status_code == 200, published.text
    body: dict[str, Any] = client.get(f"/v1/articles/{created.json()['id']}").json()
    return body


def test_defaults_come_from_the_title_summary_lead_image_and_address(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    lead = _image(client, editor, (1600, 900))
    category = factory.category("Kinh tế")
    summary = ("Sáng 14/12, tỉnh An Giang tổ chức hội nghị tổng kết công tác năm 2026 và triển "
               "khai nhiệm vụ năm 2027, với sự tham dự của đại diện các sở, ban, ngành và "
               "Ủy ban nhân dân các huyện, thị xã, thành phố trong tỉnh.")  # fmt: skip
    article = _publish(client, editor, title="Tổng kết năm 2026", category_id=category.id,
                       summary=summary, image_id=lead["id"])  # fmt: skip
    seo = article["seo"]
    assert seo["title"] == "Tổng kết năm 2026"
    assert len(seo["description"]) <= 160
    assert seo["description"].endswith("…")
    assert summary.startswith(seo["description"][:-1])
    assert seo["canonical_url"] == f"{BASE}/{category.slug}/{article['slug']}-{article['id']}"
    assert seo["noindex"] is False
    share = seo["og_image"]
    # The narrowest JPEG at least 1200 wide: the 1280 rendition, not the WebP ones.
    assert (share["width"], share["content_type"], share["alt"]) == (1280, "image/jpeg",
                                                                     "Toàn cảnh")  # fmt: skip
    assert client.get(share["url"]).status_code == 200
    # No summary: the body's first words (entities read as text, tags dropped).
    bare = _publish(
        client,
        editor,
        title="Không tóm tắt",
        category_id=category.id,
        content_html="<p>Giá lúa &amp; gạo <strong>tăng</strong></p><p>mạnh</p>",
    )
    assert bare["seo"]["description"] == "Giá lúa & gạo tăng mạnh"
    assert bare["seo"]["og_image"] is None


def test_the_editors_fields_win_and_noindex_leaves_the_sitemaps(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    lead, share = _image(client, editor, (800, 600)), _image(client, editor, (1300, 700))
    article = _publish(
        client, editor, title="Bài gốc", category_id=factory.default_category().id,
        image_id=lead["id"], og_image_id=share["id"], meta_title="Tiêu đề cho Google",
        meta_description="Mô tả riêng", canonical_url="https://baoangiang.com.vn/bai-goc",
        noindex=True,
    )  # fmt: skip
    assert article["seo"]["title"] == "Tiêu đề cho Google"
    assert article["seo"]["description"] == "Mô tả riêng"
    assert article["seo"]["canonical_url"] == "https://baoangiang.com.vn/bai-goc"
    assert article["seo"]["noindex"] is True
    # The share image's 1280 rendition: the narrowest JPEG at least 1200 wide.
    assert (
        article["seo"]["og_image"]["url"]
        == share["url"].replace("originals", "renditions")[:-4] + "-1280w.jpg"
    )
    indexed = _publish(client, editor, title="Bài thường", image_id=lead["id"],
                       category_id=factory.default_category().id)  # fmt: skip
    page = ET.fromstring(client.get("/sitemap-articles-1.xml").content)
    urls = {u.findtext(f"{SM}loc"): u for u in page.findall(f"{SM}url")}
    assert [loc for loc in urls if loc.endswith(f"-{article['id']}")] == []
    (entry,) = [u for loc, u in urls.items() if loc.endswith(f"-{indexed['id']}")]
    image_loc = entry.findtext(f"{IMAGE}image/{IMAGE}loc")
    assert image_loc == "https://api.angiang.gov.vn" + lead["url"]
    news = client.get("/sitemap-news.xml").text
    assert f"-{article['id']}<" not in news
    assert f"-{indexed['id']}<" in news
    # Feeds still carry it (readers are not search engines), with the share image enclosed.
    feed = feedparser.parse(client.get("/v1/feeds/rss").content)
    (item,) = [e for e in feed.entries if e.title == "Bài gốc"]
    (enclosure,) = item.enclosures
    assert enclosure.href == "https://api.angiang.gov.vn" + share["url"]
    assert enclosure.type == "image/jpeg"
    atom = feedparser.parse(client.get("/v1/feeds/atom").content)
    (entry_atom,) = [e for e in atom.entries if e.title == "Bài gốc"]
    assert [link.href for link in entry_atom.links if link.rel == "enclosure"] == [
        "https://api.angiang.gov.vn" + share["url"]
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("og_image_id", "pdf"),
        ("og_image_id", 999999),
        ("canonical_url", "javascript:alert(1)"),
        ("canonical_url", "/tuong-doi"),
        ("meta_title", "x" * 201),
        ("meta_description", "x" * 501),
        ("noindex", "có"),
    ],
)
def test_bad_seo_values_are_refused_by_field(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str],
    field: str, value: Any,
) -> None:  # fmt: skip
    if value == "pdf":
        value = upload(client, editor, files.pdf("a.pdf"), "a.pdf").json()["id"]
    response = client.post(
        "/v1/admin/articles",
        json={"title": "Sai", "category_id": factory.default_category().id, field: value},
        headers=editor,
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"][:2] == ["body", field]


def test_seo_fields_are_versioned_and_a_draft_shows_nothing(
    client: TestClient, storage: LocalStorage, factory: Factory, editor: dict[str, str]
) -> None:
    created = client.post("/v1/admin/articles", headers=editor, json={
        "title": "Nháp", "category_id": factory.default_category().id, "meta_title": "Bí mật",
    }).json()  # fmt: skip
    url = f"/v1/admin/articles/{created['id']}"
    assert created["meta_title"] == "Bí mật"
    assert client.get(f"/v1/articles/{created['id']}").status_code == 404
    assert "Bí mật" not in client.get("/sitemap-articles-1.xml").text
    etag = client.get(url, headers=editor).headers["etag"]
    client.patch(url, json={"meta_title": "Công khai", "noindex": True},
                 headers={**editor, "If-Match": etag})  # fmt: skip
    diff = client.get(f"{url}/revisions/1/diff", params={"to": 2}, headers=editor).json()
    changes = {c["field"]: (c["from_value"], c["to_value"]) for c in diff["changes"]}
    assert changes["meta_title"] == ("Bí mật", "Công khai")
    assert changes["noindex"] == (False, True)
    admin = client.get(url, headers=editor).json()
    assert (admin["meta_title"], admin["noindex"]) == ("Công khai", True)
