"""Sending notification e-mails: the pending rows, one SMTP connection per batch, after the
transactions that wrote them (a slow or absent mail server never holds up a transition).
A message that fails is tried again on later ticks, MAX_ATTEMPTS in all."""

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.core.config import get_settings
from app.core.db import open_session
from app.notifications.models import Notification

log = logging.getLogger("newsdesk.jobs")
BATCH = 50
MAX_ATTEMPTS = 5


def _connect() -> smtplib.SMTP:
    settings = get_settings()
    assert settings.smtp_host is not None
    timeout = settings.smtp_timeout_seconds
    if settings.smtp_security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout,
            context=ssl.create_default_context(),
        )  # fmt: skip
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_username:
        smtp.login(settings.smtp_username, settings.smtp_password or "")
    return smtp


def message_for(notification: Notification, user: User) -> EmailMessage:
    message = EmailMessage()
    message["From"] = get_settings().smtp_sender
    message["To"] = f"{user.display_name} <{user.email}>" if user.display_name else user.email
    message["Subject"] = notification.subject
    message.set_content(notification.body)  # UTF-8: Vietnamese subject and body as written
    return message


def send_pending(engine: Engine | None = None) -> int:
    """Send the pending e-mails, one batch per transaction; how many were sent."""
    if not get_settings().smtp_host:
        return 0
    total = 0
    while True:
        with open_session(write=True, engine=engine) as session:
            sent, tried = send_batch(session)
            session.commit()
        total += sent
        if tried < BATCH or sent == 0:
            break
    if total:
        log.info("sent notification e-mails", extra={"count": total})
    return total


def send_batch(session: Session) -> tuple[int, int]:
    """Send up to BATCH pending e-mails in the caller's transaction: (sent, tried)."""
    rows = session.exec(
        select(Notification, User)
        .join(User, col(User.id) == Notification.user_id)
        .where(Notification.email_state == "pending")
        .order_by(col(Notification.id))
        .limit(BATCH)
    ).all()
    if not rows:
        return 0, 0
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        _failed(session, [n for n, _ in rows], f"cannot reach the mail server: {error}")
        return 0, len(rows)
    sent = 0
    with smtp:
        for notification, user in rows:
            try:
                smtp.send_message(message_for(notification, user))
            except (OSError, smtplib.SMTPException) as error:
                _failed(session, [notification], str(error))
                continue
            notification.email_state = "sent"
            notification.email_attempts += 1
            session.add(notification)
            sent += 1
    session.flush()
    return sent, len(rows)


def _failed(session: Session, rows: list[Notification], error: str) -> None:
    for notification in rows:
        notification.email_attempts += 1
        notification.email_error = error[:500]
        if notification.email_attempts >= MAX_ATTEMPTS:
            notification.email_state = "failed"
        session.add(notification)
    log.warning("notification e-mail not sent", extra={"count": len(rows), "error": error[:200]})


def run_notification_jobs(engine: Engine | None = None) -> None:
    """Each tick: warn about expiring articles, then send what is pending."""
    from app.core.db import utcnow
    from app.notifications.service import warn_expiring

    with open_session(write=True, engine=engine) as session:
        warn_expiring(session, now=utcnow())
        session.commit()
    send_pending(engine)
