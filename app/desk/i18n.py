"""The desk's language: gettext message catalogs and dates written the Vietnamese way.

Messages are written in English in the code and templates (the gettext msgids) and translated
in `locale/<lang>/LC_MESSAGES/messages.po`. Vietnamese is the desk's language; adding English
(or any other) is adding a catalog. The .po files are read at startup (Babel compiles them in
memory), so there is no compile step and no .mo file to forget. `make desk-messages` extracts
new msgids into the catalogs (docs/desk.md).
"""

import gettext
import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from app.core.config import get_settings

LOCALE_DIR = Path(__file__).parent / "locale"
DESK_LOCALE = "vi"


@lru_cache
def translations(locale: str = DESK_LOCALE) -> gettext.NullTranslations:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return gettext.NullTranslations()  # the msgids themselves
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _(message: str) -> str:
    return translations().gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; translated where it is shown."""
    return message


@lru_cache
def _weekday_names() -> tuple[str, ...]:
    # "Thứ 2" … "Thứ 7", "Chủ nhật": the numbered days are how Vietnamese dates are written.
    # Looked up once: a list page writes a hundred dates.
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


@lru_cache
def _site_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def _weekday(moment: datetime) -> str:
    return _weekday_names()[moment.weekday()]


def desk_datetime(value: datetime | str | None) -> str:
    """The site's local time as Vietnamese write it ("Thứ 5, 14/12/2023 07:00"); empty for
    no date. Takes the ISO text of a JSON shape too."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = value.astimezone(_site_zone())
    return f"{_weekday(local)}, {local:%d/%m/%Y %H:%M}"


def desk_number(value: int) -> str:
    """A whole number as Vietnamese write it: dots group the thousands ("12.345")."""
    return f"{value:,}".replace(",", ".")


def desk_datetime_input(value: datetime | None) -> str:
    """The value of a datetime-local field: the site's wall clock, to the minute."""
    if value is None:
        return ""
    return f"{value.astimezone(ZoneInfo(get_settings().timezone)):%Y-%m-%dT%H:%M}"
