"""A factory for plans "as my clinician prescribed", made through the app's own write path."""

import datetime as dt


def make_prescribed(user, slug="aldara-ak", label="cheek", **values):
    """Aldara 5% three times a week for 4 weeks from Mon 2 Mar 2026 at 21:30 in London,
    standing in for the label regimen `slug`; `values` override the prescription."""
    from factories import approved_rule
    from planner.plans.prescribed import prescribed_plan_create
    from regimens.models import ProductLimits
    from regimens.prescribed import Prescription

    rule = approved_rule(slug)
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    values = {
        "start": dt.date(2026, 3, 2),
        "weeks": 4,
        "time": dt.time(21, 30),
        "zone": "Europe/London",
        "contact_hours": 8,
        "per_week": 3,
        **values,
    }
    return prescribed_plan_create(
        user=user, rule=rule, limits=limits, prescription=Prescription(**values), label=label
    )
