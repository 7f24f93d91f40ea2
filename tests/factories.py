"""Small factories that build valid rows through the real services, with overrides."""

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from app.accounts.models import CategoryGrant, Role, User
from app.accounts.permissions import load_principal
from app.accounts.service import create_user
from app.articles import service, taxonomy
from app.articles.models import Article, ArticleStatus, Category
from app.articles.schemas import ArticleCreate, CategoryCreate
from app.core.db import utcnow
from app.core.security import create_access_token
from app.media.models import Media

_counter = itertools.count(1)


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._default_category: Category | None = None

    def user(self, role: Role | None = Role.editor, **overrides: Any) -> User:
        n = next(_counter)
        user = create_user(
            self.session,
            username=overrides.pop("username", f"user{n}"),
            password=overrides.pop("password", "correct horse battery"),
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
        """An article created through the service, then put into `status` directly
        (the workflow issue will replace that shortcut with transitions)."""
        actor = author or self.user(Role.editor)
        fields.setdefault("title", f"Bài viết thử nghiệm số {next(_counter)}")
        fields.setdefault("category_id", self.default_category().id)
        article = service.create_article(
            self.session, data=ArticleCreate(**fields), actor=load_principal(self.session, actor)
        )
        if status == ArticleStatus.published and publish_at is None:
            publish_at = utcnow() - timedelta(hours=1)
        article.status = status.value
        article.publish_at = publish_at
        article.expire_at = expire_at
        self.session.add(article)
        self.session.flush()
        return article

    def grant(self, user: User, category: Category, role: Role) -> CategoryGrant:
        assert user.id is not None
        assert category.id is not None
        grant = CategoryGrant(user_id=user.id, category_id=category.id, role=role.value)
        self.session.add(grant)
        self.session.flush()
        return grant
