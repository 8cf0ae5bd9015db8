"""Education pages: the approved catalogue, one page per regimen, and older versions."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from planner.accounts.models import Profile
from regimens import jurisdictions
from regimens.models import RuleVersion

INDICATION_ORDER = {value: index for index, value in enumerate(RuleVersion.Indication.values)}

# (anchor, heading, field): the sections of a regimen page, in reading order.
SECTIONS = (
    ("how-to-apply", "How to apply", "apply_steps"),
    ("what-to-expect", "What to expect and when", "what_to_expect"),
    ("side-effects", "Side effects and when to call a clinician", "side_effects"),
    ("missed-doses", "Missed doses", "missed_doses"),
    ("precautions", "Precautions", "precautions"),
    ("interactions", "Interactions", "interactions"),
    ("how-it-works", "How it works", "how_it_works"),
    ("faq", "Frequently asked questions", "faq"),
)
PUBLIC = (RuleVersion.Status.APPROVED, RuleVersion.Status.RETIRED)


@require_safe
def regimen_list(request):
    """By indication; within one, the person's region's label first, then the others in the
    approved jurisdictions' order (ranked in the same query)."""
    rank = jurisdictions.rank("jurisdiction", _region(request))
    rules = sorted(
        RuleVersion.objects.approved().select_related("regimen").annotate(rank=rank),
        key=lambda rule: (
            INDICATION_ORDER[rule.indication],
            rule.rank,
            rule.product,
            rule.strength,
        ),
    )
    return render(request, "regimens/list.html", {"rules": rules})


def _region(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    return Profile.objects.filter(user=user).values_list("region", flat=True).first() or ""


@require_safe
def regimen_detail(request, slug):
    rules = RuleVersion.objects.approved().select_related("regimen")
    rule = get_object_or_404(rules, regimen__slug=slug)
    return _page(request, rule, current=rule)


@require_safe
def regimen_version(request, slug, version):
    """A version that plans may use: approved, or retired after it was (its approved content
    is on record) or with plans on it (approved before that record was kept); never an
    unreviewed draft, in review or retired as one."""
    reviewed = Q(approved_digest__gt="") | Q(plans__isnull=False)
    rules = RuleVersion.objects.filter(reviewed, status__in=PUBLIC).distinct()
    rules = rules.select_related("regimen")
    rule = get_object_or_404(rules, regimen__slug=slug, version=version)
    current = rule if rule.status == rule.Status.APPROVED else _approved(rule)
    return _page(request, rule, current=current)


def _approved(rule):
    return RuleVersion.objects.approved().filter(regimen_id=rule.regimen_id).first()


def _page(request, rule, *, current):
    sections = [
        (anchor, heading, text)
        for anchor, heading, field in SECTIONS
        # Side effects always shows, for its "seek urgent care" box.
        if (text := getattr(rule, field)).strip() or anchor == "side-effects"
    ]
    context = {"rule": rule, "current": current, "sections": sections}
    return render(request, "regimens/detail.html", context)
