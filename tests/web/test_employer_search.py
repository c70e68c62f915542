"""Finding the employer in the wizard and the change form: by name, unified social credit
code or address, paged, address shown, stable order; the choice is never dropped silently."""

import sqlalchemy as sa

from housing.applicants import operations as applicant_ops
from housing.models import Application
from tests.web.applicant_helpers import make_employer, ready_draft
from tests.web.conftest import csrf_token

URL = "/me/application/employer"


def _employers(db, n: int = 14):
    return [
        make_employer(
            db,
            code=f"E{i:04d}",
            name=f"上海长宁测试{i:02d}有限公司",
            credit_code=f"91310105MA1FL{i:04d}X",
            address=f"长宁区愚园路{100 + i}号",
        )
        for i in range(n)
    ]


def _app(db, user) -> Application:
    db.session.expire_all()
    return db.session.scalar(sa.select(Application).where(Application.user_id == user.id))


def _start(db, make_user, login):
    user = make_user()
    applicant_ops.ensure_draft(user)
    login(user.email)
    return user


def test_search_by_credit_code_and_by_address_shows_the_address(client, db, make_user, login):
    employers = _employers(db)
    _start(db, make_user, login)
    by_code = client.get(URL + "?q=MA1FL0007").text
    assert employers[7].name in by_code and employers[8].name not in by_code
    assert "长宁区愚园路107号" in by_code and "91310105MA1FL0007X" in by_code
    by_address = client.get(URL + "?q=愚园路112").text
    assert employers[12].name in by_address and employers[7].name not in by_address


def test_results_are_paged_in_a_stable_order_inside_the_form(client, db, make_user, login):
    employers = _employers(db)
    _start(db, make_user, login)
    first = client.get(URL + "?q=长宁测试")
    names = [e.name for e in employers]
    assert all(n in first.text for n in names[:10]) and names[10] not in first.text
    assert first.text.index(names[0]) < first.text.index(names[9])
    token = csrf_token(first.text)
    second = client.post(
        URL, data={"csrf_token": token, "q": "长宁测试", "employer_page": "2", "route": "employer"}
    )
    assert second.status_code == 200
    assert all(n in second.text for n in names[10:]) and names[9] not in second.text


def test_a_search_keeps_the_employer_chosen(client, db, make_user, login):
    employers = _employers(db)
    user = _start(db, make_user, login)
    token = csrf_token(client.get(URL).text)
    chosen = employers[3]
    r = client.post(
        URL,
        data={"csrf_token": token, "route": "employer", "employer_id": chosen.id,
              "action": "find_employer", "q": "愚园路112"},
    )  # fmt: skip
    assert r.status_code == 200
    assert f'value="{chosen.id}" checked' in r.text  # still chosen, shown above the results
    assert employers[12].name in r.text
    assert _app(db, user).employer_id is None  # a search saves nothing


def test_saving_with_no_employer_chosen_is_an_error(client, db, make_user, login):
    _employers(db, 3)
    user = _start(db, make_user, login)
    token = csrf_token(client.get(URL).text)
    r = client.post(URL, data={"csrf_token": token, "route": "employer"})
    assert r.status_code == 422
    assert 'id="employer_id-error"' in r.text and "已保存" not in r.text
    assert _app(db, user).wizard_step is None


def test_a_returnee_needs_the_date_of_return(client, db, make_user, login):
    _start(db, make_user, login)
    token = csrf_token(client.get(URL).text)
    r = client.post(URL, data={"csrf_token": token, "route": "returnee"})
    assert r.status_code == 422 and 'id="returned_on-error"' in r.text


def test_switching_to_returnee_says_the_employer_is_not_kept(client, db, make_user, login):
    employers = _employers(db, 2)
    user = _start(db, make_user, login)
    token = csrf_token(client.get(URL).text)
    r = client.post(
        URL,
        data={"csrf_token": token, "route": "returnee", "employer_id": employers[1].id,
              "returned_on": "2026-06-01"},
        follow_redirects=True,
    )  # fmt: skip
    assert "因此不再保留" in r.text and employers[1].name in r.text
    application = _app(db, user)
    assert application.returnee and application.employer_id is None


def test_change_form_search_by_credit_code_and_no_choice_is_an_error(client, db, make_user, login):
    employers = _employers(db, 3)
    user = make_user()
    ready_draft(user, employers[0])
    applicant_ops.submit(_app(db, user), user, consent=True)
    login(user.email)
    page = client.get("/me/application/change?q=MA1FL0002")
    assert employers[2].name in page.text and employers[1].name not in page.text
    r = client.post(
        "/me/application/change",
        data={"csrf_token": csrf_token(page.text), "kind": "job", "route": "employer"},
    )
    assert r.status_code == 422 and 'id="employer_id-error"' in r.text
