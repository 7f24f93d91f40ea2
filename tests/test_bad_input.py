"""Bad input never gets a 500 (issue 16). Cursors, times and text that once broke a query, a
flush or a JSON answer are 400/422 problems on every endpoint that takes them; property-based
runs then feed arbitrary cursors, times and text to the same endpoints."""

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts.models import Role
from app.articles.models import Article, ArticleStatus
from tests.factories import Factory

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NEWEST, OLDEST, VIEWED, RELEVANCE = "-published_at", "published_at", "-view_count", "relevance"
A_TIME = "2026-01-01T00:00:00+00:00"
# Times whose conversion to UTC leaves the years datetime holds, and the far ends it holds.
EXTREME_TIMES = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
]
# Keys that were 500s somewhere: ids past 64 (and 63) bits, `true` for an id, the extreme
# times, offsets past 63 bits; each list gets all of them.
BAD_CURSOR_KEYS: list[list[Any]] = [
    [2**63],
    [2**64 - 1],
    [True],
    *([sort, time, 1] for sort in (NEWEST, OLDEST) for time in EXTREME_TIMES[:2]),
    *([sort, A_TIME, big] for sort in (NEWEST, OLDEST) for big in (2**63, True)),
    *([sort, big, None] for sort in (NEWEST, VIEWED, RELEVANCE) for big in (2**63, True)),
    ["i", 0, 2**63],
    ["i", True, 0],
    ["c", True, 0],
]
LONE_SURROGATES = ["\ud800", "Tin \udfff nóng"]


