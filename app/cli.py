"""The `newsdesk` command: the only entry point scripts, Docker and tests need."""

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

from app import models as _models  # noqa: F401  (registers every table)
from app.accounts.models import Role

app = typer.Typer(help="Newsdesk: headless news content API.", no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
) -> None:
    """Serve the API with uvicorn."""
    import uvicorn

    from app.core.logging import configure_logging

    configure_logging()
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Bring the database schema up to date (Alembic upgrade)."""
    from app.core.migrations import upgrade

    upgrade(revision)
    typer.echo(f"database migrated to {revision}")


@app.command("create-user")
def create_user(
    username: Annotated[str, typer.Option(help="Login name")],
    password: Annotated[str, typer.Option(help="Password (min 8 characters)")],
    role: Annotated[Role, typer.Option(help="Site-wide role")],
    display_name: Annotated[str | None, typer.Option(help="Name shown in the UI")] = None,
) -> None:
    """Create a staff user, e.g. the first admin."""
    from app.accounts.service import create_user as create
    from app.core.db import open_session
    from app.core.errors import NewsdeskError

    if len(password) < 8:
        raise typer.BadParameter(
            "the password needs at least 8 characters", param_hint="--password"
        )
    with open_session(write=True) as session:
        try:
            user = create(
                session, username=username, password=password, role=role, display_name=display_name
            )
        except NewsdeskError as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            raise typer.Exit(1) from exc
        session.commit()
        typer.echo(f"created {role.value} {user.username!r} (id {user.id})")


@app.command("run-jobs")
def run_jobs(
    once: Annotated[bool, typer.Option("--once", help="Run the due jobs once and exit")] = False,
) -> None:
    """Run the background jobs (scheduled go-live and expiry, sync log retention, webhook
    delivery) in this process, e.g. when the API processes run with NEWSDESK_RUN_JOBS=false."""
    import time

    from app.core.config import get_settings
    from app.core.logging import configure_logging
    from app.webhooks.dispatch import dispatch_due
    from app.workflow.jobs import run_due_transitions, run_periodic_jobs

    configure_logging()
    while True:
        done = run_due_transitions()
        run_periodic_jobs()
        delivered = dispatch_due()
        for item in done:
            typer.echo(
                f"{item.kind} article {item.article_id} (due {item.due_at.isoformat()}, "
                f"{item.delay_seconds:.0f} s late)"
            )
        if once:
            typer.echo(f"{len(done)} scheduled transitions recorded")
            typer.echo(f"{delivered} webhook deliveries made")
            return
        time.sleep(get_settings().jobs_interval_seconds)


@app.command("prepare-public")
def prepare_public(
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Re-render every live version, not only those lacking it (after an upgrade "
            "that changes the public shape; each is also recorded in the sync change log)",
        ),
    ] = False,
) -> None:
    """Render the prepared public JSON of every live version that lacks it (after an upgrade
    from a version without it; publishing keeps it current afterwards), or of all of them."""
    from sqlmodel import col, select

    from app.articles.models import ArticleLive
    from app.articles.presenters import prepare_public_json
    from app.core.db import open_session

    done = 0
    last_id = 0
    while True:
        with open_session(write=True) as session:
            query = select(ArticleLive).order_by(col(ArticleLive.article_id)).limit(1000)
            if every:
                query = query.where(col(ArticleLive.article_id) > last_id)
            else:
                query = query.where(
                    col(ArticleLive.public_json).is_(None) | col(ArticleLive.list_json).is_(None)
                )
            rows = session.exec(query).all()
            if not rows:
                break
            prepare_public_json(session, rows)
            session.commit()
            done += len(rows)
            last_id = rows[-1].article_id
    typer.echo(f"prepared {done} live versions")


@app.command("search-optimize")
def search_optimize() -> None:
    """Compact the search index (after a bulk import; seed-demo does it by itself)."""
    from app.core.db import open_session
    from app.search.service import optimize

    with open_session(write=True) as session:
        optimize(session)
        session.commit()
    typer.echo("search index optimized")


@app.command("related-rebuild")
def related_rebuild(
    if_unindexed: Annotated[
        bool,
        typer.Option(
            "--if-unindexed",
            help="Only if some live versions are not in the index (e.g. after seed-demo).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(min=0, help="Processes counting terms (0: one per CPU core)."),
    ] = 0,
) -> None:
    """Rebuild the related-articles index and every suggestion list from the live versions
    (after an upgrade, a bulk import such as seed-demo, or a change of the weights)."""
    from app.related.bulk import RebuildConflict, rebuild, unindexed

    if if_unindexed and not unindexed():
        typer.echo("every live version is in the related index: nothing to do")
        return
    started = time.perf_counter()
    try:
        done = rebuild(
            workers=workers or os.cpu_count() or 1,
            progress=lambda line: typer.echo(f"related-rebuild: {line}", err=True),
        )
    except RebuildConflict as exc:
        typer.echo(f"related-rebuild: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"indexed {done} live versions in {time.perf_counter() - started:.0f} s")


@app.command("import-views")
def import_views(
    csv_file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="CSV: article id or old portal address, views"
        ),
    ],
) -> None:
    """Load historical view totals (e.g. SharePoint "Số lượt người đọc") so a migrated article
    keeps its count. Loading a file again replaces its counts; views counted since are kept."""
    import csv

    from app.core.db import open_session
    from app.views.service import import_views as load

    rows: list[tuple[str, int]] = []
    with csv_file.open(newline="", encoding="utf-8-sig") as handle:
        for line_no, record in enumerate(csv.reader(handle), start=1):
            if not record or not "".join(record).strip():
                continue
            if len(record) < 2:
                raise typer.BadParameter(f"line {line_no}: expected two columns: article, views")
            ref, raw_views = record[0].strip(), record[1].strip()
            if line_no == 1 and not raw_views.isdigit():
                continue  # a header row
            if not raw_views.isdigit():
                raise typer.BadParameter(f"line {line_no}: views must be a whole number >= 0")
            rows.append((ref, int(raw_views)))
    with open_session(write=True) as session:
        result = load(session, rows)
        session.commit()
    for ref in result.unknown:
        typer.echo(f"no article for {ref!r}", err=True)
    typer.echo(f"imported views of {result.imported} articles ({len(result.unknown)} not found)")


@app.command("export-sharepoint")
def export_sharepoint(
    site_url: Annotated[
        str, typer.Option(help="The site, e.g. https://portal.angiang.gov.vn/sites/tintuc")
    ],
    list_title: Annotated[str, typer.Option("--list", help='The list, e.g. "Tin Tức Mở Rộng"')],
    out: Annotated[
        Path, typer.Option(file_okay=False, help="The export folder; run again to resume")
    ],
    bearer_token: Annotated[
        str | None, typer.Option(envvar="NEWSDESK_SP_TOKEN", help="An access token for the site")
    ] = None,
    cookie: Annotated[
        str | None,
        typer.Option(envvar="NEWSDESK_SP_COOKIE", help="The Cookie header of a signed-in session"),
    ] = None,
    odata: Annotated[
        Literal["verbose", "nometadata", "minimalmetadata"],
        typer.Option(help="The JSON the site is asked for (SharePoint 2013 speaks only verbose)"),
    ] = "nometadata",
    page_size: Annotated[int, typer.Option(min=1, max=5000, help="Items per page")] = 100,
) -> None:
    """Save a SharePoint list (items, fields, versions, images, attachments) as an export
    folder that the import reads offline. Progress and problems go to stderr."""
    from app.sharepoint.export import PROBLEMS_FILE, export_list
    from app.sharepoint.source import SiteSource, SourceError

    if not bearer_token and not cookie:
        raise typer.BadParameter(
            "give --bearer-token or --cookie (or NEWSDESK_SP_TOKEN / NEWSDESK_SP_COOKIE)"
        )
    with SiteSource(
        site_url, list_title, bearer_token=bearer_token, cookie=cookie, odata=odata,
        page_size=page_size,
    ) as source:  # fmt: skip
        try:
            report = export_list(source, out, progress=lambda line: typer.echo(line, err=True))
        except SourceError as exc:
            typer.echo(f"error: {exc} (run again to resume)", err=True)
            raise typer.Exit(1) from exc
    typer.echo(
        f"exported {report.items} items ({report.pages} pages), {report.versions} version "
        f"histories and {report.files + report.files_present} files to {out}"
    )
    if report.problems:
        typer.echo(f"{len(report.problems)} problems, listed in {out / PROBLEMS_FILE}", err=True)


@app.command("media-sweep")
def media_sweep(
    grace_minutes: Annotated[
        int, typer.Option(min=0, help="Keep files written or reused this recently")
    ] = 60,
) -> None:
    """Remove stored media files that no media item refers to (deleted items), and
    temporary files left by crashed uploads. Safe to run from cron on any one host."""
    from datetime import timedelta

    from app.core.db import open_session, utcnow
    from app.media.jobs import sweep
    from app.media.storage import get_storage

    with open_session() as session:
        result = sweep(session, get_storage(), now=utcnow(), grace=timedelta(minutes=grace_minutes))
    typer.echo(
        f"removed {result.removed} unreferenced files and {result.incomplete_removed} "
        f"unfinished uploads; kept {result.kept}"
    )


@app.command("seed-demo")
def seed_demo(
    articles: Annotated[
        int, typer.Option(min=0, max=1_000_000, help="Generated articles to add")
    ] = 0,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if articles already exist")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            help="Processes generating articles while this one writes them (0: this one does "
            "both); one is enough: writing takes most of the time.",
        ),
    ] = 1,
    admin_login_file: Annotated[
        Path | None,
        typer.Option(
            help="Where to write a new admin's login (default var/demo-admin.txt, the one "
            "`make run` shows); scratch databases (benchmarks) keep theirs elsewhere."
        ),
    ] = None,
) -> None:
    """Load the demo newsroom (categories, staff, ~40 articles) and optionally N generated ones."""
    from app.demo.seed import ADMIN_LOGIN_FILE, seed

    login_file = admin_login_file or ADMIN_LOGIN_FILE
    seed(
        generated=articles, if_empty=if_empty, echo=typer.echo, workers=workers,
        login_file=login_file,
    )  # fmt: skip


@app.command("import-sharepoint")
def import_sharepoint(
    site_url: Annotated[
        str | None, typer.Option(help="The site, e.g. https://portal.angiang.gov.vn/sites/tintuc")
    ] = None,
    list_title: Annotated[
        str, typer.Option("--list", help="The list's title on the site")
    ] = "Tin tức",
    folder: Annotated[
        Path | None,
        typer.Option(
            "--from-folder", exists=True, file_okay=False, help="An export folder instead of a site"
        ),
    ] = None,
    bearer_token: Annotated[
        str | None, typer.Option(envvar="NEWSDESK_SP_TOKEN", help="OAuth bearer token")
    ] = None,
    cookie: Annotated[
        str | None,
        typer.Option(envvar="NEWSDESK_SP_COOKIE", help="Cookie header of a signed-in session"),
    ] = None,
    odata: Annotated[
        Literal["verbose", "nometadata", "minimalmetadata"],
        typer.Option(help="The JSON the site is asked for (SharePoint 2013 speaks only verbose)"),
    ] = "nometadata",
    page_size: Annotated[int, typer.Option(min=1, max=5000)] = 100,
    mapping_file: Annotated[
        Path | None,
        typer.Option(
            "--mapping", exists=True, dir_okay=False, help="TOML mapping (docs/migration.md)"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; print the report")
    ] = False,
    since: Annotated[
        datetime | None, typer.Option(help="Only items modified since (the cut-over delta)")
    ] = None,
    overwrite_edited: Annotated[
        bool, typer.Option(help="Also overwrite articles edited in Newsdesk since their import")
    ] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Where to write the JSON report")
    ] = None,
) -> None:
    """Import a SharePoint news list (items, versions, files, views, old links) from a live site
    or an export folder. Safe to run again: unchanged items are skipped, changed ones updated."""
    from app.sharepoint.cli import run_import

    code = run_import(
        site_url=site_url, list_title=list_title, folder=folder, bearer_token=bearer_token,
        cookie=cookie, odata=odata, page_size=page_size, mapping_file=mapping_file,
        dry_run=dry_run, since=since, overwrite_edited=overwrite_edited, report_file=report_file,
        echo=typer.echo,
    )  # fmt: skip
    raise typer.Exit(code)


if __name__ == "__main__":
    app()
