"""Demo content for Newsdesk: categories, hand-written articles and a bulk generator.

Pure standard-library data module (no database access). All Vietnamese text is
stored in NFC (precomposed) form. ``generate_article`` is deterministic per
index and cheap enough to produce 100,000 articles in a few seconds.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

__all__ = [
    "ARTICLE_STATUSES",
    "ARTICLE_TYPES",
    "DEMO_ARTICLES",
    "DEMO_CATEGORIES",
    "DemoArticle",
    "DemoCategory",
    "generate_article",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class DemoCategory:
    key: str
    name: str
    parent_key: str | None


@dataclass(frozen=True)
class DemoArticle:
    title: str
    summary: str
    content_html: str
    byline: str
    category_key: str
    article_type: str
    status: str
    featured: bool
    days_ago: float
    tags: tuple[str, ...]
    image_caption: str | None
    page_count: int
    photo_count: int
    royalty_amount: int


ARTICLE_TYPES: tuple[str, ...] = ("news", "photo", "video", "interview", "commentary", "document")
ARTICLE_STATUSES: tuple[str, ...] = (
    "published",
    "draft",
    "in_review",
    "scheduled",
    "unpublished",
    "trashed",
)

# ---------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------

DEMO_CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory("xay-dung-dang", "Xây dựng Đảng", None),
    DemoCategory("chinh-tri", "Chính trị", None),
    DemoCategory("kinh-te", "Kinh tế", None),
    DemoCategory("van-hoa-xa-hoi", "Văn hóa - Xã hội", None),
    DemoCategory("quoc-phong-an-ninh", "Quốc phòng - An ninh", None),
    DemoCategory("giao-duc", "Giáo dục", None),
    DemoCategory("y-te", "Y tế", None),
    DemoCategory("cong-tac-dan-van", "Công tác dân vận", "xay-dung-dang"),
    DemoCategory("nong-nghiep", "Nông nghiệp", "kinh-te"),
    DemoCategory("du-lich", "Du lịch", "kinh-te"),
    DemoCategory("the-thao", "Thể thao", "van-hoa-xa-hoi"),
)

# ---------------------------------------------------------------------------
# Small HTML helpers (content is trusted, hand-written text without <, > or &)
# ---------------------------------------------------------------------------


def _html(*blocks: str) -> str:
    """Join blocks; plain text blocks become <p> paragraphs."""
    return "\n".join(b if b.startswith("<") else f"<p>{b}</p>" for b in blocks)


def _h2(text: str) -> str:
    return f"<h2>{text}</h2>"


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _quote(text: str) -> str:
    return f"<blockquote><p>{text}</p></blockquote>"


def _figure(caption: str) -> str:
    return f"<figure><figcaption>{caption}</figcaption></figure>"


def _ask(question: str) -> str:
    return f"<p><strong>{question}</strong></p>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# ---------------------------------------------------------------------------
# Hand-written demo articles
# ---------------------------------------------------------------------------

DEMO_ARTICLES: tuple[DemoArticle, ...] = (
    # ----------------------------------------------------------- published
    DemoArticle(
        title="Đảng bộ tỉnh An Giang khai mạc Đại hội đại biểu nhiệm kỳ 2025 - 2030",
        summary=(
            "Sáng nay, tại Trung tâm Hội nghị tỉnh, Đảng bộ tỉnh An Giang long trọng khai mạc "
            "Đại hội đại biểu nhiệm kỳ 2025 - 2030 với sự tham dự của 350 đại biểu chính thức, "
            "đại diện cho hơn 80.000 đảng viên trong toàn Đảng bộ."
        ),
        content_html=_html(
            "Sáng nay, tại Trung tâm Hội nghị tỉnh, Đảng bộ tỉnh An Giang long trọng khai mạc Đại hội "
            "đại biểu nhiệm kỳ 2025 - 2030. Đại hội có 350 đại biểu chính thức, đại diện cho hơn 80.000 "
            "đảng viên sinh hoạt tại các tổ chức cơ sở đảng trong toàn tỉnh.",
            "Phát biểu khai mạc, đồng chí Bí thư Tỉnh ủy nhấn mạnh, Đại hội diễn ra trong bối cảnh cả "
            "nước đang nỗ lực thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng, bước vào kỷ nguyên "
            "vươn mình của dân tộc. Đại hội có nhiệm vụ đánh giá toàn diện kết quả thực hiện Nghị quyết "
            "nhiệm kỳ qua, xác định mục tiêu, phương hướng, nhiệm vụ và giải pháp phát triển tỉnh trong "
            "5 năm tới.",
            _h2("Nhiều chỉ tiêu quan trọng đạt và vượt"),
            "Báo cáo chính trị trình Đại hội cho biết, nhiệm kỳ qua, tốc độ tăng trưởng kinh tế bình "
            "quân của tỉnh đạt khoảng 6,5%/năm; cơ cấu kinh tế chuyển dịch đúng hướng; thu nhập bình "
            "quân đầu người tăng gần 1,5 lần so với đầu nhiệm kỳ. Công tác xây dựng, chỉnh đốn Đảng và "
            "hệ thống chính trị được chú trọng; quốc phòng, an ninh được giữ vững.",
            _ul(
                "Tỷ lệ hộ nghèo giảm còn dưới 2%;",
                "Số xã đạt chuẩn nông thôn mới vượt chỉ tiêu, nhiều xã đạt chuẩn nâng cao, kiểu mẫu;",
                "Kết nạp hơn 12.000 đảng viên mới, vượt chỉ tiêu Nghị quyết đề ra.",
            ),
            _quote(
                "“Đại hội phải thực sự là đợt sinh hoạt chính trị sâu rộng, thể hiện ý chí, nguyện vọng "
                "của cán bộ, đảng viên và Nhân dân trong tỉnh.”"
            ),
            "Đại hội làm việc trong hai ngày, thảo luận các văn kiện, bầu Ban Chấp hành Đảng bộ tỉnh "
            "khóa mới và bầu đoàn đại biểu đi dự Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
        ),
        byline="Hữu Huệ - Thanh Tiến",
        category_key="xay-dung-dang",
        article_type="news",
        status="published",
        featured=True,
        days_ago=0.05,
        tags=("Đại hội Đảng", "An Giang"),
        image_caption="Quang cảnh phiên khai mạc Đại hội. Ảnh: Hữu Huệ",
        page_count=2,
        photo_count=6,
        royalty_amount=600000,
    ),
    DemoArticle(
        title="Đồng Tháp đẩy mạnh liên kết sản xuất lúa chất lượng cao, giảm phát thải",
        summary=(
            "Thực hiện Đề án phát triển bền vững một triệu héc-ta chuyên canh lúa chất lượng cao, "
            "phát thải thấp, tỉnh Đồng Tháp đã xây dựng nhiều vùng sản xuất liên kết, giúp nông dân "
            "giảm chi phí và tăng lợi nhuận."
        ),
        content_html=_html(
            "Theo Sở Nông nghiệp và Môi trường tỉnh Đồng Tháp, đến nay toàn tỉnh đã có hơn 40.000 ha "
            "lúa tham gia Đề án phát triển bền vững một triệu héc-ta chuyên canh lúa chất lượng cao, "
            "phát thải thấp vùng Đồng bằng sông Cửu Long. Các vùng sản xuất tập trung chủ yếu tại các "
            "huyện Tháp Mười, Tam Nông, Thanh Bình và Hồng Ngự.",
            "Tham gia mô hình, nông dân được hướng dẫn áp dụng quy trình canh tác tiên tiến như giảm "
            "lượng giống gieo sạ, bón phân cân đối, tưới ngập khô xen kẽ và thu gom rơm rạ ra khỏi "
            "đồng ruộng. Nhờ đó, chi phí sản xuất giảm từ 2 đến 3 triệu đồng/ha, lợi nhuận tăng khoảng "
            "15% so với canh tác truyền thống.",
            "Ông Nguyễn Văn Tám, nông dân xã Mỹ Hòa, huyện Tháp Mười, cho biết: “Trước đây tôi sạ dày, "
            "xài phân thuốc nhiều mà năng suất không hơn bao nhiêu. Giờ làm theo quy trình mới, ruộng "
            "sạch hơn, lúa ít sâu bệnh, lại được doanh nghiệp bao tiêu nên yên tâm sản xuất.”",
            "Điểm mới của mô hình là sự tham gia của hợp tác xã và doanh nghiệp ngay từ đầu vụ. Doanh "
            "nghiệp cung ứng giống, vật tư đầu vào và ký hợp đồng thu mua lúa với giá cao hơn thị "
            "trường từ 100 đến 200 đồng/kg.",
            "Thời gian tới, ngành nông nghiệp tỉnh tiếp tục mở rộng diện tích tham gia đề án, đồng thời "
            "hỗ trợ các hợp tác xã đầu tư máy móc, kho bãi và lò sấy nhằm nâng cao năng lực liên kết "
            "với doanh nghiệp.",
        ),
        byline="Thanh Nhã",
        category_key="nong-nghiep",
        article_type="news",
        status="published",
        featured=True,
        days_ago=0.6,
        tags=("Lúa gạo", "Đồng Tháp", "Nông nghiệp xanh"),
        image_caption="Nông dân huyện Tháp Mười thu hoạch lúa trong mô hình giảm phát thải. Ảnh: Thanh Nhã",
        page_count=2,
        photo_count=3,
        royalty_amount=450000,
    ),
    DemoArticle(
        title="Nhân rộng mô hình “Dân vận khéo” trong xây dựng nông thôn mới kiểu mẫu",
        summary=(
            "Những năm qua, phong trào thi đua “Dân vận khéo” đã lan tỏa sâu rộng, trở thành động lực "
            "quan trọng giúp nhiều xã trên địa bàn tỉnh về đích nông thôn mới nâng cao, kiểu mẫu."
        ),
        content_html=_html(
            "Theo Ban Dân vận Tỉnh ủy, từ đầu nhiệm kỳ đến nay, toàn tỉnh đã có hơn 2.300 mô hình "
            "“Dân vận khéo” được công nhận ở các cấp, tập trung vào các lĩnh vực phát triển kinh tế, "
            "giảm nghèo, xây dựng nông thôn mới và bảo đảm an ninh trật tự.",
            "Tại xã Vĩnh Hanh, huyện Châu Thành, mô hình “Vận động Nhân dân hiến đất làm đường giao "
            "thông nông thôn” đã giúp địa phương mở mới và nâng cấp gần 12 km đường. Nhiều hộ dân tự "
            "nguyện tháo dỡ hàng rào, hiến hàng trăm mét vuông đất mà không đòi hỏi bồi thường.",
            _quote(
                "“Cán bộ mình phải làm trước, nói cho dân hiểu rồi dân mới làm theo. Khi người dân thấy "
                "con đường mở ra là vì lợi ích của chính mình thì ai cũng đồng lòng.”"
            ),
            "Bí thư Đảng ủy xã Vĩnh Hanh chia sẻ, bí quyết thành công là phát huy vai trò nêu gương "
            "của cán bộ, đảng viên và thực hiện tốt phương châm “dân biết, dân bàn, dân làm, dân kiểm "
            "tra, dân giám sát, dân thụ hưởng”.",
            "Thời gian tới, Ban Dân vận Tỉnh ủy sẽ tiếp tục phối hợp với các cơ quan, đơn vị tổng kết, "
            "nhân rộng các mô hình hiệu quả, gắn phong trào “Dân vận khéo” với thực hiện các nhiệm vụ "
            "chính trị trọng tâm của địa phương.",
        ),
        byline="Minh Châu - Thu Hà",
        category_key="cong-tac-dan-van",
        article_type="news",
        status="published",
        featured=False,
        days_ago=1.2,
        tags=("Dân vận khéo", "Nông thôn mới"),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=400000,
    ),
    DemoArticle(
        title="Bàn giải pháp tiêu thụ lúa Thu Đông cho nông dân vùng đầu nguồn",
        summary=(
            "Trước áp lực giá lúa giảm vào cao điểm thu hoạch, Sở Nông nghiệp và Môi trường phối hợp "
            "với các doanh nghiệp xuất khẩu gạo tổ chức hội nghị bàn giải pháp kết nối tiêu thụ lúa "
            "vụ Thu Đông."
        ),
        content_html=_html(
            "Ngày 18/10, Sở Nông nghiệp và Môi trường tỉnh An Giang tổ chức hội nghị bàn giải pháp tiêu "
            "thụ lúa vụ Thu Đông với sự tham dự của đại diện các doanh nghiệp xuất khẩu gạo, hợp tác xã "
            "và nông dân các huyện đầu nguồn.",
            "Vụ Thu Đông năm nay, toàn tỉnh xuống giống khoảng 150.000 ha, dự kiến sản lượng đạt hơn "
            "900.000 tấn. Tuy nhiên, thời điểm thu hoạch rộ trùng với mùa mưa bão khiến việc thu mua, "
            "phơi sấy gặp nhiều khó khăn.",
            "Tại hội nghị, các doanh nghiệp cam kết tăng cường thu mua tạm trữ, ưu tiên ký hợp đồng với "
            "các hợp tác xã có vùng nguyên liệu ổn định. Đại diện ngân hàng cũng thông tin về gói tín "
            "dụng ưu đãi dành cho doanh nghiệp thu mua lúa gạo.",
            _ul(
                "Rà soát, công bố lịch thu hoạch theo từng vùng để điều tiết lượng lúa đưa ra thị trường;",
                "Hỗ trợ các hợp tác xã đầu tư lò sấy, kho chứa;",
                "Kết nối doanh nghiệp với nông dân thông qua hợp đồng bao tiêu.",
            ),
            "Phát biểu kết luận, lãnh đạo Sở Nông nghiệp và Môi trường đề nghị các địa phương theo dõi "
            "sát diễn biến thị trường, kịp thời thông tin để nông dân chủ động kế hoạch thu hoạch, tránh "
            "bị thương lái ép giá.",
        ),
        byline="Trung Hiếu",
        category_key="nong-nghiep",
        article_type="news",
        status="published",
        featured=False,
        days_ago=2.5,
        tags=("Lúa gạo", "Hợp tác xã"),
        image_caption="Quang cảnh hội nghị. Ảnh: Trung Hiếu",
        page_count=1,
        photo_count=2,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Giá lúa bán ra tại ruộng tăng nhẹ, nông dân phấn khởi vào vụ thu hoạch",
        summary=(
            "Những ngày qua, giá lúa tươi bán ra tại ruộng ở nhiều địa phương tăng từ 200 đến 300 "
            "đồng/kg so với tuần trước, giúp nông dân có lãi khá sau vụ sản xuất."
        ),
        content_html=_html(
            "Khảo sát tại các huyện Thoại Sơn, Châu Phú và Tri Tôn cho thấy, giá lúa tươi loại OM 5451 "
            "được thương lái thu mua tại ruộng dao động từ 6.800 đến 7.000 đồng/kg; các giống lúa thơm "
            "như Đài Thơm 8, OM 18 có giá từ 7.200 đến 7.500 đồng/kg.",
            _table(
                ("Giống lúa", "Giá tuần trước (đồng/kg)", "Giá hiện tại (đồng/kg)"),
                (
                    ("OM 5451", "6.600", "6.900"),
                    ("Đài Thơm 8", "7.000", "7.300"),
                    ("OM 18", "7.100", "7.400"),
                    ("IR 50404", "6.200", "6.400"),
                ),
            ),
            "Ông Trần Văn Út, nông dân xã Vĩnh Chánh, huyện Thoại Sơn, cho biết gia đình ông vừa bán "
            "4 ha lúa Đài Thơm 8 với năng suất gần 7 tấn/ha. Sau khi trừ chi phí, ông lãi khoảng 25 "
            "triệu đồng/ha, cao hơn vụ trước.",
            "Theo các doanh nghiệp, giá lúa tăng do nhu cầu nhập khẩu gạo từ một số thị trường như "
            "Philippines, Indonesia tăng trở lại. Tuy nhiên, ngành nông nghiệp khuyến cáo nông dân không "
            "nên chạy theo giá, cần tuân thủ lịch thời vụ và liên kết tiêu thụ để ổn định đầu ra.",
        ),
        byline="Ngọc Trâm",
        category_key="nong-nghiep",
        article_type="news",
        status="published",
        featured=False,
        days_ago=3.1,
        tags=("Lúa gạo", "Giá cả thị trường"),
        image_caption="Thương lái thu mua lúa tại ruộng. Ảnh: Ngọc Trâm",
        page_count=1,
        photo_count=2,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Đà Lạt rực rỡ sắc hoa dã quỳ, níu chân du khách mùa cuối năm",
        summary=(
            "Những ngày cuối năm, hoa dã quỳ nở vàng rực trên các triền đồi, cung đường quanh thành phố "
            "Đà Lạt, tạo nên khung cảnh thơ mộng thu hút đông đảo du khách."
        ),
        content_html=_html(
            "Tháng 11 hằng năm là thời điểm dã quỳ bung nở khắp vùng cao nguyên Lâm Đồng. Trên các cung "
            "đường đèo Prenn, hồ Tuyền Lâm, Trại Mát hay khu vực núi Langbiang, những vạt hoa vàng rực "
            "trải dài dưới nắng hanh hao.",
            _figure("Du khách chụp ảnh bên những vạt dã quỳ ven hồ Tuyền Lâm."),
            "Chị Nguyễn Thị Mai, du khách đến từ Thành phố Hồ Chí Minh, chia sẻ: “Lần đầu lên Đà Lạt "
            "vào mùa dã quỳ, tôi thực sự bị choáng ngợp bởi màu vàng của hoa. Không khí se lạnh, cảnh "
            "đẹp, người dân thân thiện khiến tôi muốn quay lại nhiều lần nữa.”",
            _figure("Sắc hoa dã quỳ bên những căn nhà gỗ ở vùng ven thành phố."),
            "Theo Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng, mùa dã quỳ là một trong những sản phẩm "
            "du lịch đặc trưng của địa phương. Nhiều đơn vị lữ hành đã xây dựng các tour trải nghiệm "
            "săn mây, ngắm hoa kết hợp tham quan nông trại, thu hút lượng khách tăng mạnh so với cùng kỳ.",
        ),
        byline="Đăng Khoa",
        category_key="du-lich",
        article_type="photo",
        status="published",
        featured=True,
        days_ago=4.0,
        tags=("Du lịch", "Lâm Đồng"),
        image_caption="Sắc vàng dã quỳ trên các cung đường dẫn vào Đà Lạt. Ảnh: Đăng Khoa",
        page_count=1,
        photo_count=12,
        royalty_amount=700000,
    ),
    DemoArticle(
        title="Hơn 400.000 học sinh tỉnh An Giang hân hoan bước vào năm học mới",
        summary=(
            "Sáng 5/9, hơn 400.000 học sinh các cấp trên địa bàn tỉnh An Giang đồng loạt dự lễ khai "
            "giảng năm học mới trong không khí vui tươi, phấn khởi."
        ),
        content_html=_html(
            "Sáng 5/9, các trường học trên địa bàn tỉnh An Giang đồng loạt tổ chức lễ khai giảng năm học "
            "mới. Năm nay, toàn tỉnh có hơn 400.000 học sinh từ mầm non đến trung học phổ thông, tăng "
            "khoảng 6.000 em so với năm học trước.",
            "Tại Trường THPT chuyên Thoại Ngọc Hầu, thành phố Long Xuyên, lãnh đạo UBND tỉnh đã đến dự, "
            "đánh trống khai trường và tặng quà cho học sinh có hoàn cảnh khó khăn vượt khó học giỏi.",
            _h2("Tập trung nâng cao chất lượng dạy và học"),
            "Năm học mới, ngành giáo dục tỉnh tiếp tục triển khai chương trình giáo dục phổ thông 2018, "
            "đẩy mạnh chuyển đổi số trong quản lý và giảng dạy, đồng thời chú trọng giáo dục đạo đức, "
            "kỹ năng sống cho học sinh.",
            "Giám đốc Sở Giáo dục và Đào tạo cho biết, trước thềm năm học mới, toàn ngành đã cơ bản hoàn "
            "thành công tác tuyển sinh, sửa chữa cơ sở vật chất, bổ sung trang thiết bị dạy học. Tuy "
            "nhiên, tình trạng thiếu giáo viên ở một số môn học và vùng sâu, vùng xa vẫn là khó khăn cần "
            "sớm khắc phục.",
            "Dịp này, các đơn vị, nhà hảo tâm đã trao tặng hàng nghìn suất học bổng, xe đạp, sách vở cho "
            "học sinh nghèo, góp phần giúp các em có thêm điều kiện đến trường.",
        ),
        byline="Thu Thảo",
        category_key="giao-duc",
        article_type="news",
        status="published",
        featured=True,
        days_ago=5.5,
        tags=("Năm học mới", "Giáo dục", "An Giang"),
        image_caption="Học sinh Trường Tiểu học Mỹ Bình trong ngày khai giảng. Ảnh: Thu Thảo",
        page_count=2,
        photo_count=5,
        royalty_amount=500000,
    ),
    DemoArticle(
        title="Đồng Tháp ra quân chiến dịch diệt lăng quăng, phòng chống sốt xuất huyết",
        summary=(
            "Trước diễn biến phức tạp của dịch sốt xuất huyết trong mùa mưa, ngành y tế tỉnh Đồng Tháp "
            "phối hợp với các địa phương đồng loạt ra quân chiến dịch diệt lăng quăng, bọ gậy."
        ),
        content_html=_html(
            "Sáng 12/7, Sở Y tế tỉnh Đồng Tháp phối hợp với UBND thành phố Cao Lãnh tổ chức lễ ra quân "
            "chiến dịch diệt lăng quăng, phòng chống sốt xuất huyết. Hơn 500 cán bộ y tế, đoàn viên "
            "thanh niên và tình nguyện viên đã đến từng hộ dân hướng dẫn thu gom vật dụng phế thải, súc "
            "rửa dụng cụ chứa nước.",
            "Theo Trung tâm Kiểm soát bệnh tật tỉnh, từ đầu năm đến nay toàn tỉnh ghi nhận hơn 1.200 ca "
            "mắc sốt xuất huyết, tăng so với cùng kỳ năm trước. Một số địa phương có số ca mắc cao như "
            "thành phố Cao Lãnh, huyện Cao Lãnh và huyện Lấp Vò.",
            _table(
                ("Địa phương", "Số ca mắc", "So với cùng kỳ"),
                (
                    ("Thành phố Cao Lãnh", "245", "Tăng 18%"),
                    ("Huyện Cao Lãnh", "198", "Tăng 12%"),
                    ("Huyện Lấp Vò", "176", "Tăng 9%"),
                    ("Thành phố Sa Đéc", "131", "Giảm 4%"),
                ),
            ),
            "Ngành y tế khuyến cáo người dân thực hiện các biện pháp phòng bệnh đơn giản nhưng hiệu quả:",
            _ul(
                "Đậy kín các dụng cụ chứa nước, thả cá diệt lăng quăng;",
                "Thu gom, tiêu hủy vật dụng phế thải có thể đọng nước;",
                "Ngủ mùng kể cả ban ngày, mặc quần áo dài tay;",
                "Khi có dấu hiệu sốt cao, cần đến ngay cơ sở y tế để được khám và điều trị kịp thời.",
            ),
            "Chiến dịch sẽ được triển khai đồng loạt tại tất cả các xã, phường trên địa bàn tỉnh đến hết "
            "tháng 8.",
        ),
        byline="Hồng Nhung",
        category_key="y-te",
        article_type="news",
        status="published",
        featured=False,
        days_ago=6.3,
        tags=("Sốt xuất huyết", "Y tế cơ sở", "Đồng Tháp"),
        image_caption="Lực lượng y tế và đoàn viên thanh niên diệt lăng quăng tại hộ dân. Ảnh: Hồng Nhung",
        page_count=2,
        photo_count=3,
        royalty_amount=400000,
    ),
    DemoArticle(
        title="Bộ đội Biên phòng An Giang tăng cường tuần tra, kiểm soát tuyến biên giới",
        summary=(
            "Trong mùa nước nổi, Bộ đội Biên phòng tỉnh An Giang đã tăng cường lực lượng, phương tiện "
            "tuần tra, kiểm soát chặt chẽ tuyến biên giới, kịp thời ngăn chặn các hành vi buôn lậu, "
            "xuất nhập cảnh trái phép."
        ),
        content_html=_html(
            "Tuyến biên giới tỉnh An Giang dài gần 100 km, tiếp giáp với hai tỉnh Takeo và Kandal của "
            "Vương quốc Campuchia. Vào mùa nước nổi, nhiều đoạn biên giới bị ngập sâu, tạo điều kiện cho "
            "các đối tượng lợi dụng để vận chuyển hàng lậu và xuất nhập cảnh trái phép.",
            "Để chủ động ứng phó, Bộ Chỉ huy Bộ đội Biên phòng tỉnh đã chỉ đạo các đồn biên phòng bố trí "
            "lực lượng thường trực 24/24 giờ tại các đường mòn, lối mở; phối hợp với công an, quân sự "
            "địa phương và lực lượng chức năng nước bạn tổ chức tuần tra song phương.",
            "Từ đầu năm đến nay, các đơn vị đã phát hiện, bắt giữ hơn 300 vụ vận chuyển hàng cấm, hàng "
            "lậu; thu giữ hàng hóa trị giá hàng chục tỷ đồng. Đồng thời, lực lượng biên phòng đã vận "
            "động Nhân dân khu vực biên giới tham gia phong trào “Toàn dân tham gia bảo vệ chủ quyền "
            "lãnh thổ, an ninh biên giới quốc gia”.",
            "Bên cạnh nhiệm vụ bảo vệ biên giới, cán bộ, chiến sĩ biên phòng còn tích cực giúp dân phòng "
            "chống thiên tai, xây dựng nhà ở cho hộ nghèo, thực hiện chương trình “Nâng bước em tới "
            "trường”, góp phần xây dựng thế trận biên phòng toàn dân vững chắc.",
        ),
        byline="Quốc Việt",
        category_key="quoc-phong-an-ninh",
        article_type="news",
        status="published",
        featured=False,
        days_ago=7.8,
        tags=("Biên giới", "Quốc phòng toàn dân", "An Giang"),
        image_caption=None,
        page_count=1,
        photo_count=2,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Nghị quyết quy định chính sách hỗ trợ phát triển hợp tác xã nông nghiệp giai đoạn 2025 - 2030",
        summary=(
            "HĐND tỉnh đã thông qua Nghị quyết quy định một số chính sách hỗ trợ phát triển hợp tác xã "
            "nông nghiệp trên địa bàn tỉnh giai đoạn 2025 - 2030. Nghị quyết có hiệu lực từ ngày "
            "01/01/2025."
        ),
        content_html=_html(
            "Tại kỳ họp chuyên đề, Hội đồng nhân dân tỉnh đã biểu quyết thông qua Nghị quyết quy định một "
            "số chính sách hỗ trợ phát triển hợp tác xã nông nghiệp trên địa bàn tỉnh giai đoạn 2025 - "
            "2030. Cổng Thông tin điện tử tỉnh trân trọng giới thiệu nội dung chính của Nghị quyết.",
            _h2("Phạm vi điều chỉnh và đối tượng áp dụng"),
            "Nghị quyết quy định chính sách hỗ trợ đối với hợp tác xã, liên hiệp hợp tác xã hoạt động "
            "trong lĩnh vực nông nghiệp có trụ sở chính trên địa bàn tỉnh; các cơ quan, tổ chức, cá nhân "
            "có liên quan đến việc thực hiện chính sách.",
            _h2("Nội dung và mức hỗ trợ"),
            _ul(
                "Hỗ trợ đào tạo, bồi dưỡng nguồn nhân lực quản lý, điều hành hợp tác xã;",
                "Hỗ trợ 50% kinh phí đưa lao động trẻ có trình độ đại học, cao đẳng về làm việc tại hợp "
                "tác xã, thời gian tối đa 36 tháng;",
                "Hỗ trợ đầu tư kho, lò sấy, nhà sơ chế, tối đa 1.500 triệu đồng/công trình;",
                "Hỗ trợ xây dựng nhãn hiệu tập thể, tối đa 100 triệu đồng/hợp tác xã;",
                "Hỗ trợ tham gia hội chợ xúc tiến thương mại trong nước, tối đa 30 triệu đồng/lần.",
            ),
            "Nghị quyết có hiệu lực thi hành kể từ ngày 01/01/2025. UBND tỉnh có trách nhiệm tổ chức "
            "triển khai thực hiện; Thường trực HĐND, các Ban HĐND và đại biểu HĐND tỉnh giám sát việc "
            "thực hiện Nghị quyết.",
        ),
        byline="Phương Thảo",
        category_key="chinh-tri",
        article_type="document",
        status="published",
        featured=False,
        days_ago=9.0,
        tags=("HĐND tỉnh", "Hợp tác xã"),
        image_caption=None,
        page_count=3,
        photo_count=0,
        royalty_amount=150000,
    ),
    DemoArticle(
        title="Bí thư Tỉnh ủy: Đổi mới phương thức lãnh đạo, phát huy sức mạnh khối đại đoàn kết",
        summary=(
            "Nhân dịp đầu năm mới, phóng viên Cổng Thông tin điện tử tỉnh đã có cuộc trao đổi với đồng "
            "chí Bí thư Tỉnh ủy về những kết quả nổi bật và định hướng phát triển của tỉnh trong thời "
            "gian tới."
        ),
        content_html=_html(
            _ask("PV: Thưa đồng chí, năm qua tỉnh đã đạt được những kết quả nổi bật nào?"),
            "Đồng chí Bí thư Tỉnh ủy: Năm qua, trong bối cảnh còn nhiều khó khăn, thách thức, Đảng bộ, "
            "chính quyền và Nhân dân trong tỉnh đã đoàn kết, nỗ lực vượt qua và đạt được nhiều kết quả "
            "quan trọng. Tăng trưởng kinh tế ước đạt trên 7%, cao nhất trong nhiều năm trở lại đây; thu "
            "ngân sách vượt dự toán; an sinh xã hội được bảo đảm; quốc phòng, an ninh được giữ vững.",
            _ask(
                "PV: Để tạo đột phá trong giai đoạn tới, tỉnh sẽ tập trung vào những giải pháp nào?"
            ),
            "Đồng chí Bí thư Tỉnh ủy: Trước hết, chúng tôi tiếp tục đổi mới phương thức lãnh đạo của "
            "Đảng, nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng. Cùng với đó là "
            "đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư kinh doanh, tập trung phát triển "
            "hạ tầng giao thông, nhất là các tuyến cao tốc kết nối vùng.",
            _quote(
                "“Sức mạnh lớn nhất của chúng ta là sức mạnh của khối đại đoàn kết toàn dân tộc. Khi lòng "
                "dân đồng thuận thì không có việc gì là không làm được.”"
            ),
            _ask("PV: Đồng chí có gửi gắm gì đến cán bộ, đảng viên và Nhân dân trong tỉnh?"),
            "Đồng chí Bí thư Tỉnh ủy: Tôi mong mỗi cán bộ, đảng viên phát huy tinh thần trách nhiệm, dám "
            "nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung. Mong bà con tiếp tục đồng lòng, chung "
            "sức cùng chính quyền xây dựng quê hương ngày càng giàu đẹp, văn minh.",
            _ask("PV: Xin cảm ơn đồng chí!"),
        ),
        byline="Hữu Huệ",
        category_key="xay-dung-dang",
        article_type="interview",
        status="published",
        featured=False,
        days_ago=10.5,
        tags=("Đại hội Đảng", "Xây dựng Đảng"),
        image_caption="Đồng chí Bí thư Tỉnh ủy trả lời phỏng vấn. Ảnh: Hữu Huệ",
        page_count=3,
        photo_count=1,
        royalty_amount=650000,
    ),
    DemoArticle(
        title="Kiên quyết đấu tranh, phản bác các quan điểm sai trái, thù địch trên không gian mạng",
        summary=(
            "Trước sự gia tăng của các thông tin xấu độc trên mạng xã hội, mỗi cán bộ, đảng viên cần nâng "
            "cao bản lĩnh chính trị, tỉnh táo nhận diện và chủ động đấu tranh, góp phần bảo vệ nền tảng "
            "tư tưởng của Đảng."
        ),
        content_html=_html(
            "Thời gian gần đây, lợi dụng sự phát triển của mạng xã hội, các thế lực thù địch, phần tử cơ "
            "hội chính trị không ngừng đưa ra các luận điệu xuyên tạc, bóp méo chủ trương, đường lối của "
            "Đảng, chính sách, pháp luật của Nhà nước. Chúng thường chọn những thời điểm nhạy cảm như "
            "trước các kỳ đại hội đảng, bầu cử hay khi xảy ra các vụ việc phức tạp để tung tin giả, gây "
            "hoang mang trong dư luận.",
            "Thủ đoạn phổ biến là cắt ghép hình ảnh, bình luận thiếu căn cứ, thổi phồng những hạn chế cục "
            "bộ thành bản chất của chế độ. Nguy hiểm hơn, nhiều thông tin được ngụy trang dưới danh nghĩa "
            "“góp ý”, “phản biện” nhằm đánh lừa những người thiếu thông tin, nhẹ dạ cả tin.",
            _h2("Mỗi cán bộ, đảng viên là một “chiến sĩ” trên mặt trận tư tưởng"),
            "Để đấu tranh hiệu quả, trước hết mỗi cán bộ, đảng viên cần nắm vững chủ trương, đường lối "
            "của Đảng, thường xuyên cập nhật thông tin chính thống. Khi tiếp cận thông tin trên mạng xã "
            "hội, cần bình tĩnh kiểm chứng nguồn tin, không chia sẻ, bình luận những nội dung chưa được "
            "xác thực.",
            "Cùng với đó, các cấp ủy cần phát huy vai trò của Ban Chỉ đạo 35, lực lượng cộng tác viên dư "
            "luận xã hội, đồng thời lan tỏa mạnh mẽ những câu chuyện tốt, việc làm đẹp, tạo “dòng chảy” "
            "thông tin tích cực trên không gian mạng.",
            "Bảo vệ nền tảng tư tưởng của Đảng không chỉ là nhiệm vụ của riêng cơ quan chức năng mà là "
            "trách nhiệm chung của toàn Đảng, toàn dân. Khi mỗi người dân đều tỉnh táo, có bản lĩnh thì "
            "các luận điệu sai trái sẽ không còn đất sống.",
        ),
        byline="Lê Minh Triết",
        category_key="chinh-tri",
        article_type="commentary",
        status="published",
        featured=False,
        days_ago=12.0,
        tags=("Bảo vệ nền tảng tư tưởng", "Xây dựng Đảng"),
        image_caption=None,
        page_count=2,
        photo_count=0,
        royalty_amount=550000,
    ),
    DemoArticle(
        title="Lễ hội Vía Bà Chúa Xứ Núi Sam thu hút đông đảo du khách thập phương",
        summary=(
            "Lễ hội Vía Bà Chúa Xứ Núi Sam năm nay diễn ra từ ngày 22 đến 27 tháng Tư âm lịch, thu hút "
            "hàng trăm nghìn lượt du khách trong và ngoài tỉnh đến chiêm bái, tham quan."
        ),
        content_html=_html(
            "Lễ hội Vía Bà Chúa Xứ Núi Sam ở thành phố Châu Đốc là lễ hội dân gian lớn nhất vùng Nam Bộ, "
            "đã được UNESCO ghi danh vào Danh sách di sản văn hóa phi vật thể đại diện của nhân loại.",
            "Lễ hội gồm nhiều nghi thức truyền thống như lễ rước tượng Bà từ đỉnh núi Sam về miếu, lễ tắm "
            "Bà, lễ Túc yết, lễ Xây chầu, lễ Chánh tế và lễ Hồi sắc thần. Xen kẽ là các hoạt động văn "
            "hóa, văn nghệ, thể thao đặc sắc, mang đậm bản sắc của đồng bào Kinh, Khmer, Chăm, Hoa trong "
            "vùng.",
            _figure("Đông đảo người dân và du khách theo dõi lễ rước tượng Bà."),
            "Để phục vụ lễ hội, thành phố Châu Đốc đã huy động lực lượng bảo đảm an ninh trật tự, an toàn "
            "giao thông, vệ sinh môi trường và kiểm soát giá cả dịch vụ. Các cơ sở lưu trú, ăn uống được "
            "yêu cầu niêm yết giá công khai, không chèo kéo, ép giá du khách.",
            "Theo Ban Quản lý Khu du lịch quốc gia Núi Sam, trong những ngày cao điểm, lượng khách đến "
            "tham quan, chiêm bái lên đến hàng chục nghìn lượt mỗi ngày, góp phần quảng bá hình ảnh, văn "
            "hóa An Giang đến bạn bè trong nước và quốc tế.",
        ),
        byline="Thanh Tiến",
        category_key="du-lich",
        article_type="video",
        status="published",
        featured=False,
        days_ago=14.2,
        tags=("Lễ hội", "Du lịch", "An Giang"),
        image_caption="Lễ rước tượng Bà từ đỉnh núi Sam về miếu. Ảnh: Thanh Tiến",
        page_count=1,
        photo_count=4,
        royalty_amount=800000,
    ),
    DemoArticle(
        title="Sôi động Hội đua bò Bảy Núi mừng lễ Sene Dolta của đồng bào Khmer",
        summary=(
            "Hội đua bò Bảy Núi năm nay quy tụ hơn 60 cặp bò đến từ các huyện Tri Tôn, Tịnh Biên và tỉnh "
            "Kiên Giang, thu hút hàng chục nghìn người dân, du khách đến cổ vũ."
        ),
        content_html=_html(
            "Hội đua bò Bảy Núi là nét văn hóa truyền thống đặc sắc của đồng bào Khmer vùng Bảy Núi, được "
            "tổ chức hằng năm nhân dịp lễ Sene Dolta. Năm nay, hội đua diễn ra tại huyện Tri Tôn.",
            "Ngay từ sáng sớm, hàng chục nghìn người dân và du khách đã đổ về khu vực trường đua. Tiếng "
            "hò reo cổ vũ vang dội mỗi khi các cặp bò lao đi, bùn nước văng tung tóe trên đường đua dài "
            "khoảng 120 m.",
            "Sau hai ngày tranh tài sôi nổi, giải nhất thuộc về cặp bò của ông Chau Sóc Kha, xã Lương "
            "Phi, huyện Tri Tôn. Ban tổ chức đã trao giải nhất cùng cúp lưu niệm cho đội đoạt giải.",
            "Theo Ban tổ chức, hội đua bò không chỉ là sân chơi thể thao mà còn góp phần bảo tồn, phát "
            "huy giá trị văn hóa truyền thống của đồng bào Khmer, tăng cường tình đoàn kết giữa các dân "
            "tộc trên địa bàn tỉnh.",
        ),
        byline="Phước Toàn",
        category_key="the-thao",
        article_type="news",
        status="published",
        featured=False,
        days_ago=15.0,
        tags=("Thể thao", "Lễ hội"),
        image_caption="Những cặp bò tranh tài quyết liệt trên đường đua. Ảnh: Phước Toàn",
        page_count=1,
        photo_count=4,
        royalty_amount=400000,
    ),
    DemoArticle(
        title="Tháo gỡ khó khăn, đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        summary=(
            "Đến hết tháng 9, tỷ lệ giải ngân vốn đầu tư công của tỉnh mới đạt khoảng 52% kế hoạch. UBND "
            "tỉnh yêu cầu các chủ đầu tư tập trung tháo gỡ vướng mắc, phấn đấu giải ngân cao nhất kế "
            "hoạch vốn trong năm."
        ),
        content_html=_html(
            "Chiều 3/10, UBND tỉnh tổ chức hội nghị trực tuyến đánh giá tình hình giải ngân vốn đầu tư "
            "công 9 tháng đầu năm. Theo báo cáo của Sở Tài chính, tổng kế hoạch vốn đầu tư công năm nay "
            "của tỉnh hơn 6.800 tỷ đồng; đến ngày 30/9 đã giải ngân được khoảng 3.540 tỷ đồng, đạt 52% "
            "kế hoạch.",
            "Nguyên nhân chủ yếu là công tác bồi thường, giải phóng mặt bằng ở một số dự án trọng điểm "
            "còn chậm; giá vật liệu xây dựng, nhất là cát san lấp, biến động mạnh; một số nhà thầu năng "
            "lực hạn chế, chậm triển khai thi công.",
            _h2("Xử lý nghiêm các trường hợp chậm trễ"),
            "Phát biểu chỉ đạo, Chủ tịch UBND tỉnh yêu cầu người đứng đầu các sở, ngành, địa phương phải "
            "trực tiếp chỉ đạo, chịu trách nhiệm về kết quả giải ngân của đơn vị mình. Kết quả giải ngân "
            "là một trong những tiêu chí quan trọng để đánh giá mức độ hoàn thành nhiệm vụ của tập thể, "
            "cá nhân trong năm.",
            _ul(
                "Thành lập tổ công tác đặc biệt đôn đốc giải ngân các dự án trọng điểm;",
                "Điều chuyển vốn từ các dự án chậm tiến độ sang dự án có khả năng giải ngân tốt;",
                "Kiên quyết thay thế nhà thầu yếu kém, vi phạm tiến độ hợp đồng.",
            ),
            "UBND tỉnh phấn đấu đến ngày 31/12 giải ngân đạt trên 95% kế hoạch vốn được giao, góp phần "
            "thúc đẩy tăng trưởng kinh tế của địa phương.",
        ),
        byline="Bảo Anh",
        category_key="kinh-te",
        article_type="news",
        status="published",
        featured=False,
        days_ago=16.8,
        tags=("Đầu tư công",),
        image_caption=None,
        page_count=2,
        photo_count=1,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Bệnh viện Đa khoa tỉnh làm chủ kỹ thuật can thiệp mạch vành, cứu sống nhiều bệnh nhân",
        summary=(
            "Sau hai năm triển khai, Đơn vị Tim mạch can thiệp của Bệnh viện Đa khoa tỉnh đã thực hiện "
            "thành công hơn 800 ca can thiệp mạch vành, giúp người bệnh không phải chuyển tuyến lên Thành "
            "phố Hồ Chí Minh."
        ),
        content_html=_html(
            "Trước đây, người bệnh nhồi máu cơ tim cấp tại tỉnh phải chuyển lên các bệnh viện tuyến trên "
            "để can thiệp, nhiều trường hợp không kịp qua khỏi do thời gian vận chuyển kéo dài. Từ khi "
            "Bệnh viện Đa khoa tỉnh đưa vào hoạt động phòng can thiệp tim mạch, người dân đã được điều "
            "trị kịp thời ngay tại địa phương.",
            "Bác sĩ chuyên khoa II Trần Quốc Bảo, Trưởng khoa Tim mạch, cho biết đội ngũ bác sĩ của khoa "
            "đã được đào tạo bài bản tại các bệnh viện tuyến trung ương. Đến nay, ê-kíp có thể thực hiện "
            "độc lập các kỹ thuật như đặt stent động mạch vành, đặt máy tạo nhịp tim tạm thời và vĩnh "
            "viễn.",
            _quote(
                "“Thời gian vàng trong điều trị nhồi máu cơ tim là rất quan trọng. Mỗi phút chậm trễ, "
                "vùng cơ tim bị tổn thương lại lan rộng thêm.”"
            ),
            "Ông Lê Văn Hai, 68 tuổi, ngụ huyện Phú Tân, vừa được can thiệp đặt stent cấp cứu, xúc động "
            "chia sẻ: “Nhờ các bác sĩ cứu kịp thời mà tôi qua được cơn nguy kịch. Chi phí điều trị phần "
            "lớn được bảo hiểm y tế chi trả nên gia đình đỡ gánh nặng rất nhiều.”",
        ),
        byline="Diệu Linh",
        category_key="y-te",
        article_type="news",
        status="published",
        featured=False,
        days_ago=18.4,
        tags=("Y tế cơ sở", "Bảo hiểm y tế"),
        image_caption=None,
        page_count=1,
        photo_count=2,
        royalty_amount=400000,
    ),
    DemoArticle(
        title="Triển khai học bạ số tại 100% trường tiểu học, tạo thuận lợi cho phụ huynh",
        summary=(
            "Ngành giáo dục tỉnh đã hoàn thành việc triển khai học bạ số cho học sinh tiểu học, góp phần "
            "giảm tải hồ sơ giấy tờ cho giáo viên và tạo thuận lợi cho phụ huynh theo dõi quá trình học "
            "tập của con em."
        ),
        content_html=_html(
            "Thực hiện chủ trương chuyển đổi số trong giáo dục, từ năm học này, 100% trường tiểu học trên "
            "địa bàn tỉnh đã chuyển sang sử dụng học bạ số thay cho học bạ giấy truyền thống. Học bạ số "
            "được ký số bởi giáo viên chủ nhiệm và hiệu trưởng, có giá trị pháp lý tương đương học bạ "
            "giấy.",
            "Cô Phạm Thị Huyền, giáo viên Trường Tiểu học B Mỹ Đức, huyện Châu Phú, cho biết trước đây "
            "mỗi cuối năm học, giáo viên mất nhiều ngày để ghi chép, đối chiếu học bạ. Nay mọi thông tin "
            "được cập nhật trực tiếp trên phần mềm, giảm đáng kể áp lực hồ sơ sổ sách.",
            "Đối với phụ huynh, học bạ số giúp dễ dàng tra cứu kết quả học tập, rèn luyện của con em mọi "
            "lúc, mọi nơi. Khi học sinh chuyển trường, hồ sơ cũng được chuyển trực tuyến, không còn phải "
            "đi lại nhiều lần.",
            "Sở Giáo dục và Đào tạo cho biết, trong năm học tới sẽ tiếp tục mở rộng học bạ số đối với cấp "
            "trung học cơ sở và trung học phổ thông, đồng thời tăng cường bồi dưỡng kỹ năng số cho đội "
            "ngũ giáo viên.",
        ),
        byline="Kim Ngân",
        category_key="giao-duc",
        article_type="news",
        status="published",
        featured=False,
        days_ago=20.0,
        tags=("Chuyển đổi số", "Giáo dục"),
        image_caption="Giáo viên hướng dẫn học sinh sử dụng thiết bị dạy học thông minh. Ảnh: Kim Ngân",
        page_count=1,
        photo_count=2,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Đồng Tháp vận hành Trung tâm Giám sát, điều hành đô thị thông minh",
        summary=(
            "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Đồng Tháp chính thức đi vào hoạt động, "
            "kết nối dữ liệu từ các sở, ngành và địa phương, hỗ trợ lãnh đạo tỉnh chỉ đạo, điều hành dựa "
            "trên dữ liệu số."
        ),
        content_html=_html(
            "Trung tâm được đầu tư hệ thống màn hình giám sát, máy chủ và các phần mềm phân tích dữ liệu "
            "hiện đại, tích hợp thông tin từ camera an ninh, hệ thống quan trắc môi trường, dịch vụ công "
            "trực tuyến và phản ánh hiện trường của người dân.",
            "Thông qua ứng dụng trên điện thoại thông minh, người dân có thể phản ánh các vấn đề về trật "
            "tự đô thị, vệ sinh môi trường, hạ tầng giao thông. Các phản ánh được chuyển ngay đến cơ quan "
            "có thẩm quyền để xử lý và phản hồi kết quả công khai trên hệ thống.",
            "Theo Sở Khoa học và Công nghệ, sau ba tháng vận hành thử nghiệm, hệ thống đã tiếp nhận hơn "
            "4.500 phản ánh, trong đó trên 90% được xử lý đúng hạn. Nhiều vấn đề tồn tại lâu nay như lấn "
            "chiếm vỉa hè, rác thải sinh hoạt đã được giải quyết dứt điểm.",
            "Lãnh đạo UBND tỉnh đánh giá, việc đưa Trung tâm vào hoạt động là bước đi quan trọng trong lộ "
            "trình xây dựng chính quyền số, giúp nâng cao hiệu lực, hiệu quả quản lý nhà nước và lấy "
            "người dân làm trung tâm phục vụ.",
        ),
        byline="Minh Trí",
        category_key="chinh-tri",
        article_type="news",
        status="published",
        featured=True,
        days_ago=22.3,
        tags=("Chuyển đổi số", "Đồng Tháp", "Cải cách hành chính"),
        image_caption="Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Đồng Tháp. Ảnh: Minh Trí",
        page_count=1,
        photo_count=3,
        royalty_amount=450000,
    ),
    DemoArticle(
        title="Khối Dân vận tỉnh sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ trọng tâm",
        summary=(
            "Ngày 10/7, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm, "
            "triển khai phương hướng, nhiệm vụ 6 tháng cuối năm."
        ),
        content_html=_html(
            "Ngày 10/7, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm, "
            "triển khai phương hướng, nhiệm vụ 6 tháng cuối năm. Dự hội nghị có lãnh đạo Ban Dân vận các "
            "huyện ủy, thị ủy, thành ủy; Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội.",
            "Báo cáo tại hội nghị cho thấy, 6 tháng đầu năm, công tác dân vận của hệ thống chính trị tiếp "
            "tục được quan tâm, có nhiều đổi mới về nội dung và phương thức. Công tác nắm bắt tình hình "
            "tư tưởng Nhân dân được thực hiện thường xuyên; nhiều vụ việc phức tạp ở cơ sở được giải "
            "quyết kịp thời, không để phát sinh điểm nóng.",
            "Việc thực hiện dân chủ ở cơ sở có chuyển biến tích cực. Các địa phương đã tổ chức hơn 1.100 "
            "cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân, qua đó tiếp nhận và "
            "giải quyết nhiều kiến nghị chính đáng của người dân.",
            "Phát biểu chỉ đạo, đồng chí Trưởng ban Dân vận Tỉnh ủy đề nghị các cơ quan, đơn vị tiếp tục "
            "đẩy mạnh phong trào thi đua “Dân vận khéo”, gắn với công tác chuẩn bị đại hội đảng bộ các "
            "cấp; chú trọng công tác dân vận chính quyền, nâng cao chất lượng tiếp công dân và giải quyết "
            "thủ tục hành chính.",
        ),
        byline="Ngọc Hân",
        category_key="cong-tac-dan-van",
        article_type="news",
        status="published",
        featured=False,
        days_ago=24.0,
        tags=("Dân vận khéo", "Dân chủ cơ sở"),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Lực lượng vũ trang tỉnh ra quân huấn luyện, nâng cao khả năng sẵn sàng chiến đấu",
        summary=(
            "Sáng 15/1, Bộ Chỉ huy Quân sự tỉnh tổ chức lễ ra quân huấn luyện năm mới, quán triệt phương "
            "châm “Cơ bản, thiết thực, vững chắc”, nâng cao chất lượng tổng hợp và khả năng sẵn sàng "
            "chiến đấu."
        ),
        content_html=_html(
            "Sáng 15/1, Bộ Chỉ huy Quân sự tỉnh tổ chức lễ ra quân huấn luyện năm mới. Tham dự buổi lễ có "
            "đại diện lãnh đạo Tỉnh ủy, UBND tỉnh cùng đông đảo cán bộ, chiến sĩ lực lượng vũ trang tỉnh.",
            "Năm qua, lực lượng vũ trang tỉnh đã hoàn thành tốt nhiệm vụ huấn luyện, diễn tập; 100% đơn "
            "vị kiểm tra đạt yêu cầu, trong đó trên 70% đạt khá, giỏi. Công tác tuyển chọn và gọi công "
            "dân nhập ngũ bảo đảm chỉ tiêu, đúng luật, chất lượng ngày càng được nâng lên.",
            "Năm nay, lực lượng vũ trang tỉnh tập trung huấn luyện sát với đối tượng tác chiến, địa bàn "
            "và điều kiện thực tế; kết hợp chặt chẽ giữa huấn luyện với giáo dục chính trị, rèn luyện kỷ "
            "luật và xây dựng đơn vị vững mạnh toàn diện.",
            "Ngay sau lễ ra quân, các đơn vị đã tổ chức hội thao, trình diễn các nội dung như điều lệnh "
            "đội ngũ, võ thuật, bắn súng và cứu nạn, cứu hộ.",
        ),
        byline="Hoàng Long",
        category_key="quoc-phong-an-ninh",
        article_type="news",
        status="published",
        featured=False,
        days_ago=26.5,
        tags=("Quốc phòng toàn dân", "Tuyển quân"),
        image_caption="Các lực lượng tham gia lễ ra quân huấn luyện. Ảnh: Hoàng Long",
        page_count=1,
        photo_count=3,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Mùa nước nổi, người dân vùng đầu nguồn mưu sinh với nghề bắt cá linh",
        summary=(
            "Tháng 8, tháng 9 âm lịch, nước lũ từ thượng nguồn sông Mê Kông đổ về mang theo đàn cá linh "
            "non, mở ra mùa mưu sinh của người dân vùng đầu nguồn An Giang, Đồng Tháp."
        ),
        content_html=_html(
            "Mùa nước nổi năm nay về sớm. Trên các cánh đồng ở huyện An Phú, thị xã Tân Châu, những chiếc "
            "xuồng nhỏ nối đuôi nhau ra đồng từ tờ mờ sáng để kéo lưới, gỡ cá.",
            _figure("Những chiếc xuồng ba lá tỏa ra cánh đồng ngập nước từ sáng sớm."),
            "Ông Nguyễn Văn Bảy, ngụ xã Phú Hữu, huyện An Phú, cho biết mỗi ngày gia đình ông bắt được từ "
            "10 đến 15 kg cá linh, bán với giá 60.000 - 80.000 đồng/kg. “Cá linh năm nay không nhiều như "
            "hồi xưa, nhưng cũng đủ trang trải cuộc sống trong mấy tháng nước lên”, ông nói.",
            "Ngoài cá linh, mùa nước nổi còn mang đến nhiều sản vật như bông điên điển, bông súng, cá rô, "
            "tép đồng. Các loại đặc sản này được thương lái thu mua tận nơi, đưa về chợ đầu mối hoặc bán "
            "trực tuyến cho khách ở xa.",
            _figure("Bông điên điển, đặc sản mùa nước nổi, được người dân hái bán tại chợ quê."),
            "Để bảo vệ nguồn lợi thủy sản, chính quyền các địa phương khuyến cáo người dân không sử dụng "
            "lưới có mắt lưới quá nhỏ, không đánh bắt bằng xung điện, góp phần duy trì sinh kế bền vững "
            "cho mùa nước nổi những năm sau.",
        ),
        byline="Hữu Phước",
        category_key="nong-nghiep",
        article_type="photo",
        status="published",
        featured=False,
        days_ago=29.0,
        tags=("Mùa nước nổi", "An Giang"),
        image_caption="Ngư dân An Phú gỡ cá linh sau một đêm giăng lưới. Ảnh: Hữu Phước",
        page_count=1,
        photo_count=10,
        royalty_amount=700000,
    ),
    DemoArticle(
        title="Lâm Đồng phát triển du lịch nông nghiệp công nghệ cao gắn với trải nghiệm",
        summary=(
            "Tận dụng lợi thế về nông nghiệp công nghệ cao, nhiều trang trại ở Lâm Đồng đã mở cửa đón "
            "khách tham quan, trải nghiệm, tạo thêm nguồn thu và quảng bá nông sản địa phương."
        ),
        content_html=_html(
            "Tại thành phố Đà Lạt và các huyện Đơn Dương, Đức Trọng, Lạc Dương, ngày càng nhiều nông trại "
            "rau, hoa, dâu tây ứng dụng công nghệ cao mở cửa đón du khách. Tại đây, du khách được tìm "
            "hiểu quy trình trồng rau thủy canh, tự tay thu hoạch dâu tây và thưởng thức các sản phẩm "
            "sạch ngay tại vườn.",
            "Anh Lê Hoàng Nam, chủ một trang trại dâu tây tại thành phố Đà Lạt, cho biết từ khi kết hợp "
            "làm du lịch, doanh thu của trang trại tăng gần gấp đôi. Mỗi ngày cuối tuần, trang trại đón "
            "từ 300 đến 500 lượt khách.",
            _h2("Cần quy hoạch bài bản"),
            "Theo Sở Văn hóa, Thể thao và Du lịch, toàn tỉnh hiện có hơn 50 điểm du lịch nông nghiệp đang "
            "hoạt động. Tuy nhiên, nhiều điểm còn tự phát, sản phẩm trùng lặp, chất lượng dịch vụ chưa "
            "đồng đều.",
            "Thời gian tới, tỉnh sẽ rà soát, quy hoạch các vùng du lịch nông nghiệp, hỗ trợ nông dân đào "
            "tạo kỹ năng làm du lịch, đồng thời xây dựng bộ tiêu chí công nhận điểm du lịch nông nghiệp "
            "nhằm nâng cao chất lượng, tạo sức cạnh tranh cho sản phẩm.",
        ),
        byline="Đăng Khoa",
        category_key="du-lich",
        article_type="news",
        status="published",
        featured=False,
        days_ago=31.5,
        tags=("Du lịch cộng đồng", "Lâm Đồng", "Nông nghiệp xanh"),
        image_caption=None,
        page_count=1,
        photo_count=2,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Trao 120 căn nhà Đại đoàn kết cho hộ nghèo, hộ cận nghèo",
        summary=(
            "Ủy ban MTTQ Việt Nam tỉnh vừa tổ chức trao 120 căn nhà Đại đoàn kết cho hộ nghèo, hộ cận "
            "nghèo trên địa bàn, với tổng kinh phí hơn 7 tỷ đồng từ Quỹ “Vì người nghèo”."
        ),
        content_html=_html(
            "Mỗi căn nhà có diện tích từ 40 đến 50 m², kết cấu khung bê tông cốt thép, mái tôn, nền lát "
            "gạch, được hỗ trợ 60 triệu đồng từ Quỹ “Vì người nghèo” các cấp. Phần kinh phí còn lại do gia "
            "đình đối ứng và sự hỗ trợ của họ hàng, bà con lối xóm.",
            "Bà Nguyễn Thị Lài, 72 tuổi, ngụ xã Bình Thạnh Đông, huyện Phú Tân, xúc động cho biết: “Cả "
            "đời tôi sống trong căn chòi lá, mùa mưa dột tứ bề. Giờ có căn nhà mới khang trang, tôi mừng "
            "lắm, cảm ơn Đảng, Nhà nước và các nhà hảo tâm.”",
            "Theo Ủy ban MTTQ Việt Nam tỉnh, từ đầu năm đến nay, toàn tỉnh đã vận động xây dựng, sửa chữa "
            "hơn 900 căn nhà cho hộ nghèo, gia đình chính sách. Chương trình xóa nhà tạm, nhà dột nát "
            "đang được các địa phương đẩy nhanh tiến độ, phấn đấu hoàn thành trước thời hạn.",
        ),
        byline="Thu Hà",
        category_key="van-hoa-xa-hoi",
        article_type="news",
        status="published",
        featured=False,
        days_ago=33.0,
        tags=("Nhà Đại đoàn kết", "Giảm nghèo bền vững"),
        image_caption="Trao quyết định hỗ trợ xây dựng nhà Đại đoàn kết cho hộ nghèo. Ảnh: Thu Hà",
        page_count=1,
        photo_count=2,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Tăng cường kiểm tra an toàn thực phẩm dịp Tết Nguyên đán và mùa lễ hội Xuân",
        summary=(
            "Ban Chỉ đạo liên ngành về an toàn thực phẩm tỉnh thành lập 5 đoàn kiểm tra, tập trung vào "
            "các cơ sở sản xuất, kinh doanh thực phẩm phục vụ Tết."
        ),
        content_html=_html(
            "Theo kế hoạch, đợt kiểm tra diễn ra từ ngày 15/12 đến hết tháng Giêng, tập trung vào các nhóm "
            "sản phẩm có nguy cơ cao như bánh mứt kẹo, thịt và sản phẩm từ thịt, rượu, nước giải khát, các "
            "cơ sở dịch vụ ăn uống, bếp ăn tập thể.",
            "Ngoài đoàn kiểm tra của tỉnh, các huyện, thị xã, thành phố cũng thành lập đoàn kiểm tra liên "
            "ngành. Các đoàn sẽ lấy mẫu xét nghiệm nhanh tại chỗ, kiểm tra nguồn gốc nguyên liệu, điều "
            "kiện vệ sinh và giấy chứng nhận đủ điều kiện an toàn thực phẩm của các cơ sở.",
            "Chi cục An toàn vệ sinh thực phẩm khuyến cáo người tiêu dùng nên lựa chọn thực phẩm có nguồn "
            "gốc rõ ràng, nhãn mác đầy đủ; không mua các loại thực phẩm trôi nổi, giá rẻ bất thường. Khi "
            "phát hiện dấu hiệu vi phạm, người dân có thể phản ánh qua đường dây nóng của ngành y tế.",
        ),
        byline="Hồng Nhung",
        category_key="y-te",
        article_type="news",
        status="published",
        featured=False,
        days_ago=36.0,
        tags=("An toàn thực phẩm",),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=250000,
    ),
    DemoArticle(
        title="Tuyên dương 150 học sinh giỏi, sinh viên tiêu biểu năm học 2024 - 2025",
        summary=(
            "Tối 20/7, UBND tỉnh tổ chức lễ tuyên dương học sinh giỏi, sinh viên tiêu biểu có thành tích "
            "xuất sắc trong học tập và rèn luyện năm học 2024 - 2025."
        ),
        content_html=_html(
            "Năm học 2024 - 2025, ngành giáo dục tỉnh đạt nhiều thành tích nổi bật. Tại kỳ thi chọn học "
            "sinh giỏi quốc gia, tỉnh có 32 học sinh đoạt giải, trong đó có 2 giải Nhì, 11 giải Ba và 19 "
            "giải Khuyến khích. Kết quả kỳ thi tốt nghiệp THPT có nhiều thí sinh đạt điểm tuyệt đối ở các "
            "môn.",
            "Phát biểu tại buổi lễ, lãnh đạo UBND tỉnh chúc mừng thành tích của các em và ghi nhận sự tận "
            "tụy của đội ngũ thầy cô giáo, sự quan tâm, đồng hành của các bậc phụ huynh.",
            _quote(
                "“Các em hôm nay là niềm tự hào của quê hương. Mong các em tiếp tục nỗ lực, không ngừng "
                "học hỏi để trở thành những công dân có ích, góp phần xây dựng tỉnh nhà ngày càng phát "
                "triển.”"
            ),
            "Dịp này, UBND tỉnh đã tặng bằng khen cho 150 học sinh, sinh viên; Hội Khuyến học tỉnh trao "
            "150 suất học bổng, mỗi suất trị giá 2 triệu đồng.",
        ),
        byline="Kim Ngân",
        category_key="giao-duc",
        article_type="news",
        status="published",
        featured=False,
        days_ago=40.0,
        tags=("Khuyến học", "Giáo dục"),
        image_caption="Lãnh đạo tỉnh trao bằng khen cho học sinh đạt giải quốc gia. Ảnh: Kim Ngân",
        page_count=1,
        photo_count=3,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Giám đốc Sở Công Thương: Mở rộng thị trường xuất khẩu cho trái cây chủ lực",
        summary=(
            "Trước những yêu cầu ngày càng khắt khe từ các thị trường nhập khẩu, ngành công thương tỉnh đã "
            "có nhiều giải pháp hỗ trợ doanh nghiệp, hợp tác xã mở rộng thị trường cho trái cây chủ lực "
            "như xoài, sầu riêng."
        ),
        content_html=_html(
            _ask("PV: Xin ông cho biết tình hình xuất khẩu trái cây của tỉnh thời gian qua?"),
            "Ông Trần Minh Đức, Giám đốc Sở Công Thương: Kim ngạch xuất khẩu rau quả của tỉnh năm qua đạt "
            "hơn 150 triệu USD, tăng khoảng 20% so với năm trước. Xoài là mặt hàng chủ lực, đã có mặt tại "
            "nhiều thị trường khó tính như Hàn Quốc, Nhật Bản, Úc và Hoa Kỳ.",
            _ask("PV: Đâu là những khó khăn lớn nhất hiện nay, thưa ông?"),
            "Ông Trần Minh Đức: Khó khăn lớn nhất là sản xuất còn nhỏ lẻ, việc cấp mã số vùng trồng, truy "
            "xuất nguồn gốc chưa đáp ứng đầy đủ yêu cầu của các thị trường. Bên cạnh đó, chi phí "
            "logistics còn cao, năng lực chế biến sâu của doanh nghiệp trong tỉnh còn hạn chế.",
            _ask("PV: Ngành công thương sẽ có những giải pháp gì để tháo gỡ?"),
            "Ông Trần Minh Đức: Chúng tôi đang phối hợp với ngành nông nghiệp đẩy mạnh cấp mã số vùng "
            "trồng, hướng dẫn nông dân sản xuất theo tiêu chuẩn VietGAP, GlobalGAP. Đồng thời, tổ chức "
            "các chương trình xúc tiến thương mại, kết nối doanh nghiệp với nhà nhập khẩu, hỗ trợ xây "
            "dựng thương hiệu và tham gia các sàn thương mại điện tử xuyên biên giới.",
            _ask("PV: Xin cảm ơn ông!"),
        ),
        byline="Bảo Anh",
        category_key="kinh-te",
        article_type="interview",
        status="published",
        featured=False,
        days_ago=43.0,
        tags=("Xuất khẩu", "Doanh nghiệp"),
        image_caption=None,
        page_count=2,
        photo_count=1,
        royalty_amount=600000,
    ),
    DemoArticle(
        title="Học tập và làm theo Bác: Những tấm gương bình dị giữa đời thường",
        summary=(
            "Không cần những việc lớn lao, nhiều cán bộ, đảng viên và người dân đã và đang làm theo lời "
            "Bác bằng những việc làm cụ thể, thiết thực, lan tỏa tinh thần nhân ái trong cộng đồng."
        ),
        content_html=_html(
            "Hơn 10 năm qua, ông Võ Văn Hòa (thường gọi là ông Tư Hòa), đảng viên Chi bộ ấp Long Hòa, xã "
            "Long Điền A, huyện Chợ Mới, đã vận động các nhà hảo tâm xây dựng 15 cây cầu bê tông và hơn 8 "
            "km đường giao thông nông thôn. Những con đường, cây cầu mới giúp bà con đi lại thuận tiện, "
            "học sinh đến trường an toàn hơn.",
            "“Tôi làm được gì thì làm, miễn bà con đỡ cực là vui rồi”, ông Tư Hòa mộc mạc chia sẻ.",
            "Ở xã Nhơn Hội, huyện An Phú, chị Ma Ry Am, hội viên phụ nữ người Chăm, lại có cách làm riêng. "
            "Chị thành lập tổ hợp tác dệt thổ cẩm, tạo việc làm ổn định cho hơn 20 phụ nữ nghèo, góp phần "
            "gìn giữ nghề truyền thống của đồng bào.",
            "Theo Ban Tuyên giáo Tỉnh ủy, qua nhiều năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, "
            "toàn tỉnh đã có hàng nghìn tập thể, cá nhân được khen thưởng vì có thành tích xuất sắc trong "
            "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Những tấm gương ấy đã góp phần "
            "lan tỏa những giá trị tốt đẹp, củng cố niềm tin của Nhân dân đối với Đảng.",
        ),
        byline="Ngọc Hân",
        category_key="xay-dung-dang",
        article_type="news",
        status="published",
        featured=True,
        days_ago=46.0,
        tags=("Học tập và làm theo Bác", "Gương điển hình"),
        image_caption="Ông Tư Hòa bên cây cầu do ông vận động xây dựng. Ảnh: Ngọc Hân",
        page_count=2,
        photo_count=3,
        royalty_amount=500000,
    ),
    DemoArticle(
        title="Giữ gìn bản sắc văn hóa dân tộc trong thời kỳ hội nhập",
        summary=(
            "Hội nhập quốc tế mở ra nhiều cơ hội giao lưu, tiếp thu tinh hoa văn hóa nhân loại, nhưng cũng "
            "đặt ra không ít thách thức đối với việc giữ gìn bản sắc văn hóa dân tộc."
        ),
        content_html=_html(
            "Văn hóa là nền tảng tinh thần của xã hội, vừa là mục tiêu, vừa là động lực của sự phát triển. "
            "Trong bối cảnh toàn cầu hóa, sự du nhập ồ ạt của các sản phẩm văn hóa nước ngoài qua mạng xã "
            "hội đang tác động không nhỏ đến lối sống, thị hiếu của một bộ phận giới trẻ.",
            "Không khó để bắt gặp những người trẻ thuộc làu các bài hát nước ngoài nhưng lại không biết "
            "một làn điệu dân ca quê mình; say mê các lễ hội du nhập nhưng thờ ơ với phong tục truyền "
            "thống của gia đình, dòng họ.",
            _h2("Bắt đầu từ mỗi gia đình"),
            "Giữ gìn bản sắc văn hóa không có nghĩa là khép kín, bài ngoại. Điều quan trọng là biết chọn "
            "lọc, tiếp thu những giá trị tiến bộ, đồng thời trân trọng, phát huy những giá trị tốt đẹp của "
            "dân tộc. Mỗi gia đình cần là “trường học” đầu tiên, nơi trẻ em được nghe kể chuyện lịch sử, "
            "được hướng dẫn lễ nghi, phong tục.",
            "Ở tầm vĩ mô, cần tiếp tục đầu tư cho các thiết chế văn hóa cơ sở, hỗ trợ nghệ nhân truyền dạy "
            "các loại hình nghệ thuật truyền thống như đờn ca tài tử, hát bội, múa Rô băm. Khi văn hóa "
            "truyền thống được “sống” trong đời sống hằng ngày, bản sắc dân tộc sẽ được giữ vững trước mọi "
            "biến động.",
        ),
        byline="Lê Minh Triết",
        category_key="van-hoa-xa-hoi",
        article_type="commentary",
        status="published",
        featured=False,
        days_ago=50.0,
        tags=("Văn hóa",),
        image_caption=None,
        page_count=2,
        photo_count=0,
        royalty_amount=500000,
    ),
    DemoArticle(
        title="Đoàn thể thao tỉnh giành 12 huy chương vàng tại giải vô địch khu vực Đồng bằng sông Cửu Long",
        summary=(
            "Sau 5 ngày tranh tài, đoàn thể thao tỉnh đã xuất sắc giành 12 huy chương vàng, 9 huy chương "
            "bạc và 15 huy chương đồng, xếp thứ ba toàn đoàn."
        ),
        content_html=_html(
            "Giải quy tụ hơn 800 vận động viên đến từ 13 tỉnh, thành phố khu vực Đồng bằng sông Cửu Long, "
            "tranh tài ở các môn điền kinh, bơi lội, võ thuật và cầu lông.",
            "Thế mạnh của đoàn tỉnh tiếp tục là các môn võ như karate, taekwondo, vovinam với 8 huy chương "
            "vàng. Đáng chú ý, ở môn điền kinh, vận động viên trẻ Nguyễn Hoàng Phúc đã xuất sắc giành huy "
            "chương vàng nội dung chạy 1.500 m nam, phá kỷ lục của giải.",
            "Theo lãnh đạo Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh, thành tích trên là kết "
            "quả của quá trình tập huấn bài bản, sự quan tâm đầu tư của tỉnh cho công tác đào tạo vận động "
            "viên trẻ. Đây cũng là bước chuẩn bị quan trọng cho Đại hội Thể dục thể thao toàn quốc sắp tới.",
        ),
        byline="Phước Toàn",
        category_key="the-thao",
        article_type="news",
        status="published",
        featured=False,
        days_ago=60.0,
        tags=("Thể thao",),
        image_caption="Vận động viên của tỉnh thi đấu môn điền kinh. Ảnh: Phước Toàn",
        page_count=1,
        photo_count=2,
        royalty_amount=300000,
    ),
    # --------------------------------------------------------------- draft
    DemoArticle(
        title="Đề xuất mở rộng khu công nghiệp Bình Hòa, thu hút doanh nghiệp chế biến nông sản",
        summary=(
            "UBND huyện Châu Thành đề xuất mở rộng khu công nghiệp Bình Hòa thêm khoảng 100 ha nhằm thu "
            "hút các dự án chế biến nông sản, thủy sản."
        ),
        content_html=_html(
            "Khu công nghiệp Bình Hòa hiện có tỷ lệ lấp đầy trên 90%, nhiều nhà đầu tư đang có nhu cầu "
            "thuê đất nhưng quỹ đất sạch không còn nhiều. Vì vậy, việc mở rộng khu công nghiệp là cần "
            "thiết để đón làn sóng đầu tư mới.",
            "Theo đề xuất, phần diện tích mở rộng sẽ ưu tiên thu hút các dự án chế biến sâu nông sản, "
            "thủy sản, sử dụng công nghệ hiện đại, thân thiện với môi trường; hạn chế các dự án thâm dụng "
            "lao động giản đơn.",
            "Hiện đề xuất đang được các sở, ngành chuyên môn thẩm định, dự kiến trình UBND tỉnh xem xét "
            "trong quý tới.",
        ),
        byline="Bảo Anh",
        category_key="kinh-te",
        article_type="news",
        status="draft",
        featured=False,
        days_ago=0.1,
        tags=("Doanh nghiệp", "Đầu tư công"),
        image_caption=None,
        page_count=1,
        photo_count=0,
        royalty_amount=0,
    ),
    DemoArticle(
        title="Triển khai chiến dịch tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 tuổi",
        summary=(
            "Trung tâm Kiểm soát bệnh tật tỉnh sẽ tổ chức tiêm bổ sung vắc xin sởi cho trẻ em từ 1 đến 5 "
            "tuổi tại các vùng có nguy cơ cao, nhằm chủ động phòng, chống dịch sởi."
        ),
        content_html=_html(
            "Theo kế hoạch, chiến dịch sẽ được triển khai tại các trạm y tế xã, phường và điểm tiêm lưu "
            "động ở trường mầm non. Đối tượng tiêm là trẻ em từ 1 đến 5 tuổi chưa tiêm hoặc chưa tiêm đủ 2 "
            "mũi vắc xin có thành phần sởi.",
            "Ngành y tế đề nghị phụ huynh mang theo sổ tiêm chủng hoặc giấy xác nhận tiêm chủng của trẻ khi "
            "đến điểm tiêm; theo dõi trẻ ít nhất 30 phút sau tiêm và tiếp tục theo dõi tại nhà trong 24 "
            "giờ.",
            "[Chờ bổ sung số liệu từ Trung tâm Kiểm soát bệnh tật tỉnh và ảnh minh họa]",
        ),
        byline="Diệu Linh",
        category_key="y-te",
        article_type="news",
        status="draft",
        featured=False,
        days_ago=0.3,
        tags=("Tiêm chủng", "Y tế cơ sở"),
        image_caption=None,
        page_count=1,
        photo_count=0,
        royalty_amount=0,
    ),
    DemoArticle(
        title="Rừng tràm Trà Sư vào mùa đẹp nhất năm, hút khách du lịch sinh thái",
        summary=(
            "Mùa nước nổi, rừng tràm Trà Sư ở thị xã Tịnh Biên khoác lên mình tấm thảm bèo xanh mướt, trở "
            "thành điểm đến hấp dẫn của du khách yêu thiên nhiên."
        ),
        content_html=_html(
            "Rừng tràm Trà Sư rộng hơn 1.000 ha, là hệ sinh thái rừng ngập nước đặc trưng của vùng Tứ giác "
            "Long Xuyên, nơi cư trú của hàng chục loài chim, cò và nhiều loài thủy sản nước ngọt.",
            _figure("Xuồng chở du khách len lỏi giữa thảm bèo xanh."),
            "Du khách đến đây có thể đi xuồng máy, sau đó chuyển sang xuồng chèo tay len lỏi giữa rừng "
            "tràm, ngắm chim, leo lên đài quan sát để ngắm toàn cảnh khu rừng và thưởng thức các món ăn "
            "đặc sản mùa nước nổi.",
            "Ghi nhận của phóng viên cho thấy vào cuối tuần, lượng khách đến tham quan tăng mạnh, chủ yếu "
            "là khách từ Thành phố Hồ Chí Minh và các tỉnh miền Đông Nam Bộ.",
        ),
        byline="Thanh Tiến",
        category_key="du-lich",
        article_type="photo",
        status="draft",
        featured=False,
        days_ago=0.8,
        tags=("Du lịch", "Mùa nước nổi"),
        image_caption="Rừng tràm Trà Sư mùa nước nổi. Ảnh: Thanh Tiến",
        page_count=1,
        photo_count=8,
        royalty_amount=0,
    ),
    # ----------------------------------------------------------- in_review
    DemoArticle(
        title="UBND tỉnh đối thoại với doanh nghiệp về cải cách thủ tục hành chính",
        summary=(
            "Hơn 200 doanh nghiệp, hợp tác xã đã tham dự hội nghị đối thoại, nêu nhiều kiến nghị liên quan "
            "đến thủ tục đất đai, đầu tư, thuế và tiếp cận tín dụng."
        ),
        content_html=_html(
            "Ngày 26/9, UBND tỉnh tổ chức hội nghị đối thoại với doanh nghiệp năm nay. Tham dự có lãnh đạo "
            "các sở, ngành, địa phương cùng hơn 200 đại diện doanh nghiệp, hợp tác xã, hộ kinh doanh trên "
            "địa bàn tỉnh.",
            "Tại hội nghị, nhiều doanh nghiệp phản ánh thời gian giải quyết các thủ tục liên quan đến đất "
            "đai, cấp phép xây dựng còn kéo dài; một số quy định chồng chéo khiến doanh nghiệp lúng túng "
            "khi thực hiện. Các doanh nghiệp cũng kiến nghị tỉnh tiếp tục hỗ trợ kết nối ngân hàng để tiếp "
            "cận nguồn vốn vay ưu đãi.",
            "Lãnh đạo các sở, ngành đã trực tiếp trả lời, làm rõ nhiều kiến nghị ngay tại hội nghị. Đối với "
            "những nội dung vượt thẩm quyền, UBND tỉnh sẽ tổng hợp, kiến nghị các bộ, ngành Trung ương xem "
            "xét, giải quyết.",
            "Chủ tịch UBND tỉnh khẳng định, tỉnh luôn đồng hành cùng doanh nghiệp, coi sự phát triển của "
            "doanh nghiệp là thước đo hiệu quả điều hành của chính quyền. Các sở, ngành phải trả lời bằng "
            "văn bản các kiến nghị của doanh nghiệp chậm nhất trong 15 ngày làm việc.",
        ),
        byline="Phương Thảo",
        category_key="chinh-tri",
        article_type="news",
        status="in_review",
        featured=False,
        days_ago=0.2,
        tags=("Cải cách hành chính", "Doanh nghiệp"),
        image_caption="Quang cảnh hội nghị đối thoại. Ảnh: Phương Thảo",
        page_count=1,
        photo_count=2,
        royalty_amount=350000,
    ),
    DemoArticle(
        title="Công an tỉnh triệt phá đường dây đánh bạc qua mạng quy mô hàng trăm tỷ đồng",
        summary=(
            "Phòng Cảnh sát hình sự Công an tỉnh vừa triệt phá thành công đường dây đánh bạc trực tuyến với "
            "tổng số tiền giao dịch hơn 300 tỷ đồng, bắt giữ 12 đối tượng."
        ),
        content_html=_html(
            "Qua công tác nắm tình hình, Phòng Cảnh sát hình sự Công an tỉnh phát hiện một nhóm đối tượng "
            "có dấu hiệu tổ chức đánh bạc qua mạng dưới hình thức cá độ bóng đá và chơi game bài đổi "
            "thưởng.",
            "Sau thời gian xác lập chuyên án, lực lượng công an đã đồng loạt kiểm tra nhiều địa điểm, bắt "
            "giữ 12 đối tượng, thu giữ nhiều điện thoại, máy tính, thẻ ngân hàng và các tài liệu liên quan. "
            "Bước đầu xác định, tổng số tiền giao dịch của đường dây hơn 300 tỷ đồng.",
            "Hiện vụ án đang được Cơ quan Cảnh sát điều tra Công an tỉnh tiếp tục mở rộng điều tra. Công "
            "an tỉnh khuyến cáo người dân không tham gia các hình thức cá cược trực tuyến, kịp thời tố giác "
            "tội phạm đến cơ quan công an gần nhất.",
        ),
        byline="Quốc Việt",
        category_key="quoc-phong-an-ninh",
        article_type="news",
        status="in_review",
        featured=False,
        days_ago=0.5,
        tags=("An ninh trật tự",),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=400000,
    ),
    # ----------------------------------------------------------- scheduled
    DemoArticle(
        title="Tỉnh ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Hội nghị Trung ương",
        summary=(
            "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến các điểm cầu cấp huyện "
            "và cấp xã, với sự tham dự của hơn 15.000 cán bộ, đảng viên."
        ),
        content_html=_html(
            "Hội nghị được tổ chức theo hình thức trực tiếp tại Hội trường Tỉnh ủy, kết hợp trực tuyến đến "
            "các điểm cầu cấp huyện và cấp xã. Tham dự có các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh, "
            "lãnh đạo các sở, ban, ngành và hơn 15.000 cán bộ, đảng viên.",
            "Tại hội nghị, các đại biểu được nghe báo cáo viên truyền đạt những nội dung cơ bản, cốt lõi "
            "của các nghị quyết, kết luận được thông qua tại Hội nghị Trung ương; đồng thời quán triệt "
            "chương trình hành động của Tỉnh ủy thực hiện các nghị quyết.",
            "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng sau hội nghị khẩn trương xây dựng kế "
            "hoạch thực hiện, bảo đảm đưa nghị quyết vào cuộc sống một cách thiết thực, hiệu quả.",
        ),
        byline="Hữu Huệ",
        category_key="xay-dung-dang",
        article_type="news",
        status="scheduled",
        featured=False,
        days_ago=-1.5,
        tags=("Xây dựng Đảng",),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=300000,
    ),
    DemoArticle(
        title="Chương trình nghệ thuật đặc biệt chào mừng kỷ niệm Ngày Quốc khánh 2/9",
        summary=(
            "Tối 1/9, tại Quảng trường trung tâm tỉnh sẽ diễn ra chương trình nghệ thuật đặc biệt với chủ "
            "đề “Tổ quốc trong tim”, chào mừng kỷ niệm Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt "
            "Nam."
        ),
        content_html=_html(
            "Chương trình do Sở Văn hóa, Thể thao và Du lịch phối hợp với Đoàn Ca múa nhạc tỉnh thực hiện, "
            "quy tụ hơn 200 diễn viên, nghệ sĩ chuyên nghiệp và không chuyên.",
            "Chương trình gồm ba chương: “Mùa thu lịch sử”, “Đất nước vươn mình” và “Khát vọng phát "
            "triển”, tái hiện những dấu mốc quan trọng của dân tộc từ Cách mạng Tháng Tám năm 1945 đến "
            "công cuộc đổi mới, hội nhập hôm nay.",
            "Kết thúc chương trình là màn bắn pháo hoa tầm thấp kéo dài 15 phút. Ban tổ chức khuyến cáo "
            "người dân đến xem chấp hành sự hướng dẫn của lực lượng chức năng, giữ gìn trật tự, vệ sinh "
            "chung.",
        ),
        byline="Minh Châu",
        category_key="van-hoa-xa-hoi",
        article_type="video",
        status="scheduled",
        featured=False,
        days_ago=-3.0,
        tags=("Văn hóa", "Lễ hội"),
        image_caption="Tiết mục biểu diễn trong buổi tổng duyệt chương trình. Ảnh: Minh Châu",
        page_count=1,
        photo_count=3,
        royalty_amount=450000,
    ),
    # --------------------------------------------------------- unpublished
    DemoArticle(
        title="Thông báo lịch xuống giống lúa vụ Đông Xuân trên địa bàn tỉnh",
        summary=(
            "Sở Nông nghiệp và Môi trường thông báo lịch xuống giống lúa vụ Đông Xuân, chia thành ba đợt "
            "theo từng vùng sinh thái, nhằm né rầy và bảo đảm nguồn nước tưới."
        ),
        content_html=_html(
            "Căn cứ kết quả điều tra, theo dõi rầy nâu vào đèn và dự báo nguồn nước, Sở Nông nghiệp và Môi "
            "trường thông báo lịch xuống giống lúa vụ Đông Xuân như sau:",
            _ul(
                "Đợt 1: từ ngày 25/10 đến ngày 05/11, áp dụng cho vùng đê bao khép kín các huyện đầu "
                "nguồn;",
                "Đợt 2: từ ngày 10/11 đến ngày 25/11, áp dụng cho các huyện Châu Phú, Thoại Sơn, Châu "
                "Thành;",
                "Đợt 3: từ ngày 01/12 đến ngày 15/12, áp dụng cho vùng Tứ giác Long Xuyên.",
            ),
            "Nông dân cần xuống giống tập trung, đồng loạt theo từng cánh đồng; sử dụng giống xác nhận; "
            "thăm đồng thường xuyên để phát hiện và xử lý kịp thời sinh vật gây hại.",
            "<p><em>Ghi chú: Thông báo này đã được thay thế bằng thông báo điều chỉnh ngày 28/10.</em></p>",
        ),
        byline="Ngọc Trâm",
        category_key="nong-nghiep",
        article_type="document",
        status="unpublished",
        featured=False,
        days_ago=20.0,
        tags=("Lúa gạo",),
        image_caption=None,
        page_count=1,
        photo_count=0,
        royalty_amount=150000,
    ),
    DemoArticle(
        title="Dự thảo phương án tuyển sinh lớp 10 năm học mới có nhiều điểm mới",
        summary=(
            "Sở Giáo dục và Đào tạo vừa công bố dự thảo phương án tuyển sinh lớp 10, trong đó thí sinh thi "
            "ba môn Toán, Ngữ văn và Ngoại ngữ."
        ),
        content_html=_html(
            "Theo dự thảo, kỳ thi tuyển sinh lớp 10 năm học mới dự kiến tổ chức vào đầu tháng 6. Thí sinh "
            "thi ba môn bắt buộc gồm Toán, Ngữ văn và Ngoại ngữ; riêng thí sinh đăng ký vào trường chuyên "
            "thi thêm môn chuyên.",
            "Điểm xét tuyển là tổng điểm ba bài thi cộng điểm ưu tiên, khuyến khích (nếu có). Mỗi thí sinh "
            "được đăng ký tối đa hai nguyện vọng vào các trường THPT công lập.",
            "Sở Giáo dục và Đào tạo đang lấy ý kiến góp ý của cán bộ quản lý, giáo viên, phụ huynh và học "
            "sinh trước khi ban hành phương án chính thức.",
        ),
        byline="Thu Thảo",
        category_key="giao-duc",
        article_type="news",
        status="unpublished",
        featured=False,
        days_ago=27.0,
        tags=("Tuyển sinh", "Giáo dục"),
        image_caption=None,
        page_count=1,
        photo_count=1,
        royalty_amount=250000,
    ),
    # ------------------------------------------------------------- trashed
    DemoArticle(
        title="Giá cả thị trường tuần qua: Rau xanh tăng nhẹ, thịt heo ổn định (bản trùng)",
        summary=(
            "Tuần qua, giá rau xanh tại các chợ trên địa bàn tỉnh tăng nhẹ do ảnh hưởng của mưa kéo dài, "
            "trong khi giá thịt heo, gia cầm tương đối ổn định."
        ),
        content_html=_html(
            "Khảo sát tại chợ Long Xuyên, chợ Mỹ Xuyên cho thấy, giá các loại rau ăn lá như cải xanh, rau "
            "muống tăng từ 2.000 đến 5.000 đồng/kg so với tuần trước. Nguyên nhân do mưa nhiều khiến rau "
            "bị dập úng, nguồn cung giảm.",
            "Giá thịt heo đùi dao động từ 110.000 đến 120.000 đồng/kg; thịt ba rọi từ 130.000 đến 140.000 "
            "đồng/kg; gà ta làm sẵn từ 120.000 đến 140.000 đồng/kg, ổn định so với tuần trước.",
            "Theo các tiểu thương, sức mua tại chợ truyền thống chưa có nhiều biến động, dự báo giá cả sẽ "
            "tăng nhẹ vào dịp cuối tháng.",
        ),
        byline="Bảo Anh",
        category_key="kinh-te",
        article_type="news",
        status="trashed",
        featured=False,
        days_ago=45.0,
        tags=("Giá cả thị trường",),
        image_caption=None,
        page_count=1,
        photo_count=0,
        royalty_amount=0,
    ),
    DemoArticle(
        title="Kết quả vòng loại Giải bóng đá thanh niên tỉnh (bài thử nghiệm)",
        summary=(
            "Sau lượt trận thứ ba vòng loại, đội tuyển thành phố Long Xuyên và thị xã Tân Châu tạm dẫn đầu "
            "hai bảng đấu."
        ),
        content_html=_html(
            "Ở bảng A, đội thành phố Long Xuyên toàn thắng cả ba trận, ghi được 9 bàn thắng và chỉ để thủng "
            "lưới 2 bàn. Đội huyện Chợ Mới xếp thứ hai với 6 điểm.",
            "Ở bảng B, cuộc đua giành vé vào bán kết diễn ra gay cấn khi ba đội thị xã Tân Châu, huyện Phú "
            "Tân và thành phố Châu Đốc cùng có 6 điểm, phải phân định bằng hiệu số bàn thắng bại.",
            "Vòng bán kết dự kiến diễn ra vào cuối tuần tới tại Sân vận động tỉnh.",
        ),
        byline="Phước Toàn",
        category_key="the-thao",
        article_type="news",
        status="trashed",
        featured=False,
        days_ago=52.0,
        tags=("Bóng đá", "Thể thao"),
        image_caption=None,
        page_count=1,
        photo_count=0,
        royalty_amount=0,
    ),
)

# ---------------------------------------------------------------------------
# Bulk generator: phrase pools
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _CategoryPool:
    subjects: tuple[str, ...]  # organisations; the province name is appended
    topics: tuple[str, ...]  # lower-case noun phrases usable after a verb
    facts: tuple[str, ...]  # category-specific body sentences (format templates)
    leaders: tuple[str, ...]  # category-specific leader positions
    tags: tuple[str, ...]


_POOLS: dict[str, _CategoryPool] = {
    "xay-dung-dang": _CategoryPool(
        subjects=(
            "Ban Thường vụ Tỉnh ủy",
            "Ban Tổ chức Tỉnh ủy",
            "Ủy ban Kiểm tra Tỉnh ủy",
            "Đảng ủy các cơ quan Đảng tỉnh",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        ),
        topics=(
            "công tác xây dựng, chỉnh đốn Đảng",
            "việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
            "công tác kiểm tra, giám sát của Đảng",
            "công tác phát triển đảng viên mới",
            "công tác chuẩn bị đại hội đảng bộ cơ sở",
            "công tác bảo vệ nền tảng tư tưởng của Đảng",
            "việc đổi mới nội dung sinh hoạt chi bộ",
        ),
        facts=(
            "Từ đầu năm đến nay, Đảng bộ tỉnh {province} đã kết nạp {n1} đảng viên mới, đạt {pct} kế hoạch năm.",
            "Công tác kiểm tra, giám sát được tiến hành thường xuyên, kịp thời chấn chỉnh những sai sót ngay từ cơ sở.",
            "Các cấp ủy đã chú trọng đổi mới nội dung, hình thức sinh hoạt chi bộ, nâng cao tính lãnh đạo, tính giáo dục và tính chiến đấu.",
        ),
        leaders=(
            "Ủy viên Ban Thường vụ, Trưởng ban Tổ chức Tỉnh ủy",
            "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        ),
        tags=("Đại hội Đảng", "Xây dựng Đảng", "Học tập và làm theo Bác", "Công tác kiểm tra"),
    ),
    "cong-tac-dan-van": _CategoryPool(
        subjects=(
            "Ban Dân vận Tỉnh ủy",
            "Ủy ban MTTQ Việt Nam tỉnh",
            "Hội Liên hiệp Phụ nữ tỉnh",
            "Hội Nông dân tỉnh",
            "Khối Dân vận tỉnh",
        ),
        topics=(
            "phong trào thi đua “Dân vận khéo”",
            "công tác dân vận chính quyền",
            "việc thực hiện dân chủ ở cơ sở",
            "công tác dân vận vùng đồng bào dân tộc thiểu số",
            "mô hình “Dân vận khéo” trong giảm nghèo bền vững",
            "công tác tiếp xúc, đối thoại với Nhân dân",
        ),
        facts=(
            "Toàn tỉnh hiện có {n1} mô hình “Dân vận khéo” được công nhận ở các cấp, trải đều trên các lĩnh vực.",
            "Thông qua các mô hình, Nhân dân đã tự nguyện hiến {n2} m² đất, đóng góp hàng nghìn ngày công để làm đường giao thông nông thôn.",
            "Công tác nắm bắt tâm tư, nguyện vọng của Nhân dân được duy trì thường xuyên, góp phần giải quyết kịp thời các vụ việc phát sinh từ cơ sở.",
        ),
        leaders=("Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy",),
        tags=("Dân vận khéo", "Dân chủ cơ sở", "Mặt trận Tổ quốc"),
    ),
    "chinh-tri": _CategoryPool(
        subjects=(
            "HĐND tỉnh",
            "UBND tỉnh",
            "Đoàn đại biểu Quốc hội tỉnh",
            "Sở Nội vụ",
            "Thanh tra tỉnh",
        ),
        topics=(
            "công tác cải cách thủ tục hành chính",
            "công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
            "việc triển khai Đề án 06 của Chính phủ",
            "công tác phòng, chống tham nhũng, tiêu cực",
            "việc sắp xếp đơn vị hành chính cấp xã",
            "hoạt động giám sát của HĐND các cấp",
            "công tác thi đua, khen thưởng",
        ),
        facts=(
            "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng và trước hạn đạt {pct}, tăng so với cùng kỳ.",
            "Các cơ quan đã tổ chức {n1} cuộc tiếp công dân, tiếp nhận và xử lý hàng trăm đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh.",
            "Việc tiếp nhận hồ sơ và trả kết quả qua dịch vụ công trực tuyến ngày càng được người dân, doanh nghiệp tin dùng.",
        ),
        leaders=("Chủ tịch HĐND tỉnh", "Phó Trưởng đoàn chuyên trách Đoàn đại biểu Quốc hội tỉnh"),
        tags=("Cải cách hành chính", "HĐND tỉnh", "Chống tham nhũng"),
    ),
    "kinh-te": _CategoryPool(
        subjects=(
            "Sở Tài chính",
            "Sở Công Thương",
            "Ban Quản lý các khu công nghiệp tỉnh",
            "Trung tâm Xúc tiến Thương mại và Đầu tư",
            "Hiệp hội Doanh nghiệp tỉnh",
        ),
        topics=(
            "giải ngân vốn đầu tư công",
            "công tác thu hút đầu tư vào các khu công nghiệp",
            "chương trình Mỗi xã một sản phẩm (OCOP)",
            "hoạt động xúc tiến thương mại, mở rộng thị trường",
            "phát triển kinh tế tập thể, hợp tác xã",
            "chính sách hỗ trợ doanh nghiệp nhỏ và vừa",
            "công tác thu ngân sách nhà nước",
        ),
        facts=(
            "Tổng vốn đầu tư toàn xã hội trên địa bàn ước đạt {money}, tăng khoảng {pct_small} so với cùng kỳ.",
            "Toàn tỉnh hiện có {n1} sản phẩm đạt chuẩn OCOP từ 3 sao trở lên, nhiều sản phẩm đã có mặt tại các hệ thống siêu thị lớn.",
            "Hoạt động sản xuất, kinh doanh của doanh nghiệp dần phục hồi, số doanh nghiệp thành lập mới tăng so với năm trước.",
        ),
        leaders=("Giám đốc Sở Tài chính", "Giám đốc Sở Công Thương"),
        tags=("Đầu tư công", "Doanh nghiệp", "OCOP", "Xuất khẩu"),
    ),
    "nong-nghiep": _CategoryPool(
        subjects=(
            "Sở Nông nghiệp và Môi trường",
            "Chi cục Trồng trọt và Bảo vệ thực vật",
            "Trung tâm Khuyến nông tỉnh",
            "Liên minh Hợp tác xã tỉnh",
        ),
        topics=(
            "sản xuất lúa vụ Đông Xuân",
            "mô hình cánh đồng lớn gắn với liên kết tiêu thụ",
            "phát triển vùng trồng xoài đạt chuẩn xuất khẩu",
            "công tác phòng, chống hạn mặn",
            "đề án một triệu héc-ta lúa chất lượng cao",
            "mô hình nuôi thủy sản ứng dụng công nghệ cao",
            "công tác cấp mã số vùng trồng",
        ),
        facts=(
            "Vụ này, năng suất lúa bình quân ước đạt {yield_t} tấn/ha, nông dân có lãi khá sau khi trừ chi phí.",
            "Diện tích sản xuất theo hướng liên kết, có hợp đồng bao tiêu sản phẩm đạt {n2} ha, tăng đáng kể so với vụ trước.",
            "Ngành nông nghiệp đã cấp {n1} mã số vùng trồng phục vụ xuất khẩu, tập trung vào các loại cây ăn trái chủ lực.",
        ),
        leaders=("Giám đốc Sở Nông nghiệp và Môi trường",),
        tags=("Lúa gạo", "Nông thôn mới", "Hợp tác xã", "Mùa nước nổi"),
    ),
    "du-lich": _CategoryPool(
        subjects=(
            "Sở Văn hóa, Thể thao và Du lịch",
            "Hiệp hội Du lịch tỉnh",
            "Trung tâm Xúc tiến Du lịch",
        ),
        topics=(
            "phát triển du lịch cộng đồng",
            "chương trình kích cầu du lịch nội địa",
            "công tác quảng bá, xúc tiến điểm đến",
            "phát triển du lịch sinh thái gắn với bảo tồn",
            "nâng cao chất lượng dịch vụ lưu trú",
            "phát triển sản phẩm du lịch đêm",
        ),
        facts=(
            "Từ đầu năm đến nay, {province} đã đón khoảng {n2} lượt khách lưu trú, tổng thu từ du lịch ước đạt {money}.",
            "Nhiều điểm du lịch cộng đồng đã được hình thành, tạo việc làm, tăng thu nhập cho người dân địa phương.",
            "Các cơ sở lưu trú, nhà hàng được yêu cầu niêm yết giá công khai, không chèo kéo, ép giá du khách.",
        ),
        leaders=("Giám đốc Sở Văn hóa, Thể thao và Du lịch",),
        tags=("Du lịch", "Lễ hội", "Du lịch cộng đồng"),
    ),
    "van-hoa-xa-hoi": _CategoryPool(
        subjects=(
            "Sở Văn hóa, Thể thao và Du lịch",
            "Tỉnh đoàn",
            "Hội Chữ thập đỏ tỉnh",
            "Liên đoàn Lao động tỉnh",
            "Sở Nội vụ",
        ),
        topics=(
            "phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
            "công tác giảm nghèo bền vững",
            "công tác chăm lo gia đình chính sách, người có công",
            "việc bảo tồn di sản văn hóa phi vật thể",
            "chương trình xóa nhà tạm, nhà dột nát",
            "công tác bảo vệ, chăm sóc trẻ em",
            "công tác giải quyết việc làm cho lao động nông thôn",
        ),
        facts=(
            "Tỷ lệ hộ nghèo trên địa bàn giảm còn {pct_low}, thấp hơn chỉ tiêu Nghị quyết đề ra.",
            "Toàn tỉnh đã hỗ trợ xây mới, sửa chữa {n1} căn nhà cho hộ nghèo, hộ có hoàn cảnh khó khăn.",
            "Phong trào xây dựng gia đình văn hóa, ấp, khóm văn hóa được duy trì, từng bước đi vào chiều sâu.",
        ),
        leaders=("Chủ tịch Hội Chữ thập đỏ tỉnh", "Bí thư Tỉnh đoàn"),
        tags=("Văn hóa", "Giảm nghèo bền vững", "Nhà Đại đoàn kết", "An sinh xã hội"),
    ),
    "the-thao": _CategoryPool(
        subjects=(
            "Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Liên đoàn Bóng đá tỉnh",
        ),
        topics=(
            "phong trào thể dục thể thao quần chúng",
            "công tác đào tạo vận động viên trẻ",
            "cuộc vận động toàn dân rèn luyện thân thể theo gương Bác Hồ",
            "công tác tổ chức đại hội thể dục thể thao các cấp",
            "phong trào bơi lội phòng, chống đuối nước cho trẻ em",
            "các giải thể thao truyền thống",
        ),
        facts=(
            "Toàn tỉnh hiện có khoảng {pct_mid} dân số tham gia luyện tập thể dục thể thao thường xuyên.",
            "Năm qua, các vận động viên của tỉnh đã giành {n1} huy chương các loại tại các giải khu vực và toàn quốc.",
            "Nhiều câu lạc bộ thể thao cơ sở được thành lập, thu hút đông đảo người dân ở mọi lứa tuổi tham gia.",
        ),
        leaders=("Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch",),
        tags=("Thể thao", "Bóng đá", "Thể dục thể thao quần chúng"),
    ),
    "quoc-phong-an-ninh": _CategoryPool(
        subjects=(
            "Bộ Chỉ huy Quân sự tỉnh",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            "Công an tỉnh",
            "Hội Cựu chiến binh tỉnh",
        ),
        topics=(
            "công tác tuyển chọn, gọi công dân nhập ngũ",
            "phong trào toàn dân bảo vệ an ninh Tổ quốc",
            "công tác tuần tra, kiểm soát tuyến biên giới",
            "công tác phòng, chống buôn lậu, gian lận thương mại",
            "công tác diễn tập khu vực phòng thủ",
            "công tác bảo đảm trật tự, an toàn giao thông",
            "công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        ),
        facts=(
            "Công tác tuyển chọn, gọi công dân nhập ngũ bảo đảm 100% chỉ tiêu, đúng luật, chất lượng ngày càng được nâng lên.",
            "Các lực lượng chức năng đã phát hiện, xử lý {n1} vụ vi phạm, thu giữ nhiều tang vật có giá trị.",
            "Phong trào toàn dân bảo vệ an ninh Tổ quốc tiếp tục được đẩy mạnh với nhiều mô hình tự quản về an ninh trật tự hiệu quả.",
        ),
        leaders=("Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "Giám đốc Công an tỉnh"),
        tags=("Biên giới", "Quốc phòng toàn dân", "An ninh trật tự", "Tuyển quân"),
    ),
    "giao-duc": _CategoryPool(
        subjects=("Sở Giáo dục và Đào tạo", "Hội Khuyến học tỉnh", "Công đoàn ngành Giáo dục tỉnh"),
        topics=(
            "công tác tuyển sinh đầu cấp",
            "chương trình giáo dục phổ thông 2018",
            "chuyển đổi số trong giáo dục",
            "phong trào khuyến học, khuyến tài",
            "công tác chuẩn bị kỳ thi tốt nghiệp THPT",
            "công tác xây dựng trường đạt chuẩn quốc gia",
            "công tác phổ cập giáo dục, xóa mù chữ",
        ),
        facts=(
            "Năm học này, {locality} có khoảng {n2} học sinh các cấp, tỷ lệ huy động trẻ trong độ tuổi ra lớp đạt {pct}.",
            "Tỷ lệ trường đạt chuẩn quốc gia trên địa bàn đạt {pct_mid}, cơ sở vật chất từng bước được đầu tư đồng bộ.",
            "Đội ngũ giáo viên cơ bản đáp ứng yêu cầu, tuy nhiên vẫn còn tình trạng thiếu giáo viên ở một số môn học đặc thù.",
        ),
        leaders=("Giám đốc Sở Giáo dục và Đào tạo",),
        tags=("Giáo dục", "Năm học mới", "Khuyến học", "Tuyển sinh"),
    ),
    "y-te": _CategoryPool(
        subjects=(
            "Sở Y tế",
            "Trung tâm Kiểm soát bệnh tật tỉnh",
            "Bệnh viện Đa khoa tỉnh",
            "Bảo hiểm xã hội tỉnh",
        ),
        topics=(
            "công tác phòng, chống sốt xuất huyết",
            "chương trình tiêm chủng mở rộng",
            "công tác bảo đảm an toàn thực phẩm",
            "việc phát triển bảo hiểm y tế toàn dân",
            "việc nâng cao chất lượng y tế cơ sở",
            "công tác khám, chữa bệnh cho người nghèo",
            "công tác phòng, chống dịch bệnh mùa mưa",
        ),
        facts=(
            "Ngành y tế đã tổ chức khám, tư vấn sức khỏe miễn phí cho {n2} lượt người dân, tập trung ở các xã vùng sâu, vùng xa.",
            "Tỷ lệ người dân tham gia bảo hiểm y tế trên địa bàn đạt {pct}, tiến gần mục tiêu bao phủ bảo hiểm y tế toàn dân.",
            "Mạng lưới y tế cơ sở được củng cố, các trạm y tế xã cơ bản có bác sĩ làm việc thường xuyên.",
        ),
        leaders=("Giám đốc Sở Y tế", "Giám đốc Trung tâm Kiểm soát bệnh tật tỉnh"),
        tags=("Y tế cơ sở", "Sốt xuất huyết", "An toàn thực phẩm", "Tiêm chủng", "Bảo hiểm y tế"),
    ),
}

_GENERIC_TAGS: tuple[str, ...] = (
    "Chuyển đổi số",
    "Tin địa phương",
    "Gương điển hình",
    "Thi đua yêu nước",
    "Môi trường",
)

# (province, ((locality prefix, locality name), ...))
_PROVINCES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "An Giang",
        (
            ("thành phố", "Long Xuyên"),
            ("thành phố", "Châu Đốc"),
            ("thị xã", "Tân Châu"),
            ("thị xã", "Tịnh Biên"),
            ("huyện", "Tri Tôn"),
            ("huyện", "Chợ Mới"),
            ("huyện", "Phú Tân"),
            ("huyện", "An Phú"),
            ("huyện", "Thoại Sơn"),
        ),
    ),
    (
        "Đồng Tháp",
        (
            ("thành phố", "Cao Lãnh"),
            ("thành phố", "Sa Đéc"),
            ("thành phố", "Hồng Ngự"),
            ("huyện", "Tháp Mười"),
            ("huyện", "Tam Nông"),
            ("huyện", "Lai Vung"),
            ("huyện", "Lấp Vò"),
        ),
    ),
    (
        "Lâm Đồng",
        (
            ("thành phố", "Đà Lạt"),
            ("thành phố", "Bảo Lộc"),
            ("huyện", "Đức Trọng"),
            ("huyện", "Lâm Hà"),
            ("huyện", "Di Linh"),
            ("huyện", "Đơn Dương"),
        ),
    ),
    (
        "Kiên Giang",
        (
            ("thành phố", "Rạch Giá"),
            ("thành phố", "Hà Tiên"),
            ("thành phố", "Phú Quốc"),
            ("huyện", "Giồng Riềng"),
            ("huyện", "Kiên Lương"),
        ),
    ),
    (
        "Tiền Giang",
        (
            ("thành phố", "Mỹ Tho"),
            ("huyện", "Cái Bè"),
            ("thị xã", "Cai Lậy"),
            ("thị xã", "Gò Công"),
        ),
    ),
    (
        "Bến Tre",
        (
            ("thành phố", "Bến Tre"),
            ("huyện", "Mỏ Cày Nam"),
            ("huyện", "Ba Tri"),
            ("huyện", "Giồng Trôm"),
        ),
    ),
    (
        "Vĩnh Long",
        (
            ("thành phố", "Vĩnh Long"),
            ("huyện", "Long Hồ"),
            ("huyện", "Vũng Liêm"),
            ("huyện", "Trà Ôn"),
            ("thị xã", "Bình Minh"),
        ),
    ),
    (
        "Sóc Trăng",
        (
            ("thành phố", "Sóc Trăng"),
            ("thị xã", "Ngã Năm"),
            ("thị xã", "Vĩnh Châu"),
            ("huyện", "Kế Sách"),
            ("huyện", "Mỹ Xuyên"),
        ),
    ),
    (
        "Hậu Giang",
        (
            ("thành phố", "Vị Thanh"),
            ("thành phố", "Ngã Bảy"),
            ("thị xã", "Long Mỹ"),
            ("huyện", "Phụng Hiệp"),
        ),
    ),
    (
        "Cà Mau",
        (
            ("thành phố", "Cà Mau"),
            ("huyện", "Năm Căn"),
            ("huyện", "Ngọc Hiển"),
            ("huyện", "U Minh"),
            ("huyện", "Đầm Dơi"),
        ),
    ),
    (
        "Bạc Liêu",
        (
            ("thành phố", "Bạc Liêu"),
            ("thị xã", "Giá Rai"),
            ("huyện", "Hồng Dân"),
            ("huyện", "Phước Long"),
            ("huyện", "Đông Hải"),
        ),
    ),
    (
        "Trà Vinh",
        (
            ("thành phố", "Trà Vinh"),
            ("huyện", "Cầu Ngang"),
            ("thị xã", "Duyên Hải"),
            ("huyện", "Trà Cú"),
            ("huyện", "Tiểu Cần"),
        ),
    ),
    (
        "Long An",
        (
            ("thành phố", "Tân An"),
            ("huyện", "Đức Hòa"),
            ("huyện", "Cần Giuộc"),
            ("huyện", "Mộc Hóa"),
        ),
    ),
    (
        "Đắk Lắk",
        (
            ("thành phố", "Buôn Ma Thuột"),
            ("huyện", "Buôn Đôn"),
            ("huyện", "Krông Pắc"),
            ("huyện", "Lắk"),
        ),
    ),
    (
        "Gia Lai",
        (("thành phố", "Pleiku"), ("thị xã", "An Khê"), ("huyện", "Chư Sê"), ("huyện", "Đak Đoa")),
    ),
    (
        "Quảng Nam",
        (
            ("thành phố", "Tam Kỳ"),
            ("thành phố", "Hội An"),
            ("huyện", "Núi Thành"),
            ("thị xã", "Điện Bàn"),
        ),
    ),
    (
        "Nghệ An",
        (
            ("thành phố", "Vinh"),
            ("thị xã", "Cửa Lò"),
            ("huyện", "Diễn Châu"),
            ("huyện", "Quỳnh Lưu"),
        ),
    ),
    (
        "Thanh Hóa",
        (
            ("thành phố", "Sầm Sơn"),
            ("thị xã", "Bỉm Sơn"),
            ("huyện", "Thọ Xuân"),
            ("huyện", "Nga Sơn"),
        ),
    ),
    (
        "Lào Cai",
        (("thị xã", "Sa Pa"), ("huyện", "Bát Xát"), ("huyện", "Bắc Hà"), ("huyện", "Mường Khương")),
    ),
    (
        "Quảng Ninh",
        (
            ("thành phố", "Hạ Long"),
            ("thành phố", "Móng Cái"),
            ("thành phố", "Uông Bí"),
            ("huyện", "Vân Đồn"),
        ),
    ),
    ("Điện Biên", (("thành phố", "Điện Biên Phủ"), ("huyện", "Mường Nhé"), ("huyện", "Tuần Giáo"))),
    ("Hà Giang", (("huyện", "Đồng Văn"), ("huyện", "Mèo Vạc"), ("huyện", "Yên Minh"))),
    (
        "Khánh Hòa",
        (
            ("thành phố", "Nha Trang"),
            ("thành phố", "Cam Ranh"),
            ("thị xã", "Ninh Hòa"),
            ("huyện", "Vạn Ninh"),
        ),
    ),
    (
        "Bình Thuận",
        (
            ("thành phố", "Phan Thiết"),
            ("thị xã", "La Gi"),
            ("huyện", "Tuy Phong"),
            ("huyện", "Hàm Thuận Bắc"),
        ),
    ),
)

_BYLINES: tuple[str, ...] = (
    "Trung Hiếu", "Minh Châu", "Thu Hà", "Hữu Huệ", "Thanh Tiến", "Ngọc Trâm", "Đăng Khoa",
    "Thu Thảo", "Hồng Nhung", "Quốc Việt", "Phương Thảo", "Bảo Anh", "Diệu Linh", "Kim Ngân",
    "Minh Trí", "Ngọc Hân", "Hoàng Long", "Hữu Phước", "Phước Toàn", "Thanh Nhã", "Lê Minh Triết",
    "Gia Khánh", "Mỹ Linh", "Tấn Đạt", "Thùy Dương", "Văn Sơn", "Hải Đăng", "Cẩm Tú", "Nhật Huy",
    "Anh Thư", "Trọng Nghĩa", "Xuân Mai",
)  # fmt: skip

_SURNAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm",
)  # fmt: skip
_MALE_MIDDLE: tuple[str, ...] = ("Văn", "Minh", "Quốc", "Hữu", "Thanh", "Thành", "Hoàng", "Công")
_MALE_GIVEN: tuple[str, ...] = (
    "Hùng", "Dũng", "Tâm", "Hải", "Bình", "Sơn", "Khoa", "Tuấn", "Trung", "Nghĩa", "Long",
    "Phúc", "Quang", "Thắng", "Lộc", "Tài", "Đức", "Hiền", "Phong", "Cường",
)  # fmt: skip
_FEMALE_MIDDLE: tuple[str, ...] = ("Thị", "Ngọc", "Kim", "Thanh", "Thu", "Mỹ", "Bích")
_FEMALE_GIVEN: tuple[str, ...] = (
    "Lan", "Phương", "Nga", "Thảo", "Thủy", "Hạnh", "Hoa", "Liên", "Trang", "Dung", "Hương",
    "Loan", "Yến", "Vân", "Xuân", "Ngân",
)  # fmt: skip

_LEADER_POSITIONS: tuple[str, ...] = (
    "Phó Bí thư Tỉnh ủy",
    "Phó Bí thư Thường trực Tỉnh ủy",
    "Chủ tịch UBND tỉnh",
    "Phó Chủ tịch UBND tỉnh",
    "Phó Chủ tịch Thường trực HĐND tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
)

_TITLE_VERBS: tuple[str, ...] = (
    "triển khai",
    "đẩy mạnh",
    "tăng cường",
    "sơ kết",
    "tổng kết",
    "nâng cao hiệu quả",
    "bàn giải pháp thúc đẩy",
    "tập trung thực hiện",
    "quyết liệt triển khai",
    "đánh giá kết quả",
    "chú trọng",
    "tiếp tục đổi mới",
)

_TITLE_GOALS: tuple[str, ...] = (
    "hướng tới phát triển bền vững",
    "nâng cao đời sống Nhân dân",
    "góp phần xây dựng nông thôn mới",
    "tạo động lực phát triển mới",
    "đáp ứng yêu cầu trong tình hình mới",
    "phấn đấu hoàn thành chỉ tiêu năm {year}",
    "lấy người dân làm trung tâm",
)

# Title templates; {Verb} is the capitalised verb.
_TITLE_TEMPLATES: tuple[str, ...] = (
    "{subject} {verb} {topic}",
    "{loc_name}: {Verb} {topic}",
    "{Verb} {topic} tại {locality}",
    "{province} {verb} {topic}",
    "{Verb} {topic}, {goal}",
    "{subject} {verb} {topic} năm {year}",
    "{province}: {Verb} {topic}, {goal}",
)

_SUMMARIES: tuple[str, ...] = (
    "{subject} vừa tổ chức hội nghị sơ kết {topic}, đánh giá kết quả thực hiện và triển khai nhiệm vụ thời gian tới.",
    "Thời gian qua, {topic} tại {locality} đạt nhiều kết quả tích cực, góp phần nâng cao đời sống vật chất, tinh thần của Nhân dân.",
    "Ngày {day}/{month}, {leader} làm việc với {subject} về {topic}.",
    "Với sự vào cuộc đồng bộ của cả hệ thống chính trị, {topic} trên địa bàn tỉnh {province} có nhiều chuyển biến tích cực.",
    "{subject} đặt mục tiêu đến cuối năm {year} hoàn thành các chỉ tiêu về {topic}, trong đó ưu tiên các xã vùng sâu, vùng xa.",
    "Sáng {day}/{month}, tại {locality}, {subject} tổ chức hội nghị triển khai {topic}.",
    "Nhằm nâng cao hiệu quả {topic}, {subject} đã triển khai đồng bộ nhiều giải pháp, bước đầu mang lại kết quả khả quan.",
    "Dù còn không ít khó khăn, {topic} ở {locality} đang có những chuyển biến rõ nét nhờ cách làm sáng tạo, phù hợp với thực tế.",
)

_SUMMARY_TAILS: tuple[str, ...] = (
    "",
    "",
    " Đây là một trong những nhiệm vụ trọng tâm của địa phương trong năm {year}.",
    " Hoạt động thu hút đông đảo cán bộ và người dân tham gia.",
    " Nhiều mô hình hay, cách làm hiệu quả đã được ghi nhận và nhân rộng.",
    " Dự hội nghị có đại diện lãnh đạo các sở, ngành và địa phương liên quan.",
)

_OPENINGS: tuple[str, ...] = (
    "Ngày {day}/{month}, {subject} tổ chức hội nghị sơ kết {topic}, đánh giá kết quả đạt được và đề ra nhiệm vụ trọng tâm thời gian tới.",
    "Sáng {day}/{month}, tại {locality}, {subject} đã tổ chức lễ ra quân triển khai {topic}.",
    "Chiều {day}/{month}, {leader} đã chủ trì buổi làm việc với {subject} về {topic}.",
    "Thời gian qua, {subject} đã tập trung lãnh đạo, chỉ đạo quyết liệt {topic} và đạt nhiều kết quả tích cực.",
    "Trong khuôn khổ kế hoạch năm {year}, {subject} vừa phối hợp với chính quyền {locality} triển khai {topic}.",
    "Nhằm nâng cao hiệu quả {topic}, {subject} đã ban hành kế hoạch cụ thể, phân công rõ trách nhiệm cho từng cơ quan, đơn vị.",
    "Ngày {day}/{month}, đoàn công tác của {subject} do {leader} làm trưởng đoàn đã đến khảo sát thực tế tại {locality}.",
    "Những năm gần đây, {topic} trên địa bàn {locality} có nhiều chuyển biến rõ nét, tạo sự đồng thuận cao trong Nhân dân.",
    "Sáng {day}/{month}, {subject} tổ chức hội nghị tổng kết {topic} năm {year}, triển khai phương hướng, nhiệm vụ năm tiếp theo.",
    "Thực hiện chỉ đạo của Tỉnh ủy, UBND tỉnh {province}, {subject} đã xây dựng kế hoạch triển khai {topic} sát với tình hình thực tế.",
    "Ngày {day}/{month}, tại hội trường UBND {locality}, {subject} tổ chức hội nghị tập huấn về {topic} cho hơn {n1} cán bộ cơ sở.",
    "Với quyết tâm hoàn thành các chỉ tiêu năm {year}, {subject} đang khẩn trương triển khai đồng bộ nhiều giải pháp về {topic}.",
)

_BODY: tuple[str, ...] = (
    "Theo báo cáo, từ đầu năm đến nay, trên địa bàn tỉnh đã có {n2} lượt người dân được tiếp cận, hưởng lợi trực tiếp từ các chương trình.",
    "Đến nay, {pct} số xã, phường, thị trấn trên địa bàn đã hoàn thành các chỉ tiêu đề ra.",
    "Tổng kinh phí huy động cho các hoạt động này ước đạt {money}, trong đó nguồn xã hội hóa chiếm tỷ lệ đáng kể.",
    "Qua đó, nhận thức và trách nhiệm của cán bộ, đảng viên và Nhân dân được nâng lên rõ rệt.",
    "Nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng, góp phần thực hiện thắng lợi nhiệm vụ chính trị của địa phương.",
    "Công tác phối hợp giữa các sở, ngành và địa phương được duy trì chặt chẽ, thường xuyên.",
    "Bên cạnh kết quả đạt được, báo cáo cũng chỉ ra một số tồn tại như nguồn lực đầu tư còn thấp, việc ứng dụng công nghệ thông tin ở một số nơi chưa đồng bộ.",
    "Một số địa phương còn lúng túng trong tổ chức thực hiện, chưa phát huy hết vai trò của người đứng đầu.",
    "Toàn tỉnh hiện có {n1} mô hình tiêu biểu được công nhận, thu hút {n2} hộ dân tham gia.",
    "Trong năm, đã có {n1} tập thể và {n1b} cá nhân được khen thưởng vì có thành tích xuất sắc.",
    "Đặc biệt, việc ứng dụng chuyển đổi số đã giúp rút ngắn thời gian xử lý công việc, tạo thuận lợi cho người dân và doanh nghiệp.",
    "Người dân {locality} phấn khởi khi các chủ trương, chính sách được triển khai kịp thời, thiết thực.",
    "Tại hội nghị, các đại biểu tập trung thảo luận, làm rõ nguyên nhân của những tồn tại, hạn chế và đề xuất nhiều giải pháp khả thi.",
    "Nhiều ý kiến cho rằng cần tăng cường công tác tuyên truyền, vận động để người dân hiểu và cùng tham gia thực hiện.",
    "Đại diện {locality} cho biết, địa phương đã chủ động rà soát, lập danh sách cụ thể và phân công cán bộ theo dõi từng địa bàn.",
    "So với cùng kỳ năm trước, kết quả này tăng khoảng {pct_small}, vượt chỉ tiêu Nghị quyết đề ra.",
    "Các lực lượng chức năng đã phối hợp chặt chẽ, bảo đảm an ninh trật tự và an toàn cho các hoạt động.",
    "Hoạt động này nhận được sự hưởng ứng tích cực của đông đảo cán bộ, đoàn viên, hội viên và Nhân dân.",
    "Việc công khai, minh bạch thông tin được thực hiện nghiêm túc, tạo niềm tin và sự đồng thuận trong xã hội.",
    "Tuy nhiên, điều kiện kinh tế của một bộ phận người dân còn khó khăn nên việc huy động nguồn lực tại chỗ còn hạn chế.",
)

_PEOPLE: tuple[str, ...] = (
    "Ông {person_m}, người dân {locality}, chia sẻ: “Từ khi có chương trình, cuộc sống gia đình tôi ổn định hơn, con cái được học hành đầy đủ.”",
    "Bà {person_f}, ngụ {locality}, phấn khởi cho biết gia đình bà đã được hỗ trợ kịp thời và hướng dẫn tận tình.",
    "Anh {person_m}, một hộ dân tại {locality}, cho biết: “Cán bộ xuống tận nhà hướng dẫn, giải thích cặn kẽ nên bà con ai cũng đồng tình ủng hộ.”",
    "Chị {person_f}, ngụ {locality}, chia sẻ: “Mong rằng thời gian tới chương trình tiếp tục được duy trì để nhiều người dân được thụ hưởng.”",
    "Theo ông {person_m}, cán bộ phụ trách địa bàn, điều quan trọng nhất là kiên trì vận động và làm gương trước để người dân làm theo.",
)

_DIRECTIVE_LEADS: tuple[str, ...] = (
    "Phát biểu chỉ đạo, {leader} ghi nhận, biểu dương những kết quả mà các cơ quan, đơn vị đạt được trong thời gian qua.",
    "Kết luận hội nghị, {leader} đề nghị các cấp, các ngành tiếp tục quán triệt sâu sắc chủ trương của Đảng, chính sách, pháp luật của Nhà nước, cụ thể hóa thành kế hoạch hành động sát thực tế.",
    "Theo {leader}, thời gian tới cần lấy sự hài lòng của người dân làm thước đo hiệu quả hoạt động.",
    "Phát biểu tại buổi làm việc, {leader} đánh giá cao sự chủ động, sáng tạo của địa phương trong quá trình tổ chức thực hiện.",
)

_DIRECTIVE_FOLLOWS: tuple[str, ...] = (
    "Đồng chí nhấn mạnh, cần phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu cấp ủy, chính quyền.",
    "Đồng chí yêu cầu các đơn vị khẩn trương khắc phục hạn chế, tập trung nguồn lực hoàn thành các chỉ tiêu còn lại trong năm {year}.",
    "Đồng chí lưu ý, quá trình thực hiện phải bảo đảm công khai, minh bạch, đúng đối tượng, không để xảy ra tiêu cực, lãng phí.",
    "Đồng chí cũng đề nghị đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số để nâng cao hiệu quả quản lý, điều hành.",
    "Đồng chí giao các sở, ngành liên quan theo chức năng, nhiệm vụ chủ động phối hợp, tham mưu UBND tỉnh giải quyết dứt điểm các kiến nghị của địa phương.",
    "Đồng chí đề nghị quan tâm hơn nữa đến các xã vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số, không để ai bị bỏ lại phía sau.",
)

_CLOSINGS: tuple[str, ...] = (
    "Dịp này, {subject} đã trao giấy khen cho {n1b} tập thể, cá nhân có thành tích xuất sắc.",
    "Thời gian tới, {subject} sẽ tiếp tục theo dõi, đôn đốc và định kỳ báo cáo kết quả thực hiện về UBND tỉnh.",
    "Dự kiến trong năm {next_year}, mô hình sẽ được nhân rộng ra các địa phương khác trong tỉnh.",
    "Hoạt động nhằm thiết thực chào mừng các ngày lễ lớn của đất nước trong năm {year}.",
    "Kết thúc chương trình, đoàn đã trao {n1} phần quà cho các hộ gia đình có hoàn cảnh khó khăn, mỗi phần trị giá {gift} đồng.",
    "Hội nghị cũng đã thống nhất các nhiệm vụ, giải pháp trọng tâm cần tập trung thực hiện trong thời gian tới.",
    "Được biết, đây là năm thứ {nth} liên tiếp hoạt động này được tổ chức, nhận được sự hưởng ứng tích cực của người dân.",
)

_QUOTES: tuple[str, ...] = (
    "“Việc gì có lợi cho dân thì phải hết sức làm, việc gì có hại cho dân thì phải hết sức tránh. Đó là kim chỉ nam cho mọi hoạt động của chúng tôi.”",
    "“Kết quả hôm nay là nhờ sự vào cuộc đồng bộ của cả hệ thống chính trị và sự đồng thuận của Nhân dân.”",
    "“Mỗi cán bộ phải sâu sát cơ sở, lắng nghe dân nói, nói cho dân hiểu và làm cho dân tin.”",
    "“Không có việc gì khó, quan trọng là sự quyết tâm và cách làm phù hợp với điều kiện thực tế của từng địa phương.”",
    "“Chúng tôi sẽ tiếp tục đồng hành cùng người dân, tháo gỡ kịp thời những khó khăn, vướng mắc phát sinh.”",
    "“Đây không chỉ là nhiệm vụ của một ngành mà là trách nhiệm chung của cả cộng đồng.”",
    "“Phải nói đi đôi với làm, lấy hiệu quả thực tế làm thước đo, tránh hình thức, chạy theo thành tích.”",
)

_HEADINGS: tuple[str, ...] = (
    "Nhiều kết quả tích cực",
    "Vẫn còn không ít khó khăn",
    "Tập trung các giải pháp trọng tâm",
    "Phát huy vai trò của người đứng đầu",
    "Lan tỏa mô hình hay, cách làm sáng tạo",
    "Nhiệm vụ thời gian tới",
    "Đồng hành cùng người dân",
    "Hiệu quả từ sự vào cuộc đồng bộ",
)

_LIST_INTROS: tuple[str, ...] = (
    "Để đạt được mục tiêu đề ra, {subject} xác định một số nhiệm vụ trọng tâm:",
    "Thời gian tới, các cơ quan, đơn vị tập trung thực hiện các giải pháp sau:",
    "Hội nghị thống nhất một số nội dung chủ yếu:",
)

_LIST_ITEMS: tuple[str, ...] = (
    "Tăng cường công tác tuyên truyền, vận động Nhân dân;",
    "Rà soát, hoàn thiện cơ chế phối hợp giữa các sở, ngành và địa phương;",
    "Đẩy mạnh ứng dụng công nghệ thông tin và chuyển đổi số;",
    "Nâng cao chất lượng đội ngũ cán bộ ở cơ sở;",
    "Huy động hiệu quả các nguồn lực xã hội hóa;",
    "Tăng cường kiểm tra, giám sát việc tổ chức thực hiện;",
    "Kịp thời biểu dương, khen thưởng các điển hình tiên tiến;",
    "Định kỳ sơ kết, rút kinh nghiệm trong quá trình triển khai;",
    "Ưu tiên nguồn lực cho các xã vùng sâu, vùng xa;",
    "Giải quyết dứt điểm các kiến nghị chính đáng của người dân.",
)

_CAPTIONS: tuple[str, ...] = (
    "Quang cảnh hội nghị. Ảnh: {byline}",
    "Đại biểu tham quan mô hình tại {locality}. Ảnh: {byline}",
    "Đồng chí {leader_name} phát biểu tại buổi làm việc. Ảnh: {byline}",
    "Người dân {locality} tham gia hưởng ứng chương trình. Ảnh: {byline}",
    "Lãnh đạo {subject} trao giấy khen cho các tập thể, cá nhân. Ảnh: {byline}",
    "Đoàn công tác khảo sát thực tế tại {locality}. Ảnh: {byline}",
)

_GIFTS: tuple[str, ...] = ("300.000", "500.000", "1.000.000", "1.500.000")

_CATEGORY_KEYS: tuple[str, ...] = tuple(c.key for c in DEMO_CATEGORIES)
_TAG_CANDIDATES: dict[str, tuple[str, ...]] = {
    key: pool.tags + _GENERIC_TAGS for key, pool in _POOLS.items()
}
_LEADER_CANDIDATES: dict[str, tuple[str, ...]] = {
    key: pool.leaders + _LEADER_POSITIONS for key, pool in _POOLS.items()
}
_ALL_GENERATED_TAGS: tuple[str, ...] = tuple(
    dict.fromkeys(tag for tags in _TAG_CANDIDATES.values() for tag in tags)
)

# Cumulative weights for article types: mostly news.
_TYPE_CUM_WEIGHTS: tuple[float, ...] = (0.70, 0.79, 0.85, 0.90, 0.95, 1.0)
_TAG_COUNTS: tuple[int, ...] = (0, 1, 1, 2, 2, 2, 3, 3)
_VN_TZ = timezone(timedelta(hours=7))
_PAST_SECONDS = 3 * 365 * 24 * 3600
_FUTURE_SECONDS = 14 * 24 * 3600


def _pick(rnd: Callable[[], float], seq: Sequence[_T]) -> _T:
    return seq[int(rnd() * len(seq))]


def _fmt_int(value: int) -> str:
    """Vietnamese thousands separator: 12500 -> '12.500'."""
    return f"{value:,}".replace(",", ".")


def _fmt_dec(value: float) -> str:
    """One decimal with Vietnamese decimal comma: 92.5 -> '92,5'."""
    return f"{value:.1f}".replace(".", ",")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _status_for(r: float) -> str:
    if r < 0.90:
        return "published"
    if r < 0.92:
        return "draft"
    if r < 0.94:
        return "in_review"
    if r < 0.96:
        return "scheduled"
    if r < 0.98:
        return "unpublished"
    return "trashed"


def generate_article(index: int, *, now: datetime) -> dict[str, object]:
    """Deterministic generated article number `index` (0-based) for bulk seeding."""
    if index < 0:
        raise ValueError("index must be >= 0")
    rng = random.Random(index)
    rnd = rng.random

    now_utc = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    now_utc = now_utc.replace(microsecond=0)

    status = _status_for(rnd())
    if status == "scheduled":
        publish_at = now_utc + timedelta(seconds=3600 + int(rnd() * _FUTURE_SECONDS))
    else:
        publish_at = now_utc - timedelta(seconds=int(rnd() * _PAST_SECONDS))
    local = publish_at.astimezone(_VN_TZ)

    category_key = _pick(rnd, _CATEGORY_KEYS)
    pool = _POOLS[category_key]
    article_type = ARTICLE_TYPES[bisect.bisect(_TYPE_CUM_WEIGHTS, rnd())]

    province, localities = _pick(rnd, _PROVINCES)
    loc_prefix, loc_name = _pick(rnd, localities)
    subject = f"{_pick(rnd, pool.subjects)} {province}"
    topic = _pick(rnd, pool.topics)
    leader_name = f"{_pick(rnd, _SURNAMES)} {_pick(rnd, _MALE_MIDDLE)} {_pick(rnd, _MALE_GIVEN)}"
    if rnd() < 0.35:
        leader_name = (
            f"{_pick(rnd, _SURNAMES)} {_pick(rnd, _FEMALE_MIDDLE)} {_pick(rnd, _FEMALE_GIVEN)}"
        )
    leader = f"đồng chí {leader_name}, {_pick(rnd, _LEADER_CANDIDATES[category_key])}"
    byline = _pick(rnd, _BYLINES)
    if rnd() < 0.15:
        second = _pick(rnd, _BYLINES)
        if second != byline:
            byline = f"{byline} - {second}"
    verb = _pick(rnd, _TITLE_VERBS)

    ctx: dict[str, str] = {
        "subject": subject,
        "province": province,
        "locality": f"{loc_prefix} {loc_name}",
        "loc_name": loc_name,
        "topic": topic,
        "verb": verb,
        "Verb": _cap(verb),
        "leader": leader,
        "leader_name": leader_name,
        "byline": byline.split(" - ", 1)[0],
        "person_m": f"{_pick(rnd, _SURNAMES)} {_pick(rnd, _MALE_MIDDLE)} {_pick(rnd, _MALE_GIVEN)}",
        "person_f": f"{_pick(rnd, _SURNAMES)} {_pick(rnd, _FEMALE_MIDDLE)} {_pick(rnd, _FEMALE_GIVEN)}",
        "day": str(local.day),
        "month": str(local.month),
        "year": str(local.year),
        "next_year": str(local.year + 1),
        "n1": str(12 + int(rnd() * 470)),
        "n1b": str(5 + int(rnd() * 60)),
        "n2": _fmt_int(1200 + int(rnd() * 47000)),
        "pct": _fmt_dec(85.0 + rnd() * 14.8) + "%",
        "pct_small": _fmt_dec(5.0 + rnd() * 25.0) + "%",
        "pct_low": _fmt_dec(1.0 + rnd() * 3.9) + "%",
        "pct_mid": _fmt_dec(25.0 + rnd() * 40.0) + "%",
        "money": _fmt_int(12 + int(rnd() * 2500)) + " tỷ đồng",
        "yield_t": _fmt_dec(6.0 + rnd() * 1.6),
        "gift": _pick(rnd, _GIFTS),
        "nth": str(2 + int(rnd() * 14)),
    }
    ctx["goal"] = _pick(rnd, _TITLE_GOALS).format_map(ctx)

    # Title (sentence case, 6-20 words).
    title = _cap(_pick(rnd, _TITLE_TEMPLATES).format_map(ctx))
    if len(title.split()) > 20:
        title = f"{province} {verb} {topic}"
        if len(title.split()) > 20:
            title = f"{_cap(verb)} {topic}"

    summary = _pick(rnd, _SUMMARIES).format_map(ctx) + _pick(rnd, _SUMMARY_TAILS).format_map(ctx)

    # Image caption (always for photo/video stories, otherwise about half the time).
    image_caption: str | None = None
    if article_type in ("photo", "video") or rnd() < 0.5:
        image_caption = _pick(rnd, _CAPTIONS).format_map(ctx)

    # Body: 3-6 paragraphs plus optional heading / list / quote / figure.
    n_par = 3 + int(rnd() * 4)
    body = rng.sample(_BODY, 4)
    facts = rng.sample(pool.facts, 2)
    blocks: list[str] = []
    opening = _pick(rnd, _OPENINGS)
    blocks.append(opening if rnd() < 0.5 else f"{opening} {body[0]}")
    if image_caption is not None and rnd() < 0.25:
        blocks.append("<figure><figcaption>" + image_caption + "</figcaption></figure>")
    blocks.append(f"{facts[0]} {body[1]}")
    if rnd() < 0.2:
        items = rng.sample(_LIST_ITEMS, 3 + int(rnd() * 2))
        blocks.append(_pick(rnd, _LIST_INTROS))
        blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    if n_par >= 5:
        blocks.append(f"{facts[1]} {body[2]}")
    if n_par >= 6:
        blocks.append(f"{_pick(rnd, _PEOPLE)} {body[3]}")
    if rnd() < 0.35:
        blocks.append(f"<h2>{_pick(rnd, _HEADINGS)}</h2>")
    directive = f"{_pick(rnd, _DIRECTIVE_LEADS)} {_pick(rnd, _DIRECTIVE_FOLLOWS)}"
    if n_par == 3:
        directive = f"{directive} {_pick(rnd, _CLOSINGS)}"
    blocks.append(directive)
    if rnd() < 0.2:
        blocks.append(f"<blockquote><p>{_pick(rnd, _QUOTES)}</p></blockquote>")
    if n_par >= 4:
        blocks.append(_pick(rnd, _CLOSINGS))
    content_html = "\n".join(
        b.format_map(ctx) if b.startswith("<") else f"<p>{b.format_map(ctx)}</p>" for b in blocks
    )

    tag_candidates = _TAG_CANDIDATES[category_key]
    tags = tuple(rng.sample(tag_candidates, _pick(rnd, _TAG_COUNTS)))

    featured = status == "published" and rnd() < 0.022
    page_count = 1 + (n_par >= 5) + (rnd() < 0.1)
    if article_type == "photo":
        photo_count = 5 + int(rnd() * 11)
    else:
        photo_count = int(rnd() * 4)
        if image_caption is not None and photo_count == 0:
            photo_count = 1
    if status == "draft":
        royalty_amount = 0
    else:
        royalty_amount = (15 + int(rnd() * 66)) * 10_000
        if article_type in ("photo", "video", "interview"):
            royalty_amount += 200_000

    return {
        "title": title,
        "summary": summary,
        "content_html": content_html,
        "byline": byline,
        "category_key": category_key,
        "article_type": article_type,
        "status": status,
        "featured": featured,
        "publish_at": publish_at,
        "tags": tags,
        "image_caption": image_caption,
        "page_count": page_count,
        "photo_count": photo_count,
        "royalty_amount": royalty_amount,
    }


if __name__ == "__main__":
    import time
    import unicodedata
    from collections import Counter

    def _check_nfc(label: str, text: str) -> None:
        if not unicodedata.is_normalized("NFC", text):
            raise SystemExit(f"not NFC: {label}: {text[:60]!r}")

    category_keys = set(_CATEGORY_KEYS)
    for cat in DEMO_CATEGORIES:
        _check_nfc("category", cat.name)
        assert cat.parent_key is None or cat.parent_key in category_keys
    for art in DEMO_ARTICLES:
        assert art.category_key in category_keys, art.title
        assert art.article_type in ARTICLE_TYPES, art.title
        assert art.status in ARTICLE_STATUSES, art.title
        assert not art.featured or art.status == "published", art.title
        assert art.status != "draft" or art.royalty_amount == 0, art.title
        assert (art.days_ago < 0) == (art.status == "scheduled"), art.title
        for field in (art.title, art.summary, art.content_html, art.byline, *art.tags):
            _check_nfc(art.title, field)
        if art.image_caption:
            _check_nfc(art.title, art.image_caption)

    print(f"categories: {len(DEMO_CATEGORIES)}")
    print(f"demo articles: {len(DEMO_ARTICLES)}")
    print("  by status:", dict(Counter(a.status for a in DEMO_ARTICLES)))
    print("  by type:", dict(Counter(a.article_type for a in DEMO_ARTICLES)))
    print("  featured:", sum(a.featured for a in DEMO_ARTICLES))
    print("  with caption:", sum(a.image_caption is not None for a in DEMO_ARTICLES))
    print(f"generated tag pool: {len(_ALL_GENERATED_TAGS)} tags")

    n = 100_000
    now = datetime.now(UTC)
    start = time.perf_counter()
    generated = [generate_article(i, now=now) for i in range(n)]
    elapsed = time.perf_counter() - start
    assert generate_article(12345, now=now) == generated[12345]
    for sample in generated[:2000]:
        for value in sample.values():
            if isinstance(value, str):
                _check_nfc("generated", value)
    print(f"generated {n} articles in {elapsed:.2f}s ({elapsed / n * 1e6:.1f} µs/article)")
    print("  by status:", dict(Counter(str(a["status"]) for a in generated)))
    print("  featured:", sum(bool(a["featured"]) for a in generated))
    print("  sample title:", generated[0]["title"])
