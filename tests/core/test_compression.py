"""Compressed answers (app/core/compression.py, docs/api.md "Compression"): br and gzip of JSON
and XML as Accept-Encoding asks, `Vary: Accept-Encoding`, one strong ETag per representation,
304s and If-Match that work whichever representation the client kept, HEAD as GET, images
untouched. Bodies are read as sent (`iter_raw`) and decoded here, by gzip and brotli."""

import gzip
from collections.abc import Iterator

import brotli
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.requests import Request

from app.accounts.models import Role
from app.articles.models import Article, ArticleStatus
from app.core import compression
from app.core.db import open_session, utcnow
from app.core.http import body_etag
from app.core.read_cache import Answer, answer_response
from tests.factories import Factory
from tests.media import files
from tests.servers import served_scratch_database

PARAGRAPH = (
    "Tỉnh ủy Quảng Nam chỉ đạo đẩy mạnh công tác dân vận chính quyền, lắng nghe ý kiến của "
    "người dân về phát triển kinh tế - xã hội ở các huyện miền núi trong năm 2024. "
)
CONTENT_HTML = "".join(f"<p>{PARAGRAPH * 3} Đoạn {n}.</p>" for n in range(12))


def _long_article(factory: Factory, **fields: object) -> Article:
    return factory.article(
        status=ArticleStatus.published, summary=PARAGRAPH, content_html=CONTENT_HTML, **fields
    )


def fetch(
    client: TestClient | httpx.Client,
    url: str,
    coding: str | None,
    *,
    method: str = "GET",
    json: object = None,
    **headers: str,
) -> tuple[httpx.Response, bytes]:
    """`url` accepting `coding` only (None: identity), and the body as sent."""
    sent = {"Accept-Encoding": coding or "identity", **headers}
    with client.stream(method, url, headers=sent, json=json) as response:
        return response, b"".join(response.iter_raw())


def decoded(raw: bytes, coding: str | None) -> bytes:
    if coding == "br":
        return bytes(brotli.decompress(raw))
    if coding == "gzip":
        return gzip.decompress(raw)
    return raw


def suffixed(etag: str, suffix: str) -> str:
    return etag[:-1] + suffix + '"'


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br", "br"),  # both acceptable: br, the smaller
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0.8, gzip;q=0.8", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("GZIP", "gzip"),
        ("x-gzip", "gzip"),
        ("identity", None),
        ("identity, gzip;q=0.5", None),  # identity named with a higher q
        ("identity;q=0.5, gzip", "gzip"),
        ("*", "br"),
        ("*;q=0", None),
        ("br;q=0, *", "gzip"),
        ("gzip;q=0, *;q=0.1", "br"),
        ("deflate", None),
        ("", None),
        ("br;q=abc, gzip", "gzip"),  # a malformed element is ignored
        ("br;q=2, gzip;q=nan", None),
    ],
)
def test_the_coding_follows_accept_encoding(accept_encoding: str, expected: str | None) -> None:
    assert compression.preferred_coding(accept_encoding) == expected


def test_without_accept_encoding_the_answer_is_identity() -> None:
    assert compression.request_coding({"headers": []}) is None
    two_lines = {"headers": [(b"accept-encoding", b"gzip;q=0"), (b"accept-encoding", b"br")]}
    assert compression.request_coding(two_lines) == "br"


def _json_urls(client: TestClient, factory: Factory) -> dict[str, tuple[str, dict[str, str]]]:
    """A big enough answer of each kind: url and the headers it needs."""
    article = _long_article(factory)
    for n in range(8):
        _long_article(factory, title=f"Tin dân vận số {n}")
    admin = factory.headers(factory.user(Role.admin))
    key = client.post(
        "/v1/admin/api-keys", json={"name": "Cổng quốc gia", "scopes": ["sync"]}, headers=admin
    ).json()["key"]
    return {
        "detail (fast lane)": (f"/v1/articles/{article.id}", {}),
        "detail by slug": (f"/v1/articles/by-slug/{article.slug}", {}),
        "list": ("/v1/articles", {}),
        "search": ("/v1/articles?q=dan+van", {}),
        "list, chosen fields": ("/v1/articles?fields=id,title,summary&per_page=20&page=1", {}),
        "rss": ("/v1/feeds/rss", {}),
        "atom": ("/v1/feeds/atom", {}),
        "news sitemap": ("/sitemap-news.xml", {}),
        "sync feed": ("/v1/sync", {"X-API-Key": key}),
        "admin detail": (f"/v1/admin/articles/{article.id}", admin),
        "admin list": ("/v1/admin/articles", admin),
    }


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_json_and_xml_answers_are_compressed_when_accepted(
    client: TestClient, factory: Factory, coding: str
) -> None:
    for kind, (url, headers) in _json_urls(client, factory).items():
        plain, identity = fetch(client, url, None, **headers)
        assert plain.status_code == 200, kind
        assert len(identity) >= compression.min_bytes(), kind
        assert "content-encoding" not in plain.headers, kind
        assert plain.headers["vary"] == "Accept-Encoding", kind

        response, raw = fetch(client, url, coding, **headers)
        assert response.headers["content-encoding"] == coding, kind
        assert response.headers["content-type"] == plain.headers["content-type"], kind
        assert response.headers["vary"] == "Accept-Encoding", kind
        assert response.headers["content-length"] == str(len(raw)), kind
        assert decoded(raw, coding) == identity, kind
        assert len(raw) < len(identity) / 2, kind


