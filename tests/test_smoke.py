from fastapi.testclient import TestClient

from tests.factories import Factory


def test_public_list_shows_published(client: TestClient, factory: Factory) -> None:
    from app.articles.models import ArticleStatus

    live = factory.article(status=ArticleStatus.published)
    factory.article()
    body = client.get("/v1/articles").json()
    assert [item["id"] for item in body["items"]] == [live.id]
