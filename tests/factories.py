"""Small factories that build valid rows through the real services, with overrides."""

import itertools
import threading
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.models import CategoryGrant, Role, User
from app.accounts.permissions import Principal, load_principal
from app.articles import service, taxonomy
from app.articles.models import Article, ArticleLive, ArticleStatus, Category
from app.articles.schemas import ArticleCreate, CategoryCreate
from app.core import security
from app.core.db import utcnow
from app.core.security import create_access_token
from app.media.models import Media
from app.sync.models import SyncChange
from app.workflow import service as workflow

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery"


class PasswordHashes:
    """Hashes made by the real `hash_password`, handed out again to the users of later tests.

    A user costs one argon2 hash (0.15-0.3 s on the 2-core machine) and the suite makes about
    a thousand. Every test rolls back or drops its database, so the n-th user a test makes
    with a password may carry the hash the n-th such user had in an earlier test: within one
    database state every hash is still distinct, freshly salted and made by the real function,
    as `create_user` would make it (tests/test_factories.py compares the two).
    """

    def __init__(self) -> None:
        self._made: dict[str, list[str]] = {}
        self._given: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._factory_call = threading.local()

    def start_test(self) -> None:
        with self._lock:
            self._given.clear()

    def _next(self, password: str) -> str:
        with self._lock:
            n = self._given[password]
            self._given[password] += 1
            made = self._made.setdefault(password, [])
            while len(made) <= n:
                made.append(security.hash_password(password))
            return made[n]

    def hash_password(self, password: str) -> str:
        """Stands in for the accounts service's hash function: pooled inside `Factory.user`,
        the real one everywhere else (users made through the API, password changes)."""
        if getattr(self._factory_call, "active", False):
            return self._next(password)
        return security.hash_password(password)

    def create_user(self, session: Session, **fields: Any) -> User:
        self._factory_call.active = True
        try:
            return accounts.create_user(session, **fields)
        finally:
            self._factory_call.active = False


