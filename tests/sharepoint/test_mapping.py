"""The mapping from a list's columns to an article's fields: the built-in one resolved through
the list's `…/fields` answer, a TOML file for a site that differs, and items read through
either. Pure functions: no database, no site."""

from pathlib import Path
from typing import Any

import pytest

from app.sharepoint.mapping import Mapping, MappingError, load_mapping
from app.sharepoint.names import encode_internal_name
from app.sharepoint.reading import read_item


def _field(title: str, internal: str | None = None) -> dict[str, Any]:
    internal = internal or encode_internal_name(title)
    return {"Title": title, "InternalName": internal, "EntityPropertyName": internal}


def test_the_built_in_mapping_follows_what_the_fields_answer_says() -> None:
    # "Tóm tắt" was created as "Summary" and renamed later: its internal name stayed.
    fields = [_field("Tóm tắt", "Summary"), _field("Nội dung"), _field("Tiêu đề", "Title")]
    resolved = Mapping().resolve(fields)
    assert resolved.properties["summary"] == "Summary"
    assert resolved.properties["content"] == encode_internal_name("Nội dung")
    assert resolved.properties["title"] == "Title"
    # Not in the fields answer: guessed from the display name as SharePoint encodes it.
    assert resolved.properties["views"] == encode_internal_name("Số lượt người đọc")


def test_columns_nothing_maps_are_reported_and_ignored_ones_are_not() -> None:
    mapping = Mapping(ignore=frozenset({"Ghi chú nội bộ"}))
    fields = [_field("Ghi chú nội bộ"), _field("Nguồn tin")]
    resolved = mapping.resolve(fields)
    item = {
        "Id": 4, "Title": "Tin", encode_internal_name("Nguồn tin"): "Báo An Giang",
        encode_internal_name("Ghi chú nội bộ"): "không đăng lại", "AuthorId": 9,
        "OData__ModerationStatus": 0,
    }  # fmt: skip
    assert resolved.unmapped(item) == [encode_internal_name("Nguồn tin")]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_file_maps_a_site_with_other_columns_and_choice_values(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
default_category = "Thời sự"
ignore = ["Ghi chú"]
legacy_urls = ["/tin-tuc/chi-tiet.aspx?id={id}"]

[columns]
summary = "Trích yếu"
article_type = "Thể loại"
state = "Tình trạng"

[article_types]
"Tin ảnh" = "photo"

[states]
"Đã đăng" = "published"
"Thu hồi" = "unpublished"

[categories]
"Kinh tế" = "Tin tức > Kinh tế"
""",
    )
    mapping = load_mapping(path)
    assert mapping.default_category == "Thời sự"
    assert mapping.legacy_urls == ("/tin-tuc/chi-tiet.aspx?id={id}",)
    assert mapping.columns["title"] == "Tiêu đề"  # what the file leaves out stays built in
    assert mapping.states["Chờ duyệt"] == "in_review"
    fields = [_field("Trích yếu"), _field("Thể loại"), _field("Tình trạng"), _field("Phân loại")]
    resolved = mapping.resolve(fields)
    item = {
        "Id": 12,
        "Title": "Hội nghị tổng kết",
        encode_internal_name("Trích yếu"): "Tóm tắt của bài",
        encode_internal_name("Thể loại"): "Tin ảnh",
        encode_internal_name("Tình trạng"): "Thu hồi",
        encode_internal_name("Phân loại"): "Kinh tế",
    }
    values = read_item(item, resolved)
    assert values.summary == "Tóm tắt của bài"
    assert values.article_type == "photo"
    assert values.status == "unpublished"
    assert values.category_path == ["Tin tức", "Kinh tế"]
    assert values.warnings == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[columns]\ntitle = 3\n", "[columns] must map names to strings"),
        ('[columns]\nheadline = "Tiêu đề"\n', "names no Newsdesk field ['headline']"),
        ('[colums]\ntitle = "Tiêu đề"\n', "unknown keys ['colums']"),
        ('ignore = "Ghi chú"\n', "ignore must be a list"),
        ('default_category = ""\n', "default_category must be a category name"),
        ("[columns\n", "mapping.toml"),
    ],
)
def test_a_mapping_file_that_cannot_be_used_says_why(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(MappingError) as refused:
        load_mapping(_write(tmp_path, text))
    assert says in str(refused.value)


def test_a_wrong_typed_value_is_left_out_with_a_warning_and_the_rest_is_read() -> None:
    resolved = Mapping().resolve([])
    views = encode_internal_name("Số lượt người đọc")
    related = encode_internal_name("Tin liên quan")
    item = {
        "Id": 7, "Title": "Tin", views: "nhiều",
        # versions name lookups {LookupId, LookupValue}; items {Id, Title}
        related: [{"LookupId": 3, "LookupValue": "Tin 3"}, {"Id": 5, "Title": "Tin 5"}],
    }  # fmt: skip
    values = read_item(item, resolved)
    assert values.views is None
    assert any("nhiều" in warning for warning in values.warnings), values.warnings
    assert values.related_item_ids == [3, 5]
    assert values.title == "Tin"
