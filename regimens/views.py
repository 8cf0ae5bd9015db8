"""Education pages (placeholder: the admin/education work replaces this)."""

from django.shortcuts import get_object_or_404, render

from regimens.models import RuleVersion


def regimen_list(request):
    rules = RuleVersion.objects.approved().select_related("regimen").order_by("regimen__slug")
    return render(request, "regimens/list.html", {"rules": rules})


def regimen_detail(request, slug):
    rule = get_object_or_404(RuleVersion.objects.approved().select_related("regimen"), regimen__slug=slug)
    return render(request, "regimens/detail.html", {"rule": rule})
