"""GET /plans/<id>/log/: the timeline, summary, table, entries and the form for a day."""

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from svg_marks import chart_in, grades, marks

from factories import make_plan
from planner.plans import services
from planner.plans.models import Plan
from planner.symptoms.models import ITEMS, SymptomEntry
from queries import rendered_queries, session_queries

pytestmark = pytest.mark.usefixtures("catalogue")
FRIDAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)  # the plan runs 2 Mar to 21 Jun 2026
LATE_MAY = dt.datetime(2026, 5, 29, 12, tzinfo=dt.UTC)
pinned = time_machine.travel(FRIDAY, tick=False)
LAST = "Sun 19 Jul 2026, the last the log takes"  # the last day the log takes


def url(plan):
    return f"/plans/{plan.public_id}/log/"


def log(plan, day, **grades):
    return SymptomEntry.objects.create(plan=plan, date=day, **grades)


def drawn_grades(body, start=dt.date(2026, 3, 2)):
    return grades(chart_in(body), start)


@pinned
def test_it_shows_the_timeline_the_summary_and_the_form_for_today(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), erythema=2, note="warm and pink")
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img"' in body and "The chart as a table" in body
    assert "1</strong> day logged" in body and "Worst overall: <strong>moderate</strong>" in body
    assert f'action="/plans/{plan.public_id}/log/2026-03-20/"' in body  # today's form
    assert "warm and pink" in body
    assert f'href="/plans/{plan.public_id}/log/2026-03-05/"' in body  # edit link
    assert f'href="/plans/{plan.public_id}/log.csv"' in body
    assert f'href="/plans/{plan.public_id}/report/"' in body


@pinned
def test_the_chart_marks_each_logged_grade_and_each_night(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), erythema=2, vesicles=1)
    log(plan, dt.date(2026, 3, 6), fever=3)
    services.session_mark(session=plan.sessions.get(number=1), status="done")
    services.session_mark(session=plan.sessions.get(number=2), status="missed")
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    drawn = drawn_grades(body)
    assert len(drawn) == 2 * 16
    assert drawn[("2026-03-05", "erythema")] == 2
    assert drawn[("2026-03-05", "vesicles")] == 1
    assert drawn[("2026-03-06", "fever")] == 3
    assert drawn[("2026-03-06", "erythema")] == 0
    nights = marks(chart_in(body), plan.start_date)
    assert ("2026-03-02", "done") in nights
    assert ("2026-03-05", "missed") in nights
    assert ("2026-06-18", "planned") in nights  # the last night of the course is on the chart
    assert '<ul class="timeline-rows" aria-hidden="true"><li class="mark">Applications</li>' in body
    assert "<span>2 Mar</span><span>27 Apr</span><span>21 Jun</span>" in body  # the dates under it


@pinned
def test_the_table_alternative_holds_the_same_grades(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 6), burning=3)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    table = body.split('class="log-table"')[1].split("</table>")[0]
    assert '<th scope="row">Fri 6 Mar</th>' in table
    assert '<td class="g3">3<span class="sr-only"> severe</span></td>' in table
    assert "not logged" in table  # application nights without an entry


@pinned
def test_it_shows_the_latest_entrys_advice_with_a_link_to_mark_a_rest(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), erythema=3)
    log(plan, dt.date(2026, 3, 6), erosion=1)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "Your log for Fri 6 Mar shows open sores (mild)" in body
    assert "Thu 5 Mar shows" not in body  # only the latest entry
    assert f'href="/plans/{plan.public_id}/#rest-heading"' in body
    assert "does not move your end date" in body and "21 Jun 2026" in body
    assert "Contact the clinician" in body


@pinned
def test_it_shows_the_advice_for_the_day_just_saved_too(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), vesicles=2)
    log(plan, dt.date(2026, 3, 6))
    client.force_login(owner)
    assert "Thu 5 Mar shows" not in client.get(url(plan)).content.decode()
    body = client.get(url(plan) + "?saved=2026-03-05").content.decode()
    assert "Your log for Thu 5 Mar shows blisters (moderate)" in body


