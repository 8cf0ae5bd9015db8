"""A person's reminder data for their JSON download (planner.accounts.data_rights)."""

from planner.reminders.models import Delivery, PushSubscription, ReminderSettings


def reminder_data(user) -> dict:
    settings = ReminderSettings.objects.filter(user=user).select_related("plan")
    deliveries = Delivery.objects.filter(session__plan__user=user).select_related("session__plan")
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
        "sent": [
            {
                "plan": str(row.session.plan.public_id),
                "application": row.session.number,
                "kind": row.kind,
                "status": row.status,
                "due_at": row.due_at,
                "sent_at": row.sent_at,
                "acted": row.acted,
                "acted_at": row.acted_at,
            }
            for row in deliveries.order_by("due_at", "pk")
        ],
        # The push service's address for each device; its keys stay out of the file.
        "devices": list(
            PushSubscription.objects.filter(user=user).values("endpoint", "created_at")
        ),
    }
