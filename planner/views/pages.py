from django.shortcuts import render

from planner.forms import approved_rules


def home(request):
    return render(request, "home.html", {"rules": approved_rules()})