@pinned
def test_a_quiet_latest_entry_shows_no_advice(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 6), erythema=2, itching=2)
    client.force_login(owner)
    assert 'class="warning advice"' not in client.get(url(plan)).content.decode()


@pinned
def test_it_lists_worst_grades_severe_days_and_rest_days(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), erythema=3)
    log(plan, dt.date(2026, 3, 6), erythema=3, headache=1)
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 12)
    )
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "redness on 5 Mar to 6 Mar" in body
    assert '<span class="severe-days">5 Mar to 6 Mar</span>' in body
    assert '<span class="rest-days">9 Mar to 12 Mar</span>' in body
    assert "4</strong> rest days" in body


@pinned
def test_many_scattered_days_are_summed_up_as_a_count_and_a_range(client, owner):
    plan = make_plan(owner)
    for day in (2, 4, 6, 9, 11):
        log(plan, dt.date(2026, 3, day), itching=3)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert '<span class="severe-days">5 days from 2 Mar to 11 Mar</span>' in body
    assert "itching on 5 days from 2 Mar to 11 Mar" in body


@pinned
def test_the_day_picker_opens_the_form_for_that_day(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 9), itching=2)
    client.force_login(owner)
    body = client.get(url(plan), {"day": "2026-03-09"}).content.decode()
    assert f'action="/plans/{plan.public_id}/log/2026-03-09/"' in body
    assert 'name="itching" value="2" id="id_itching_2" required checked' in body


@pinned
@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("2026-02-20", f"Choose a day from Mon 2 Mar 2026, the first of the course, to {LAST}."),
        # past the log's last day, but first of all still to come: today is the limit
        ("2026-07-20", "That day has not come yet; you can log up to today, Fri 20 Mar 2026."),
        ("2026-07-01", "That day has not come yet; you can log up to today, Fri 20 Mar 2026."),
        ("2026-03-25", "That day has not come yet; you can log up to today, Fri 20 Mar 2026."),
        ("not a date", "Enter a date as YYYY-MM-DD."),
    ],
)
def test_the_day_picker_explains_a_day_that_cannot_be_logged(client, owner, day, error):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan), {"day": day})
    assert response.status_code == 200
    body = response.content.decode()
    assert error in body
    assert f'action="/plans/{plan.public_id}/log/2026-03-20/"' in body  # back to today


AFTER = (
    "Treatment ended on Sun 21 Jun 2026. The log takes days until Sun 19 Jul 2026, while the "
    "skin settles."
)


@time_machine.travel(dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC), tick=False)
def test_after_the_course_the_log_takes_four_weeks_more_while_the_skin_settles(client, owner):
    """Reactions go on after the last application, and the clinician judges the result once
    they have settled: the log follows them, and its timeline runs on to the last day logged."""
    plan = make_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get(url(plan)).content.decode().split())
    assert f'action="/plans/{plan.public_id}/log/2026-07-15/"' in body  # today
    assert AFTER in body
    assert "From Mon 2 Mar 2026 to Sun 21 Jun 2026, one column a day" in body
    data = {item: "0" for item in ITEMS} | {"erythema": "2", "note": "still pink"}
    saved = client.post(f"{url(plan)}2026-07-15/", data)
    assert saved.status_code == 302
    body = " ".join(client.get(url(plan)).content.decode().split())
    assert "From Mon 2 Mar 2026 to Wed 15 Jul 2026, one column a day" in body
    assert "still pink" in body
    assert drawn_grades(body)[("2026-07-15", "erythema")] == 2
    plan_page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert f'href="/plans/{plan.public_id}/log/2026-07-15/">Log today</a>' in plan_page
    report = " ".join(client.get(f"/plans/{plan.public_id}/report/").content.decode().split())
    assert "still pink" in report and "(112 days, 32 application nights)" in report
    assert (
        "From Mon 2 Mar 2026 to Wed 15 Jul 2026, one column a day (Europe/London); treatment "
        "ended on Sun 21 Jun 2026."
    ) in report
    csv_text = client.get(f"/plans/{plan.public_id}/log.csv").content.decode()
    assert "2026-07-15" in csv_text and "still pink" in csv_text