PASSWORD_HASHES = PasswordHashes()
accounts.hash_password = PASSWORD_HASHES.hash_password


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._default_category: Category | None = None
        self._default_author: User | None = None
        self._admin: Principal | None = None

    def user(self, role: Role | None = Role.editor, **overrides: Any) -> User:
        n = next(_counter)
        user = PASSWORD_HASHES.create_user(
            self.session,
            username=overrides.pop("username", f"user{n}"),
            password=overrides.pop("password", DEFAULT_PASSWORD),
            role=role,
            display_name=overrides.pop("display_name", f"Người dùng {n}"),
        )
        for key, value in overrides.items():
            setattr(user, key, value)
        self.session.flush()
        return user

    def headers(self, user: User) -> dict[str, str]:
        assert user.id is not None
        token, _ = create_access_token(user_id=user.id, token_version=user.token_version)
        return {"Authorization": f"Bearer {token}"}

    def category(self, name: str | None = None, **overrides: Any) -> Category:
        data = CategoryCreate(name=name or f"Chuyên mục {next(_counter)}", **overrides)
        return taxonomy.create_category(self.session, data=data)

    def default_category(self) -> Category:
        if self._default_category is None:
            self._default_category = self.category("Thời sự")
        return self._default_category

    def default_author(self) -> User:
        """The editor who writes the articles a test gives no author: one per test, since
        every new user costs an argon2 hash (a tenth of a second or more)."""
        if self._default_author is None:
            self._default_author = self.user(Role.editor)
        return self._default_author

    def image(self, **overrides: Any) -> Media:
        n = next(_counter)
        media = Media(
            kind="image",
            filename=f"anh-{n}.jpg",
            content_type="image/jpeg",
            byte_size=1000,
            sha256=f"{n:064x}",
            storage_key=f"ab/{n:064x}.jpg",
            width=1200,
            height=800,
            alt="Ảnh minh họa",
            **overrides,
        )
        self.session.add(media)
        self.session.flush()
        return media

    def article(
        self,
        *,
        author: User | None = None,
        status: ArticleStatus = ArticleStatus.draft,
        publish_at: datetime | None = None,
        expire_at: datetime | None = None,
        **fields: Any,
    ) -> Article:
        """An article created through the service and brought to `status` through the real
        workflow transitions (an admin acts for the steps the author may not take)."""
        actor = author or self.default_author()
        fields.setdefault("title", f"Bài viết thử nghiệm số {next(_counter)}")
        fields.setdefault("category_id", self.default_category().id)
        article = service.create_article(
            self.session,
            data=ArticleCreate(**fields),
            actor=load_principal(self.session, actor),
        )
        now = utcnow()
        match status:
            case ArticleStatus.draft:
                if publish_at is not None:
                    article.publish_at = publish_at
            case ArticleStatus.in_review:
                self.transition(article, "submit")
            case ArticleStatus.rejected:
                self.transition(article, "submit")
                self.transition(article, "reject", comment="Cần bổ sung nguồn")
            case ArticleStatus.published | ArticleStatus.scheduled:
                when = publish_at or now - timedelta(hours=1)
                if expire_at is not None and expire_at <= now:
                    # Published in the past and since expired: publish, then let time pass.
                    self.transition(article, "publish", publish_at=now - timedelta(seconds=1))
                    self.move_live_times(article, publish_at=when, expire_at=expire_at)
                else:
                    if expire_at is not None:
                        article.expire_at = expire_at
                    self.transition(article, "publish", publish_at=when)
            case ArticleStatus.expired:
                self.transition(article, "publish", publish_at=now - timedelta(seconds=1))
                self.move_live_times(
                    article, publish_at=publish_at or now - timedelta(days=2),
                    expire_at=expire_at or now - timedelta(days=1),
                )  # fmt: skip
                article.status = ArticleStatus.expired.value
            case ArticleStatus.unpublished:
                self.transition(article, "publish", publish_at=publish_at or now)
                self.transition(article, "unpublish")
            case ArticleStatus.trashed:
                if publish_at is not None:
                    article.publish_at = publish_at
                self.transition(article, "trash")
        self.session.add(article)
        self.session.flush()
        return article

    def admin_principal(self) -> Principal:
        if self._admin is None:
            self._admin = load_principal(self.session, self.user(Role.admin))
        return self._admin

    def transition(
        self, article: Article, action: str, *, actor: Principal | None = None, **options: Any
    ) -> Article:
        """A workflow action, by `actor` (an admin when not given)."""
        return workflow.apply_transition(
            self.session,
            article=article,
            action=action,
            actor=actor or self.admin_principal(),
            expected_lock_version=article.lock_version,
            **options,
        )

    def move_live_times(
        self, article: Article, *, publish_at: datetime, expire_at: datetime | None
    ) -> None:
        """Pretend time has passed: set the instants of the article and its live version."""
        live = self.session.get(ArticleLive, article.id)
        assert live is not None
        live.publish_at = article.publish_at = publish_at
        live.expire_at = article.expire_at = expire_at
        self.session.add_all([live, article])
        self.session.flush()

    def age_changes(self, by: timedelta = timedelta(hours=1)) -> None:
        """Pretend every change so far happened `by` ago, so that a public read gets a
        Last-Modified (withheld while the last change is in the current second)."""
        aged: list[tuple[type[Any], tuple[str, ...]]] = [
            (SyncChange, ("changed_at",)),
            (Category, ("created_at", "updated_at")),
            (ArticleLive, ("publish_at", "published_at", "updated_at")),
        ]
        for model, columns in aged:
            for row in self.session.exec(select(model)).all():
                for name in columns:
                    setattr(row, name, getattr(row, name) - by)
                self.session.add(row)
        self.session.flush()

    def grant(self, user: User, category: Category, role: Role) -> CategoryGrant:
        assert user.id is not None
        assert category.id is not None
        grant = CategoryGrant(user_id=user.id, category_id=category.id, role=role.value)
        self.session.add(grant)
        self.session.flush()
        return grant
