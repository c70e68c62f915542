"""The lease PDF: bilingual, with its facts, readable by extracting its text."""

from datetime import date

import pypdfium2 as pdfium

from housing.tenancies.lease_pdf import lease_pdf
from tests.web.money_helpers import housed, world_with_landlord


def _text(data: bytes) -> str:
    """The text as Chrome's PDF engine (PDFium) reads it, without white space."""
    pdf = pdfium.PdfDocument(data)
    return "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)


def test_lease_pdf_carries_parties_unit_rent_term_and_rules_in_both_languages(db):
    world = world_with_landlord(units=1, applicants=1)
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1), years=2)
    data = lease_pdf(tenancy)
    assert data.startswith(b"%PDF")
    text = _text(data)
    for expected in [
        "长宁区人才公寓租赁合同", "ChangningDistrictTalentApartmentLease",
        "长宁区国有资产经营有限公司", world.applicants[0].user.name,
        "华阳路人才公寓1号楼", "B01-0001", "一居室", "4,200元", "2027-01-01", "2029-01-01",
        "不超过同地段市场租金的90%", "atmost90%ofthemarketrent", "6年", "3个月内搬离",
        "Norentsubsidy",
    ]:  # fmt: skip
        assert expected in text, expected


def test_the_font_is_embedded_and_drawn(db):
    world = world_with_landlord(units=1, applicants=1)
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    data = lease_pdf(tenancy)
    # The CJK font travels inside the file (a subset, as a CFF font program).
    assert b"/FontFile3" in data and b"NotoSansCJKSC" in data
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=1).to_pil().convert("L")
    title = image.crop((100, 20, 500, 60))
    assert title.getextrema()[0] < 100  # the Chinese title is drawn in ink, not left blank