@time_machine.travel(dt.datetime(2026, 8, 1, 12, tzinfo=dt.UTC), tick=False)
def test_four_weeks_after_the_course_the_form_defaults_to_the_last_day_it_takes(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get(url(plan)).content.decode().split())
    assert f'action="/plans/{plan.public_id}/log/2026-07-19/"' in body
    # Said, so that nobody records how the skin is today against another day.
    assert AFTER in body
    assert client.get(f"{url(plan)}2026-07-19/").status_code == 200
    assert client.get(f"{url(plan)}2026-07-20/").status_code == 404
    assert "Log today" not in client.get(f"/plans/{plan.public_id}/").content.decode()


def test_a_stopped_plan_s_log_follows_the_day_it_stopped(client, owner):
    """Stopped on Fri 20 Mar, three months before the course's end: Today said the log asks
    until four weeks after the stop, while the log took days up to four weeks after the
    planned end, drew the planned days as treatment and said "the course ended" on 21 June."""
    plan = make_plan(owner)
    with time_machine.travel(FRIDAY, tick=False):
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 20))
    client.force_login(owner)
    data = {item: "0" for item in ITEMS} | {"erythema": "2", "note": "settling"}
    with time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC), tick=False):
        body = " ".join(client.get(url(plan)).content.decode().split())
        assert (
            "Treatment ended on Fri 20 Mar 2026. The log takes days until Fri 17 Apr 2026, while "
            "the skin settles."
        ) in body
        assert "From Mon 2 Mar 2026 to Fri 20 Mar 2026, one column a day" in body
        assert client.post(f"{url(plan)}2026-04-10/", data).status_code == 302
        body = " ".join(client.get(url(plan)).content.decode().split())
        assert (
            "From Mon 2 Mar 2026 to Fri 10 Apr 2026, one column a day (Europe/London); treatment "
            "ended on Fri 20 Mar 2026."
        ) in body
        # The shaded days after the stop are not "after the course": it was meant to go on.
        assert "After treatment</li>" in body and "After the course" not in body
        today = " ".join(client.get("/today/").content.decode().split())
        assert "treated until Fri 20 Mar; the log asks until Fri 17 Apr 2026." in today
    with time_machine.travel(dt.datetime(2026, 4, 25, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(owner)  # the session of 10 April has lapsed
        assert client.get(f"{url(plan)}2026-04-17/").status_code == 200
        assert client.get(f"{url(plan)}2026-04-18/").status_code == 404
        refused = client.get(url(plan), {"day": "2026-04-18"}).content.decode()
        assert "to Fri 17 Apr 2026, the last the log takes." in refused
        ahead = client.get(url(plan), {"day": "2026-05-01"}).content.decode()  # after today too
        assert "to Fri 17 Apr 2026, the last the log takes." in ahead
        assert "you can log up to today" not in ahead


def test_a_course_with_an_assessment_logs_its_day(client, owner):
    """The EU/UK AK course (2 to 29 March) is assessed on Mon 27 April, the day after its four
    weeks off: the log took days up to Sun 26 April, so not the day the clinician looks."""
    plan = make_plan(owner, "aldara-ak-eu")
    assert plan.assessment_on == dt.date(2026, 4, 27)
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 4, 27, 12, tzinfo=dt.UTC), tick=False):
        body = " ".join(client.get(url(plan)).content.decode().split())
        assert f'action="{url(plan)}2026-04-27/"' in body
        assert "The log takes days until Mon 27 Apr 2026, while the skin settles." in body
        today = " ".join(client.get("/today/").content.decode().split())
        assert "treated until Sun 29 Mar; the log asks until Mon 27 Apr 2026." in today
    with time_machine.travel(dt.datetime(2026, 4, 29, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(owner)
        assert client.get(f"{url(plan)}2026-04-27/").status_code == 200
        assert client.get(f"{url(plan)}2026-04-28/").status_code == 404


def test_a_course_cleared_at_its_assessment_is_still_on_today_that_evening(client, owner):
    """Los Angeles, 20:00 on the assessment day, already the next day in UTC: Today still asks
    how the skin settles (it reads the plans ended lately with a margin for their zones)."""
    plan = make_plan(owner, "aldara-ak-eu", timezone="America/Los_Angeles")
    evening = dt.datetime(2026, 4, 28, 3, tzinfo=dt.UTC)  # Mon 27 April, 20:00 there
    with time_machine.travel(evening, tick=False):
        services.plan_end(plan=plan, status="cleared", today=dt.date(2026, 4, 27))
        client.force_login(owner)
        today = " ".join(client.get("/today/").content.decode().split())
    assert "treated until Sun 29 Mar; the log asks until Mon 27 Apr 2026." in today


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_day_logged_after_the_days_the_log_takes_is_shown_without_an_edit_link(client, owner):
    """A stopped plan's log once took days up to four weeks after its planned end: a day logged
    then, past four weeks after the stop, stays on the page, but its edit page is refused."""
    plan = make_plan(owner)
    with time_machine.travel(FRIDAY, tick=False):
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 20))
    for day in (dt.date(2026, 4, 10), dt.date(2026, 5, 20)):
        SymptomEntry.objects.create(plan=plan, date=day, erythema=1, note=f"seen {day}")
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "seen 2026-04-10" in body and "seen 2026-05-20" in body
    assert f'href="{url(plan)}2026-04-10/"' in body
    assert f'href="{url(plan)}2026-05-20/"' not in body
    assert client.get(f"{url(plan)}2026-05-20/").status_code == 404


