"""Related articles: editor picks first, then similar live articles; never itself, never
anything that is not live; stable and kept current as articles change."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlmodel import Session

from app.accounts.models import Role
from app.articles import live
from app.articles.models import Article, ArticleLive, ArticleStatus
from app.core.db import request_driver_connection, utcnow
from app.related import bulk, hot, index, jobs, service
from app.related.models import RelatedSuggestion, RelatedTerm, RelatedTermStat
from tests.factories import Factory

NOW = datetime.now(UTC)

RICE = (
    "Giá lúa gạo xuất khẩu tăng mạnh",
    "Nông dân đồng bằng sông Cửu Long phấn khởi khi giá lúa gạo xuất khẩu tăng.",
    "<p>Thương lái thu mua lúa gạo tại ruộng với giá cao. Doanh nghiệp xuất khẩu gạo ký hợp "
    "đồng mới với đối tác Philippines. Vụ lúa đông xuân được mùa, nông dân lãi lớn.</p>",
)
RICE_2 = (
    "Doanh nghiệp xuất khẩu gạo tìm thị trường mới",
    "Xuất khẩu gạo sang Philippines và Indonesia tăng, giá lúa gạo giữ ở mức cao.",
    "<p>Hiệp hội lương thực cho biết giá gạo xuất khẩu ổn định. Nông dân bán lúa cho thương "
    "lái với giá tốt, vụ lúa hè thu đang xuống giống.</p>",
)
RICE_3 = (
    "Nông dân giữ lúa chờ giá gạo tăng",
    "Nhiều hộ nông dân trữ lúa vì giá gạo xuất khẩu còn tăng.",
    "<p>Thương lái thu mua lúa chậm; doanh nghiệp xuất khẩu gạo cần nguồn hàng cho hợp đồng.</p>",
)
DENGUE = (
    "Sốt xuất huyết tăng nhanh ở trẻ em",
    "Bệnh viện nhi quá tải vì bệnh nhân sốt xuất huyết.",
    "<p>Ngành y tế phun hóa chất diệt muỗi, vận động người dân diệt lăng quăng. Bác sĩ khuyến "
    "cáo đưa trẻ sốt cao đến bệnh viện sớm.</p>",
)


@pytest.fixture
def editor(factory: Factory) -> dict[str, str]:
    return factory.headers(factory.user(Role.editor))


def _published(factory: Factory, text: tuple[str, str, str], **fields: object) -> Article:
    title, summary, body = text
    fields.setdefault("status", ArticleStatus.published)
    return factory.article(title=title, summary=summary, content_html=body, **fields)  # type: ignore[arg-type]


def _related(client: TestClient, article: Article, **params: object) -> list[dict]:
    response = client.get(f"/v1/articles/{article.id}/related", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _put_picks(
    client: TestClient, headers: dict[str, str], article: Article, ids: list[int]
) -> dict:
    url = f"/v1/admin/articles/{article.id}/related"
    etag = client.get(url, headers=headers).headers["ETag"]
    response = client.put(url, json={"related_ids": ids}, headers={**headers, "If-Match": etag})
    assert response.status_code == 200, response.text
    return response.json()


def test_similar_articles_rank_by_content_and_never_include_itself(
    client: TestClient, factory: Factory
) -> None:
    rice = _published(factory, RICE)
    rice_2 = _published(factory, RICE_2)
    dengue = _published(factory, DENGUE)

    items = _related(client, rice)
    ids = [i["id"] for i in items]
    assert rice.id not in ids
    assert ids[0] == rice_2.id
    assert items[0]["reason"] == "similar"
    assert items[0]["score"] > 0
    # The list shape, as in /v1/articles, with the view count.
    assert items[0]["title"] == RICE_2[0]
    assert items[0]["category"]["id"] == rice_2.category_id
    assert "view_count" in items[0]
    assert "content_html" not in items[0]
    if dengue.id in ids:  # only a weak match through the shared category, if at all
        assert items[ids.index(dengue.id)]["score"] < items[0]["score"] / 2


def test_picks_come_first_in_the_editors_order_and_go_live_with_a_publish(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    rice = _published(factory, RICE)
    rice_2 = _published(factory, RICE_2)
    dengue = _published(factory, DENGUE)
    other = _published(factory, ("Khánh thành cầu mới", "Cầu nối hai huyện.", "<p>Cầu.</p>"))

    body = _put_picks(client, editor, rice, [other.id, dengue.id])
    assert body["related_ids"] == [other.id, dengue.id]
    assert body["live_related_ids"] == []
    assert [i["is_live"] for i in body["items"]] == [True, True]
    # Working-copy picks are not public until the article is published again.
    assert all(i["reason"] == "similar" for i in _related(client, rice))

    factory.session.refresh(rice)
    factory.transition(rice, "publish")
    items = _related(client, rice)
    assert [(i["id"], i["reason"]) for i in items[:2]] == [
        (other.id, "picked"),
        (dengue.id, "picked"),
    ]
    assert "score" not in items[0]
    assert items[2]["id"] == rice_2.id
    assert items[2]["reason"] == "similar"
    assert len({i["id"] for i in items}) == len(items)  # a pick is not repeated as similar
    assert [i["id"] for i in _related(client, rice, limit=1)] == [other.id]


def test_picks_that_are_not_live_are_skipped(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    rice = _published(factory, RICE)
    draft = factory.article(title="Bản nháp")
    scheduled = factory.article(
        title="Sắp đăng", status=ArticleStatus.scheduled, publish_at=NOW + timedelta(days=1)
    )
    expired = factory.article(
        title="Hết hạn", status=ArticleStatus.expired, publish_at=NOW - timedelta(days=3)
    )
    gone = _published(factory, ("Bài sẽ gỡ", "Gỡ.", "<p>Gỡ.</p>"))
    shown = _published(factory, ("Bài công khai", "Công khai.", "<p>Công khai.</p>"))
    _put_picks(client, editor, rice, [draft.id, scheduled.id, expired.id, gone.id, shown.id])
    factory.session.refresh(rice)
    factory.transition(rice, "publish")
    factory.transition(gone, "unpublish")

    picked = [i["id"] for i in _related(client, rice) if i["reason"] == "picked"]
    assert picked == [shown.id]


def test_picks_refuse_unknown_ids_and_the_article_itself(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    rice = _published(factory, RICE)
    url = f"/v1/admin/articles/{rice.id}/related"
    etag = client.get(url, headers=editor).headers["ETag"]
    for ids in ([rice.id], [2_000_000_000], ["x"]):
        response = client.put(url, json={"related_ids": ids}, headers={**editor, "If-Match": etag})
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.put(url, json={"related_ids": []}, headers=editor).status_code == 428


def test_not_live_articles_are_404_and_never_suggested(
    client: TestClient, factory: Factory
) -> None:
    rice = _published(factory, RICE)
    draft = factory.article(title=RICE_2[0], summary=RICE_2[1], content_html=RICE_2[2])
    future = _published(factory, RICE_3, publish_at=NOW + timedelta(days=1))
    expired = _published(
        factory, RICE_2, publish_at=NOW - timedelta(days=2), expire_at=NOW - timedelta(days=1)
    )
    assert _related(client, rice) == []
    for hidden in (draft, future, expired):
        assert client.get(f"/v1/articles/{hidden.id}/related").status_code == 404
    assert client.get("/v1/articles/2000000000/related").status_code == 404
    assert client.get(f"/v1/articles/{rice.id}/related?limit=0").status_code == 422
    assert client.get(f"/v1/articles/{rice.id}/related?limit=21").status_code == 422


def test_unpublish_and_trash_remove_an_article_from_other_lists(
    client: TestClient, factory: Factory, db: Session
) -> None:
    rice = _published(factory, RICE)
    rice_2 = _published(factory, RICE_2)
    rice_3 = _published(factory, RICE_3)
    assert {i["id"] for i in _related(client, rice)} == {rice_2.id, rice_3.id}

    factory.transition(rice_2, "unpublish")
    assert [i["id"] for i in _related(client, rice)] == [rice_3.id]
    factory.transition(rice_3, "trash")
    assert _related(client, rice) == []
    # The lists that lost entries are refilled by the job; nothing is left to refill here.
    assert jobs.refresh_stale(db, now=utcnow()) >= 1
    assert _related(client, rice) == []

    # Re-published, it comes back under the older article at once.
    factory.session.refresh(rice_2)
    factory.transition(rice_2, "publish")
    assert [i["id"] for i in _related(client, rice)] == [rice_2.id]


def test_edits_change_suggestions_after_the_edit_is_published(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    rice = _published(factory, RICE)
    dengue = _published(factory, DENGUE)
    changing = _published(factory, RICE_2)
    assert _related(client, rice)[0]["id"] == changing.id

    url = f"/v1/admin/articles/{changing.id}"
    etag = client.get(url, headers=editor).headers["ETag"]
    response = client.patch(
        url,
        json={"title": DENGUE[0] + " ở miền Tây", "summary": DENGUE[1], "content_html": DENGUE[2]},
        headers={**editor, "If-Match": etag},
    )
    assert response.status_code == 200, response.text
    assert _related(client, rice)[0]["id"] == changing.id  # the live version is unchanged
    factory.session.refresh(changing)
    factory.transition(changing, "publish")

    assert changing.id not in [i["id"] for i in _related(client, rice)][:1]
    assert _related(client, dengue)[0]["id"] == changing.id
    assert _related(client, changing)[0]["id"] == dengue.id


def test_equal_scores_are_ordered_the_same_way_every_time(
    client: TestClient, factory: Factory, db: Session
) -> None:
    rice = _published(factory, RICE)
    twins = [_published(factory, RICE_2, publish_at=rice.publish_at) for _ in range(3)]
    # Indexed one by one, each twin saw different document frequencies; a rebuild weighs them
    # alike, so their scores tie exactly.
    bulk.rebuild(db.get_bind())  # type: ignore[arg-type]
    items = _related(client, rice)
    assert len({i["score"] for i in items}) == 1
    assert [i["id"] for i in items] == sorted((t.id for t in twins), reverse=True)
    assert [i["id"] for i in _related(client, rice)] == [i["id"] for i in items]


def test_etag_and_cache_control(client: TestClient, factory: Factory) -> None:
    rice = _published(factory, RICE)
    _published(factory, RICE_2)
    first = client.get(f"/v1/articles/{rice.id}/related")
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    etag = first.headers["ETag"]
    again = client.get(f"/v1/articles/{rice.id}/related", headers={"If-None-Match": etag})
    assert again.status_code == 304
    _published(factory, RICE_3)
    changed = client.get(f"/v1/articles/{rice.id}/related", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_rebuild_indexes_articles_published_without_the_index(
    client: TestClient, factory: Factory, db: Session
) -> None:
    rice, dengue, rice_2, rice_3 = (_published(factory, t) for t in (RICE, DENGUE, RICE_2, RICE_3))
    # As after a bulk import or an upgrade: live versions, but an empty index.
    for model in (RelatedSuggestion, RelatedTerm, RelatedTermStat):
        db.execute(delete(model))
    assert _related(client, rice) == []

    assert bulk.rebuild(db.get_bind()) == 4  # type: ignore[arg-type]
    assert {i["id"] for i in _related(client, rice)[:2]} == {rice_2.id, rice_3.id}
    assert {i["id"] for i in _related(client, rice_3)[:2]} == {rice.id, rice_2.id}
    assert dengue.id not in [i["id"] for i in _related(client, rice_2)][:2]


def test_the_job_refills_lists_that_lost_an_entry(
    client: TestClient, factory: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "LIST_SIZE", 2)  # three similar articles overflow a list
    rice = _published(factory, RICE)
    others = [_published(factory, t) for t in (RICE_2, RICE_3, DENGUE)]
    before = [i["id"] for i in _related(client, rice)]
    assert len(before) == 2
    left_out = next(o.id for o in others if o.id not in before)

    gone = next(o for o in others if o.id == before[0])
    factory.transition(gone, "unpublish")
    assert [i["id"] for i in _related(client, rice)] == before[1:]  # shorter, never wrong

    assert jobs.refresh_stale(db, now=utcnow()) >= 1
    assert {i["id"] for i in _related(client, rice)} == {before[1], left_out}
    assert jobs.refresh_stale(db, now=utcnow()) == 0  # nothing left to refill


def test_purging_a_picked_article_removes_it_from_live_picks(
    client: TestClient, factory: Factory, editor: dict[str, str]
) -> None:
    rice = _published(factory, RICE)
    picked = _published(factory, DENGUE)
    _put_picks(client, editor, rice, [picked.id])
    factory.session.refresh(rice)
    factory.transition(rice, "publish")
    assert _related(client, rice)[0]["id"] == picked.id
    factory.transition(picked, "trash")

    admin = factory.headers(factory.user(Role.admin))
    url = f"/v1/admin/articles/{picked.id}"
    etag = client.get(url, headers=admin).headers["ETag"]
    response = client.delete(url, params={"purge": "true"}, headers={**admin, "If-Match": etag})
    assert response.status_code == 204, response.text
    assert _related(client, rice) == []
    picks = client.get(f"/v1/admin/articles/{rice.id}/related", headers=editor).json()
    assert picks["related_ids"] == picks["live_related_ids"] == []


def test_the_driver_level_read_answers_like_the_orm_path(
    client: TestClient, factory: Factory, editor: dict[str, str], db: Session
) -> None:
    rice = _published(factory, RICE)
    rice_2, rice_3, dengue = (_published(factory, t) for t in (RICE_2, RICE_3, DENGUE))
    scheduled = factory.article(
        title="Sắp đăng", status=ArticleStatus.scheduled, publish_at=NOW + timedelta(days=1)
    )
    _put_picks(client, editor, rice, [scheduled.id, dengue.id])
    factory.session.refresh(rice)
    factory.transition(rice, "publish")
    now = utcnow()
    cases = [(rice.id, limit) for limit in (1, 2, 3, 6, 20)]
    cases += [(a.id, 6) for a in (rice_2, rice_3, dengue)]
    for article_id, limit in cases:
        with request_driver_connection() as connection:
            found = hot.visible_related(connection, article_id=article_id, limit=limit, now=now)
        assert found is not None
        body, next_change = found
        assert body == service.public_related(db, article_id=article_id, limit=limit, now=now)
        assert next_change == live.next_change_at(db, now) == scheduled.publish_at
    assert [i["reason"] for i in _related(client, rice)] == ["picked", "similar", "similar"]

    # Not visible: the ORM path answers (a 404 with its explanation).
    with request_driver_connection() as connection:
        assert hot.visible_related(connection, article_id=scheduled.id, limit=6, now=now) is None
    assert client.get(f"/v1/articles/{scheduled.id}/related").status_code == 404

    # An entry without prepared list JSON: rendered on the fly by the ORM path, same answer.
    before = _related(client, rice)
    row = db.get(ArticleLive, rice_2.id)
    assert row is not None
    row.list_json = None
    db.add(row)
    db.flush()
    with request_driver_connection() as connection:
        assert hot.visible_related(connection, article_id=rice.id, limit=6, now=now) is None
    assert _related(client, rice) == before


def test_the_fast_lane_answers_like_the_declared_route(
    client: TestClient, factory: Factory
) -> None:
    rice = _published(factory, RICE)
    _published(factory, RICE_2)
    _published(factory, RICE_3)
    url = f"/v1/articles/{rice.id}/related"
    for query in ("", "?limit=1", "?limit=2", "?limit=20"):
        fast = client.get(url + query)
        # An unknown parameter is ignored, but keeps the request off the fast lane.
        declared = client.get(url + query + ("&" if query else "?") + "x=1")
        assert fast.status_code == declared.status_code == 200
        assert fast.content == declared.content
        assert fast.headers["ETag"] == declared.headers["ETag"]
    for bad in ("?limit=0", "?limit=21", "?limit=abc", "?limit="):
        assert client.get(url + bad).status_code == 422, bad
    assert client.get("/v1/articles/99999999999/related").status_code in (404, 422)
