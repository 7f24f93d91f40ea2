"""Alembic environment: the only thing that creates or changes the schema."""

import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from app.core.db import make_engine
from app.core.migrations import compared_by_autogenerate
from app.models import metadata

config = context.config
# Tests and the CLI hand over a live connection or a URL; only a bare `alembic` run sets up logging.
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

log = logging.getLogger("alembic.env")


def _url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return str(url)
    from app.core.config import get_settings

    return get_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=compared_by_autogenerate,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Batch mode rebuilds tables (copy, drop, rename); with foreign keys enforced
                # the drop of a referenced table fails. The pragma only works outside a
                # transaction, so it goes to the raw connection; integrity is checked after.
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.commit()
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
                if problems:
                    raise RuntimeError(f"foreign key violations after migrating: {problems}")
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
