"""Vietnamese news text for the generated SharePoint archive (tests/sharepoint/archive.py): a
provincial portal's headlines, summaries and paragraphs, its people and categories, and the
markup SharePoint's rich text editor left around them over the years."""

import random
from dataclasses import dataclass
from html import escape

PLACES = [
    "huyện An Phú", "thị xã Tân Châu", "huyện Phú Tân", "huyện Châu Phú", "thị xã Tịnh Biên",
    "huyện Tri Tôn", "huyện Châu Thành", "huyện Chợ Mới", "huyện Thoại Sơn",
    "thành phố Long Xuyên", "thành phố Châu Đốc",
]  # fmt: skip
COMMUNES = [
    "xã Vĩnh Xương", "xã Phú Hữu", "xã Núi Tô", "xã Ô Lâm", "xã Mỹ Hòa Hưng", "phường Mỹ Bình",
    "xã Vọng Thê", "xã An Hảo", "xã Khánh Hòa", "xã Kiến An", "xã Lương An Trà", "phường Núi Sam",
]  # fmt: skip
TOPICS = [
    "cải cách hành chính", "xây dựng nông thôn mới", "chuyển đổi số", "phòng, chống dịch bệnh",
    "giảm nghèo bền vững", "phát triển du lịch", "bảo vệ môi trường", "an toàn giao thông",
    "phòng, chống tham nhũng", "công tác dân vận", "học tập và làm theo tư tưởng Hồ Chí Minh",
    "chăm lo gia đình chính sách", "phát triển kinh tế tập thể", "khuyến học, khuyến tài",
]  # fmt: skip
ORGANISATIONS = [
    "Ban Tuyên giáo Tỉnh ủy", "Hội Nông dân tỉnh", "Mặt trận Tổ quốc tỉnh", "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Liên đoàn Lao động tỉnh", "Ban Dân vận Tỉnh ủy",
]  # fmt: skip
PROJECTS = [
    "cầu Vàm Cống", "trường tiểu học Vĩnh Xương B", "trạm y tế xã", "tuyến đê bao Phú Hữu",
    "nhà văn hóa ấp Bắc Sơn", "chợ Long Xuyên", "tuyến đường nông thôn ấp 3",
]  # fmt: skip
BENEFICIARIES = [
    "gia đình chính sách", "hộ nghèo", "Mẹ Việt Nam anh hùng", "học sinh vượt khó",
    "người cao tuổi", "đồng bào Khmer",
]  # fmt: skip

# Headlines; every capital letter in them is one TCVN3 writes with its own code (A-Z, Đ, Â,
# Ê, Ô...), so a headline stored TCVN3-garbled can be read back exactly.
TITLES = [
    "{org} tổng kết công tác năm {year}",
    "Hội nghị triển khai nhiệm vụ {topic} năm {year}",
    "Đại hội Đảng bộ {commune} nhiệm kỳ {year}-{next5}",
    "Lãnh đạo tỉnh thăm, tặng quà {beneficiary} tại {place}",
    "Khánh thành {project} ở {commune}",
    "{Place} đẩy mạnh {topic}",
    "Trao {count} căn nhà đại đoàn kết cho hộ nghèo {place}",
    "Kiểm tra công tác {topic} tại {place}",
    "Hội thảo khoa học về {topic}",
    "Nông dân {place} trúng mùa lúa {season}",
    "Phát động phong trào thi đua về {topic} năm {year}",
    "Sơ kết 6 tháng thực hiện Nghị quyết về {topic}",
    "Bế mạc giải bóng đá thanh niên tỉnh lần thứ {count}",
    "Họp mặt kỷ niệm {count} năm thành lập {org}",
    "Tập huấn nghiệp vụ {topic} cho cán bộ cơ sở {place}",
    "Hơn {thousands} người tham gia ngày hội {topic}",
]
SEASONS = ["Đông Xuân", "Hè Thu", "Thu Đông"]
SUMMARIES = [
    "Sáng {day}/{month}, {org} tổ chức hội nghị về {topic} với sự tham dự của {count} đại biểu.",
    "Thực hiện kế hoạch năm {year}, {place} đã huy động nhiều nguồn lực cho {topic}, "
    "bước đầu đạt kết quả tích cực.",
    "Chiều {day}/{month}, đoàn công tác của {org} đến thăm và làm việc tại {commune}.",
    "Năm {year}, {place} đề ra {count} chỉ tiêu chủ yếu, trong đó chú trọng {topic}.",
]
SENTENCES = [
    "Tham dự có lãnh đạo {org} cùng đại diện các sở, ban, ngành và {place}.",
    "Theo báo cáo, trong năm {year} toàn {place} đã thực hiện {count} công trình với tổng kinh "
    "phí hơn {thousands} triệu đồng.",
    "Phát biểu tại buổi làm việc, đồng chí Phó Bí thư Tỉnh ủy đánh giá cao kết quả {topic} "
    "của {commune}.",
    "Bên cạnh những kết quả đạt được, công tác {topic} vẫn còn một số hạn chế cần khắc phục.",
    "Thời gian tới, địa phương tiếp tục quán triệt, triển khai thực hiện nghiêm các chủ "
    "trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Dịp này, {org} đã trao {count} phần quà cho {beneficiary} trên địa bàn.",
    "Người dân {commune} phấn khởi khi {project} được đưa vào sử dụng.",
    "Được biết, từ đầu năm đến nay {place} đã giải quyết việc làm cho {thousands} lao động.",
    "Hội nghị cũng đã khen thưởng {count} tập thể và cá nhân có thành tích xuất sắc.",
    "Mỗi năm, vụ lúa {season} mang lại thu nhập ổn định cho hàng nghìn hộ nông dân.",
    "Ông Nguyễn Văn Hùng, người dân ấp Bắc Sơn, chia sẻ: \u201cBà con rất mừng vì đường sá "
    "khang trang, đi lại thuận tiện hơn trước.\u201d",
]
CAPTIONS = [
    "Quang cảnh hội nghị", "Lãnh đạo tỉnh trao quà cho {beneficiary}",
    "Đại biểu tham quan mô hình sản xuất tại {commune}", "Toàn cảnh {project}",
    "Nông dân {place} thu hoạch lúa {season}", "Các đại biểu chụp ảnh lưu niệm",
]  # fmt: skip
BYLINES = [
    "Hữu Huynh", "Thanh Tiến - Minh Hiển", "Hạnh Châu", "Ngọc Trường (Báo An Giang)",
    "Trọng Tín", "Mỹ Linh - TTXVN", "Phước Thạnh", "Vũ Tiến",
]  # fmt: skip
KINDS = ["Tin", "Bài", "Ảnh", "Video", "Phỏng vấn", "Bình luận"]
CATEGORIES = [
    "Tin tức > Trong tỉnh", "Tin tức > Trong nước", "Kinh tế", "Văn hóa - Xã hội",
    "Xây dựng Đảng", "Quốc phòng - An ninh", "Nông nghiệp", "Giáo dục",
]  # fmt: skip


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    login: str
    email: str

    def expanded(self) -> dict[str, object]:
        """As an item's `Author`/`Editor` when expanded."""
        return {
            "Id": self.id, "Title": self.name, "EMail": self.email,
            "Name": f"i:0#.w|angiang\\{self.login}",
        }  # fmt: skip

    def in_version(self) -> dict[str, object]:
        """As a version's `Editor`/`Author` (a field user value)."""
        return {"LookupId": self.id, "LookupValue": self.name, "Email": self.email}


