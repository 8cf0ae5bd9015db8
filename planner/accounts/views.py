"""Sign-up and the profile; log in, log out and passwords are Django's own views."""

from axes.utils import reset as lift_lockouts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planner.accounts import confirmation
from planner.accounts.access import button_login_required, path_on_this_site
from planner.accounts.data_rights import delete_account, export_user_data
from planner.accounts.forms import (
    BrandedPasswordResetForm,
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    ProfileForm,
    SignupForm,
)
from planner.accounts.models import Profile
from regimens import jurisdictions
from regimens.zones import available_zone_names


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("plan-list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # the name was taken by a request that saved first (a double tap)
            form.validate_unique()  # says so, as for a name taken earlier
            return render(request, "registration/signup.html", {"form": form})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        zone = form.cleaned_data["timezone"]
        region = jurisdictions.for_zone(zone) if zone else None
        if zone:  # the browser's, sent by timezone.js; its region's labels listed first
            Profile.objects.create(user=user, timezone=zone, region=region.code if region else "")
        messages.success(request, welcome(zone, region))
        say_link_sent(request, confirmation.send_link(user))
        return redirect("profile")
    return render(request, "registration/signup.html", {"form": form})


def welcome(zone: str, region=None) -> str:
    """The greeting, with what was taken from the browser and what is left to set."""
    if not zone:
        return "Welcome! Set your time zone and bedtime for new plans."
    labels = f", and {region.name} labels are listed first" if region else ""
    return (
        f"Welcome! Your time zone is {zone}, this browser's{labels}. "
        "Set your bedtime for new plans."
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.user.plans.exists():
            messages.success(request, "Settings saved.")
            return redirect("profile")
        # Sign-up leads here: the next step is the first plan, at the bedtime just set.
        then = ": it starts at your bedtime." if profile.bedtime else "."
        messages.success(request, f"Settings saved. Now make your plan{then}")
        return redirect("plan-add")
    context = {
        "form": form,
        "zone_names": available_zone_names(),
        "email_confirmed": confirmation.is_confirmed(request.user),
    }
    return render(request, "registration/profile.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def email_change(request):
    form = EmailForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        old, old_confirmed = request.user.email, confirmation.is_confirmed(request.user)
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        messages.success(request, f"Your email address is now {request.user.email}.")
        if not confirmation.is_confirmed(request.user):  # not back to the confirmed one
            say_link_sent(request, confirmation.send_link(request.user))
            if old_confirmed:  # an unconfirmed one may be a stranger's: it is told nothing
                say_told(request, old, confirmation.tell_old_address(request.user, old))
        return redirect("profile")
    return render(request, "registration/email_change.html", {"form": form})


@never_cache
@require_POST
@button_login_required
def email_confirm_send(request):
    """Send the confirmation link again (the button beside "not confirmed yet")."""
    if confirmation.is_confirmed(request.user):
        messages.info(request, f"{request.user.email} is already confirmed.")
    elif not request.user.email:
        pass  # nothing to confirm: Settings asks for an address
    elif not confirmation.first_ask(request.user):
        messages.info(
            request,
            f"We sent a link to {request.user.email} a moment ago: it can take a minute to "
            "arrive (look in the spam folder too).",
        )
    else:
        sent = confirmation.send_link(request.user)
        if not sent:
            confirmation.asked_again_later(request.user)
        say_link_sent(request, sent)
    return redirect(path_on_this_site(request, request.POST.get("next", "")) or "profile")


def say_link_sent(request, sent: bool) -> None:
    email = request.user.email
    if sent:
        messages.info(
            request,
            f"We sent a link to {email}: open it to confirm the address. Email reminders go "
            "there once it is confirmed.",
        )
    else:
        messages.warning(
            request,
            f"The link to confirm {email} could not be sent just now: try again from "
            "Settings in a few minutes.",
        )


def say_told(request, address: str, sent: bool) -> None:
    if sent:
        messages.info(request, f"We told {address} about the change.")
    else:
        messages.warning(request, f"The notice to {address} could not be sent just now.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def email_confirm(request, token):
    """The emailed link: works without logging in (the signed token is the key). Opening it
    only asks; the button confirms, so mail scanners that fetch every link confirm nothing."""
    try:
        user_id, email = confirmation.read(token)
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise confirmation.BadLink("This account no longer exists.", 410)
        if request.method == "POST":
            confirmation.confirm(user, email)
            return render(request, "registration/email_confirmed.html", {"email": email})
        if email != user.email:
            raise confirmation.BadLink(f"{email} is no longer this account's address.", 410)
        if confirmation.is_confirmed(user):  # opened again: nothing left to ask
            return render(request, "registration/email_confirmed.html", {"email": email})
    except confirmation.BadLink as bad:
        page = "registration/email_confirm_refused.html"
        return render(request, page, {"reason": bad.message}, status=bad.status)
    return render(request, "registration/email_confirm.html", {"email": email})


@never_cache
@require_safe
@login_required
def data_export(request):
    """Everything we hold about the person, as one JSON download."""
    response = JsonResponse(
        export_user_data(request.user), encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="imiquimod-planner-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, "Your account and all its plans and logs are deleted.")
        return forget_on_this_device(redirect("home"))
    return render(request, "registration/account_delete.html", {"form": form})


# The browser drops this site's HTTP cache and storage (the service worker's offline copies of
# Today and the plan pages among them): the next person on the device sees none of it.
CLEAR_SITE_DATA = '"cache", "storage"'


def forget_on_this_device(response):
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


# Django's form views take a PUT as a POST (ProcessFormView.put), and a reset link's view
# answers any method before its own check; these take GET and POST only, as our views do.
form_methods = require_http_methods(["GET", "HEAD", "POST"])


@method_decorator(form_methods, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's, and an account without a time zone takes this browser's, as at sign-up (it
    was the server's for a new plan's first day). A zone already set stays: a trip is not a
    move, and each plan keeps its own zone anyway. Someone already logged in goes on to
    Today (or `next`), as from the sign-up page: the session cookie's SameSite=Lax keeps
    another site from using that redirect to learn who is logged in (Django's warning)."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        zone = form.cleaned_data["timezone"]
        if zone:
            Profile.objects.get_or_create(user=form.get_user())
            unset = Profile.objects.filter(user=form.get_user(), timezone="")
            if unset.update(timezone=zone):  # one statement: a zone set meanwhile stays
                messages.info(self.request, zone_taken(form.get_user(), zone))
        return response


def zone_taken(user, zone: str) -> str:
    """A zone taken at log-in also chooses a region not yet chosen, as at sign-up."""
    region = jurisdictions.for_zone(zone)
    if region and Profile.objects.filter(user=user, region="").update(region=region.code):
        return (
            f"Your time zone is now {zone}, this browser's, and {region.name} labels are "
            "listed first. Change them in Settings."
        )
    return f"Your time zone is now {zone}, this browser's. Change it in Settings."


class LogoutView(auth_views.LogoutView):
    """Django's, and the browser forgets what it kept of the person's pages."""

    def post(self, request, *args, **kwargs):
        return forget_on_this_device(super().post(request, *args, **kwargs))


@method_decorator(form_methods, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, and the account's confirmed address is told (an unconfirmed one may be a
    stranger's): someone using a session left open can change the password too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if confirmation.is_confirmed(user):
            say_told(self.request, user.email, confirmation.tell_password_changed(user))
        return response


@method_decorator(form_methods, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with an email in the site's words: its name rather than the server's host
    name, how long the link lasts, and a link to SITE_URL as in every other email (Django's
    follows the request's Host)."""

    email_template_name = "registration/password_reset_email.txt"
    form_class = BrandedPasswordResetForm

    def form_valid(self, form):
        self.extra_email_context = {
            "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        return super().form_valid(form)


@method_decorator(form_methods, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, and a completed reset lifts every log-in lock on the account: whoever had
    locked it out, its owner can log in with the new password at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_lockouts(username=form.user.get_username())
        return response