def cursor_of(key: Any) -> str:
    """A key written as the API writes cursors (base64 of JSON), ints of any size included."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def assert_problem(response: Response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.request.url, response.text)
    assert response.headers["content-type"] == "application/problem+json"


def assert_no_server_error(response: Response) -> None:
    assert response.status_code < 500, (response.request.url, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@dataclass
class World:
    client: TestClient
    factory: Factory
    admin: dict[str, str]
    sync: dict[str, str]
    category_id: int
    media_id: int

    def send(self, path: str, who: str, **params: str) -> Response:
        """GET `path` (which may carry a query already) with more query parameters."""
        headers = {"anon": {}, "admin": self.admin, "sync": self.sync}[who]
        separator = "&" if "?" in path else "?"
        return self.client.get(path + separator + urlencode(params), headers=headers)

    def write(self, method: str, path: str, body: Any, *, etag_of: str | None = None) -> Response:
        """A JSON write as an admin, its body encoded here: json.dumps writes a lone surrogate
        as the escape a client would send (httpx cannot encode one)."""
        headers = {**self.admin, "Content-Type": "application/json"}
        if etag_of is not None:
            headers["If-Match"] = self.client.get(etag_of, headers=self.admin).headers["etag"]
        return self.client.request(method, path, content=json.dumps(body), headers=headers)


@pytest.fixture
def world(client: TestClient, factory: Factory) -> World:
    admin = factory.headers(factory.user(Role.admin))
    key = client.post(
        "/v1/admin/api-keys", json={"name": "Đồng bộ", "scopes": ["sync"]}, headers=admin
    )
    category = factory.category("Thời sự")
    for n in range(3):  # more than a page of 2, so lists issue and read cursors
        factory.article(status=ArticleStatus.published, title=f"Tin số {n}", featured=True)
    return World(
        client=client,
        factory=factory,
        admin=admin,
        sync={"X-API-Key": key.json()["key"]},
        category_id=category.id,
        media_id=factory.image().id,
    )


CURSOR_LISTS = [
    ("/v1/articles", "anon"),
    ("/v1/articles?category=thoi-su", "anon"),
    ("/v1/articles?sort=published_at", "anon"),
    ("/v1/articles?sort=-view_count", "anon"),
    ("/v1/articles?featured=true", "anon"),
    ("/v1/articles?q=tin", "anon"),
    ("/v1/admin/articles", "admin"),
    ("/v1/admin/media", "admin"),
    ("/v1/admin/users", "admin"),
    ("/v1/admin/audit", "admin"),
    ("/v1/sync", "sync"),
]


@pytest.mark.parametrize(("path", "who"), CURSOR_LISTS)
def test_cursors_that_broke_queries_are_400_or_422(world: World, path: str, who: str) -> None:
    first = world.send(path, who, limit="2")
    assert first.status_code == 200, first.text
    for key in BAD_CURSOR_KEYS:
        assert_problem(world.send(path, who, limit="2", cursor=cursor_of(key)), 400, 422)
    if first.json()["next_cursor"]:  # the cursor the list issued still works
        assert world.send(path, who, limit="2", cursor=first.json()["next_cursor"]).is_success


# Parts of keys, biased to the values that broke queries.
NASTY = (
    st.integers()
    | st.sampled_from([2**31, 2**63, 2**64 - 1, 2**70, -1, True, False, 1.0, None])
    | st.floats()
    | st.text(max_size=10)
)
TIMES = st.sampled_from(EXTREME_TIMES) | st.datetimes().map(datetime.isoformat) | NASTY
CURSOR_KEYS = (
    st.tuples(NASTY)
    | st.tuples(st.sampled_from([NEWEST, OLDEST, VIEWED, RELEVANCE]), TIMES, NASTY)
    | st.tuples(st.sampled_from(["i", "c"]), NASTY, NASTY)
    | st.lists(NASTY, max_size=4)
).map(list)


@FUZZ
@given(
    cursor=st.text(max_size=100) | CURSOR_KEYS.map(cursor_of),
    where=st.sampled_from(CURSOR_LISTS),
)
def test_any_cursor_on_any_list_is_never_a_500(
    world: World, cursor: str, where: tuple[str, str]
) -> None:
    path, who = where
    assert_no_server_error(world.send(path, who, limit="2", cursor=cursor))


@pytest.mark.parametrize("name", ["published_after", "published_before"])
@pytest.mark.parametrize("time", EXTREME_TIMES)
def test_list_time_filters_out_of_range_are_422(world: World, name: str, time: str) -> None:
    for path in ("/v1/articles", "/v1/articles?q=tin", "/v1/articles?category=thoi-su"):
        assert_problem(world.send(path, "anon", **{name: time}), 422)


OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Local times biased to the ends of the calendar, where UTC conversion overflows.
LOCAL_TIMES = (
    st.datetimes()
    | st.datetimes(max_value=datetime(1, 1, 2))
    | st.datetimes(min_value=datetime(9999, 12, 30))
)
AWARE_TIMES = st.builds(lambda local, tz: local.replace(tzinfo=tz), LOCAL_TIMES, OFFSETS)
TIME_TEXTS = AWARE_TIMES.map(datetime.isoformat) | st.text(max_size=40)


@FUZZ
@given(
    time=TIME_TEXTS,
    name=st.sampled_from(["published_after", "published_before"]),
    path=st.sampled_from(["/v1/articles", "/v1/articles?q=tin"]),
)
def test_any_time_filter_is_200_or_422(world: World, time: str, name: str, path: str) -> None:
    response = world.send(path, "anon", **{name: time})
    assert response.status_code in (200, 422), response.text


# Every time field of a write, as (method, path, body) for a draft.
TIME_WRITES: list[Callable[[World, Article, str], tuple[str, str, Any, str | None]]] = [
    *(
        lambda w, a, t, field=field: (
            "POST", "/v1/admin/articles",
            {"title": "Tin", "category_id": w.category_id, "featured": True, field: t}, None,
        )
        for field in ("publish_at", "expire_at", "featured_until")
    ),
    *(
        lambda w, a, t, field=field: (
            "PATCH", f"/v1/admin/articles/{a.id}", {field: t}, f"/v1/admin/articles/{a.id}"
        )
        for field in ("publish_at", "expire_at", "featured_until")
    ),
    lambda w, a, t: (
        "POST", f"/v1/admin/articles/{a.id}/transitions", {"action": "publish", "publish_at": t},
        f"/v1/admin/articles/{a.id}",
    ),
    lambda w, a, t: (
        "POST", "/v1/admin/api-keys", {"name": "Khóa", "scopes": ["sync"], "expires_at": t}, None
    ),
]  # fmt: skip


@pytest.mark.parametrize("time", [*EXTREME_TIMES, "1849-12-31T23:59:59Z", "2100-01-01T00:00:01Z"])
def test_write_times_out_of_range_are_422(world: World, time: str) -> None:
    draft = world.factory.article()
    for request in TIME_WRITES:
        method, path, body, etag_of = request(world, draft, time)
        assert_problem(world.write(method, path, body, etag_of=etag_of), 422)


@FUZZ
@given(time=TIME_TEXTS, request=st.sampled_from(TIME_WRITES))
def test_any_write_time_is_never_a_500(world: World, time: str, request: Any) -> None:
    method, path, body, etag_of = request(world, world.factory.article(), time)
    assert_no_server_error(world.write(method, path, body, etag_of=etag_of))


@dataclass(frozen=True)
class TextWrite:
    """A write whose body holds text: `path` and `body` build a valid request (a PATCH or a
    transition is sent with the current ETag), `fields` are where its text is (keys, indexes)."""

    method: str
    path: Callable[[World], str]
    body: dict[str, Any]
    fields: list[tuple[str | int, ...]]
    in_category: bool = False  # the body names the world's category


def _draft_path(world: World) -> str:
    return f"/v1/admin/articles/{world.factory.article().id}"


TEXT_WRITES = [
    TextWrite(
        "POST", lambda w: "/v1/admin/articles",
        {"title": "Tin", "summary": "", "content_html": "", "image_caption": "", "byline": "",
         "article_type": "news", "tags": ["thời sự"], "legacy_urls": ["/Pages/tin.aspx"],
         "alternate_url": "https://báo.vn/tin"},
        [("title",), ("summary",), ("content_html",), ("image_caption",), ("byline",),
         ("article_type",), ("tags", 0), ("legacy_urls", 0), ("alternate_url",)],
        in_category=True,
    ),
    TextWrite(
        "PATCH", _draft_path, {"title": "Tin", "summary": "", "byline": "", "tags": ["thẻ"]},
        [("title",), ("summary",), ("byline",), ("tags", 0)],
    ),
    TextWrite(
        "POST", lambda w: _draft_path(w) + "/transitions", {"action": "trash", "comment": ""},
        [("comment",)],
    ),
    TextWrite("POST", lambda w: "/v1/admin/categories", {"name": "Mục", "description": ""},
              [("name",), ("description",)]),
    TextWrite("POST", lambda w: "/v1/admin/tags", {"name": "thẻ"}, [("name",)]),
    TextWrite(
        "POST", lambda w: "/v1/admin/users",
        {"username": "phong.vien", "password": "mat-khau-du-dai", "display_name": "Phóng viên"},
        [("username",), ("password",), ("display_name",)],
    ),
    TextWrite("POST", lambda w: "/v1/admin/api-keys", {"name": "Khóa", "scopes": ["sync"]},
              [("name",)]),
    TextWrite(
        # An address, not a name: saving an endpoint looks its host up.
        "POST", lambda w: "/v1/admin/webhooks",
        {"url": "https://93.184.215.14/hook", "events": ["article.published"], "description": ""},
        [("url",), ("description",)],
    ),
    TextWrite(
        "PATCH", lambda w: f"/v1/admin/media/{w.media_id}",
        {"alt": "", "caption": "", "credit": "", "filename": "anh.jpg"},
        [("alt",), ("caption",), ("credit",), ("filename",)],
    ),
    TextWrite(
        "POST", lambda w: "/v1/admin/royalty-rates",
        {"name": "Bảng", "effective_from": "2026-01-01", "unit_value": 1000, "note": "",
         "rates": [{"article_type": "news", "grade": "A", "page_coefficient": 1}]},
        [("name",), ("note",), ("rates", 0, "article_type"), ("rates", 0, "grade")],
    ),
]  # fmt: skip


def send_text_write(
    world: World, write: TextWrite, field: tuple[str | int, ...], text: str
) -> Response:
    """`write` with `text` at `field` of its body."""
    body = json.loads(json.dumps(write.body))
    if write.in_category:
        body["category_id"] = world.category_id
    inner: Any = body
    for step in field[:-1]:
        inner = inner[step]
    inner[field[-1]] = text
    path = write.path(world)
    etag_of = None
    if write.method == "PATCH" or path.endswith("/transitions"):
        etag_of = path.removesuffix("/transitions")
    return world.write(write.method, path, body, etag_of=etag_of)


@pytest.mark.parametrize("write", TEXT_WRITES, ids=lambda w: f"{w.method} {w.fields[0][0]}")
def test_a_lone_surrogate_in_any_text_field_is_422(world: World, write: TextWrite) -> None:
    for field in write.fields:
        for text in LONE_SURROGATES:
            assert_problem(send_text_write(world, write, field, text), 422)


# Text of every kind, lone surrogates (which only a JSON escape can carry) mixed in.
ANY_TEXT = st.lists(
    st.text(max_size=8) | st.integers(min_value=0xD800, max_value=0xDFFF).map(chr), max_size=6
).map("".join)


@FUZZ
@given(data=st.data(), text=ANY_TEXT)
def test_any_text_in_any_text_field_is_never_a_500(world: World, data: Any, text: str) -> None:
    write = data.draw(st.sampled_from(TEXT_WRITES))
    field = data.draw(st.sampled_from(write.fields))
    assert_no_server_error(send_text_write(world, write, field, text))


# Every public or admin GET that reads text from its query or path, `{}` where the text goes.
TEXT_READS = [
    ("/v1/articles?q={}", "anon"),
    ("/v1/articles?author={}", "anon"),
    ("/v1/articles?category={}", "anon"),
    ("/v1/articles?tag={}", "anon"),
    ("/v1/articles?article_type={}", "anon"),
    ("/v1/articles?fields={}", "anon"),
    ("/v1/articles/by-slug/{}", "anon"),
    ("/v1/articles/most-read?category={}", "anon"),
    ("/v1/categories/{}", "anon"),
    ("/v1/tags?q={}", "anon"),
    ("/v1/resolve?path={}", "anon"),
    ("/v1/feeds/rss?category={}", "anon"),
    ("/v1/admin/articles?q={}", "admin"),
    ("/v1/admin/media?q={}", "admin"),
]


def _read(world: World, template: str, who: str, raw: bytes) -> Response:
    headers = world.admin if who == "admin" else {}
    escaped = "".join(f"%{byte:02X}" for byte in raw)  # any bytes, UTF-8 or not
    return world.client.get(template.format(escaped), headers=headers)


@pytest.mark.parametrize(("template", "who"), TEXT_READS)
def test_invalid_utf8_and_surrogates_in_a_query_or_path_are_no_500(
    world: World, template: str, who: str
) -> None:
    # A UTF-8-encoded surrogate (not UTF-8 at all), a cut sequence, a NUL.
    for raw in (b"\xed\xa0\x80", b"tin \xc3", b"\x00", b"\xff\xfe"):
        assert_no_server_error(_read(world, template, who, raw))


@FUZZ
@given(raw=st.binary(max_size=30), where=st.sampled_from(TEXT_READS))
def test_any_bytes_in_a_query_or_path_are_never_a_500(
    world: World, raw: bytes, where: tuple[str, str]
) -> None:
    assert_no_server_error(_read(world, *where, raw))