def test_small_bodies_are_sent_as_they_are_with_vary(client: TestClient) -> None:
    for url in ("/v1/articles", "/v1/articles/999999", "/v1/sync"):
        response, raw = fetch(client, url, "br, gzip")
        assert len(raw) < compression.min_bytes()
        assert "content-encoding" not in response.headers, url
        assert response.headers["vary"] == "Accept-Encoding", url
    listed = client.get("/v1/articles", headers={"Accept-Encoding": "br"})
    assert listed.headers["etag"] == body_etag(listed.content)  # the identity ETag


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        (None, None),
        ("identity", None),
        ("gzip;q=0", None),
        ("*;q=0", None),
        ("*", "br"),
        ("br;q=0, *", "gzip"),
        ("gzip, br", "br"),
        ("br;q=0.1, gzip;q=0.9", "gzip"),
    ],
)
def test_accept_encoding_variants_on_a_detail(
    client: TestClient, factory: Factory, accept_encoding: str | None, expected: str | None
) -> None:
    article = _long_article(factory)
    identity = client.get(f"/v1/articles/{article.id}", headers={"Accept-Encoding": "identity"})
    if accept_encoding is None:
        del client.headers["accept-encoding"]  # the test client's default asks for gzip and br
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    with client.stream("GET", f"/v1/articles/{article.id}", headers=headers) as response:
        assert "accept-encoding" in response.request.headers or accept_encoding is None
        raw = b"".join(response.iter_raw())
    assert response.headers.get("content-encoding") == expected
    assert response.headers["vary"] == "Accept-Encoding"
    assert decoded(raw, expected) == identity.content
    suffix = {None: "", "br": "-br", "gzip": "-gz"}[expected]
    assert response.headers["etag"] == suffixed(identity.headers["etag"], suffix)


def _etags(client: TestClient, url: str, headers: dict[str, str]) -> dict[str | None, str]:
    codings = (None, "br", "gzip")
    return {coding: fetch(client, url, coding, **headers)[0].headers["etag"] for coding in codings}


@pytest.mark.parametrize("kind", ["detail (fast lane)", "list", "rss", "admin detail"])
def test_each_representation_has_its_etag_and_gets_its_304(
    client: TestClient, factory: Factory, kind: str
) -> None:
    url, headers = _json_urls(client, factory)[kind]
    etags = _etags(client, url, headers)
    assert etags["br"] == suffixed(etags[None], "-br")
    assert etags["gzip"] == suffixed(etags[None], "-gz")

    # (the representation the client kept, the one it asks for now)
    pairs = [("br", "br"), ("gzip", "gzip"), (None, None), (None, "br"), ("br", "gzip")]
    for kept, coding in [*pairs, ("gzip", None)]:
        response, raw = fetch(client, url, coding, **headers, **{"If-None-Match": etags[kept]})
        assert response.status_code == 304, (kind, kept, coding)
        assert raw == b""
        # The ETag a 200 would carry now (RFC 9110 §15.4.5), whichever one the client kept.
        assert response.headers["etag"] == etags[coding]
        assert response.headers["vary"] == "Accept-Encoding"
        assert "content-encoding" not in response.headers

    for stale in (suffixed(body_etag(b"older"), "-br"), '"a0.0-gz"', etags["br"] + "x"):
        response, raw = fetch(client, url, "br", **headers, **{"If-None-Match": stale})
        assert response.status_code == 200, (kind, stale)
        assert raw


def test_if_match_takes_any_representation_of_the_current_version_only(
    client: TestClient, factory: Factory
) -> None:
    """The Apache mod_deflate bug: a client that read the article compressed sends back the
    compressed ETag; its write must not get 412, and a stale one must."""
    editor = factory.headers(factory.user(Role.editor))
    article = _long_article(factory)
    url = f"/v1/admin/articles/{article.id}"
    read, _ = fetch(client, url, "gzip", **editor)
    first = read.headers["etag"]
    assert first.endswith('-gz"')

    saved = client.patch(url, json={"title": "Sửa lần một"}, headers={**editor, "If-Match": first})
    assert saved.status_code == 200, saved.text
    read, _ = fetch(client, url, "br", **editor)
    second = read.headers["etag"]
    assert second.endswith('-br"')
    assert second != first.replace("-gz", "-br")

    for stale in (first, first.replace("-gz", "-br"), first.replace("-gz", ""), "W/" + second):
        refused = client.patch(url, json={"title": "Cũ"}, headers={**editor, "If-Match": stale})
        assert refused.status_code == 412, stale
        assert refused.headers["content-type"] == "application/problem+json"
    gone, _ = fetch(client, url, "gzip", **editor, **{"If-None-Match": first})
    assert gone.status_code == 200

    for suffix in ("-br", "-gz", ""):  # each representation's ETag of the version then current
        current = suffixed(fetch(client, url, None, **editor)[0].headers["etag"], suffix)
        saved = client.patch(url, json={"title": "Sửa"}, headers={**editor, "If-Match": current})
        assert saved.status_code == 200, current


