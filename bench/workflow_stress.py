"""Concurrent editors on PostgreSQL (issue 16): two `newsdesk serve` processes on one database,
two clients with three connections each publishing, unpublishing and editing the same similar
articles at once; every write must answer 200, 409 or 412, never a 5xx.

    .venv/bin/python bench/workflow_stress.py                      # 600 actions on 24 articles
    .venv/bin/python bench/workflow_stress.py --actions 2000 --articles 40
    .venv/bin/python bench/workflow_stress.py --server-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It makes a scratch database on the server, migrates it, runs, prints the answers counted and
drops the database. tests/workflow/test_concurrent_publishing.py runs the same with 150 actions.
Exits non-zero when any answer was a 5xx.
"""

import argparse
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.workflow.stress and tests.servers drive the run
os.environ.setdefault("NEWSDESK_SECRET_KEY", "bench-secret-key-that-is-long-enough-for-hs256")
os.environ.setdefault("NEWSDESK_ENV", "development")

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.core.db import make_engine  # noqa: E402
from app.core.migrations import upgrade  # noqa: E402
from tests.workflow import stress  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--actions", type=int, default=600)
    parser.add_argument("--articles", type=int, default=24)
    args = parser.parse_args()

    server = make_url(args.server_url)
    name = f"newsdesk_stress_{uuid.uuid4().hex[:8]}"
    url = server.set(database=name).render_as_string(hide_password=False)
    admin = make_engine(args.server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade("head", database_url=url)
        engine = make_engine(url)
        try:
            result = stress.run(url, engine, articles=args.articles, actions=args.actions)
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    print(
        f"{result.actions} writes in {result.seconds:.1f} s from 2 clients on 2 processes, "
        f"{args.articles} articles: {dict(sorted(result.statuses.items()))}; "
        f"5xx: {result.server_errors}"
    )
    for failure in result.failures[:20]:
        print("  ", failure)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
