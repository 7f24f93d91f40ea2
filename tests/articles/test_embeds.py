"""Videos and maps (issue 20): embeds from the allowed providers only, stored structured,
served as the provider's sandboxed player; nothing else, and no script, reaches the public."""

from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.articles.blocks import ContentBlock, blocks_html
from app.articles.embeds import SANDBOX, recognise
from app.articles.models import ArticleStatus
from app.core.config import get_settings
from tests.factories import Factory

YOUTUBE_ID = "dQw4w9WgXcQ"


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _create(client: TestClient, factory: Factory, headers: dict[str, str], body: str) -> Any:
    return client.post("/v1/admin/articles", headers=headers, json={
        "title": "Video", "category_id": factory.default_category().id, "content_html": body,
        "article_type": "video",
    })  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=42", ("youtube", YOUTUBE_ID)),
        (f"https://youtu.be/{YOUTUBE_ID}?si=abc", ("youtube", YOUTUBE_ID)),
        (f"https://www.youtube.com/embed/{YOUTUBE_ID}", ("youtube", YOUTUBE_ID)),
        (f"https://www.youtube.com/shorts/{YOUTUBE_ID}", ("youtube", YOUTUBE_ID)),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871?h=1", ("vimeo", "76979871")),
        ("https://www.facebook.com/watch/?v=1234567890", ("facebook", "1234567890")),
        ("https://www.facebook.com/baoangiang/videos/1234567890/", ("facebook", "1234567890")),
        ("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2F"
         "watch%2F%3Fv%3D1234567890&width=500", ("facebook", "1234567890")),
        ("https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3925", ("google_maps",
                                                                      "!1m18!1m12!1m3!1d3925")),
        ("https://www.youtube.com.evil.example/watch?v=" + YOUTUBE_ID, None),
        ("https://evil.example/?u=https://youtu.be/" + YOUTUBE_ID, None),
        ("https://www.google.com/maps/place/Ch%C3%A2u+%C4%90%E1%BB%91c", None),
        ("javascript:alert(1)", None),
    ],
)  # fmt: skip
def test_provider_addresses_are_recognised_strictly(
    url: str, expected: tuple[str, str] | None
) -> None:
    found = recognise(url)
    assert (None if found is None else (found.provider.name, found.reference)) == expected


def test_a_pasted_iframe_is_stored_structured_and_served_sandboxed(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    body = (
        "<p>Xem video:</p>"
        f'<p><iframe src="https://www.youtube.com/embed/{YOUTUBE_ID}?si=x" width="100" '
        'onload="alert(1)" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></p>'
        '<figure data-embed-url="https://vimeo.com/76979871"><figcaption>Phim <em>hay</em>'
        "</figcaption></figure>"
    )
    created = _create(client, factory, editor, body)
    assert created.status_code == 201, created.text
    assert created.json()["content_html"] == (
        f'<p>Xem video:</p><figure data-embed="youtube" data-embed-ref="{YOUTUBE_ID}"></figure>'
        '<figure data-embed="vimeo" data-embed-ref="76979871"><figcaption>Phim <em>hay</em>'
        "</figcaption></figure>"
    )
    published = factory.article(status=ArticleStatus.published,
                                content_html=created.json()["content_html"])  # fmt: skip
    detail = client.get(f"/v1/articles/{published.id}").json()
    root = lxml.html.fragment_fromstring(detail["content_html"], create_parent="div")
    youtube, vimeo = root.iter("iframe")
    assert youtube.get("src") == f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"
    assert youtube.get("sandbox") == SANDBOX
    assert youtube.get("loading") == "lazy"
    assert vimeo.get("src") == "https://player.vimeo.com/video/76979871"
    assert vimeo.getparent().find("figcaption").text_content() == "Phim hay"
    assert "onload" not in detail["content_html"]
    assert "srcdoc" not in detail["content_html"]
    assert "<script" not in detail["content_html"]
    embeds = [b for b in detail["content_blocks"] if b["type"] == "embed"]
    assert [(b["provider"], b["ref"], b["url"]) for b in embeds] == [
        ("youtube", YOUTUBE_ID, f"https://www.youtube.com/watch?v={YOUTUBE_ID}"),
        ("vimeo", "76979871", "https://vimeo.com/76979871"),
    ]
    assert embeds[1]["caption_html"] == "Phim <em>hay</em>"
    from pydantic import TypeAdapter

    blocks = TypeAdapter(list[ContentBlock]).validate_python(detail["content_blocks"])
    assert blocks_html(blocks) == detail["content_html"]


@pytest.mark.parametrize(
    "body",
    [
        '<iframe src="https://video.example.com/embed/12"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<figure data-embed-url="https://evil.example/x"></figure>',
        '<figure data-embed="youtube" data-embed-ref="x&quot;&gt;&lt;script&gt;"></figure>',
        '<figure data-embed="youtube" data-embed-ref="short"></figure>',
        '<figure data-embed="myspace" data-embed-ref="12345678901"></figure>',
    ],
)
def test_embeds_from_elsewhere_or_malformed_are_refused(
    client: TestClient, factory: Factory, editor: dict[str, str], body: str
) -> None:
    response = _create(client, factory, editor, body)
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert (error["loc"], error["type"]) == (["body", "content_html"], "embed_not_allowed")


def test_the_allow_list_is_a_setting_and_applies_to_stored_bodies_once_prepared(
    client: TestClient, factory: Factory, editor: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = (f'<p>Trước</p><figure data-embed="youtube" data-embed-ref="{YOUTUBE_ID}"></figure>'
              "<p>Sau</p>")  # fmt: skip
    published = factory.article(status=ArticleStatus.published, content_html=stored)
    monkeypatch.setattr(get_settings(), "embed_providers", ["vimeo"])
    refused = _create(client, factory, editor, f"<iframe src='https://youtu.be/{YOUTUBE_ID}'>")
    assert refused.status_code == 422
    assert "embeds come only from Vimeo" in refused.json()["errors"][0]["msg"]
    # A body stored before YouTube was taken off the list: once prepared again (`newsdesk
    # prepare-public` after changing the setting), its player is not served.
    from app.articles.models import ArticleLive
    from app.articles.presenters import prepare_public_json

    live = factory.session.get(ArticleLive, published.id)
    assert live is not None
    prepare_public_json(factory.session, [live])
    factory.session.commit()
    detail = client.get(f"/v1/articles/{published.id}").json()
    assert detail["content_html"] == "<p>Trước</p><p>Sau</p>"
    assert [b["type"] for b in detail["content_blocks"]] == ["paragraph", "paragraph"]
