"""A landlord uploads a spreadsheet in a real Chromium and sees the units listed."""

import pytest

from housing.auth.operations import create_staff_user
from housing.landlords import operations
from housing.models import Role
from tests.browser.conftest import switch_to_english

pytestmark = pytest.mark.browser

BUILDING = {
    "name": "华阳路人才公寓1号楼",
    "address": "上海市长宁区华阳路100号",
    "street": "huayang",
    "lat": 31.2235,
    "lon": 121.4240,
}
HEADER = "楼栋,房源编号,户型,面积（平方米）,最多入住人数,租金（元/月）,市场租金（元/月）"


def _landlord() -> str:
    user = create_staff_user(
        Role.LANDLORD,
        "estate@example.cn",
        "secret-pass-1",
        landlord_org="长宁区国有资产经营有限公司",
    )
    operations.create_building(user.landlord_id, user, BUILDING)
    return user.email


def _log_in(page, email: str) -> None:
    switch_to_english(page)
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("secret-pass-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/landlord/")


def test_landlord_imports_a_csv_and_sees_the_units(page, tmp_path):
    _log_in(page, _landlord())
    page.get_by_test_id("nav-landlords-unit-import").click()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                "华阳路人才公寓1号楼,HY-0201,2BR,8,4,4000,5000",
                "无此楼,HY-0202,studio,28,1,2000,3000",
            ]
        ),
        encoding="utf-8",
    )
    page.locator("#file").set_input_files(str(bad))
    page.get_by_test_id("import-submit").click()
    problems = page.get_by_test_id("problem")
    problems.first.wait_for()
    assert problems.count() == 2
    assert {problems.nth(i).get_attribute("data-line") for i in range(2)} == {"2", "3"}
    assert page.locator("#file-error").is_visible()

    good = tmp_path / "units.csv"
    good.write_text(
        "\n".join(
            [
                HEADER,
                "华阳路人才公寓1号楼,HY-0201,1BR,45,2,4000,5000",
                "华阳路人才公寓1号楼,HY-0202,studio,28,1,2400,3000",
                "华阳路人才公寓1号楼,HY-0301,2BR,72,4,5600,7000",
            ]
        ),
        encoding="utf-8",
    )
    page.locator("#file").set_input_files(str(good))
    page.get_by_test_id("import-submit").click()
    page.wait_for_url("**/landlord/units")
    rows = page.get_by_test_id("unit-row")
    assert rows.count() == 3
    codes = {rows.nth(i).get_attribute("data-code") for i in range(3)}
    assert codes == {"HY-0201", "HY-0202", "HY-0301"}
    assert page.get_by_role("status").first.inner_text().startswith("3 units imported")
