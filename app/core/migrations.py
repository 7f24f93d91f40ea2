"""Run Alembic from code (CLI, readiness check, tests)."""

from alembic import command
from alembic.config import Config

from app.core.config import PROJECT_ROOT, get_settings
from app.core.db import ensure_sqlite_folder


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url or get_settings().database_url
    return config


def upgrade(revision: str = "head", *, database_url: str | None = None) -> None:
    """Migrate the database to `revision`; creates the SQLite file's folder if needed."""
    url = database_url or get_settings().database_url
    ensure_sqlite_folder(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(revision: str, *, database_url: str | None = None) -> None:
    command.downgrade(alembic_config(database_url), revision)
