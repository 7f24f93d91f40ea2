# ruff: noqa: E501  (sentences of the corpus are data: one per line reads best)
"""A labelled corpus of Vietnamese provincial news for the related-articles eval.

24 topics in 7 sections (a section is a category, so the category boost helps but never
decides: every category holds 3–4 topics). Topics of a section share much vocabulary on
purpose (rice and fuel prices share "giá", "tăng", "thị trường"; dengue and vaccination share
"y tế", "trẻ em", "bệnh viện"), and every article also borrows sentences from a sibling topic
and from a pool of generic administrative news prose, as real articles do. Tags come from a
section-wide pool and a province, so they carry no topic label either.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

PLACES = [
    "An Giang", "Đồng Tháp", "Cần Thơ", "Kiên Giang", "Sóc Trăng", "Bến Tre", "Long An",
    "Quảng Nam", "Quảng Ngãi", "Bình Định", "Thừa Thiên Huế", "Nghệ An", "Hà Tĩnh",
    "Thanh Hóa", "Lâm Đồng", "Đắk Lắk", "Gia Lai", "Bình Dương", "Đồng Nai", "Hải Dương",
]  # fmt: skip
PEOPLE = [
    "Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Minh", "Phạm Thị Hoa", "Võ Văn Tâm",
    "Huỳnh Ngọc Sơn", "Đặng Thị Lan", "Bùi Văn Phúc", "Đỗ Minh Tuấn", "Ngô Thị Thảo",
]  # fmt: skip

GENERIC = [
    "UBND tỉnh {p} vừa tổ chức hội nghị triển khai kế hoạch năm {y} với sự tham dự của lãnh đạo các sở, ngành.",
    "Theo ông {o}, lãnh đạo địa phương, thời gian tới tỉnh sẽ tiếp tục chỉ đạo quyết liệt để hoàn thành các chỉ tiêu đề ra.",
    "Các sở, ngành liên quan được giao phối hợp chặt chẽ, báo cáo kết quả trước ngày {n} tháng tới.",
    "Bà {o} cho biết địa phương đã chủ động xây dựng phương án, bố trí kinh phí và nhân lực để thực hiện.",
    "Hội nghị cũng đánh giá những khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ trong thời gian tới.",
    "Người dân trên địa bàn tỉnh {p} đồng tình, ủng hộ và tích cực tham gia cùng chính quyền.",
    "Đoàn công tác đã kiểm tra thực tế tại một số huyện và ghi nhận nhiều kết quả tích cực.",
    "Năm {y}, toàn tỉnh phấn đấu tăng trưởng khoảng {n} phần trăm so với cùng kỳ năm trước.",
    "Lãnh đạo tỉnh yêu cầu người đứng đầu các đơn vị chịu trách nhiệm nếu để xảy ra chậm trễ.",
    "Phóng viên đã ghi nhận ý kiến của nhiều người dân và cán bộ cơ sở về vấn đề này.",
    "Thông tin chi tiết sẽ tiếp tục được cập nhật trên cổng thông tin điện tử của tỉnh {p}.",
    "Ông {o} nhấn mạnh cần tăng cường công tác tuyên truyền để người dân hiểu và thực hiện đúng quy định.",
]  # fmt: skip


@dataclass(frozen=True)
class Topic:
    key: str
    section: str
    titles: list[str]
    sentences: list[str]


@dataclass
class Section:
    name: str
    tags: list[str]
    topics: list[Topic] = field(default_factory=list)


def _topic(key: str, section: str, titles: str, sentences: str) -> Topic:
    return Topic(
        key,
        section,
        [t.strip() for t in titles.strip().splitlines() if t.strip()],
        [s.strip() for s in sentences.strip().splitlines() if s.strip()],
    )


TOPICS = [
    _topic("lua-gao", "Kinh tế", """
        Giá lúa gạo tại {p} tăng mạnh, nông dân phấn khởi
        Xuất khẩu gạo của {p} đạt {n} nghìn tấn
        Thương lái tăng giá thu mua lúa vụ đông xuân ở {p}
        Doanh nghiệp gạo {p} tìm thị trường xuất khẩu mới
    """, """
        Giá lúa tươi tại ruộng được thương lái thu mua ở mức {n} nghìn đồng mỗi ký, tăng so với tuần trước.
        Nhiều hộ nông dân trồng lúa vụ đông xuân cho biết năm nay lúa được mùa, được giá.
        Doanh nghiệp xuất khẩu gạo đã ký hợp đồng cung cấp gạo thơm cho thị trường Philippines và Indonesia.
        Hiệp hội lương thực cho rằng giá gạo xuất khẩu sẽ còn giữ ở mức cao trong quý tới.
        Các kho thu mua lúa gạo hoạt động hết công suất, xe chở lúa nối đuôi nhau về nhà máy xay xát.
        Giống lúa chất lượng cao như ST25, Đài Thơm 8 được nông dân ưa chuộng vì dễ bán.
        Ngành nông nghiệp khuyến cáo nông dân liên kết với doanh nghiệp để bao tiêu đầu ra cho lúa gạo.
        Sản lượng lúa cả vụ ước đạt {n} nghìn tấn, năng suất bình quân gần {n} tạ mỗi héc ta.
    """),
    _topic("xang-dau", "Kinh tế", """
        Giá xăng dầu tăng lần thứ {n} liên tiếp
        Cửa hàng xăng dầu ở {p} hết hàng, người dân xếp hàng
        Liên bộ điều chỉnh giá xăng dầu từ chiều nay
        Quỹ bình ổn giá xăng dầu được trích lập trở lại
    """, """
        Từ 15 giờ chiều nay, giá xăng RON95 tăng thêm {n} trăm đồng mỗi lít theo quyết định của liên bộ Công Thương, Tài chính.
        Giá dầu diesel và dầu hỏa cũng được điều chỉnh tăng do giá thế giới biến động mạnh.
        Nhiều cửa hàng xăng dầu trên quốc lộ treo biển hết hàng khiến người dân phải xếp hàng chờ đổ xăng.
        Sở Công Thương tỉnh {p} đã kiểm tra các đầu mối kinh doanh xăng dầu, yêu cầu bảo đảm nguồn cung.
        Giá xăng tăng kéo theo cước vận tải, giá cước taxi và xe khách cũng tăng theo.
        Liên bộ quyết định trích lập quỹ bình ổn giá xăng dầu ở mức {n} trăm đồng mỗi lít.
        Doanh nghiệp đầu mối cho biết chiết khấu cho đại lý bán lẻ xăng dầu giảm mạnh.
        Thị trường xăng dầu trong nước chịu ảnh hưởng từ giá dầu thô thế giới tăng.
    """),
    _topic("bat-dong-san", "Kinh tế", """
        Thị trường bất động sản {p} ấm lên sau thời gian trầm lắng
        Giá đất nền ven đô {p} tăng, cảnh báo sốt đất ảo
        {p} rà soát các dự án nhà ở thương mại chậm tiến độ
        Nhà ở xã hội tại {p}: nhu cầu lớn, nguồn cung ít
    """, """
        Giá đất nền tại các dự án ven đô tăng {n} phần trăm chỉ trong vài tháng.
        Sở Xây dựng cảnh báo tình trạng môi giới tung tin thổi giá, tạo sốt đất ảo để trục lợi.
        Nhiều dự án nhà ở thương mại chậm tiến độ vì vướng giải phóng mặt bằng và thủ tục pháp lý.
        Người mua nhà cần kiểm tra kỹ pháp lý dự án, giấy phép xây dựng trước khi đặt cọc.
        Nhu cầu nhà ở xã hội của công nhân rất lớn nhưng nguồn cung căn hộ còn hạn chế.
        Các ngân hàng đã giảm lãi suất cho vay mua nhà, giúp thị trường bất động sản có tín hiệu tích cực.
        Chủ đầu tư cam kết hoàn thiện hạ tầng dự án và bàn giao sổ đỏ cho khách hàng đúng hạn.
        Giao dịch mua bán đất nền, căn hộ chung cư tăng trở lại sau thời gian dài trầm lắng.
    """),
    _topic("fdi", "Kinh tế", """
        {p} thu hút thêm {n} dự án FDI vào khu công nghiệp
        Nhà đầu tư Hàn Quốc, Nhật Bản khảo sát khu công nghiệp {p}
        {p} trao giấy chứng nhận đầu tư cho dự án {n} triệu USD
        Khu công nghiệp {p} lấp đầy {n} phần trăm diện tích
    """, """
        Tỉnh {p} vừa trao giấy chứng nhận đăng ký đầu tư cho dự án nhà máy điện tử vốn {n} triệu USD.
        Vốn đầu tư trực tiếp nước ngoài FDI vào các khu công nghiệp tăng mạnh so với cùng kỳ.
        Đoàn nhà đầu tư Hàn Quốc, Nhật Bản đã khảo sát hạ tầng, nguồn lao động của khu công nghiệp.
        Tỷ lệ lấp đầy khu công nghiệp đạt {n} phần trăm, nhiều nhà máy đang xây dựng nhà xưởng.
        Tỉnh cam kết cải thiện môi trường đầu tư, hỗ trợ doanh nghiệp FDI về thủ tục và mặt bằng.
        Các dự án FDI tạo việc làm cho hàng nghìn lao động, đóng góp lớn vào kim ngạch xuất khẩu.
        Ban quản lý các khu công nghiệp đề xuất mở rộng thêm khu công nghiệp mới để đón làn sóng đầu tư.
        Nhà đầu tư nước ngoài đánh giá cao chính sách ưu đãi thuế và hạ tầng giao thông kết nối cảng biển.
    """),
    _topic("vang-ty-gia", "Kinh tế", """
        Giá vàng miếng tăng vọt, người dân đổ xô mua vàng
        Tỷ giá USD biến động, giá vàng trong nước lập đỉnh
        Chênh lệch giá vàng trong nước và thế giới lên {n} triệu đồng
        Ngân hàng Nhà nước đấu thầu vàng miếng để bình ổn thị trường
    """, """
        Giá vàng miếng SJC sáng nay tăng thêm {n} trăm nghìn đồng mỗi lượng ở chiều bán ra.
        Nhiều người dân xếp hàng tại các tiệm vàng để mua vàng nhẫn, vàng miếng tích trữ.
        Tỷ giá USD tại các ngân hàng thương mại tăng, đồng đô la mạnh lên trên thị trường quốc tế.
        Chênh lệch giữa giá vàng trong nước và giá vàng thế giới quy đổi vẫn ở mức cao.
        Ngân hàng Nhà nước tổ chức đấu thầu vàng miếng nhằm tăng nguồn cung, bình ổn thị trường vàng.
        Chuyên gia khuyến cáo nhà đầu tư không nên lướt sóng vàng khi giá biến động mạnh.
        Các tiệm vàng bạc đá quý phải niêm yết giá mua bán công khai và xuất hóa đơn cho khách.
        Giá vàng thế giới tăng do lo ngại lạm phát và căng thẳng địa chính trị.
    """),
    _topic("sot-xuat-huyet", "Y tế", """
        Sốt xuất huyết tăng nhanh ở {p}, {n} ca mắc mới trong tuần
        Bệnh viện {p} quá tải vì bệnh nhi sốt xuất huyết
        {p} ra quân diệt lăng quăng, phòng chống sốt xuất huyết
        Ghi nhận ca tử vong do sốt xuất huyết ở {p}
    """, """
        Trung tâm Kiểm soát bệnh tật tỉnh ghi nhận {n} ca mắc sốt xuất huyết trong tuần, tăng gấp đôi cùng kỳ.
        Khoa nhiễm của bệnh viện đa khoa tỉnh quá tải, nhiều bệnh nhân sốt xuất huyết phải nằm ghép.
        Ngành y tế tổ chức phun hóa chất diệt muỗi tại các ổ dịch, vận động người dân diệt lăng quăng.
        Bác sĩ khuyến cáo khi trẻ sốt cao liên tục, xuất hiện chấm xuất huyết phải đưa đến cơ sở y tế ngay.
        Muỗi vằn sinh sản mạnh vào mùa mưa, các dụng cụ chứa nước là nơi lăng quăng phát triển.
        Chiến dịch diệt lăng quăng được triển khai đến từng hộ gia đình ở các xã có ổ dịch.
        Bệnh nhân sốt xuất huyết nặng có biểu hiện sốc, xuất huyết tiêu hóa cần được điều trị kịp thời.
        Sở Y tế yêu cầu các bệnh viện sẵn sàng thuốc, dịch truyền và giường bệnh cho bệnh nhân sốt xuất huyết.
    """),
    _topic("tiem-chung", "Y tế", """
        {p} tiêm vắc xin sởi cho {n} nghìn trẻ em
        Thiếu vắc xin tiêm chủng mở rộng, phụ huynh lo lắng
        {p} triển khai chiến dịch tiêm chủng bổ sung
        Tỷ lệ tiêm chủng đầy đủ ở trẻ em {p} đạt {n} phần trăm
    """, """
        Chiến dịch tiêm vắc xin sởi, rubella được triển khai cho trẻ em từ 1 đến 5 tuổi tại các trạm y tế.
        Nhiều phụ huynh lo lắng vì trạm y tế xã thiếu vắc xin 5 trong 1 trong chương trình tiêm chủng mở rộng.
        Trung tâm Kiểm soát bệnh tật tỉnh đã tiếp nhận thêm {n} nghìn liều vắc xin và phân bổ về các huyện.
        Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ đạt {n} phần trăm, thấp hơn chỉ tiêu.
        Cán bộ y tế đến từng trường mầm non, tiểu học để rà soát sổ tiêm chủng của học sinh.
        Sau tiêm vắc xin, trẻ được theo dõi 30 phút tại điểm tiêm và hướng dẫn phụ huynh chăm sóc tại nhà.
        Ngành y tế khuyến cáo phụ huynh đưa trẻ đi tiêm chủng đúng lịch để phòng bệnh sởi, bạch hầu, ho gà.
        Các điểm tiêm chủng bảo đảm an toàn, có đủ thuốc chống sốc và nhân viên y tế trực.
    """),
    _topic("ngo-doc-thuc-pham", "Y tế", """
        {n} người nhập viện nghi ngộ độc thực phẩm sau tiệc cưới ở {p}
        Học sinh {p} ngộ độc sau bữa ăn bán trú
        {p} tăng cường kiểm tra an toàn thực phẩm dịp Tết
        Phát hiện cơ sở sản xuất thực phẩm bẩn ở {p}
    """, """
        {n} người có biểu hiện đau bụng, nôn ói, tiêu chảy sau khi ăn cỗ cưới và được đưa đi cấp cứu.
        Bệnh viện huyện đã tiếp nhận nhiều học sinh nghi ngộ độc thực phẩm sau bữa ăn bán trú tại trường.
        Đoàn liên ngành kiểm tra an toàn thực phẩm phát hiện cơ sở sản xuất giò chả dùng hàn the.
        Cơ quan chức năng đã lấy mẫu thức ăn thừa để xét nghiệm, xác định nguyên nhân vụ ngộ độc.
        Chi cục An toàn vệ sinh thực phẩm khuyến cáo người dân không mua thực phẩm không rõ nguồn gốc.
        Bếp ăn tập thể của các trường học, khu công nghiệp phải lưu mẫu thức ăn theo quy định.
        Cơ sở kinh doanh vi phạm an toàn thực phẩm bị xử phạt và tiêu hủy hàng hóa.
        Các bệnh nhân ngộ độc thực phẩm đã qua cơn nguy kịch, sức khỏe ổn định.
    """),
    _topic("thi-tot-nghiep", "Giáo dục", """
        Hơn {n} nghìn thí sinh {p} dự thi tốt nghiệp THPT
        Điểm thi tốt nghiệp THPT môn Toán của {p} tăng
        {p} sẵn sàng cho kỳ thi tốt nghiệp THPT năm {y}
        Thí sinh {p} hoàn thành bài thi môn Ngữ văn
    """, """
        Kỳ thi tốt nghiệp THPT năm {y} tại tỉnh có hơn {n} nghìn thí sinh đăng ký dự thi tại các điểm thi.
        Sở Giáo dục và Đào tạo đã kiện toàn ban chỉ đạo thi, bố trí cán bộ coi thi và thanh tra thi.
        Sáng nay, thí sinh làm bài thi môn Ngữ văn, đề thi được nhận xét vừa sức, có tính phân loại.
        Điểm trung bình môn Toán của thí sinh trong tỉnh tăng so với năm trước, tỷ lệ tốt nghiệp đạt cao.
        Lực lượng công an bảo vệ đề thi, bài thi an toàn từ khâu vận chuyển đến chấm thi.
        Các trường THPT tổ chức ôn thi tốt nghiệp cho học sinh lớp 12, chú trọng học sinh yếu.
        Thí sinh mang điện thoại vào phòng thi sẽ bị đình chỉ thi theo quy chế.
        Hội đồng chấm thi tốt nghiệp THPT làm việc nghiêm túc, bảo đảm khách quan, chính xác.
    """),
    _topic("tuyen-sinh-dai-hoc", "Giáo dục", """
        Điểm chuẩn đại học năm {y}: nhiều ngành tăng mạnh
        Thí sinh {p} đăng ký nguyện vọng xét tuyển đại học
        Trường đại học tăng chỉ tiêu tuyển sinh ngành sư phạm
        Xét tuyển học bạ, thi đánh giá năng lực: thí sinh cân nhắc
    """, """
        Các trường đại học công bố điểm chuẩn, nhiều ngành như y khoa, công nghệ thông tin tăng {n} điểm.
        Thí sinh đăng ký nguyện vọng xét tuyển đại học trên hệ thống của Bộ Giáo dục và Đào tạo.
        Trường đại học tăng chỉ tiêu tuyển sinh ngành sư phạm để đáp ứng nhu cầu giáo viên.
        Nhiều trường dùng phương thức xét tuyển học bạ và kết quả thi đánh giá năng lực.
        Chuyên gia tư vấn tuyển sinh khuyên thí sinh chọn ngành theo năng lực và nhu cầu thị trường lao động.
        Học phí đại học năm học mới tăng, nhiều gia đình ở nông thôn lo lắng khi con đỗ đại học.
        Sinh viên tân sinh viên nhập học được hỗ trợ ký túc xá và học bổng khuyến khích.
        Điểm sàn xét tuyển vào các trường đại học khối sức khỏe được công bố sớm.
    """),
    _topic("truong-lop", "Giáo dục", """
        {p} thiếu {n} giáo viên trước thềm năm học mới
        Trường học xuống cấp ở {p}, học sinh học trong phòng tạm
        {p} đầu tư {n} tỷ đồng sửa chữa trường lớp
        Giáo viên hợp đồng ở {p} chờ được tuyển dụng
    """, """
        Nhiều phòng học ở các điểm trường vùng sâu đã xuống cấp, tường nứt, mái dột khi trời mưa.
        Tỉnh bố trí {n} tỷ đồng để sửa chữa, xây mới phòng học và nhà vệ sinh trường học.
        Ngành giáo dục thiếu hàng trăm giáo viên tiểu học, mầm non, nhất là môn tiếng Anh, tin học.
        Giáo viên hợp đồng mong được tuyển dụng viên chức để yên tâm công tác lâu dài.
        Năm học mới, các trường đã chuẩn bị đủ sách giáo khoa, bàn ghế cho học sinh.
        Học sinh phải học trong phòng học tạm, mượn nhà văn hóa thôn vì trường chưa xây xong.
        Sở Giáo dục và Đào tạo đề xuất tăng biên chế giáo viên và chính sách thu hút giáo viên về vùng khó.
        Phụ huynh đóng góp cùng nhà trường sửa sang sân chơi, lớp học trước ngày khai giảng.
    """),
    _topic("bao-lu", "Môi trường", """
        Bão số {n} đổ bộ, {p} sơ tán hàng nghìn hộ dân
        Mưa lớn gây ngập sâu nhiều khu dân cư ở {p}
        Lũ lên nhanh, {p} chia cắt nhiều thôn
        {p} khắc phục hậu quả mưa bão, hỗ trợ người dân
    """, """
        Bão số {n} đổ bộ kèm gió giật mạnh làm tốc mái hàng trăm ngôi nhà và gãy đổ cây xanh.
        Mưa lớn kéo dài khiến nước sông dâng cao, nhiều khu dân cư ngập sâu từ 1 đến 2 mét.
        Chính quyền đã sơ tán hàng nghìn hộ dân ở vùng trũng thấp, ven biển đến nơi an toàn.
        Lũ lên nhanh gây chia cắt nhiều thôn, lực lượng cứu hộ dùng xuồng tiếp tế lương thực cho người dân.
        Ban chỉ huy phòng chống thiên tai tỉnh yêu cầu tàu thuyền vào nơi tránh trú bão an toàn.
        Mưa bão làm hàng nghìn héc ta lúa, hoa màu bị ngập úng, thiệt hại ước tính {n} tỷ đồng.
        Tỉnh xuất kho gạo dự trữ và hỗ trợ các gia đình có nhà bị sập, tốc mái do bão.
        Điện lực khẩn trương khôi phục lưới điện bị hư hỏng sau bão.
    """),
    _topic("han-man", "Môi trường", """
        Hạn mặn xâm nhập sâu, {p} thiếu nước ngọt sinh hoạt
        Nông dân {p} trữ nước ngọt ứng phó hạn mặn
        Độ mặn trên sông ở {p} lên mức {n} phần nghìn
        {p} công bố tình huống khẩn cấp về hạn mặn
    """, """
        Nước mặn xâm nhập sâu vào nội đồng, độ mặn trên các sông chính đo được {n} phần nghìn.
        Hàng nghìn hộ dân vùng ven biển thiếu nước ngọt sinh hoạt, phải mua nước với giá cao.
        Nông dân đắp đập, trữ nước ngọt trong ao, bồn chứa để tưới cây ăn trái và rau màu.
        Ngành thủy lợi vận hành các cống ngăn mặn, điều tiết nước ngọt cho vùng sản xuất.
        Vườn sầu riêng, bưởi da xanh của nông dân bị ảnh hưởng do nước tưới nhiễm mặn.
        Tỉnh công bố tình huống khẩn cấp về hạn mặn và hỗ trợ bồn chứa nước cho người dân.
        Các trạm cấp nước tăng công suất, chở nước ngọt miễn phí đến vùng bị hạn mặn.
        Khuyến cáo nông dân xuống giống lúa đúng lịch thời vụ để né hạn mặn.
    """),
    _topic("sat-lo", "Môi trường", """
        Sạt lở bờ sông ở {p}, nhiều nhà dân bị cuốn trôi
        {p} di dời khẩn cấp {n} hộ dân khỏi vùng sạt lở
        Sạt lở đất vùng núi {p} sau mưa lớn
        {p} đầu tư kè chống sạt lở bờ sông
    """, """
        Đoạn bờ sông dài {n} mét bất ngờ sạt lở, nhiều căn nhà bị nhấn chìm xuống lòng sông.
        Chính quyền khẩn trương di dời các hộ dân trong vùng nguy cơ sạt lở đến nơi ở tạm.
        Sau mưa lớn, đất đá từ sườn núi đổ xuống vùi lấp nhà dân, chia cắt tuyến đường giao thông.
        Tỉnh đề nghị trung ương hỗ trợ kinh phí xây dựng kè chống sạt lở bờ sông.
        Khai thác cát trái phép được xác định là một nguyên nhân gây sạt lở bờ sông.
        Cơ quan chức năng cắm biển cảnh báo, rào chắn khu vực sạt lở để bảo đảm an toàn.
        Các hộ dân bị mất nhà do sạt lở được hỗ trợ tiền thuê nhà và bố trí đất tái định cư.
        Công trình kè chống sạt lở hoàn thành giúp người dân an tâm sinh sống.
    """),
    _topic("o-nhiem", "Môi trường", """
        Doanh nghiệp xả thải gây ô nhiễm sông ở {p} bị xử phạt
        Rác thải sinh hoạt tồn đọng, bãi rác {p} quá tải
        Cá chết hàng loạt nghi do ô nhiễm nguồn nước ở {p}
        {p} xây nhà máy xử lý rác thải công suất {n} tấn mỗi ngày
    """, """
        Doanh nghiệp xả nước thải chưa qua xử lý ra sông bị xử phạt {n} trăm triệu đồng.
        Bãi rác của huyện đã quá tải, rác thải sinh hoạt tồn đọng bốc mùi hôi thối ảnh hưởng người dân.
        Cá chết hàng loạt trên sông, người dân nghi nguồn nước bị ô nhiễm do chất thải công nghiệp.
        Sở Tài nguyên và Môi trường lấy mẫu nước để phân tích, xác định nguồn gây ô nhiễm.
        Tỉnh kêu gọi đầu tư nhà máy xử lý rác thải, đốt rác phát điện công suất lớn.
        Người dân được vận động phân loại rác thải tại nguồn, hạn chế sử dụng túi ni lông.
        Khu công nghiệp phải hoàn thiện hệ thống xử lý nước thải tập trung, lắp quan trắc tự động.
        Ô nhiễm môi trường từ các trại chăn nuôi heo khiến người dân bức xúc.
    """),
    _topic("tai-nan-giao-thong", "Giao thông", """
        Tai nạn giao thông nghiêm trọng trên quốc lộ qua {p}, {n} người tử vong
        Xe khách tông xe tải ở {p}, nhiều người bị thương
        {p} xử lý {n} trường hợp vi phạm nồng độ cồn
        Tai nạn giao thông giảm ở {p} nhờ xử lý nồng độ cồn
    """, """
        Vụ tai nạn giao thông giữa xe khách và xe tải trên quốc lộ làm {n} người tử vong tại chỗ.
        Các nạn nhân bị thương được người dân đưa đến bệnh viện cấp cứu.
        Cảnh sát giao thông tỉnh xử lý hàng trăm trường hợp tài xế vi phạm nồng độ cồn.
        Số vụ tai nạn giao thông, số người chết và bị thương đều giảm so với cùng kỳ.
        Người điều khiển xe máy không đội mũ bảo hiểm, chạy quá tốc độ là nguyên nhân chính.
        Lực lượng cảnh sát giao thông tăng cường tuần tra, kiểm soát trên các tuyến quốc lộ.
        Ban An toàn giao thông tỉnh kiến nghị khắc phục điểm đen tai nạn giao thông.
        Tài xế xe tải dương tính với ma túy bị tạm giữ để điều tra.
    """),
    _topic("cao-toc", "Giao thông", """
        Cao tốc qua {p} thông xe sớm {n} tháng
        Thiếu cát đắp nền, dự án cao tốc qua {p} chậm tiến độ
        {p} bàn giao mặt bằng cho dự án cao tốc
        Khởi công tuyến cao tốc nối {p} với cảng biển
    """, """
        Tuyến cao tốc dài {n} km đi qua tỉnh được thông xe, rút ngắn thời gian di chuyển.
        Dự án cao tốc chậm tiến độ do thiếu cát đắp nền đường và vướng mặt bằng.
        Tỉnh đã bàn giao {n} phần trăm mặt bằng cho nhà thầu thi công đường cao tốc.
        Nhà thầu huy động máy móc, công nhân thi công ba ca bốn kíp trên công trường cao tốc.
        Đường cao tốc kết nối cảng biển, khu công nghiệp sẽ thu hút thêm nhà đầu tư.
        Người dân có đất bị thu hồi làm cao tốc được bồi thường, bố trí tái định cư.
        Bộ Giao thông vận tải yêu cầu bảo đảm chất lượng công trình, không chạy theo tiến độ.
        Trạm dừng nghỉ trên cao tốc chưa được xây dựng gây bất tiện cho tài xế.
    """),
    _topic("nong-thon-moi", "Giao thông", """
        {p} có thêm {n} xã đạt chuẩn nông thôn mới nâng cao
        Bê tông hóa đường giao thông nông thôn ở {p}
        Người dân {p} hiến đất làm đường nông thôn mới
        {p} hoàn thành chương trình xây dựng nông thôn mới
    """, """
        Toàn tỉnh có thêm {n} xã đạt chuẩn nông thôn mới nâng cao, nông thôn mới kiểu mẫu.
        Người dân tự nguyện hiến đất, góp công làm đường bê tông liên thôn, liên xã.
        Đường giao thông nông thôn được bê tông hóa, xe cơ giới vào tận thôn xóm.
        Chương trình xây dựng nông thôn mới giúp thu nhập bình quân đầu người ở nông thôn tăng.
        Các xã nông thôn mới chú trọng tiêu chí môi trường, cảnh quan xanh sạch đẹp.
        Tỉnh lồng ghép nguồn vốn để đầu tư hạ tầng giao thông, thủy lợi, trường học ở nông thôn.
        Nhiều tuyến đường hoa, hàng rào cây xanh do người dân tự làm ở các thôn nông thôn mới.
        Hội đồng thẩm định xét công nhận xã đạt chuẩn nông thôn mới nâng cao.
    """),
    _topic("dai-hoi-dang", "Chính trị", """
        Đại hội Đảng bộ huyện ở {p} nhiệm kỳ mới thành công tốt đẹp
        {p} chuẩn bị văn kiện đại hội Đảng bộ tỉnh
        Bầu Ban Chấp hành Đảng bộ tỉnh {p} khóa mới
        Đại hội chi bộ điểm ở {p}
    """, """
        Đại hội Đảng bộ huyện nhiệm kỳ mới đã bầu Ban Chấp hành gồm {n} đồng chí.
        Dự thảo văn kiện đại hội được lấy ý kiến rộng rãi của cán bộ, đảng viên và nhân dân.
        Đại hội đã thảo luận, thông qua nghị quyết với các chỉ tiêu phát triển kinh tế - xã hội.
        Công tác nhân sự đại hội được chuẩn bị chặt chẽ, đúng quy trình theo chỉ thị của Bộ Chính trị.
        Đồng chí bí thư tỉnh ủy dự và phát biểu chỉ đạo đại hội Đảng bộ.
        Đại hội chi bộ điểm được tổ chức để rút kinh nghiệm cho các chi bộ trong Đảng bộ.
        Các đại biểu đã bỏ phiếu bầu đoàn đại biểu dự đại hội Đảng bộ cấp trên.
        Nghị quyết đại hội xác định chuyển đổi số, phát triển hạ tầng là khâu đột phá.
    """),
    _topic("tham-nhung", "Chính trị", """
        Khởi tố nguyên giám đốc sở ở {p} về tội tham ô tài sản
        Xét xử vụ án sai phạm đất đai ở {p}
        Thanh tra phát hiện sai phạm {n} tỷ đồng tại {p}
        Kỷ luật cán bộ vi phạm trong quản lý đất đai ở {p}
    """, """
        Cơ quan cảnh sát điều tra đã khởi tố bị can, bắt tạm giam nguyên giám đốc sở về tội tham ô tài sản.
        Tòa án nhân dân tỉnh mở phiên xét xử sơ thẩm vụ án sai phạm trong quản lý đất đai.
        Kết luận thanh tra chỉ ra sai phạm gây thất thoát ngân sách {n} tỷ đồng.
        Ủy ban Kiểm tra Tỉnh ủy đề nghị kỷ luật cảnh cáo các cán bộ có sai phạm.
        Các bị cáo bị truy tố vì vi phạm quy định về quản lý, sử dụng tài sản nhà nước.
        Công tác phòng, chống tham nhũng, tiêu cực được đẩy mạnh, không có vùng cấm.
        Viện kiểm sát đề nghị mức án tù đối với các bị cáo trong vụ án tham nhũng.
        Cơ quan điều tra yêu cầu các bị can khắc phục hậu quả, nộp lại tiền thu lợi bất chính.
    """),
    _topic("chuyen-doi-so", "Chính trị", """
        {p} đẩy mạnh chuyển đổi số, dịch vụ công trực tuyến
        {n} phần trăm hồ sơ ở {p} được nộp trực tuyến
        Người dân {p} làm thủ tục hành chính qua điện thoại
        {p} cải cách hành chính, rút ngắn thời gian giải quyết hồ sơ
    """, """
        Tỷ lệ hồ sơ thủ tục hành chính được nộp trực tuyến qua cổng dịch vụ công đạt {n} phần trăm.
        Người dân có thể làm thủ tục cấp giấy khai sinh, đăng ký thường trú ngay trên điện thoại.
        Trung tâm phục vụ hành chính công rút ngắn thời gian giải quyết hồ sơ cho người dân, doanh nghiệp.
        Tỉnh triển khai căn cước điện tử, thanh toán không dùng tiền mặt trong dịch vụ công.
        Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng, tạo tài khoản định danh.
        Chỉ số cải cách hành chính của tỉnh tăng {n} bậc so với năm trước.
        Chuyển đổi số giúp cơ quan nhà nước giảm giấy tờ, xử lý văn bản điện tử.
        Cán bộ một cửa được tập huấn kỹ năng số để hỗ trợ người dân.
    """),
    _topic("le-hoi-du-lich", "Văn hóa", """
        Lễ hội truyền thống ở {p} thu hút hàng vạn du khách
        Du lịch {p} đón {n} nghìn lượt khách dịp lễ
        {p} phát triển du lịch cộng đồng gắn với làng nghề
        Khai mạc tuần văn hóa du lịch {p}
    """, """
        Lễ hội truyền thống diễn ra với nghi thức rước kiệu, tế lễ và nhiều trò chơi dân gian.
        Dịp lễ, các khu du lịch của tỉnh đón {n} nghìn lượt du khách, doanh thu du lịch tăng mạnh.
        Mô hình du lịch cộng đồng gắn với làng nghề truyền thống giúp người dân tăng thu nhập.
        Các khách sạn, homestay kín phòng, nhà hàng phục vụ đặc sản địa phương cho du khách.
        Tuần văn hóa du lịch có chương trình nghệ thuật, hội chợ ẩm thực và triển lãm ảnh.
        Ngành văn hóa bảo tồn di tích lịch sử, phục dựng lễ hội để phát triển du lịch.
        Du khách trải nghiệm làm gốm, dệt thổ cẩm, thưởng thức đờn ca tài tử.
        Tỉnh quảng bá điểm đến du lịch trên mạng xã hội, thu hút khách quốc tế.
    """),
    _topic("bong-da", "Văn hóa", """
        Câu lạc bộ bóng đá {p} thắng {n}-0 tại V-League
        Đội tuyển U23 tập huấn chuẩn bị SEA Games
        Sân vận động {p} chật kín cổ động viên
        Huấn luyện viên đội bóng {p} từ chức
    """, """
        Đội bóng chủ nhà giành chiến thắng với tỉ số {n}-0 trong trận đấu thuộc vòng đấu V-League.
        Tiền đạo ngoại ghi cú đúp, giúp câu lạc bộ vươn lên vị trí thứ {n} trên bảng xếp hạng.
        Hàng vạn cổ động viên đến sân vận động cổ vũ đội bóng con cưng.
        Huấn luyện viên trưởng xin từ chức sau chuỗi trận thua liên tiếp.
        Đội tuyển U23 hội quân tập huấn, chuẩn bị cho giải bóng đá SEA Games.
        Ban tổ chức giải xử phạt câu lạc bộ vì cổ động viên đốt pháo sáng trên sân.
        Thủ môn có nhiều pha cứu thua xuất sắc, được bầu là cầu thủ hay nhất trận.
        Câu lạc bộ chiêu mộ tân binh cho giai đoạn lượt về của mùa giải.
    """),
    _topic("the-thao-phong-trao", "Văn hóa", """
        Giải việt dã {p} thu hút {n} vận động viên
        Đại hội thể dục thể thao {p} lần thứ {n}
        Phong trào thể thao quần chúng phát triển ở {p}
        Vận động viên {p} giành huy chương vàng giải toàn quốc
    """, """
        Giải việt dã thu hút {n} vận động viên phong trào tham gia, tranh tài ở nhiều cự ly.
        Đại hội thể dục thể thao tỉnh với các môn điền kinh, bơi lội, cầu lông, bóng chuyền.
        Phong trào thể thao quần chúng phát triển, nhiều câu lạc bộ dưỡng sinh, đi bộ được thành lập.
        Vận động viên của tỉnh giành huy chương vàng giải điền kinh toàn quốc.
        Ngành thể thao đầu tư nhà thi đấu đa năng, sân tập cho vận động viên trẻ.
        Các xã tổ chức giải bóng chuyền, kéo co dịp lễ hội thu hút đông người xem.
        Vận động viên năng khiếu được tuyển chọn vào đội tuyển trẻ của tỉnh.
        Ban tổ chức trao huy chương, cúp cho các đội đạt thành tích cao tại đại hội thể thao.
    """),
]  # fmt: skip

SECTION_TAGS = {
    "Kinh tế": ["Thị trường", "Doanh nghiệp", "Giá cả", "Đầu tư"],
    "Y tế": ["Sức khỏe", "Bệnh viện", "Phòng bệnh"],
    "Giáo dục": ["Học sinh", "Nhà trường", "Giáo viên"],
    "Môi trường": ["Thiên tai", "Biến đổi khí hậu", "Nước"],
    "Giao thông": ["Hạ tầng", "Đường sá", "An toàn"],
    "Chính trị": ["Xây dựng Đảng", "Chính quyền", "Pháp luật"],
    "Văn hóa": ["Lễ hội", "Thể thao", "Giải trí"],
}


def strip_diacritics(text: str) -> str:
    """Text as typed without diacritics (đ as d), case kept: badly-typed content."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@dataclass(frozen=True)
