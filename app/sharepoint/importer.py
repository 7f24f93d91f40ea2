"""Import a SharePoint news list into Newsdesk, one item per transaction.

For each item, in one transaction: its versions become revisions (with their authors, times
and version labels), the newest approved version becomes the live version (through the same
`publish_version` the workflow uses, so the search and related indexes, the prepared public
JSON and the sync feed follow), its files go through the media pipeline, and its category,
people, views, royalty, history lines and old addresses are written. The item ↔ article map is
written in the same transaction, so a run stopped at any point (Ctrl-C, a crash) leaves whole
items only and the next run goes on from there; an item whose `Modified` has not changed is
skipped. Related picks name other items, so they are set in a last phase, once every item has
an article. The automatic related index is kept up to date item by item for a small run (a
delta on cut-over day), but a whole archive is indexed by one rebuild at the end: indexing
each article costs more as the index grows (150 ms at 100k), the rebuild a fixed ~13 min at
100k. No webhook is sent for imported items: integrators see them in the sync feed
(docs/migration.md).
"""

import io
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import Engine, delete, func
from sqlmodel import Session, col, select

from app.accounts.models import Role, User
from app.accounts.permissions import Principal
from app.articles import live, presenters
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleHistory,
    ArticleLegacyUrl,
    ArticleLive,
    ArticleRelated,
    ArticleStatus,
    Category,
)
from app.articles.sanitize import sanitize_html
from app.articles.schemas import CategoryCreate
from app.articles.service import free_slug
from app.articles.taxonomy import create_category
from app.core.config import get_settings
from app.core.db import get_engine, open_session, utcnow
from app.core.errors import NewsdeskError
from app.core.text import fold, normalize_legacy_path, slugify
from app.media import usage as media_usage
from app.media.embed import media_url
from app.media.models import Media
from app.media.schemas import MediaUploadFields
from app.media.service import upload_media
from app.media.storage import Storage, get_storage
from app.related import bulk as related_bulk
from app.revisions.models import ArticleRevision
from app.revisions.service import snapshot_dict
from app.royalties.models import ArticleRoyalty, RoyaltyLine, RoyaltyStatus
from app.royalties.service import apply_totals
from app.sharepoint.mapping import Mapping, ResolvedMapping
from app.sharepoint.models import SharePointFile, SharePointItem
from app.sharepoint.reading import ItemValues, Person, history_time, read_item
from app.sharepoint.report import ItemReport, Outcome, Report
from app.sharepoint.richtext import clean_html, image_sources, link_targets, rewrite_urls
from app.sharepoint.source import SiteSource, Source, expanded_query, site_file_path
from app.views.service import import_views

IMPORT_ACTION = "import"
# Published items of a run indexed one by one; beyond, the rest wait for the rebuild at the end.
INDEX_EACH_UP_TO = 500
_LIVE_STATUSES = frozenset({ArticleStatus.published.value, ArticleStatus.scheduled.value})


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    since: datetime | None = None
    # Overwrite articles edited in Newsdesk since they were imported (normally left alone).
    overwrite_edited: bool = False
    index_each_up_to: int = INDEX_EACH_UP_TO


class _SkipItem(Exception):
    """This item is deliberately not imported; the message says why."""


class _DryRunStorage:
    """Accepts files without keeping them: a dry run validates every file but stores none."""

    def put(self, key: str, source: BinaryIO) -> bool:
        del key, source
        return True

    def exists(self, key: str) -> bool:
        del key
        return False


def _importing_principal() -> Principal:
    # Not a stored user: what the import writes has no Newsdesk author (created_by is null);
    # the revisions carry the old site's people instead.
    return Principal(user=User(username="sharepoint-import", display_name="", password_hash="!"),
                     site_role=Role.admin)  # fmt: skip


