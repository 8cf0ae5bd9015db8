"""The three one-tap actions a reminder carries ("Done now", "Snooze 30 min", "Skip tonight"),
from an email's signed link or a notification's button: checked, then carried out once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from planner.plans import services as plan_services
from planner.plans.models import Plan, Session
from planner.reminders import schedule
from planner.reminders.links import ACTIONS, Action, BadLink
from planner.reminders.models import Delivery
from planner.reminders.moves import new_round
from regimens.engine import day_name, done_window

Kind = Delivery.Kind

# The three one-tap actions. "Skip tonight" records the night as missed, not rest: a rest
# is a break the person plans ahead (the plan page's rest periods), while skipping from a
# reminder is not applying a night that was due, which adherence must count. Either can be
# undone on Today.
MARK = {"done": Session.Status.DONE, "skip": Session.Status.MISSED}


def check_link(grant: Action, now: dt.datetime) -> Session:
    """The night a link acts on, if it still may (looked at without locks, for the page that
    asks to confirm); BadLink saying why not, so that the page offers no button that would
    then do nothing."""
    night = _night(grant)
    if night.plan.status != Plan.Status.ACTIVE:
        raise BadLink(plan_services.ENDED, 410)
    row = Delivery.objects.filter(session=night, kind=grant.kind).first()
    _usable(row, grant)
    _allowed(grant.action, night, row, now)
    return night


@transaction.atomic
def act(*, grant: Action, now: dt.datetime) -> tuple[Session, str]:
    """Carry out a checked link's action on its night, once. Locks the plan first (as every
    change to a plan does), then the delivery row, so a link tapped twice at once acts once."""
    night = _night(grant)
    try:
        plan_services.lock_active_plan(night.plan_id)
    except plan_services.Refused as refused:
        raise BadLink(str(refused), 410) from None
    row = Delivery.objects.select_for_update().filter(session=night, kind=grant.kind).first()
    _usable(row, grant)
    night.refresh_from_db()
    _allowed(grant.action, night, row, now)
    said = _do(grant.action, night, row, now)
    Delivery.objects.filter(pk=row.pk).update(
        acted_round=grant.round, acted=grant.action, acted_at=now
    )
    night.refresh_from_db()
    return night, said


def _night(grant: Action) -> Session:
    """The link's night; 404 also when its account is turned off, as its feeds are."""
    night = (
        Session.objects.select_related("plan__rule__regimen", "plan__user")
        .filter(plan__public_id=grant.plan, number=grant.number, plan__user__is_active=True)
        .first()
    )
    if night is None:
        raise BadLink("This night no longer exists.", 404)
    return night


def _usable(row: Delivery | None, grant: Action) -> None:
    if row is None or not _current(row, grant):
        raise BadLink(
            "A later reminder replaced this one (snoozed, or the night's time changed): "
            "use the links in the latest, or Today.",
            410,
        )
    if row.acted_round == grant.round and row.acted != "snooze":  # a snooze left the night
        if row.acted == grant.action:
            raise BadLink("This link has already been used.", 410)
        raise BadLink(  # its other link, never tapped itself
            f"This reminder was answered with “{ACTIONS.get(row.acted, row.acted)}”: change the "
            "night on its plan's page if that is wrong.",
            410,
        )


def _current(row: Delivery, grant: Action) -> bool:
    """Whether the link still belongs to the reminder. A snooze or a moved night
    (planner.reminders.moves) starts a new round: an earlier round's "Snooze" would act on a
    reminder it did not announce, but its "Done now" and "Skip tonight" name the night itself,
    and stay at hand until the repeat comes (_allowed still checks the night)."""
    if grant.action == "snooze":
        return grant.round == row.round
    return grant.round <= row.round


def _allowed(action: str, night: Session, row: Delivery, now: dt.datetime) -> None:
    """BadLink when the action cannot be done on this night now."""
    if action == "snooze":
        later = now + schedule.SNOOZE
        if (
            later >= schedule.deadline(row.kind, night)
            or night.status not in schedule.WANTS[row.kind]
        ):
            raise BadLink("Too late to snooze this reminder.", 410)
        return
    if night.status != Session.Status.PLANNED:
        raise BadLink(
            f"{night.named} is already recorded as "
            f"{night.get_status_display().lower()}: change it on its plan's page if that is wrong."
        )
    _check_window(night, now)


def _do(action: str, night: Session, row: Delivery, now: dt.datetime) -> str:
    if action == "snooze":
        return _snooze(night, row, now)
    # "Done now" from a wash-off reminder is not an application at wash-off time: it says
    # the night happened, so it counts at its planned time and the wash-off stays.
    done_at = None if row.kind == Kind.WASH_OFF else now
    try:
        marked = plan_services.session_mark(session=night, status=MARK[action], done_at=done_at)
    except plan_services.Refused as refused:
        raise BadLink(str(refused), 400) from None
    at_planned_time = action == "done" and done_at is None
    return marked.marked(MARK[action], ", its planned time" if at_planned_time else "")


def _snooze(night: Session, row: Delivery, now: dt.datetime) -> str:
    later = now + schedule.SNOOZE
    Delivery.objects.filter(pk=row.pk).update(**new_round(later, "snoozed"))
    local = later.astimezone(night.zone)  # the zone its email and page show
    return f"Snoozed: the reminder comes again at {local:%H:%M}."


def _check_window(night: Session, now: dt.datetime) -> None:
    """A link records only a night whose window is open now (the rule's hours around the
    planned time): the plan page records any other."""
    first, last = done_window(night.plan.rule.spec(), night.apply_at)
    if now < first:
        opens = first.astimezone(night.zone)
        raise BadLink(  # 409, not 410 (gone for good): the same link works once it opens
            f"Too early: this night can be recorded from {opens:%H:%M} on {day_name(opens)}.", 409
        )
    if now > last:
        raise BadLink(
            "This night can no longer be recorded from a reminder: record it on its plan's page.",
            410,
        )
