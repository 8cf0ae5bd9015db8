import pytest

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/print/"


def test_it_lists_every_night_with_its_wash_off_time_and_the_disclaimer(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert body.count('class="box"') == 32
    assert '<time datetime="2026-03-02T22:00+00:00">Mon 2 Mar, 22:00</time>' in body
    assert 'off <time datetime="2026-03-03T06:00+00:00">Tue 06:00</time>' in body
    assert "not medical advice" in body
    assert "Airtight dressings" in body
    assert "<nav" not in body


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    assert client.get(url(make_plan(owner))).status_code == 302
