"""The lease as a bilingual PDF: parties, unit, rent, term and the rules of the policy."""

from housing.models import Tenancy
from housing.pdf import Document
from housing.policy import current_policy, rent_cap_pct
from housing.tenancies.leases import max_raise, stay_end
from housing.tenancies.operations import stay_start

LAYOUTS = {"studio": ("开间", "Studio"), "1BR": ("一居室", "1 bedroom"),
           "2BR": ("两居室", "2 bedrooms"), "3BR": ("三居室", "3 bedrooms")}  # fmt: skip

RULES = [
    ("租金不超过同地段市场租金的{cap_pct}%；续租时每年涨幅不超过{raise_pct}%。",
     "The rent is at most {cap_pct}% of the market rent; at renewal it rises at most "
     "{raise_pct}% a year."),
    ("每份租约1至3年；同一承租人累计租住不超过{stay}年（至{stay_end}）。",
     "Each lease runs 1 to 3 years; the stay lasts at most {stay} years in all "
     "(until {stay_end})."),
    ("租期内每年及租约到期前60天须完成年度复核（工作单位、家庭、住房情况）。",
     "Every year, and 60 days before the lease ends, the tenant completes the annual review "
     "(employer, household, housing)."),
    ("不再符合条件（离开区内企业、在沪购房或达到租住上限）的，须在{grace}个月内搬离。",
     "A tenant who no longer qualifies (left a district enterprise, bought a home in Shanghai "
     "or reached the stay cap) moves out within {grace} months."),
    ("入住人才公寓期间不得同时领取货币化租房补贴。",
     "No rent subsidy is paid while the tenant lives in a talent apartment."),
]  # fmt: skip


def lease_pdf(tenancy: Tenancy) -> bytes:
    policy = current_policy(create=False)
    unit, application = tenancy.unit, tenancy.application
    building = unit.building
    layout_zh, layout_en = LAYOUTS.get(unit.layout.value, (unit.layout.value, unit.layout.value))
    doc = Document("长宁区人才公寓租赁合同", "Changning District Talent Apartment Lease")
    doc.row("合同编号", "Lease number", f"CN-TA-{tenancy.id:08d}")
    doc.heading("当事人", "Parties")
    doc.row("出租方", "Landlord", unit.landlord.name)
    doc.row("承租方", "Tenant", application.user.name)
    doc.row("证件号码", "ID number", application.user.id_number_masked or "")
    doc.row("工作单位", "Employer", application.employer.name if application.employer else "")
    doc.heading("房屋", "Unit")
    doc.row("地址", "Address", f"{building.address} {building.name} {unit.code}")
    doc.row("户型与面积", "Layout and area", f"{layout_zh} / {layout_en}, {unit.area_m2:g} m²")
    doc.heading("租金与租期", "Rent and term")
    doc.row("月租金", "Monthly rent", f"{tenancy.rent:,} 元 / yuan")
    doc.row("市场租金", "Market rent", f"{unit.market_rent:,} 元 / yuan")
    doc.row("起始日", "Start", tenancy.start_date.isoformat())
    doc.row("到期日", "End", tenancy.end_date.isoformat())
    doc.row(
        "续租最高租金", "Highest rent at renewal", f"{max_raise(tenancy.rent, policy):,} 元 / yuan"
    )
    doc.heading("规则", "Rules")
    end = stay_end(stay_start(tenancy), policy).isoformat()
    values = {
        "cap_pct": rent_cap_pct(policy),
        "raise_pct": policy.rent_raise_cap_pct,
        "stay": policy.lease_total_max_years,
        "stay_end": end,
        "grace": policy.exit_grace_months,
    }
    for number, (zh, en) in enumerate(RULES, start=1):
        doc.paragraph(f"{number}. {zh.format(**values)}\n    {en.format(**values)}")
    return doc.bytes()