@pytest.mark.parametrize("page", ["log/", "report/", "log.csv"])
def test_a_plan_stopped_before_its_first_day_still_has_its_pages(client, owner, page):
    plan = make_plan(owner)
    with time_machine.travel(dt.datetime(2026, 2, 20, 12, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 2, 20))
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC), tick=False):
        assert client.get(f"/plans/{plan.public_id}/{page}").status_code == 200


@pinned
def test_during_the_course_the_form_says_nothing_of_its_end(client, owner):
    client.force_login(owner)
    assert "Treatment ended" not in client.get(url(make_plan(owner))).content.decode()


@time_machine.travel(dt.datetime(2026, 2, 20, 12, tzinfo=dt.UTC), tick=False)
def test_before_the_course_starts_there_is_no_form_yet(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "You can log from the first day of the course, Mon 2 Mar 2026" in body
    assert 'class="log-form"' not in body
    assert "Seek urgent care" in body


@time_machine.travel(LATE_MAY, tick=False)
@pytest.mark.parametrize("entries", [1, 60])
def test_it_runs_the_same_queries_whatever_the_number_of_entries(
    client, owner, entries, django_assert_num_queries
):
    plan = make_plan(owner)
    start = plan.start_date
    SymptomEntry.objects.bulk_create(
        SymptomEntry(plan=plan, date=start + dt.timedelta(n), erythema=n % 4)
        for n in range(entries)
    )
    client.force_login(owner)
    # (the session); the user; the plan with its rule; its sessions, rest periods, entries
    with django_assert_num_queries(session_queries() + 5):
        response = client.get(url(plan))
    assert len(drawn_grades(response.content.decode())) == entries * 16


@time_machine.travel(LATE_MAY, tick=False)
def test_one_and_sixty_entries_cost_exactly_the_same(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    counts = []
    for total in (1, 60):
        plan.symptom_entries.all().delete()
        SymptomEntry.objects.bulk_create(
            SymptomEntry(plan=plan, date=plan.start_date + dt.timedelta(n)) for n in range(total)
        )
        counts.append(rendered_queries(client, url(plan)))
    assert counts[0] == counts[1]


@pinned
def test_it_has_no_inline_script_or_style_attributes(client, owner):
    plan = make_plan(owner)
    log(plan, dt.date(2026, 3, 5), erythema=2)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode().split("<main")[1]  # base.html's own script aside
    assert "<script" not in body
    assert " style=" not in body


@pinned
def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


@pinned
def test_anonymous_users_are_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    response = client.get(url(plan))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(plan)}"


@pinned
def test_post_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.post(url(plan)).status_code == 405


@pytest.mark.parametrize("path", ["log/", "log/2026-03-03/", "log.csv", "report/"])
def test_no_log_view_may_be_kept_by_a_browser_or_proxy(client, owner, path):
    plan = make_plan(owner)
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(f"/plans/{plan.public_id}/{path}")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0", "must-revalidate"} <= directives


@time_machine.travel(LATE_MAY, tick=False)
def test_the_log_names_its_sources_by_what_they_are(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "an imiquimod overview" in body and ".txt" not in body


@time_machine.travel(LATE_MAY, tick=False)
def test_the_entries_come_newest_first_fourteen_a_page(client, owner):
    plan = make_plan(owner)
    first = dt.date(2026, 3, 2)
    for n in range(30):  # 2 to 31 March
        log(plan, first + dt.timedelta(days=n), itching=1, note=f"day {n + 1}")
    client.force_login(owner)

    def cards(page=None):
        body = client.get(url(plan) + (f"?entries={page}" if page else "")).content.decode()
        return body.split('<ol class="entries">', 1)[1].split("</ol>", 1)[0], body

    newest, body = cards()
    assert newest.count('<li class="card"') == 14
    assert 'id="entry-2026-03-31"' in newest and 'id="entry-2026-03-18"' in newest
    assert "?entries=2#entries-heading" in body and "Page 1 of 3" in body
    oldest, body = cards(3)
    assert oldest.count('<li class="card"') == 2
    assert 'id="entry-2026-03-02"' in oldest and "day 1" in oldest
    assert "?entries=2#entries-heading" in body  # back to the newer ones


@time_machine.travel(LATE_MAY, tick=False)
def test_the_questions_follow_an_old_day_just_saved_whatever_the_entry_page(client, owner):
    plan = make_plan(owner)
    for n in range(20):
        log(plan, dt.date(2026, 4, 1) + dt.timedelta(days=n))  # all quiet
    log(plan, dt.date(2026, 3, 2), erythema=3)  # an old day, on the second entry page
    client.force_login(owner)
    saved = client.get(url(plan) + "?saved=2026-03-02").content.decode()
    quiet = client.get(url(plan)).content.decode()
    assert saved.count('href="/questions/') > quiet.count('href="/questions/')


@time_machine.travel(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), tick=False)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 9, 30)))
def test_the_day_picker_takes_exactly_the_days_the_log_takes(client, owner, day):
    """From the course's first day (2 March) up to today (1 July), which is within the four
    weeks after its last (21 June): the form then is that day's; any other day is explained
    and the form stays on today's."""
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan), {"day": day.isoformat()}).content.decode()
    takes = dt.date(2026, 3, 2) <= day <= dt.date(2026, 7, 1)
    shown = day if takes else dt.date(2026, 7, 1)
    assert f'action="/plans/{plan.public_id}/log/{shown.isoformat()}/"' in body
    assert ('class="error" id="day-error"' in body) is not takes


@pinned
@pytest.mark.parametrize(
    ("slug", "label", "other"),
    [
        ("aldara-ak", "US FDA prescribing information", "SmPC"),
        ("aldara-ak-eu", "EU/UK summary of product characteristics (SmPC)", "US "),
    ],
)
def test_the_sources_name_the_label_the_plan_follows(client, owner, slug, label, other):
    plan = make_plan(owner, slug=slug)
    log(plan, dt.date(2026, 3, 5), erythema=1)
    client.force_login(owner)
    for page in (url(plan), f"{url(plan)}2026-03-05/"):  # the log and an entry's edit page
        response = client.get(page)
        assert response.status_code == 200
        body = response.content.decode()
        sources = body[body.index("Sources: [1]") :].split("</p>")[0]
        assert f"[1] your cream's product label, the {label};" in sources
        assert other not in sources