def test_head_sends_the_headers_of_get(
    client: TestClient, factory: Factory, dates_settle_at_once: None
) -> None:
    for kind, (url, headers) in _json_urls(client, factory).items():
        for coding in ("br", "gzip", None):
            got, raw = fetch(client, url, coding, **headers)
            head, nothing = fetch(client, url, coding, method="HEAD", **headers)
            assert head.status_code == got.status_code == 200, kind
            assert nothing == b""
            assert raw
            without_id = {k: v for k, v in got.headers.items() if k != "x-request-id"}
            assert {k: v for k, v in head.headers.items() if k != "x-request-id"} == without_id


def test_media_files_are_never_compressed(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    uploaded = client.post(
        "/v1/admin/media",
        headers=editor,
        files={"file": ("a.jpg", files.jpeg_with_gps((700, 500)), "application/octet-stream")},
    )
    assert uploaded.status_code == 201, uploaded.text
    for url in (uploaded.json()["url"], uploaded.json()["renditions"][0]["url"]):
        plain, identity = fetch(client, url, None)
        response, raw = fetch(client, url, "br, gzip, *")
        assert response.headers["content-type"].startswith("image/")
        assert "content-encoding" not in response.headers
        assert "vary" not in response.headers
        assert raw == identity
        assert response.headers["etag"] == plain.headers["etag"]


def test_problem_json_errors_are_compressed_when_big(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    bad = {"title": "", "category_id": "x", "tags": list(range(40))}  # one error per tag

    def post(coding: str | None) -> tuple[httpx.Response, bytes]:
        return fetch(client, "/v1/admin/articles", coding, method="POST", **editor, json=bad)

    plain, identity = post(None)
    assert plain.status_code == 422
    assert len(identity) >= compression.min_bytes()
    for coding in ("br", "gzip"):
        response, raw = post(coding)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["content-encoding"] == coding
        assert response.headers["vary"] == "Accept-Encoding"
        assert decoded(raw, coding) == identity


def _request(accept_encoding: bytes) -> Request:
    headers = [(b"accept-encoding", accept_encoding)]
    return Request({"type": "http", "method": "GET", "headers": headers, "query_string": b""})


def test_a_kept_answer_is_compressed_once() -> None:
    body = CONTENT_HTML.encode()
    answer = Answer(body, body_etag(body), None, None)
    now = utcnow()
    first = answer_response(_request(b"br"), answer, now)
    assert set(answer.encoded) == {"br"}
    again = answer_response(_request(b"br"), answer, now)
    assert again.body is first.body is answer.encoded["br"]
    gzipped = answer_response(_request(b"gzip"), answer, now)
    assert gzip.decompress(gzipped.body) == body
    assert set(answer.encoded) == {"br", "gzip"}


@pytest.fixture
def served() -> Iterator[tuple[Engine, httpx.Client]]:
    with served_scratch_database("compression") as found:
        yield found


def test_a_real_server_compresses_the_fast_lanes(served: tuple[Engine, httpx.Client]) -> None:
    """Through uvicorn: the fast lanes (app.core.fast_lane) answer ahead of the middleware,
    and what they keep (app.core.read_cache) is served compressed, the same bytes each time."""
    engine, client = served
    with open_session(write=True, engine=engine) as session:
        factory = Factory(session)
        article = _long_article(factory)
        for n in range(5):
            _long_article(factory, title=f"Tin dân vận số {n}")
        session.commit()
    for url in (f"/v1/articles/{article.id}", "/v1/articles", f"/v1/articles/{article.id}/related"):
        plain, identity = fetch(client, url, None)
        assert plain.status_code == 200, url
        for coding in ("br", "gzip"):
            response, raw = fetch(client, url, coding)
            again, raw_again = fetch(client, url, coding)  # kept: the same bytes
            assert response.headers["content-encoding"] == coding, url
            assert decoded(raw, coding) == identity
            assert raw_again == raw
            assert response.headers["etag"] == again.headers["etag"]
            assert response.headers["etag"] == suffixed(
                plain.headers["etag"], "-br" if coding == "br" else "-gz"
            )
            head, nothing = fetch(client, url, coding, method="HEAD")
            assert nothing == b""
            assert head.headers["content-length"] == str(len(raw))
            assert head.headers["content-encoding"] == coding
            not_modified, empty = fetch(
                client, url, coding, **{"If-None-Match": response.headers["etag"]}
            )
            assert not_modified.status_code == 304, url
            assert empty == b""
            assert not_modified.headers["etag"] == response.headers["etag"]
