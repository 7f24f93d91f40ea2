"""A real SMTP server for the tests (aiosmtpd on a free local port), keeping what it receives."""

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.servers import free_port


class Inbox:
    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content = envelope.original_content  # type: ignore[attr-defined]
        message = email.message_from_bytes(content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(free_port())
    server = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    server.start()
    try:
        yield inbox
    finally:
        server.stop()
