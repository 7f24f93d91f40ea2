"""One Settings object, read from the environment only (12-factor)."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MediaTypeName = Literal[
    "jpeg", "png", "webp", "gif", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp"
]  # fmt: skip
RenditionWidth = Annotated[int, Field(ge=16, le=8192)]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = PROJECT_ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", extra="ignore")

    # DATABASE_URL is the conventional name, so it carries no NEWSDESK_ prefix.
    database_url: str = Field(
        default=f"sqlite:///{VAR_DIR / 'newsdesk.db'}", validation_alias="DATABASE_URL"
    )
    env: Literal["development", "production"] = "development"
    secret_key: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    cors_origins: Annotated[list[str], NoDecode] = []
    media_root: Path = VAR_DIR / "media"
    # Where media files are served from: this app's /media/ route, or a CDN in front of it.
    media_url: str = "/media/"
    # Uploads (docs/media.md): rendition widths, the pixel budget of one image (width × height
    # × frames), the frame limit of animations, and the file types accepted.
    media_rendition_widths: Annotated[list[RenditionWidth], NoDecode] = [320, 640, 1280]
    media_max_image_pixels: int = Field(default=50_000_000, ge=1)
    media_max_frames: int = Field(default=100, ge=1)
    media_allowed_types: Annotated[list[MediaTypeName], NoDecode] = [
        "jpeg", "png", "webp", "gif", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp",
    ]  # fmt: skip
    access_token_minutes: int = 60
    # Login throttling (docs/security.md): failures counted per username and per client
    # address within the window; past the limit, locks that double with every further failure.
    login_window_seconds: int = 900
    login_max_failures_per_user: int = 5
    login_max_failures_per_ip: int = 20
    login_lock_seconds: int = 30
    login_max_lock_seconds: int = 900
    # When true, the public delivery API answers only requests carrying a valid API key.
    public_requires_key: bool = False
    # The review chain: the role that approves each step, in order (docs/workflow.md).
    review_steps: Annotated[list[str], NoDecode] = ["editor"]
    # Background jobs inside the server process (scheduler); `newsdesk run-jobs` runs them alone.
    run_jobs: bool = True
    jobs_interval_seconds: float = 10.0
    preview_token_minutes: int = 15
    # The editorial desk (/desk/, docs/desk.md): a signed-in browser is signed out after this
    # many minutes without a request, and after this many hours in all.
    desk_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    desk_session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Where staff open the desk: the links in notification e-mails.
    desk_url: str = "http://127.0.0.1:8000/desk"
    # Notification e-mails (docs/desk.md): off until a host is set. `smtp_security` is
    # "starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (a relay on the intranet).
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = "Newsdesk <newsdesk@localhost>"
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Authors are told this many hours before their article expires.
    expiry_warning_hours: int = Field(default=24, ge=1, le=24 * 30)
    # Sync change log: entries older than this are pruned (0 keeps them forever); a cursor
    # from before the cut gets 410 and must resync (docs/sync.md).
    sync_retention_days: int = Field(default=90, ge=0)
    # Webhook delivery log: finished deliveries (delivered or failed) older than this are
    # pruned (0 keeps them forever); pending ones stay until they finish.
    webhook_delivery_retention_days: int = Field(default=30, ge=0)
    # Webhooks: seconds to wait for a receiver; private, loopback and link-local targets are
    # refused unless allowed (so the sender cannot be aimed at the internal network).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_allow_private_targets: bool = False
    # Public site addresses, for feeds and sitemaps: base URL + pattern with {category},
    # {slug} and {id} (the category's slug), e.g. https://angiang.gov.vn/{category}/{slug}-{id}.
    public_base_url: str = "http://127.0.0.1:8000"
    # Where this API is reached (scheme, host, port), for the absolute addresses it sends of
    # itself (`Link` headers, the feeds' self links) when that is not the public site's
    # address; never taken from the request's Host, which a cache would then keep for everyone.
    api_base_url: str | None = None
    article_url_pattern: str = "/{category}/{slug}-{id}"
    site_name: str = "Newsdesk"
    # Cache-Control of public reads (seconds).
    public_max_age: int = 30
    public_stale_while_revalidate: int = 60
    max_json_body_bytes: int = 1024 * 1024
    # View counting (docs/views.md): one count per visitor per article per window, and the
    # per-client-address limit on beacons (a `limits` rate string, counted per process).
    views_dedupe_minutes: int = Field(default=30, ge=1, le=24 * 60)
    views_rate_limit: str = "120/minute"
    # Accepted views are written once per this many seconds per process (0: one write
    # transaction per beacon). A crash loses at most this interval's views; a graceful stop none.
    views_flush_seconds: float = Field(default=1.0, ge=0, le=60)
    max_upload_bytes: int = 20 * 1024 * 1024
    # Threads (each with one kept connection) that serve public reads on PostgreSQL, per process.
    read_threads: int = Field(default=8, ge=1, le=64)
    # Of which searches get threads of their own, fewer: a search is mostly Python work
    # (snippets, JSON), and more threads fighting for the GIL widened its tail (measured,
    # docs/performance.md, session 5).
    search_threads: int = Field(default=2, ge=1, le=64)
    # Memory per process for answers kept between reads on SQLite (app/core/read_cache.py);
    # 0 turns keeping off.
    read_cache_bytes: int = Field(default=16 * 1024 * 1024, ge=0)
    # JSON and XML bodies smaller than this are sent uncompressed (app/core/compression.py).
    compress_min_bytes: int = Field(default=1024, ge=0)
    article_types: Annotated[list[str], NoDecode] = [
        "news",
        "photo",
        "video",
        "interview",
        "commentary",
        "document",
    ]
    # Where bodies may embed from (app/articles/embeds.py): a subset of youtube, facebook,
    # vimeo, google_maps. An embed from anywhere else is refused when the body is saved.
    embed_providers: Annotated[list[str], NoDecode] = [
        "youtube",
        "facebook",
        "vimeo",
        "google_maps",
    ]

    @field_validator(
        "cors_origins",
        "article_types",
        "embed_providers",
        "review_steps",
        "media_rendition_widths",
        "media_allowed_types",
        mode="before",
    )
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("review_steps")
    @classmethod
    def _known_review_roles(cls, value: list[str]) -> list[str]:
        allowed = ("editor", "chief_editor", "admin")
        if not value or any(step not in allowed for step in value):
            raise ValueError(f"review steps are one or more of {', '.join(allowed)}")
        return value

    @field_validator("views_rate_limit")
    @classmethod
    def _rate_limit_string(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"not a rate limit such as 120/minute: {value!r}") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _default_driver(cls, value: str) -> str:
        # psycopg 3 is the only PostgreSQL driver we ship; accept the bare scheme too.
        for bare in ("postgresql://", "postgres://"):
            if value.startswith(bare):
                return "postgresql+psycopg://" + value[len(bare) :]
        return value

    @model_validator(mode="after")
    def _require_secret_in_production(self) -> "Settings":
        if self.env == "production" and not self.secret_key:
            raise ValueError("NEWSDESK_SECRET_KEY must be set when NEWSDESK_ENV=production")
        return self

    @property
    def api_base(self) -> str:
        """The API's own address, without a trailing slash."""
        return (self.api_base_url or self.public_base_url).rstrip("/")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def signing_key(self) -> str:
        """The JWT signing key; in development a random one is kept in var/ across restarts."""
        if self.secret_key:
            return self.secret_key
        key_file = VAR_DIR / "secret_key"
        if not key_file.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
