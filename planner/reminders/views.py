"""The reminder settings pages (with a plan's rule-change alerts), and the pages behind a
reminder's links.

The links work without logging in: the signed token is the key. Opening one (GET) only shows
what it would do, with a button; the action happens on POST, so mail scanners that fetch every
link act on nothing."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from planner.accounts import confirmation
from planner.accounts.access import button_login_required
from planner.accounts.locks import one_save_at_a_time
from planner.calendars.words import words_for
from planner.plans.access import owned_plan
from planner.plans.models import Plan, Session
from planner.reminders import actions, links, services
from planner.reminders.forms import (
    PlanReminderSettingsForm,
    PushSubscriptionForm,
    ReminderSettingsForm,
    RuleWatchForm,
)
from planner.reminders.models import (
    NUDGE_CHOICES,
    PushSubscription,
    ReminderSettings,
    RuleWatch,
)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@one_save_at_a_time  # a double tap's second save finds the first's row
def reminder_settings(request):
    prefs = ReminderSettings.objects.filter(user=request.user, plan__isnull=True).first()
    prefs = prefs or ReminderSettings(user=request.user)
    was_on = bool(prefs.channels)
    form = ReminderSettingsForm(posted(request), instance=prefs)
    if request.method == "POST" and form.is_valid():
        services.save_settings(prefs=form.instance, was_on=was_on, now=timezone.now())
        say_saved(request, form.instance)
        return redirect("reminder-settings")
    plans = Plan.objects.for_user(request.user).active().select_related("rule__regimen")
    now = timezone.now()
    plans = [plan for plan in plans if not plan.is_finished(plan.today(now))]  # none to send
    own = set(
        ReminderSettings.objects.filter(user=request.user, plan__isnull=False).values_list(
            "plan_id", flat=True
        )
    )
    context = {
        "form": form,
        "plans": [(plan, plan.pk in own) for plan in plans],
        "has_email": bool(request.user.email),
        "email_confirmed": confirmation.is_confirmed(request.user),
        "subscriptions": PushSubscription.objects.filter(user=request.user).count(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
    return render(request, "reminders/settings.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@one_save_at_a_time  # a double tap's second save finds the first's row
def plan_reminders(request, public_id):
    plan = owned_plan(request, public_id)
    prefs, own = ReminderSettings.objects.for_plan(plan)
    was_on = bool(prefs.channels)
    form = PlanReminderSettingsForm(
        posted(request), instance=prefs, initial={"own": "1" if own else "0"}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["own"]:
            services.save_settings(prefs=form.instance, was_on=was_on, now=timezone.now())
            say_saved(request, form.instance)
        else:
            ReminderSettings.objects.filter(user=request.user, plan=plan).delete()
            messages.success(request, "This plan now follows your settings for all plans.")
        return redirect("plan-reminders", public_id=plan.public_id)
    return plan_page(request, plan, form=form)


def plan_page(request, plan: Plan, *, form=None, watch_form=None):
    """A plan's reminder page: its reminder settings, then its rule-change alerts."""
    if form is None:
        prefs, own = ReminderSettings.objects.for_plan(plan)
        form = PlanReminderSettingsForm(instance=prefs, initial={"own": "1" if own else "0"})
    if watch_form is None:
        watch_form = RuleWatchForm(instance=RuleWatch.objects.filter(plan=plan).first())
    context = {"form": form, "watch_form": watch_form, "plan": plan, "words": words_for(plan)}
    bad = form.errors or watch_form.errors
    return render(request, "reminders/plan.html", context, status=400 if bad else 200)


@never_cache
@require_POST
@button_login_required
def plan_rule_alerts(request, public_id):
    """Ask (or stop asking) to be told when the plan's regimen gets newer approved rules."""
    plan = owned_plan(request, public_id)
    watch = RuleWatch.objects.filter(plan=plan).first() or RuleWatch(plan=plan)
    form = RuleWatchForm(request.POST, instance=watch)
    if plan.status != Plan.Status.ACTIVE:
        messages.error(request, "This plan has ended: no alerts are sent for it.")
    elif not form.is_valid():
        return plan_page(request, plan, watch_form=form)
    else:
        watch = services.watch_rules(plan=plan, **form.cleaned_data)
        messages.success(request, watch_message(watch))
    return redirect(f"{reverse('plan-reminders', args=[plan.public_id])}#rule-alerts")


def watch_message(watch: RuleWatch | None) -> str:
    if watch is None:
        return "Saved. No alerts when the rules change."
    by = " and ".join(watch.channels).replace("push", "notification")
    return f"Saved. You will be told by {by} when a newer version of the rules is approved."


def say_saved(request, prefs: ReminderSettings) -> None:
    """Say what was saved, and warn of a channel turned on that cannot reach anyone yet."""
    if not prefs.channels:
        messages.success(request, "Saved. Reminders are off: nothing will be sent.")
        return
    by = " and ".join(prefs.channels).replace("push", "notification")
    messages.success(request, f"Saved. Reminders by {by}. {when_sent(prefs)}")
    if prefs.email and not request.user.email:
        messages.warning(request, "Your account has no email address: no email can be sent.")
    elif prefs.email and not confirmation.is_confirmed(request.user):
        messages.warning(
            request,
            f"{request.user.email} is not confirmed yet: no email goes to it until you open "
            "the link we sent there.",
        )
    if prefs.push and not settings.VAPID_PUBLIC_KEY:
        messages.warning(request, "Notifications are not set up on this server: none can be sent.")
    elif prefs.push and not PushSubscription.objects.filter(user=request.user).exists():
        messages.warning(
            request,
            "No phone or browser shows your notifications yet: turn them on in each one, under "
            "“Notifications on this device” on the Reminders page.",
        )