PEOPLE = [
    Person(7, "Lê Thị Bình", "binh", "binh@angiang.gov.vn"),
    Person(9, "Nguyễn Văn An", "annv", "annv@angiang.gov.vn"),
    Person(12, "Trần Thị Thu Hà", "hattt", "hattt@angiang.gov.vn"),
    Person(15, "Phạm Minh Đức", "ducpm", "ducpm@angiang.gov.vn"),
    Person(18, "Huỳnh Ngọc Ánh", "anhhn", "anhhn@angiang.gov.vn"),
    Person(21, "Võ Thanh Tùng", "tungvt", "tungvt@angiang.gov.vn"),
    Person(24, "Đặng Thị Mỹ Xuyên", "xuyendtm", "xuyendtm@angiang.gov.vn"),
    # An account made before e-mail was required.
    Person(31, "Quản trị cổng", "portaladmin", ""),
]


def fill(template: str, rng: random.Random, year: int) -> str:
    """A template with its slots filled: places, organisations, numbers..."""
    place = rng.choice(PLACES)
    return template.format(
        org=rng.choice(ORGANISATIONS), topic=rng.choice(TOPICS), commune=rng.choice(COMMUNES),
        place=place, Place=place[0].upper() + place[1:], project=rng.choice(PROJECTS),
        beneficiary=rng.choice(BENEFICIARIES), season=rng.choice(SEASONS), year=year,
        next5=year + 5, count=rng.randint(3, 60), thousands=rng.randint(2, 90) * 100,
        day=rng.randint(1, 28), month=rng.randint(1, 12),
    )  # fmt: skip


def paragraph(rng: random.Random, year: int) -> str:
    return " ".join(fill(rng.choice(SENTENCES), rng, year) for _ in range(rng.randint(2, 3)))


@dataclass(frozen=True)
class Picture:
    """An `<img>` in a body: its `src` as written, and its caption."""

    src: str
    caption: str


Block = str | Picture


def rich_text(blocks: list[Block], *, style: int, class_id: str) -> str:
    """A body as SharePoint's editors saved it: an ExternalClass wrapper, ms-rte classes,
    `<font>`, inline styles and empty spans, one of four house styles of different years."""
    parts = []
    for block in blocks:
        if isinstance(block, Picture):
            parts.append(
                f'<p style="text-align:center;"><img alt="" src="{escape(block.src)}" '
                'style="margin:5px;width:450px;height:300px;" /></p><p style="text-align:center;">'
                f"<em>{escape(block.caption)}</em></p>"
            )
        elif style == 0:
            parts.append(
                f'<p class="ms-rteFontSize-2" style="text-align:justify;"><font face="Times '
                f'New Roman" size="3">{escape(block)}</font></p>'
            )
        elif style == 1:
            parts.append(
                f'<div class="ms-rteElement-P"><span class="ms-rteStyle-Normal" '
                f'style="font-size:12pt;">{escape(block)}</span><span></span></div>'
            )
        elif style == 2:
            parts.append(f'<p><span style="font-family:arial;"><span>{escape(block)}</span></span>'
                         f'</p><p><span></span>&#160;</p>')  # fmt: skip
        else:
            parts.append(f"<p>{escape(block)}</p>")
    return f'<div class="ExternalClass{class_id}">{"".join(parts)}</div>'


def broken_rich_text(blocks: list[Block], *, class_id: str) -> str:
    """A body whose tags were never closed (pasted from Word into an old editor)."""
    text = [escape(b) if isinstance(b, str) else f'<img src="{escape(b.src)}">' for b in blocks]
    return (
        f'<div class="ExternalClass{class_id}"><p><strong>{text[0]}<p><font size="2">'
        + "<p>".join(text[1:])
        + "<table><tr><td>Nguồn: Ban Tuyên giáo</span></div>"
    )
