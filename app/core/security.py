"""Password hashing (argon2 via pwdlib) and staff access tokens (JWT via PyJWT)."""

from datetime import timedelta
from functools import lru_cache
from typing import Any

import jwt
from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError

from app.core.config import get_settings
from app.core.db import utcnow

JWT_ALGORITHM = "HS256"
_password_hash = PasswordHash.recommended()
# Verified against when the username is unknown, so a miss costs as much time as a hit.
_DUMMY_HASH = _password_hash.hash("newsdesk-timing-equaliser")


@lru_cache
def _signing_key() -> str:
    return get_settings().signing_key()


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no stored hash, still spend the time of a real check."""
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    try:
        return _password_hash.verify(password, password_hash)
    except UnknownHashError:
        # Service accounts carry a placeholder that no password matches.
        _password_hash.verify(password, _DUMMY_HASH)
        return False


def create_access_token(*, user_id: int, token_version: int) -> tuple[str, int]:
    """A signed bearer token for a staff user and its lifetime in seconds."""
    settings = get_settings()
    lifetime = timedelta(minutes=settings.access_token_minutes)
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "ver": token_version,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "typ": "staff",
    }
    token = jwt.encode(claims, _signing_key(), algorithm=JWT_ALGORITHM)
    return token, int(lifetime.total_seconds())


def decode_access_token(token: str) -> dict[str, Any] | None:
    """The token's claims, or None when it is malformed, forged or expired."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _signing_key(),
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "ver"]},
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "staff":
        return None
    return claims


def create_preview_token(*, article_id: int, minutes: int) -> tuple[str, int]:
    """A short-lived signed token that lets a frontend read one article's working copy."""
    now = utcnow()
    lifetime = timedelta(minutes=minutes)
    claims = {
        "sub": str(article_id),
        "typ": "preview",
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    return jwt.encode(claims, _signing_key(), algorithm=JWT_ALGORITHM), int(
        lifetime.total_seconds()
    )


def preview_token_article(token: str) -> int | None:
    """The article a valid preview token opens, or None."""
    try:
        claims = jwt.decode(
            token, _signing_key(), algorithms=[JWT_ALGORITHM], options={"require": ["sub", "exp"]}
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "preview":
        return None
    try:
        return int(claims["sub"])
    except (TypeError, ValueError):
        return None