def when_sent(prefs: ReminderSettings) -> str:
    """'They come 15 minutes before each application and at wash-off time.': what was saved,
    in the words the person chose it in."""
    lead = prefs.lead_minutes
    early = f"{lead} minute{pluralize(lead)} before each application" if lead else ""
    times = [early or "at each application's time"]
    if prefs.wash_off:
        times.append("at wash-off time")
    text = " and ".join(times)
    if prefs.nudge_minutes:
        nudge = dict(NUDGE_CHOICES)[prefs.nudge_minutes]
        text += f", and once {nudge} after its time when the night is not ticked"
    return f"They come {text}."


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_action(request, public_id, number, token):
    now = timezone.now()
    try:
        grant = links.read_action(token, public_id, number)
        night = actions.check_link(grant, now)
        if request.method == "POST":
            night, said = actions.act(grant=grant, now=now)
            return render(request, "reminders/acted.html", page(night, grant, said=said))
    except links.BadLink as bad:
        return refused(request, bad)
    return render(request, "reminders/action.html", page(night, grant))


# The pages a reminder's links open say the email's neutral sender name, not the app's, which
# names the drug: they are opened on a phone, often a discreet plan's (reminders.message).
NEUTRAL = {"brand_name": "Planner"}


def refused(request, bad: links.BadLink):
    context = {"reason": bad.message, **NEUTRAL}
    return render(request, "reminders/refused.html", context, status=bad.status)


def page(night: Session, grant: links.Action, said: str = "") -> dict:
    return {
        **NEUTRAL,
        "night": night,
        "plan": night.plan,
        "words": words_for(night.plan),
        "label": links.ACTIONS[grant.action],
        "action": grant.action,
        "kind": grant.kind,
        "said": said,
    }


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        user_id = links.read_unsubscribe(token)
    except links.BadLink as bad:
        return refused(request, bad)
    if request.method == "POST":
        services.unsubscribe_email(user_id=user_id)
        return render(request, "reminders/unsubscribed.html", NEUTRAL)
    return render(request, "reminders/unsubscribe.html", NEUTRAL)


def posted(request):
    """The submitted data, also when it is empty (an empty POST is a submission to check)."""
    return request.POST if request.method == "POST" else None


# Web Push: a browser's subscription, and a notification's buttons.


@never_cache
@require_POST
@login_required
def push_subscribe(request):
    """Keep the browser's subscription (its JSON, as PushSubscription.toJSON() gives it), so
    that reminders can go to this device; 400 with the reason for a malformed or foreign one."""
    fields = subscription_fields(request.body)
    if not fields:
        return not_a_subscription()
    form = PushSubscriptionForm(fields, user=request.user)
    if not form.is_valid():
        reasons = [error for errors in form.errors.values() for error in errors]
        return JsonResponse({"ok": False, "message": " ".join(reasons)}, status=400)
    PushSubscription.objects.update_or_create(
        endpoint=form.cleaned_data["endpoint"],
        defaults={"user": request.user, **form.cleaned_data},
    )
    return JsonResponse({"ok": True, "message": "Notifications are on for this device."})


@never_cache
@require_POST
@login_required
def push_unsubscribe(request):
    fields = subscription_fields(request.body)
    if not fields:
        return not_a_subscription()
    endpoint = fields.get("endpoint", "")
    PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    return JsonResponse({"ok": True, "message": "Notifications are off for this device."})


def subscription_fields(body: bytes) -> dict:
    """{endpoint, p256dh, auth} from the JSON a browser sends, those present; {} for
    anything else."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return {}
    if not isinstance(data, dict):
        return {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    fields = {"endpoint": data.get("endpoint"), **{k: keys.get(k) for k in ("p256dh", "auth")}}
    return {name: value for name, value in fields.items() if is_text(value)}


def is_text(value) -> bool:
    """A string a database can store: JSON's \\ud800 (a lone surrogate) is no UTF-8."""
    if not isinstance(value, str):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def not_a_subscription() -> JsonResponse:
    return JsonResponse({"ok": False, "message": "This is not a push subscription."}, status=400)


@never_cache
@csrf_exempt  # the service worker POSTs with no session: the signed token is the only key
@require_POST
def push_action(request, public_id, number, token):
    """A notification's button: the same signed, single-use token as the email's link, acted
    on at once (a tap on a button is no mail scanner). JSON for the service worker."""
    try:
        grant = links.read_action(token, public_id, number)
        now = timezone.now()
        actions.check_link(grant, now)
        _, said = actions.act(grant=grant, now=now)
    except links.BadLink as bad:
        return JsonResponse({"ok": False, "message": bad.message}, status=bad.status)
    return JsonResponse({"ok": True, "message": said})
