"""The demo district's fixed facts: streets, job hubs, landlords and name pools."""

from housing.models import ApplicationStatus, Category, LandlordKind, Role, Street

STREET_CENTRES = {
    Street.JIANGSU: (31.2226, 121.4390),
    Street.HUAYANG: (31.2235, 121.4240),
    Street.XINHUA: (31.2150, 121.4305),
    Street.TIANSHAN: (31.2180, 121.4120),
    Street.HONGQIAO: (31.2100, 121.4050),
    Street.XIANXIA: (31.2050, 121.3950),
    Street.ZHOUJIAQIAO: (31.2230, 121.4010),
    Street.BEIXINJING: (31.2185, 121.3800),
    Street.CHENGJIAQIAO: (31.2050, 121.3700),
    Street.XINJING: (31.2160, 121.3580),
}
STREET_NAMES = {
    Street.JIANGSU: "江苏路",
    Street.HUAYANG: "华阳路",
    Street.XINHUA: "新华路",
    Street.TIANSHAN: "天山路",
    Street.HONGQIAO: "虹桥路",
    Street.XIANXIA: "仙霞路",
    Street.ZHOUJIAQIAO: "长宁路",
    Street.BEIXINJING: "北新泾路",
    Street.CHENGJIAQIAO: "程家桥路",
    Street.XINJING: "新泾路",
}
HUBS = [  # name, lat, lon, share of employers
    ("虹桥临空经济示范区", 31.2050, 121.3620, 0.40),
    ("中山公园", 31.2222, 121.4170, 0.25),
    ("古北·虹桥路", 31.2060, 121.4200, 0.20),
    ("天山路", 31.2150, 121.4050, 0.15),
]
INDUSTRIES = [  # industry, key industry?
    ("航空服务", True),
    ("数字经济", True),
    ("人工智能", True),
    ("时尚创意", True),
    ("生命健康", True),
    ("金融服务", False),
    ("专业服务", False),
    ("教育", False),
    ("医疗卫生", False),
    ("商贸零售", False),
]
#: The industries' English names, for the employers' English names.
INDUSTRIES_EN = {
    "航空服务": "Aviation Services",
    "数字经济": "Digital Economy",
    "人工智能": "Artificial Intelligence",
    "时尚创意": "Fashion and Design",
    "生命健康": "Life Sciences",
    "金融服务": "Financial Services",
    "专业服务": "Professional Services",
    "教育": "Education",
    "医疗卫生": "Healthcare",
    "商贸零售": "Trade and Retail",
}
LANDLORDS = [
    ("长宁区国有资产经营有限公司", LandlordKind.DISTRICT_SOE),
    ("上海长宁城市更新投资有限公司", LandlordKind.DISTRICT_SOE),
    ("上海虹桥临空经济园区发展有限公司", LandlordKind.DISTRICT_SOE),
    ("长宁区住房保障服务中心", LandlordKind.DISTRICT_SOE),
    ("上海长房(集团)有限公司", LandlordKind.DISTRICT_SOE),
    ("魔方公寓", LandlordKind.PRIVATE_FIRM),
    ("冠寓", LandlordKind.PRIVATE_FIRM),
    ("泊寓", LandlordKind.PRIVATE_FIRM),
    ("自如", LandlordKind.PRIVATE_FIRM),
    ("城家公寓", LandlordKind.PRIVATE_FIRM),
    ("朗诗寓", LandlordKind.PRIVATE_FIRM),
    ("有巢公寓", LandlordKind.PRIVATE_FIRM),
    ("安歆公寓", LandlordKind.PRIVATE_FIRM),
    ("华润有巢", LandlordKind.PRIVATE_FIRM),
]
LAYOUTS = [  # layout, bedrooms, max occupants, area range, share
    ("studio", 0, 1, (25, 35), 0.30),
    ("1BR", 1, 2, (40, 55), 0.40),
    ("2BR", 2, 4, (60, 85), 0.25),
    ("3BR", 3, 5, (90, 120), 0.05),
]
CATEGORY_SHARES = [
    (Category.LEADING, 0.02),
    (Category.HIGH_LEVEL, 0.06),
    (Category.KEY_INDUSTRY, 0.33),
    (Category.OVERSEAS, 0.14),
    (Category.SKILLED, 0.13),
    (Category.YOUNG, 0.24),
    (Category.SOCIAL_GOVERNANCE, 0.08),
]
STATUS_COUNTS = [  # of the generated applicants (demo accounts come on top)
    (ApplicationStatus.DRAFT, 1500),
    (ApplicationStatus.SUBMITTED, 1500),
    (ApplicationStatus.VERIFIED, 800),
    (ApplicationStatus.REJECTED, 500),
    (ApplicationStatus.WAITING, 12900),
    (ApplicationStatus.OFFERED, 300),
    (ApplicationStatus.HOUSED, 1500),
    (ApplicationStatus.EXITED, 500),
    (ApplicationStatus.WITHDRAWN, 500),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏晨欣怡子涵梓轩"
DEMO_ACCOUNTS = {
    "officer": ("officer@demo.changning.gov.cn", "Officer-2026", Role.OFFICER, "王审核"),
    "landlord": ("landlord@demo.changning.gov.cn", "Landlord-2026", Role.LANDLORD, "李经理"),
    "admin": ("admin@demo.changning.gov.cn", "Admin-2026", Role.ADMIN, "系统管理员"),
    "applicant": ("applicant@demo.changning.gov.cn", "Applicant-2026", Role.APPLICANT, "陈思远"),
    # HR of the demo applicant's enterprise; two more enterprises' HR share the password.
    "employer": ("hr@demo.changning.gov.cn", "Employer-2026", Role.EMPLOYER, "赵人事"),
}
#: More HR accounts: (e-mail, name) for the next enterprises of the register, password as above.
MORE_EMPLOYER_HR = [
    ("hr1@demo.changning.gov.cn", "钱人事"),
    ("hr2@demo.changning.gov.cn", "孙人事"),
]
APPLICANT_PASSWORD = "Talent-2026"  # every generated applicant, for trying the queue pages
