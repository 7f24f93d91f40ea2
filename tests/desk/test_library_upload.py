"""Uploads from the library page: through the picker's own path (the media service's checks),
the new item's page after it, a refused file named in Vietnamese with what was typed kept,
and the CSRF, origin and role checks of every desk change."""

import io
import re

from fastapi.testclient import TestClient
from httpx import Response
from markupsafe import escape
from PIL import Image, ImageDraw
from sqlmodel import Session, select

from app.accounts.models import Role, User
from app.desk.i18n import _
from app.media.models import Media
from app.media.storage import LocalStorage
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory
from tests.media.files import pdf

NOT_ACCEPTED = (
    "This kind of file is not accepted (images: JPEG, PNG, WebP, GIF; documents: "
    "PDF, Word, Excel, PowerPoint, OpenDocument)."
)


def _photo(size: tuple[int, int] = (1600, 900)) -> bytes:
    """A real JPEG, as a camera would send it (drawn, so the encoder has work to do)."""
    image = Image.new("RGB", size, (34, 139, 34))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 700, 500), fill=(250, 200, 40))
    draw.ellipse((900, 200, 1400, 700), fill=(30, 60, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _shows(page: Response, message: str) -> bool:
    return str(escape(message)) in page.text


def _upload(client: TestClient, token: str, name: str, content: bytes, **fields: str) -> Response:
    """The library page's upload form, as a browser without script sends it."""
    return client.post(
        "/desk/library",
        files={"file": (name, content)},
        data={"csrf_token": token, **fields},
        follow_redirects=False,
    )


def _signed_in(client: TestClient, factory: Factory, role: Role | None = Role.contributor) -> User:
    user = factory.user(role)
    sign_in(client, user)
    return user


def test_the_library_page_offers_an_upload_form(client: TestClient, factory: Factory) -> None:
    _signed_in(client, factory)
    page = client.get("/desk/library")
    assert page.status_code == 200
    form = page.text.split('id="library-upload"', 1)[1].split("</form>", 1)[0]
    assert 'enctype="multipart/form-data"' in page.text.split('id="library-upload"', 1)[0][-200:]
    assert 'name="csrf_token"' in form
    for field in ("upload-file", "upload-alt", "upload-caption"):  # each with its label
        assert f'<label for="{field}">' in form
        assert f'id="{field}"' in form


def test_an_image_uploaded_from_the_library_is_stored_and_shown(
    client: TestClient, factory: Factory, db: Session, storage: LocalStorage
) -> None:
    user = _signed_in(client, factory)
    token = csrf_of(client.get("/desk/library"))
    done = _upload(client, token, "đồng lúa Châu Phú.jpg", _photo(),
                   alt="Cánh đồng lúa chín", caption="Mùa gặt ở Châu Phú")  # fmt: skip
    assert done.status_code == 303, done.text
    found = re.fullmatch(r"/desk/library/(\d+)\?uploaded=1", done.headers["location"])
    assert found
    media_id = int(found[1])
    api = client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(user)).json()
    assert (api["kind"], api["content_type"], api["width"], api["height"]) == (
        "image", "image/jpeg", 1600, 900,
    )  # fmt: skip
    assert (api["alt"], api["caption"], api["created_by"]) == (
        "Cánh đồng lúa chín", "Mùa gặt ở Châu Phú", user.id,
    )  # fmt: skip
    assert api["renditions"]  # made by the media service, as for any upload
    stored = db.get(Media, media_id)
    assert stored is not None
    assert storage.exists(stored.storage_key)
    with Image.open(storage.open(stored.storage_key)) as saved:
        assert saved.size == (1600, 900)
    item = client.get(done.headers["location"])
    assert item.status_code == 200
    assert _shows(item, _("Uploaded."))
    assert 'value="Cánh đồng lúa chín"' in item.text
    listed = client.get("/desk/library")
    assert re.findall(r'<li data-media="(\d+)"', listed.text)[0] == str(media_id)


def test_a_document_uploaded_from_the_library_is_a_document(
    client: TestClient, factory: Factory, storage: LocalStorage
) -> None:
    user = _signed_in(client, factory, Role.editor)
    token = csrf_of(client.get("/desk/library"))
    done = _upload(client, token, "nghi-quyet-12.pdf", pdf(), caption="Nghị quyết số 12")
    assert done.status_code == 303, done.text
    media_id = done.headers["location"].split("/")[-1].split("?")[0]
    api = client.get(f"/v1/admin/media/{media_id}", headers=factory.headers(user)).json()
    assert (api["kind"], api["filename"], api["caption"]) == (
        "document", "nghi-quyet-12.pdf", "Nghị quyết số 12",
    )  # fmt: skip
    documents = client.get("/desk/library", params={"kind": "document"})
    assert re.findall(r'<li data-media="(\d+)"', documents.text) == [media_id]


def test_a_refused_file_is_named_and_what_was_typed_kept(
    client: TestClient, factory: Factory, db: Session, storage: LocalStorage
) -> None:
    _signed_in(client, factory)
    token = csrf_of(client.get("/desk/library"))
    text_as_jpeg = _upload(client, token, "anh.jpg", b"Day khong phai la anh, chi la chu.\n",
                           alt="Ảnh giả", caption="Chú thích đã gõ")  # fmt: skip
    assert text_as_jpeg.status_code == 415
    assert _shows(text_as_jpeg, _(NOT_ACCEPTED))
    assert 'role="alert" id="upload-error"' in text_as_jpeg.text
    assert 'aria-invalid="true"' in text_as_jpeg.text.split('id="upload-file"', 1)[1][:300]
    assert 'value="Ảnh giả"' in text_as_jpeg.text
    assert 'value="Chú thích đã gõ"' in text_as_jpeg.text
    empty = _upload(client, token, "rong.png", b"")
    assert empty.status_code == 422
    assert _shows(empty, _("The file cannot be used: it is damaged or too large."))
    no_file = client.post("/desk/library", data={"csrf_token": token, "alt": "Không có tệp"},
                          files={"file": ("", b"")})  # fmt: skip
    assert no_file.status_code == 422
    assert _shows(no_file, _("Choose a file to upload."))
    assert 'value="Không có tệp"' in no_file.text
    assert db.exec(select(Media)).all() == []
    assert list(storage.list_keys()) == []


def test_a_library_upload_needs_the_session_token_our_origin_and_a_role(
    client: TestClient, factory: Factory, db: Session, storage: LocalStorage
) -> None:
    _signed_in(client, factory)
    token = csrf_of(client.get("/desk/library"))
    forged = _upload(client, "sai", "a.jpg", _photo((400, 300)))
    assert forged.status_code == 403
    elsewhere = client.post(
        "/desk/library",
        files={"file": ("a.jpg", _photo((400, 300)))},
        data={"csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert elsewhere.status_code == 403
    # No role anywhere: the API's upload refuses them (require_role_somewhere), so does this.
    client.cookies.clear()
    nobody = _signed_in(client, factory, None)
    assert client.post("/v1/admin/media", files={"file": ("a.jpg", _photo((400, 300)))},
                       headers=factory.headers(nobody)).status_code == 403  # fmt: skip
    refused = _upload(client, csrf_of(client.get("/desk/library")), "a.jpg", _photo((400, 300)))
    assert refused.status_code == 403
    assert _shows(refused, _("You may not do this."))
    assert db.exec(select(Media)).all() == []