class Importer:
    def __init__(
        self,
        source: Source,
        mapping: Mapping,
        *,
        options: ImportOptions | None = None,
        engine: Engine | None = None,
        storage: Storage | None = None,
        progress: Callable[[Report], None] | None = None,
    ) -> None:
        self.source = source
        self.mapping = mapping
        self.options = options or ImportOptions()
        self.engine = engine or get_engine()
        self.storage: Any = _DryRunStorage() if self.options.dry_run else storage or get_storage()
        self.progress = progress
        self.principal = _importing_principal()
        self.list_key = source.list_url.rstrip("/").casefold()
        self.report = Report(
            source=f"{source.site_url} {source.list_url}",
            dry_run=self.options.dry_run,
            started_at=utcnow(),
        )
        self.resolved: ResolvedMapping = mapping.resolve([])
        # Staff users by e-mail or login: the few people of a site sign thousands of versions.
        # Ids found or made by the item being written count only once its transaction commits.
        self._user_ids: dict[str, int] = {}
        self._pending_user_ids: dict[str, int] = {}
        self._published = 0  # items this run made live (counted even if rolled back)

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> Report:
        """Import every item, then the related picks. Ctrl-C stops after the current item; the
        report says so and a second run goes on."""
        fields = self.source.fields()
        self.resolved = self.mapping.resolve(fields)
        self._ask_for_expanded_fields(fields)
        seen: set[int] = set()
        try:
            for page in self.source.pages(since=self.options.since):
                for raw in page.items:
                    self._import_one(raw, seen)
                    if self.progress is not None:
                        self.progress(self.report)
            self._set_related_picks()
            self._rebuild_related_index()
        except KeyboardInterrupt:
            self.report.interrupted = True
        self.report.problems.extend(self.source.problems)
        self.report.finished_at = utcnow()
        return self.report

    def _rebuild_related_index(self) -> None:
        """Index what was published unindexed: by this run, or by an earlier one that stopped
        before its end (the index counts its documents, so they are found either way)."""
        if self.options.dry_run or not related_bulk.unindexed(self.engine):
            return
        try:
            self.report.related_indexed = related_bulk.rebuild(self.engine)
        except related_bulk.RebuildConflict as conflict:  # editors published meanwhile
            self.report.problems.append(
                f"the related index was not rebuilt ({conflict}): "
                "run `newsdesk related-rebuild --if-unindexed`"
            )

    def _ask_for_expanded_fields(self, fields: list[dict[str, Any]]) -> None:
        """A live site sends people, attachments and lookups only when asked to expand them."""
        if isinstance(self.source, SiteSource):
            self.source.select, self.source.expand = expanded_query(fields)

    def _import_one(self, raw: dict[str, Any], seen: set[int]) -> None:
        values = read_item(raw, self.resolved)
        self.report.unmapped_columns.update(
            c for c in self.resolved.unmapped(raw) if raw.get(c) not in (None, "", [])
        )
        entry = ItemReport(item_id=values.item_id, outcome=Outcome.failed, title=values.title)
        if values.item_id is None:
            entry.reasons.append("the item has no Id")
            self.report.add(entry)
            return
        if values.item_id in seen:
            entry.outcome = Outcome.skipped
            entry.reasons.append("the same Id came twice from the source; the first was used")
            self.report.add(entry)
            return
        seen.add(values.item_id)
        session = open_session(write=True, engine=self.engine)
        try:
            entry.outcome = self._write_item(session, values, entry)
            if self.options.dry_run:
                session.rollback()
            else:
                session.commit()
                self._user_ids.update(self._pending_user_ids)
        except _SkipItem as reason:
            session.rollback()
            entry.outcome = Outcome.skipped
            entry.reasons.append(str(reason))
        except Exception as error:  # one bad item must not stop the run; nothing of it stays
            session.rollback()
            entry.outcome = Outcome.failed
            entry.article_id = None
            detail = error.detail if isinstance(error, NewsdeskError) else repr(error)[:500]
            entry.reasons.append(f"not imported: {detail}")
        finally:
            session.close()
            self._pending_user_ids.clear()
        self.report.add(entry)

    # --- one item --------------------------------------------------------------------------------

    def _write_item(self, session: Session, values: ItemValues, entry: ItemReport) -> Outcome:
        assert values.item_id is not None
        known = session.exec(
            select(SharePointItem).where(
                SharePointItem.list_key == self.list_key, SharePointItem.item_id == values.item_id
            )
        ).first()
        article: Article | None = None
        if known is not None:
            if known.article_id is None:
                raise _SkipItem("its article was purged in Newsdesk; not brought back")
            if known.modified == values.modified_raw and values.modified_raw:
                entry.article_id = known.article_id
                return Outcome.unchanged
            article = session.get(Article, known.article_id)
            assert article is not None
            if article.lock_version != known.lock_version and not self.options.overwrite_edited:
                entry.article_id = article.id
                raise _SkipItem(
                    "changed on the site, but also edited in Newsdesk since the import; "
                    "not overwritten (--overwrite-edited replaces the Newsdesk edits)"
                )
        if not values.title:
            raise _SkipItem("no title")
        versions = self._versions(values)
        files = _Files(self, session, entry)
        for version in versions:
            version.content_html = files.body(version.content_html)
        image_id = files.image(values.image_url, caption=values.image_caption)
        attachment_ids = [
            media_id
            for name, url in values.attachments
            if (media_id := files.attachment(url, name)) is not None
        ]
        is_new = article is None
        article = self._write_article(session, article, values, versions, image_id, attachment_ids)
        assert article.id is not None
        entry.article_id = article.id
        if known is None:
            known = SharePointItem(
                list_key=self.list_key,
                item_id=values.item_id,
                article_id=article.id,
                modified=values.modified_raw,
                lock_version=article.lock_version,
            )
        known.modified = values.modified_raw
        known.lock_version = article.lock_version
        known.related_item_ids = orjson.dumps(values.related_item_ids).decode()
        known.imported_at = utcnow()
        session.add(known)
        session.flush()
        entry.notes += values.notes
        entry.reasons += values.warnings
        if entry.missing_files:
            entry.reasons.append(f"{len(entry.missing_files)} files missing on the site")
        if entry.reasons:
            return Outcome.flagged
        return Outcome.imported if is_new else Outcome.updated

    def _versions(self, current: ItemValues) -> list[ItemValues]:
        """The item's versions, oldest first, ending with the current one (as read from the
        item itself: it is what the site shows now)."""
        assert current.item_id is not None
        older: list[ItemValues] = []
        for raw in reversed(self.source.versions(current.item_id)):
            version = read_item(raw, self.resolved)
            if version.version_label == current.version_label or version.version is None:
                continue
            if current.version is not None and version.version >= current.version:
                continue
            version.warnings.clear()  # an old version's problems are not the item's
            older.append(version)
        older.sort(key=lambda v: v.version or (0, 0))
        return [*older, current]

    def _write_article(
        self,
        session: Session,
        article: Article | None,
        values: ItemValues,
        versions: list[ItemValues],
        image_id: int | None,
        attachment_ids: list[int],
    ) -> Article:
        now = utcnow()
        category_id = self._category(session, values.category_path)
        author = self._user(session, values.author)
        editor = self._user(session, values.editor) or author
        if article is None:
            article = Article(
                title=values.title,
                slug=free_slug(session, slugify(values.title)),
                category_id=category_id,
            )
            session.add(article)
            session.flush()
        else:
            article.lock_version += 1
            self._forget_previous_import(session, article)
        assert article.id is not None
        status = values.status
        live_version = self._live_version(values, versions)
        publish_at = values.publish_at or values.created or now
        if status == ArticleStatus.scheduled.value and publish_at <= now:
            status = ArticleStatus.published.value  # the site would have published it by now
        elif status == ArticleStatus.published.value and publish_at > now:
            status = ArticleStatus.scheduled.value  # approved, waiting for its date
        if status == ArticleStatus.published.value and live_version is None:
            live_version = values
        major, minor = values.version or (1 if live_version is values else 0, 0)

        def fill(source: ItemValues) -> None:
            article.title = source.title or values.title
            article.title_folded = fold(article.title)
            article.summary = source.summary
            article.content_html = source.content_html
            article.image_id = image_id
            article.image_caption = values.image_caption
            article.alternate_url = source.alternate_url
            article.publish_at = source.publish_at or publish_at
            article.expire_at = None
            article.featured = source.featured
            article.byline = source.byline
            article.article_type = source.article_type or values.article_type or "news"
            article.category_id = category_id

        fill(values)
        article.author_id = author
        article.status = status
        article.version_major, article.version_minor = major, minor
        article.review_step = 0 if status == ArticleStatus.in_review.value else None
        article.created_at = versions[0].created or values.created or now
        article.created_by = author
        article.updated_at = values.modified or now
        article.updated_by = editor
        self._set_royalty(session, article, values)
        self._write_links(session, article, values, attachment_ids)
        self._write_history(session, article, versions, category_id, image_id, attachment_ids)
        if live_version is not None and status not in (ArticleStatus.unpublished.value,):
            fill(live_version)
            article.publish_at = live_version.publish_at or publish_at
            media_usage.record_inline_images(
                session, article_id=article.id, html=article.content_html
            )
            published = live.publish_version(
                session, article=article, now=now,
                index_related=self._published < self.options.index_each_up_to,
            )  # fmt: skip
            self._published += 1
            published.version = live_version.version_label or article.version
            published.published_at = live_version.created or now
            published.announced = "pending" if published.publish_at > now else "live"
            presenters.prepare_public_json(session, [published])
            article.first_published_at = published.publish_at
            fill(values)
            article.has_unpublished_changes = live_version is not values
        else:
            article.first_published_at = None
            article.has_unpublished_changes = False
        media_usage.record_inline_images(session, article_id=article.id, html=article.content_html)
        session.add(article)
        session.flush()
        if values.views is not None:
            import_views(session, [(str(article.id), values.views)])
        return article

    def _live_version(self, values: ItemValues, versions: list[ItemValues]) -> ItemValues | None:
        """What readers of the old site saw: the current item when approved, else the newest
        major version (SharePoint's published versions are its major ones)."""
        if values.status in _LIVE_STATUSES:
            return values
        if values.status == ArticleStatus.unpublished.value:
            return None
        majors = [v for v in versions if v.version is not None and v.version[1] == 0]
        return majors[-1] if majors else None

    def _forget_previous_import(self, session: Session, article: Article) -> None:
        """Before an item is imported again, what the last import wrote goes (in the same
        transaction), so the article is exactly what the site holds now."""
        assert article.id is not None
        live.withdraw_version(session, article_id=article.id)
        for model, column in (
            (ArticleHistory, ArticleHistory.article_id),
            (ArticleRevision, ArticleRevision.article_id),
            (ArticleAttachment, ArticleAttachment.article_id),
            (ArticleLegacyUrl, ArticleLegacyUrl.article_id),
            (RoyaltyLine, RoyaltyLine.article_id),
            (ArticleRoyalty, ArticleRoyalty.article_id),
        ):
            session.execute(delete(model).where(col(column) == article.id))
        session.flush()

    # --- parts of an article ---------------------------------------------------------------------

    def _category(self, session: Session, path: list[str]) -> int:
        """The category at `path` (names from the top), created level by level as needed."""
        parent_id: int | None = None
        for name in path or [self.mapping.default_category]:
            name = name[:200]
            found = session.exec(
                select(Category.id).where(
                    func.lower(Category.name) == name.lower(),
                    Category.parent_id == parent_id
                    if parent_id is not None
                    else col(Category.parent_id).is_(None),
                )
            ).first()
            if found is None:
                found = create_category(
                    session, data=CategoryCreate(name=name, parent_id=parent_id)
                ).id
            parent_id = found
        assert parent_id is not None
        return parent_id

    def _user(self, session: Session, person: Person | None) -> int | None:
        """A staff user for someone the site named: the existing one with the same e-mail or
        login, else a new one, inactive and without a password (an admin can activate them)."""
        if person is None:
            return None
        username = _username(person)
        keys = [f"email:{person.email}"] if person.email else []
        keys.append(f"username:{username}")
        for key in keys:
            if (known := self._user_ids.get(key) or self._pending_user_ids.get(key)) is not None:
                return known
        user_id = self._find_or_add_user(session, person, username)
        self._pending_user_ids.update(dict.fromkeys(keys, user_id))
        return user_id

    def _find_or_add_user(self, session: Session, person: Person, username: str) -> int:
        if person.email:
            found = session.exec(
                select(User.id).where(func.lower(User.email) == person.email)
            ).first()
            if found is not None:
                return found
        found = session.exec(select(User.id).where(User.username == username)).first()
        if found is not None:
            return found
        user = User(
            username=username,
            display_name=person.name,
            email=person.email,
            password_hash="!",  # no password: cannot sign in until an admin sets one
            role=None,
            is_active=False,
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        return user.id

    def _set_royalty(self, session: Session, article: Article, values: ItemValues) -> None:
        """ "Số Trang", "Số Ảnh", "Số tiền": kept as an approved royalty of the past, frozen
        (no rate applies to it; the amount is what was paid)."""
        assert article.id is not None
        if not (values.page_units or values.photos or values.amount):
            apply_totals(article, None)  # none recorded: as an article without royalty lines
            return
        article.page_count = values.page_units
        article.photo_count = values.photos
        article.photo_count_manual = True
        article.royalty_amount = values.amount
        approved_at = values.publish_at or values.created or utcnow()
        session.add(
            ArticleRoyalty(
                article_id=article.id,
                status=RoyaltyStatus.approved.value,
                article_type=article.article_type,
                basis_date=approved_at.date(),
                basis_published=True,
                approved_at=approved_at,
            )
        )
        session.flush()
        session.add(
            RoyaltyLine(
                article_id=article.id,
                payee_user_id=None,
                payee_name=(values.byline or (values.author.name if values.author else ""))[:200]
                or "Không rõ",
                role="author",
                contribution="sharepoint",
                grade="-",
                page_units=values.page_units,
                photos=values.photos,
                share_bp=10000,
                override_amount=values.amount,
                override_reason="Nhập từ SharePoint (Số tiền)",
                amount=values.amount,
            )
        )

    def _write_links(
        self, session: Session, article: Article, values: ItemValues, attachment_ids: list[int]
    ) -> None:
        assert article.id is not None
        for position, media_id in enumerate(dict.fromkeys(attachment_ids)):
            session.add(
                ArticleAttachment(article_id=article.id, media_id=media_id, position=position)
            )
        addresses = [
            pattern.format(list_url=self.source.list_url.rstrip("/"), id=values.item_id)
            for pattern in self.mapping.legacy_urls
        ] + [url for _, url in values.attachments]
        paths = list(dict.fromkeys(normalize_legacy_path(a) for a in addresses))
        taken = set(
            session.exec(
                select(ArticleLegacyUrl.path).where(
                    col(ArticleLegacyUrl.path).in_(paths),
                    col(ArticleLegacyUrl.article_id) != article.id,
                )
            ).all()
        )
        for path in paths:
            if path in taken:
                values.warnings.append(f"old address {path} already leads to another article")
            else:
                session.add(ArticleLegacyUrl(path=path, article_id=article.id))
        session.flush()

    def _write_history(
        self,
        session: Session,
        article: Article,
        versions: list[ItemValues],
        category_id: int,
        image_id: int | None,
        attachment_ids: list[int],
    ) -> None:
        """Each version a revision (its author, time and label) and a history line; then the
        "Lịch sử" lines the old site kept as text."""
        assert article.id is not None
        previous: str | None = None
        legacy_urls = sorted(
            session.exec(
                select(ArticleLegacyUrl.path).where(ArticleLegacyUrl.article_id == article.id)
            ).all()
        )
        for number, version in enumerate(versions, start=1):
            actor = self._user(session, version.editor or version.author)
            at = version.created or version.modified or article.updated_at
            label = version.version_label or article.version
            status = version.status
            fields = {
                "title": version.title or article.title,
                "slug": article.slug,
                "summary": version.summary,
                "content_html": version.content_html,
                "image_id": image_id,
                "image_caption": version.image_caption,
                "alternate_url": version.alternate_url,
                # SharePoint's news item has no SEO fields: the defaults, as on the article.
                "meta_title": article.meta_title,
                "meta_description": article.meta_description,
                "og_image_id": article.og_image_id,
                "canonical_url": article.canonical_url,
                "noindex": article.noindex,
                "publish_at": version.publish_at,
                "expire_at": None,
                "featured": version.featured,
                "featured_rank": None,
                "featured_until": None,
                "byline": version.byline,
                "author_id": article.author_id,
                "article_type": version.article_type or article.article_type,
                "category_id": category_id,
                "page_count": version.page_units,
                "photo_count": version.photos,
                "photo_count_manual": bool(version.page_units or version.photos or version.amount),
                "royalty_amount": version.amount,
                "status": status,
                "version": label,
            }
            snapshot = snapshot_dict(
                fields,
                tags=[],
                related_ids=[],
                attachment_ids=attachment_ids,
                legacy_urls=list(legacy_urls),
            )
            session.add(
                ArticleRevision(
                    article_id=article.id,
                    number=number,
                    version=label,
                    action=IMPORT_ACTION,
                    snapshot=orjson.dumps(snapshot).decode(),
                    created_at=at,
                    created_by=actor,
                )
            )
            session.add(
                ArticleHistory(
                    article_id=article.id,
                    action=IMPORT_ACTION,
                    from_status=previous,
                    to_status=status,
                    version=label,
                    actor_id=actor,
                    at=at,
                    comment=f"SharePoint {label}",
                )
            )
            previous = status
        current = versions[-1]
        zone = ZoneInfo(get_settings().timezone)
        for line in current.history_lines:
            session.add(
                ArticleHistory(
                    article_id=article.id,
                    action="sharepoint_note",
                    from_status=None,
                    to_status=article.status,
                    version=article.version,
                    actor_id=None,
                    at=history_time(line, zone) or article.created_at,
                    comment=line[:5000],
                )
            )
        session.flush()

    # --- related picks, once every item is in ----------------------------------------------------

    def _set_related_picks(self) -> None:
        """Resolve "Tin liên quan" (item ids) into related picks, for every item of this list
        (a delta run may bring the item a pick names after the item itself)."""
        with open_session(write=True, engine=self.engine) as session:
            rows = session.exec(
                select(
                    SharePointItem.item_id,
                    SharePointItem.article_id,
                    SharePointItem.related_item_ids,
                ).where(SharePointItem.list_key == self.list_key)
            ).all()
            article_of = {item_id: article_id for item_id, article_id, _ in rows if article_id}
            for item_id, article_id, related_json in rows:
                if article_id is None:
                    continue
                wanted = orjson.loads(related_json)
                picks = [
                    article_of[i] for i in wanted if i in article_of and article_of[i] != article_id
                ]
                self.report.related_unresolved += [
                    (item_id, i) for i in wanted if i not in article_of
                ]
                current = list(
                    session.exec(
                        select(ArticleRelated.related_id)
                        .where(ArticleRelated.article_id == article_id)
                        .order_by(col(ArticleRelated.position))
                    ).all()
                )
                self.report.related_picks += len(picks)
                if current == picks:
                    continue
                session.execute(
                    delete(ArticleRelated).where(col(ArticleRelated.article_id) == article_id)
                )
                for position, related_id in enumerate(dict.fromkeys(picks)):
                    session.add(
                        ArticleRelated(
                            article_id=article_id, related_id=related_id, position=position
                        )
                    )
                session.flush()
                if session.get(ArticleLive, article_id) is not None:
                    live.publish_picks(session, article_id=article_id)
            if self.options.dry_run:
                session.rollback()
            else:
                session.commit()


class _Files:
    """The files one item uses, each downloaded and validated once (across items and runs:
    the file map remembers what became which media item)."""

    def __init__(self, importer: Importer, session: Session, entry: ItemReport) -> None:
        self.importer = importer
        self.session = session
        self.entry = entry
        # An item's versions mostly repeat its body and images: each is worked once per item.
        self._media: dict[str, Media | None] = {}
        self._bodies: dict[str, str] = {}

    def _site_path(self, url: str) -> str | None:
        """The server-relative path of a file of the old site; None for other sites' files."""
        return site_file_path(url, self.importer.source.site_url)

    def media(self, url: str | None, *, name: str = "", caption: str = "") -> Media | None:
        if not url:
            return None
        path = self._site_path(url)
        if path is None:
            return None
        key = path.casefold()
        if key not in self._media:
            self._media[key] = self._stored(path, key, name=name, caption=caption)
        return self._media[key]

    def _stored(self, path: str, key: str, *, name: str, caption: str) -> Media | None:
        known = self.session.get(SharePointFile, key)
        if known is not None:
            return self.session.get(Media, known.media_id)
        data = self.importer.source.download(path)
        if data is None:
            if path not in self.entry.missing_files:
                self.entry.missing_files.append(path)
            return None
        try:
            with self.session.begin_nested():
                media = upload_media(
                    self.session,
                    storage=self.importer.storage,
                    source=io.BytesIO(data),
                    filename=name or posixpath.basename(path),
                    fields=MediaUploadFields(caption=caption[:2000]),
                    actor=self.importer.principal,
                )
                assert media.id is not None
                self.session.add(SharePointFile(path=key, media_id=media.id))
                self.session.flush()
        except NewsdeskError as refused:
            self.entry.reasons.append(f"file {path} refused: {refused.detail}")
            return None
        return media

    def image(self, url: str | None, *, caption: str = "") -> int | None:
        media = self.media(url, caption=caption)
        if media is not None and media.kind != "image":
            self.entry.reasons.append(f"{url}: not an image; not used as the lead image")
            return None
        return media.id if media else None

    def attachment(self, url: str, name: str) -> int | None:
        media = self.media(url, name=name)
        return media.id if media else None

    def body(self, html: str) -> str:
        """The rich text cleaned, sanitized, its images and file links pointing at our media."""
        if html not in self._bodies:
            self._bodies[html] = self._body(html)
        return self._bodies[html]

    def _body(self, html: str) -> str:
        cleaned = sanitize_html(clean_html(html))
        images: dict[str, tuple[int, str]] = {}
        links: dict[str, str] = {}
        for src in image_sources(cleaned):
            media = self.media(src)
            if media is not None and media.kind == "image":
                assert media.id is not None
                images[src] = (media.id, _media_url(media))
        for href in link_targets(cleaned):
            path = self._site_path(href)
            if path is None or not _looks_like_file(path):
                continue
            media = self.media(href)
            if media is not None:
                links[href] = _media_url(media)
        return rewrite_urls(cleaned, images=images, links=links) if images or links else cleaned


def _media_url(media: Media) -> str:
    return media_url(media.storage_key)


def _looks_like_file(path: str) -> bool:
    """A link to a document of the old site (not to one of its pages)."""
    extension = posixpath.splitext(path)[1].casefold()
    return extension not in ("", ".aspx", ".html", ".htm", ".asp", ".php")


def _username(person: Person) -> str:
    """A login name for someone from the old site: their Windows/claims login, else their
    e-mail's local part, else their name, lowercased ASCII."""
    candidate = ""
    if person.login:
        candidate = person.login.rsplit("|", 1)[-1].rsplit("\\", 1)[-1]
    if not candidate and person.email:
        candidate = person.email.split("@", 1)[0]
    if not candidate:
        candidate = person.name
    return (slugify(candidate).replace("-", ".") or f"sharepoint.{person.site_user_id}")[:150]
