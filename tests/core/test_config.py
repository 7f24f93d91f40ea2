import pytest
from pydantic import ValidationError

from app.core.config import Settings


def test_production_refuses_to_start_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_SECRET_KEY", raising=False)
    monkeypatch.setenv("NEWSDESK_ENV", "production")
    with pytest.raises(ValidationError, match="NEWSDESK_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("NEWSDESK_SECRET_KEY", "s" * 40)
    assert Settings().env == "production"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/newsdesk")
    monkeypatch.setenv("NEWSDESK_CORS_ORIGINS", "https://a.gov.vn, https://b.gov.vn")
    monkeypatch.setenv("NEWSDESK_TIMEZONE", "Asia/Bangkok")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@db/newsdesk"
    assert settings.cors_origins == ["https://a.gov.vn", "https://b.gov.vn"]
    assert settings.timezone == "Asia/Bangkok"


def test_unknown_time_zone_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_TIMEZONE", "Asia/Saigon_Typo")
    with pytest.raises(ValidationError, match="time zone"):
        Settings()
