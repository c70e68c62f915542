import pytest
from housing.applicants import operations as applicant_ops
from housing.auth.operations import create_staff_user, register_applicant
from housing.models import Role
from tests.web.applicant_helpers import make_employer, ready_draft
from tests.web.landlord_helpers import add_building

pytestmark = pytest.mark.browser
OUT = "/tmp/shots-places"


def _log_in(page, email, lang):
    page.goto("/")
    if lang == "en":
        page.locator('button[lang="en"]').click()
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("secret-pass-1")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shots(page, db, lang):
    for i in range(14):
        make_employer(db, code=f"E{i:04d}", name=f"上海长宁数字科技{i:02d}有限公司",
                      name_en=f"Changning Digital Tech {i:02d} Co.", credit_code=f"91310105MA1FL{i:04d}X",
                      address=f"长宁区愚园路{100 + i}号")
    landlord = create_staff_user(Role.LANDLORD, "estate@example.cn", "secret-pass-1", landlord_org="长宁国资")
    add_building(landlord)
    add_building(landlord, name="二号楼", lat=31.2050, lon=121.3900, address="长宁区天山路1号")
    user = register_applicant("li@example.cn", "secret-pass-1", "李雷", "310105199005012432")
    applicant_ops.ensure_draft(user)
    other = register_applicant("wang@example.cn", "secret-pass-1", "王芳", "110101199003071372")
    from housing.models import Employer
    import sqlalchemy as sa
    e = db.session.scalar(sa.select(Employer).limit(1))
    ready_draft(other, e)
    from housing.models import Application
    applicant_ops.submit(db.session.scalar(sa.select(Application).where(Application.user_id == other.id)), other, consent=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.context.clear_cookies()
        _log_in(page, "li@example.cn", lang)
        page.goto("/me/application/employer")
        page.get_by_test_id("employer-search").fill("愚园路")
        page.get_by_test_id("employer-search-button").click()
        page.wait_for_load_state()
        page.screenshot(path=f"{OUT}/employer-{lang}-{width}.png", full_page=True)
        page.locator('input[name="employer_id"]').nth(2).check()
        page.locator("#social_insurance_in_shanghai").check()
        page.get_by_test_id("save-step").click()
        page.wait_for_url("**/workplace")
        page.get_by_test_id("place-map").wait_for()
        page.wait_for_timeout(600)
        page.screenshot(path=f"{OUT}/workplace-{lang}-{width}.png", full_page=True)
        page.get_by_test_id("place-search").fill("娄山关" if lang == "zh" else "Loushanguan")
        page.locator("button.place-result").first.wait_for()
        page.screenshot(path=f"{OUT}/workplace-results-{lang}-{width}.png", full_page=True)
        page.context.clear_cookies()
        _log_in(page, "wang@example.cn", lang)
        page.goto("/me/application/change")
        page.get_by_test_id("place-map").wait_for()
        page.wait_for_timeout(600)
        page.screenshot(path=f"{OUT}/change-{lang}-{width}.png", full_page=True)
        page.context.clear_cookies()
        _log_in(page, "estate@example.cn", lang)
        page.goto("/landlord/buildings/new")
        page.locator("form[data-testid=building-form] > button[type=submit]").click()
        page.wait_for_load_state()
        page.screenshot(path=f"{OUT}/building-error-{lang}-{width}.png", full_page=True)
