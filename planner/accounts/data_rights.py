"""A person's own data: all of it as JSON, or all of it deleted."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Prefetch

from planner.accounts.models import ConfirmedEmail, Profile
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent
from planner.reminders.export import reminder_data

NOTICE = (
    "Educational aid, not medical advice. Follow the instructions of the clinician who "
    "prescribed the cream and the leaflet in the box."
)
PLAN_FIELDS = (
    "public_id", "kind", "label", "start_date", "end_date", "weekdays", "application_time",
    "timezone", "timezone_from", "timezone_before",  # a change of zone saved ahead
    "contact_hours", "status", "ended_at", "discreet_titles",
    "every_days",  # a prescribed plan's every N days; null: on weekdays
    "assessment_on",  # derived from the start and the rule version: it never moves
    "assessment_result", "assessed_on", "created_at", "updated_at",
)  # fmt: skip
SESSION_FIELDS = (
    "number",
    "date",
    "zone_name",  # the night's own zone: it keeps it when the plan's zone changes
    "apply_at",
    "wash_off_at",
    "status",
    "done_at",
    "sequence",  # its calendar event's SEQUENCE: how often its time or status changed
    "updated_at",
)


def export_user_data(user) -> dict:
    events = Prefetch("events", queryset=PlanEvent.objects.select_related("session"))
    plans = Plan.objects.filter(user=user).select_related("rule__regimen", "limits__product")
    plans = plans.prefetch_related("sessions", "rest_periods", events, "symptom_entries")
    profile = Profile.objects.filter(user=user).first()
    return {
        "notice": NOTICE,
        "account": {
            "username": user.username,
            "email": user.email,
            "email_confirmed": confirmed_email(user),
            "joined": user.date_joined,
        },
        "profile": {
            "timezone": getattr(profile, "timezone", ""),
            "bedtime": getattr(profile, "bedtime", None),
            "region": getattr(profile, "region", ""),
            "reader": getattr(profile, "reader", ""),
        },
        "plans": [plan_data(plan) for plan in plans],
        "reminders": reminder_data(user),
        # django-axes keeps these by username: log-ins, and failed attempts to log in as them
        "logins": list(
            AccessLog.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values("attempt_time", "logout_time", "ip_address", "user_agent")
        ),
        "failed_logins": list(  # until a log-in from that address resets them
            AccessAttempt.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values("attempt_time", "ip_address", "user_agent", "failures_since_start")
        ),
        # each failed attempt, kept after a reset: only if AXES_ENABLE_ACCESS_FAILURE_LOG is
        # on (off by default, so usually empty); deletion removes them either way
        "failed_login_log": list(
            AccessFailureLog.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values("attempt_time", "ip_address", "user_agent", "locked_out")
        ),
        "calendar_feeds": feed_data(user),
    }


def feed_data(user) -> list[dict]:
    """Each calendar feed made, live or revoked, and its plan (none: all plans). Not its
    token: that is the calendar's password, and a downloaded file travels."""
    feeds = FeedToken.objects.filter(user=user).select_related("plan").order_by("created_at")
    return [
        {
            "plan": str(feed.plan.public_id) if feed.plan else None,
            "created_at": feed.created_at,
            "revoked_at": feed.revoked_at,
        }
        for feed in feeds
    ]


def confirmed_email(user) -> dict | None:
    """The address its owner confirmed, and when (it may differ from the account's now)."""
    return ConfirmedEmail.objects.filter(user=user).values("email", "confirmed_at").first()


def plan_data(plan: Plan) -> dict:
    data = {name: getattr(plan, name) for name in PLAN_FIELDS}
    data["regimen"] = plan.rule.regimen.slug
    data["rule_version"] = plan.rule.version
    if plan.is_prescribed:
        data["as_prescribed"] = prescribed_data(plan)
    data["sessions"] = [{f: getattr(s, f) for f in SESSION_FIELDS} for s in plan.sessions.all()]
    data["rest_periods"] = [
        {"first_day": r.first_day, "last_day": r.last_day, "created_at": r.created_at}
        for r in plan.rest_periods.all()
    ]
    data["changes"] = [
        {
            "at": e.at,
            "action": e.action,
            "detail": e.detail,
            "session": getattr(e.session, "number", None),
            "applied_at": e.applied_at,
        }
        for e in plan.events.all()
    ]
    data["side_effect_log"] = [
        {"date": entry.date, **entry.grades(), "note": entry.note}
        for entry in plan.symptom_entries.all()
    ]
    return data


def prescribed_data(plan: Plan) -> dict:
    """The clinician's schedule, where it departs from the label, and the limits version it
    was checked against (that version's values: a later version never changes this plan)."""
    limits = plan.limits
    return {
        "notice": plan.prescribed_text(name_rules=False),
        "prescription": plan.prescription,
        "label_regimen": plan.rule.title,
        "departs_from": plan.departure_list,
        "product_limits": f"{limits.product.slug} v{limits.version}",
        "limits": {
            "product": limits.product.slug,
            "version": limits.version,
            "contact_hours_min": limits.contact_hours_min,
            "contact_hours_max": limits.contact_hours_max,
            "longest_course_weeks": limits.longest_course_weeks,
            "allowed_weeks": limits.allowed_weeks,
            "min_hours_between": limits.min_hours_between,
        },
    }


@transaction.atomic
def delete_account(user) -> None:
    """Plans, sessions, logs, feeds and the profile go with the user (CASCADE). django-axes
    keeps its login records (times, addresses, browsers) by username, not by user: those are
    deleted by name."""
    for records in (AccessAttempt, AccessFailureLog, AccessLog):
        records.objects.filter(username=user.username).delete()
    user.delete()
