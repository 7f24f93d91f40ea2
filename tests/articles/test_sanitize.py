from app.articles.sanitize import sanitize_html


def test_scripts_handlers_and_javascript_urls_are_removed() -> None:
    dirty = (
        '<p onclick="steal()">Tin <script>alert(1)</script>nóng</p>'
        '<img src="/media/a.jpg" onerror="alert(2)">'
        '<a href="javascript:alert(3)">x</a><a href="JaVaScRiPt:alert(4)">y</a>'
        "<iframe src=//evil></iframe><style>body{}</style>"
    )
    clean = sanitize_html(dirty)
    for bad in ("script", "onclick", "onerror", "javascript", "iframe", "style", "alert"):
        assert bad not in clean.lower()
    assert "<p>Tin nóng</p>" in clean


def test_editorial_structure_is_kept() -> None:
    html = (
        '<figure><img src="/media/ab/c.jpg" alt="Lúa chín" data-media-id="7">'
        "<figcaption>Nông dân thu hoạch lúa</figcaption></figure>"
        '<table><caption>Sản lượng</caption><thead><tr><th scope="col">Năm</th></tr></thead>'
        '<tbody><tr><td colspan="2">2025</td></tr></tbody></table>'
        '<p><a href="https://angiang.gov.vn/tin">Nguồn</a> <strong>đậm</strong></p>'
        "<h2>Tiêu đề</h2><ul><li>Một</li></ul><blockquote>Trích</blockquote>"
    )
    clean = sanitize_html(html)
    for kept in ("<figure>", "<figcaption>", 'alt="Lúa chín"', 'data-media-id="7"', "<caption>",
                 'colspan="2"', 'href="https://angiang.gov.vn/tin"', "<strong>", "<h2>",
                 "<blockquote>", "<li>"):  # fmt: skip
        assert kept in clean