class Item:
    topic: str
    section: str
    title: str
    summary: str
    content_html: str
    tags: list[str]
    publish_at: datetime
    stripped: bool


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        p=rng.choice(PLACES),
        n=rng.randint(2, 95),
        y=rng.choice([2024, 2025, 2026]),
        o=rng.choice(PEOPLE),
    )


def generate(*, per_topic: int, strip_share: float, seed: int = 7) -> list[Item]:
    """`per_topic` articles per topic, shuffled; `strip_share` of them typed without
    diacritics. Body sentences: about 45 % the topic's own, 20 % a sibling topic's (same
    section), 35 % generic administrative prose."""
    rng = random.Random(seed)
    by_section: dict[str, list[Topic]] = {}
    for topic in TOPICS:
        by_section.setdefault(topic.section, []).append(topic)
    base = datetime(2026, 11, 1, tzinfo=UTC)
    items = []
    for topic in TOPICS:
        siblings = [t for t in by_section[topic.section] if t is not topic]
        for _ in range(per_topic):
            sibling = rng.choice(siblings)
            paragraphs = []
            for _ in range(rng.randint(3, 6)):
                sentences = []
                for _ in range(rng.randint(2, 4)):
                    roll = rng.random()
                    pool = (
                        topic.sentences if roll < 0.45
                        else sibling.sentences if roll < 0.65
                        else GENERIC
                    )  # fmt: skip
                    sentences.append(_fill(rng, rng.choice(pool)))
                paragraphs.append("<p>" + " ".join(sentences) + "</p>")
            tags = rng.sample(SECTION_TAGS[topic.section], k=rng.randint(0, 2))
            tags.append(rng.choice(PLACES))
            stripped = rng.random() < strip_share
            fix = strip_diacritics if stripped else (lambda s: s)
            items.append(
                Item(
                    topic=topic.key,
                    section=topic.section,
                    title=fix(_fill(rng, rng.choice(topic.titles))),
                    summary=fix(_fill(rng, rng.choice(topic.sentences))),
                    content_html=fix("".join(paragraphs)),
                    tags=tags,
                    publish_at=base - timedelta(days=rng.uniform(0, 720)),
                    stripped=stripped,
                )
            )
    rng.shuffle(items)
    return items
