"""Sign-up and the profile; log in, log out and passwords are Django's own views."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from planner.forms import ProfileForm, SignupForm
from planner.models import Profile
from regimens.engine import available_zone_names


def signup(request):
    if request.user.is_authenticated:
        return redirect("plan-list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Set your time zone and bedtime for new plans.")
        return redirect("profile")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("profile")
    return render(
        request, "registration/profile.html", {"form": form, "zone_names": available_zone_names()}
    )
