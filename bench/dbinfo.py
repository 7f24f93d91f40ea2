"""Small database questions run.sh needs answered, printed as KEY=VALUE lines.

    .venv/bin/python bench/dbinfo.py libpq URL   # PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
    .venv/bin/python bench/dbinfo.py count URL   # ARTICLES, LIVE, VERSION (engine and version)

`count` answers ARTICLES=0 for a database that does not exist or is not migrated yet.
"""

import sys
import urllib.parse

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError


def libpq(url: str) -> dict[str, str]:
    """The libpq environment that points psql at the database in a postgresql:// URL."""
    parts = urllib.parse.urlsplit(url)
    return {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": urllib.parse.unquote(parts.username or "postgres"),
        "PGPASSWORD": urllib.parse.unquote(parts.password or ""),
        "PGDATABASE": urllib.parse.unquote(parts.path.lstrip("/")),
    }


def count(url: str) -> dict[str, str]:
    """How many articles (all, and live) the database holds, and what engine it is."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            url = "postgresql+psycopg://" + url[len(bare) :]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            sqlite = engine.dialect.name == "sqlite"
            query = "SELECT sqlite_version()" if sqlite else "SHOW server_version"
            version = ("SQLite " if sqlite else "PostgreSQL ") + str(
                connection.execute(text(query)).scalar()
            )
            try:
                articles = connection.execute(text("SELECT count(*) FROM article")).scalar()
                live = connection.execute(text("SELECT count(*) FROM article_live")).scalar()
            except SQLAlchemyError:
                articles = live = 0
    except SQLAlchemyError:
        return {"ARTICLES": "0", "LIVE": "0", "VERSION": "unknown"}
    finally:
        engine.dispose()
    return {"ARTICLES": str(articles), "LIVE": str(live), "VERSION": version}


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("libpq", "count"):
        print(__doc__, file=sys.stderr)
        return 2
    answer = libpq(sys.argv[2]) if sys.argv[1] == "libpq" else count(sys.argv[2])
    for key, value in answer.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
