"""A person's reminder data for their JSON download (planner.accounts.data_rights)."""

from django.db.models import Q

from planner.reminders.models import Delivery, PushSubscription, ReminderSettings, RuleWatch


def reminder_data(user) -> dict:
    settings = ReminderSettings.objects.filter(user=user).select_related("plan")
    deliveries = Delivery.objects.filter(
        Q(session__plan__user=user) | Q(plan__user=user)
    ).select_related("session__plan", "plan", "rule")
    watches = RuleWatch.objects.filter(plan__user=user).select_related("plan")
    return {
        "settings": [
            {
                "plan": str(row.plan.public_id) if row.plan else None,
                **{f: getattr(row, f) for f in ("email", "push", "lead_minutes", "wash_off")},
                "nudge_minutes": row.nudge_minutes,
                "on_since": row.on_since,
            }
            for row in settings
        ],
        "rule_change_alerts": [
            {"plan": str(row.plan.public_id), "email": row.email, "push": row.push}
            for row in watches.order_by("pk")
        ],
        "sent": [sent(row) for row in deliveries.order_by("due_at", "pk")],
        # The push service's address for each device; its keys stay out of the file.
        "devices": list(
            PushSubscription.objects.filter(user=user).values("endpoint", "created_at")
        ),
    }


def sent(row: Delivery) -> dict:
    """A night's reminder names its application; an alert, the rule version it was about; an
    assessment day's reminder, its plan only."""
    about = {"rule_version": row.rule.version} if row.is_alert else {}
    return {
        "plan": str(row.target_plan.public_id),
        "application": row.session.number if row.session_id else None,
        **about,
        "kind": row.kind,
        "status": row.status,
        "due_at": row.due_at,
        "sent_at": row.sent_at,
        "acted": row.acted,
        "acted_at": row.acted_at,
    }
