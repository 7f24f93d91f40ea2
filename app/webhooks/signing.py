"""Standard Webhooks signatures (https://www.standardwebhooks.com), by its reference library."""

import base64
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A signing secret in the spec's format: `whsec_` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def headers(*, secret: str, message_id: str, timestamp: datetime, body: str) -> dict[str, str]:
    """The three headers of one attempt: the same id on every retry, the attempt's time."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, timestamp, body),
        "content-type": "application/json",
        "user-agent": "Newsdesk-Webhooks/1",
    }
