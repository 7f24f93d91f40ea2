"""Run Alembic from code (CLI, readiness check, tests)."""

from alembic import command
from alembic.config import Config

from app.core.config import PROJECT_ROOT, get_settings
from app.core.db import ensure_sqlite_folder


def compared_by_autogenerate(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic's include_name: the schema objects the models declare. Left out are those made by
    hand-written SQL in their migration because their shape differs per engine: the search
    index's tables and PostgreSQL's trigram index of titles."""
    # Imported here: app.models imports every model, which needs the settings first.
    from app.articles.models import TITLE_TRIGRAM_INDEX
    from app.search.service import is_search_object

    if type_ == "table":
        return not is_search_object(name)
    return not (type_ == "index" and name == TITLE_TRIGRAM_INDEX)


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
