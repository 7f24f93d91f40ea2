from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session


def test_readyz_fails_while_the_schema_is_behind(client: TestClient, db: Session) -> None:
    assert client.get("/readyz").status_code == 200
    db.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    db.flush()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "older" in response.json()["detail"]


def test_readyz_fails_while_the_database_is_unusable(client: TestClient, db: Session) -> None:
    db.execute(text("DROP TABLE alembic_version"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
