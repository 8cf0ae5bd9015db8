"""Web Push: a local HTTP server stands in for the push service. A browser's subscription is
kept, the reminder reaches the server signed with our VAPID key and encrypted for that browser
(the test decrypts it, RFC 8291, with the subscription's keys), its buttons act once, a
subscription the service says is gone (404/410) is removed, and a busy service is tried again."""

import base64
import datetime as dt
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.management import call_command
from django.db import connection
from django.test import Client
from races import at_once

from factories import make_user
from planner.plans import services as plan_services
from planner.reminders.models import Delivery, PushSubscription, ReminderSettings
from reminder_kit import daily_plan, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService(ThreadingHTTPServer):
    """Answers each POST with the next status of `statuses` (then 201) and keeps what came."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received, self.statuses = [], []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append((self.path, headers, body))
        self.send_response(self.server.statuses.pop(0) if self.server.statuses else 201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def service(settings):
    yield from running_push_service(settings)


def running_push_service(settings):
    """A push service on a local port, and VAPID keys in settings, until closed."""
    server = PushService()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    key = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = b64(key.private_numbers().private_value.to_bytes(32, "big"))
    settings.VAPID_PUBLIC_KEY = b64(public_bytes(key))
    settings.VAPID_SUBJECT = "mailto:admin@example.org"
    yield server
    server.shutdown()
    server.server_close()


def public_bytes(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


class Browser:
    """What a browser keeps for one subscription: its key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.key, self.auth, self.endpoint = (
            ec.generate_private_key(ec.SECP256R1()),
            os.urandom(16),
            endpoint,
        )

    def subscription(self) -> dict:
        keys = {"p256dh": b64(public_bytes(self.key)), "auth": b64(self.auth)}
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": keys}

    def read(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


def subscribe(user, browser: Browser, client=None):
    client = client or Client()
    client.force_login(user)
    return client.post(
        "/reminders/push/subscribe/",
        json.dumps(browser.subscription()),
        content_type="application/json",
    )


@pytest.fixture
def night(owner):
    opt_in(owner, email=False, push=True)
    return daily_plan(owner, START).sessions.get(date=START)


def test_the_reminder_reaches_the_browser_encrypted_and_signed(service, owner, night):
    browser = Browser(service.url("/push/abc"))
    assert subscribe(owner, browser).status_code == 200
    run_at(night.apply_at - 15 * MINUTE)
    [(path, headers, body)] = service.received
    assert path == "/push/abc"
    assert headers["content-encoding"] == "aes128gcm" and headers["ttl"] == "3600"
    assert headers["authorization"].startswith("vapid t=")
    assert f"k={call_public_key()}" in headers["authorization"]
    claims = verified_vapid_claims(headers["authorization"])
    assert claims["aud"] == service.url("") and claims["sub"] == "mailto:admin@example.org"
    payload = browser.read(body)
    assert payload["title"] == "Apply Zyclara 3.75% (left cheek) at 21:30"
    assert [a["title"] for a in payload["actions"]] == ["Done now", "Snooze 30 min", "Skip tonight"]
    assert Delivery.objects.get().status == "sent"
    # The service worker presses "Done now": a POST with no session and no CSRF token.
    done = payload["actions"][0]["url"].split("127.0.0.1:8000", 1)[1]
    worker = Client(enforce_csrf_checks=True)
    with time_machine.travel(night.apply_at, tick=False):
        assert worker.get(done).status_code == 405
        answer = worker.post(done)
        assert answer.status_code == 200 and answer.json()["ok"]
        again = worker.post(payload["actions"][2]["url"].split("127.0.0.1:8000", 1)[1])
    assert again.status_code == 410 and not again.json()["ok"]
    night.refresh_from_db()
    assert night.status == "done" and night.done_at == night.apply_at


def test_the_wash_off_of_a_night_done_shows_only_snooze(service, owner, night):
    browser = Browser(service.url("/push/abc"))
    subscribe(owner, browser)
    ReminderSettings.objects.filter(user=owner).update(wash_off=True)
    plan_services.session_mark(session=night, status="done", done_at=night.apply_at)
    run_at(night.wash_off_at)
    [(_, _, body)] = service.received
    payload = browser.read(body)
    assert payload["title"].startswith("Wash off")
    assert [a["title"] for a in payload["actions"]] == ["Snooze 30 min"]


def verified_vapid_claims(authorization: str) -> dict:
    """The claims of the VAPID header's JWT, once its ES256 signature checks out against our
    public key (RFC 8292)."""
    token = re.search(r"t=([^,\s]+)", authorization).group(1)
    signed, signature = token.rsplit(".", 1)
    raw = base64.urlsafe_b64decode(signature + "==")
    r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    public = base64.urlsafe_b64decode(call_public_key() + "==")
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
    key.verify(encode_dss_signature(r, s), signed.encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(base64.urlsafe_b64decode(signed.split(".")[1] + "=="))


def call_public_key() -> str:
    from django.conf import settings

    return settings.VAPID_PUBLIC_KEY


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_service_says_is_gone_is_removed(service, owner, night, status):
    gone, kept = Browser(service.url("/push/gone")), Browser(service.url("/push/kept"))
    subscribe(owner, gone)
    subscribe(owner, kept)
    service.statuses = [status]  # the first one pushed to
    run_at(night.apply_at - 15 * MINUTE)
    assert PushSubscription.objects.count() == 1
    assert Delivery.objects.get().status == "sent"  # the other device got it
    run_at(night.wash_off_at)
    assert len(service.received) == 3  # the gone one is not tried again


def test_with_its_only_subscription_gone_the_reminder_fails_for_good(service, owner, night):
    subscribe(owner, Browser(service.url("/push/only")))
    service.statuses = [410]
    run_at(night.apply_at - 15 * MINUTE)
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("failed", "push: push service: 410, removed")
    assert not PushSubscription.objects.exists()


def test_a_busy_push_service_is_tried_again(service, owner, night):
    subscribe(owner, Browser(service.url("/push/busy")))
    service.statuses = [503]
    due = night.apply_at - 15 * MINUTE
    run_at(due)
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.next_try_at) == ("pending", 1, due + MINUTE)
    run_at(due + MINUTE)
    assert Delivery.objects.get().status == "sent"
    assert len(service.received) == 2


def test_email_and_push_each_go_once_when_only_push_failed_at_first(
    service, owner, night, mailoutbox
):
    owner.reminder_settings.update(email=True)
    subscribe(owner, Browser(service.url("/push/x")))
    service.statuses = [503]
    due = night.apply_at - 15 * MINUTE
    run_at(due)
    run_at(due + MINUTE)
    assert len(mailoutbox) == 1 and len(service.received) == 2
    assert Delivery.objects.get().status == "sent"


@pytest.mark.parametrize(
    "change",
    [
        lambda s: "not json",
        lambda s: json.dumps([1, 2]),
        lambda s: json.dumps({**s, "endpoint": "https://attacker.example.org/push"}),
        lambda s: json.dumps({**s, "endpoint": "http://fcm.googleapis.com/fcm/send/x"}),
        lambda s: json.dumps({**s, "endpoint": "http://10.0.0.1/push"}),
        lambda s: json.dumps({**s, "keys": {**s["keys"], "p256dh": "AAAA"}}),
        lambda s: json.dumps({**s, "keys": {**s["keys"], "p256dh": b64(b"\x04" + b"\x01" * 64)}}),
        lambda s: json.dumps({**s, "keys": {**s["keys"], "auth": b64(b"short")}}),
        lambda s: json.dumps({**s, "keys": None}),
    ],
)
def test_a_malformed_or_foreign_subscription_is_refused(service, owner, change):
    client = Client()
    client.force_login(owner)
    subscription = Browser(service.url("/push/1")).subscription()
    response = client.post(
        "/reminders/push/subscribe/", change(subscription), content_type="application/json"
    )
    assert response.status_code == 400 and not response.json()["ok"]
    assert not PushSubscription.objects.exists()


def test_another_accounts_subscription_is_not_taken_over(service, owner):
    browser = Browser(service.url("/push/shared"))
    subscribe(owner, browser)
    response = subscribe(make_user("other"), browser)
    assert response.status_code == 400 and "another account" in response.json()["message"]
    assert PushSubscription.objects.get().user == owner


def test_subscribing_needs_a_logged_in_post_with_the_csrf_token(service, owner):
    anonymous = Client()
    assert anonymous.get("/reminders/push/subscribe/").status_code == 405
    response = anonymous.post("/reminders/push/subscribe/", "{}", content_type="application/json")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    body = json.dumps(Browser(service.url("/push/c")).subscription())
    assert (
        strict.post("/reminders/push/subscribe/", body, content_type="application/json").status_code
        == 403
    )
    assert not PushSubscription.objects.exists()


def test_a_person_turns_a_device_off(service, owner):
    browser = Browser(service.url("/push/off"))
    client = Client()
    subscribe(owner, browser, client)
    other = make_user("other")
    subscribe(other, Browser(service.url("/push/theirs")))
    body = json.dumps({"endpoint": service.url("/push/theirs")})
    client.post("/reminders/push/unsubscribe/", body, content_type="application/json")
    assert PushSubscription.objects.count() == 2  # someone else's stays
    body = json.dumps({"endpoint": browser.endpoint})
    assert client.post(
        "/reminders/push/unsubscribe/", body, content_type="application/json"
    ).json()["ok"]
    assert list(PushSubscription.objects.values_list("user__username", flat=True)) == ["other"]


def test_vapidkeys_prints_a_pair_that_signs(capsys):
    call_command("vapidkeys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    public = base64.urlsafe_b64decode(lines["VAPID_PUBLIC_KEY"] + "==")
    private = base64.urlsafe_b64decode(lines["VAPID_PRIVATE_KEY"] + "==")
    assert len(public) == 65 and public[0] == 4 and len(private) == 32
    key = ec.derive_private_key(int.from_bytes(private, "big"), ec.SECP256R1())
    assert public_bytes(key) == public


def test_a_rule_change_alert_reaches_the_browser_and_opens_the_comparison(service, owner):
    from planner.reminders import alerts
    from planner.reminders.models import RuleWatch
    from regimens.models import RuleVersion

    plan = daily_plan(owner, START)
    RuleWatch.objects.create(plan=plan, push=True)
    browser = Browser(service.url("/push/alerts"))
    subscribe(owner, browser)
    RuleVersion.objects.filter(pk=plan.rule_id).update(status="retired")
    newer = RuleVersion.objects.get(pk=plan.rule_id)
    newer.pk, newer.status, newer.version, newer.timing_note = None, "approved", 2, "At bedtime."
    newer.save()  # stands for an approved version 2 (the approval's signal queues the alert)
    alerts.queue(version=newer, now=dt.datetime(2026, 4, 7, 9, tzinfo=dt.UTC))
    run_at(dt.datetime(2026, 4, 7, 9, 1, tzinfo=dt.UTC))
    [(_, _, body)] = service.received
    payload = browser.read(body)
    assert (
        payload["title"]
        == "Zyclara 3.75%: Actinic keratosis · left cheek: a newer version of its rules"
    )
    assert "- When to apply: " in payload["body"] and "→ At bedtime." in payload["body"]
    assert payload["url"].endswith(f"/plans/{plan.public_id}/#newer-version")
    assert payload["actions"] == []
    assert Delivery.objects.get().status == "sent"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
def test_one_device_subscribing_many_times_at_once_keeps_one_subscription(settings):
    """The page's "Turn on notifications here" sent again and again at once (PostgreSQL):
    every request is answered, and the device has one subscription."""
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    person = make_user("subscriber")
    browser = Browser("http://127.0.0.1:9/push/one")
    assert at_once(lambda _: subscribe(person, browser).status_code, 10) == [200] * 10
    assert PushSubscription.objects.get().user == person


def test_a_stored_subscription_that_cannot_be_sent_to_is_removed_and_the_batch_goes_on(
    service, owner, night
):
    """A row written past the form (an older check, an import): its endpoint has no host
    py_vapid can sign for. It fails for good and is removed; the rest of the batch goes out."""
    other = make_user("other")
    opt_in(other, email=False, push=True)
    daily_plan(other, START)
    PushSubscription.objects.create(
        user=owner,
        endpoint=f"{service.url('')}\\@fcm.googleapis.com/x",
        **{k: v for k, v in Browser("").subscription()["keys"].items()},
    )
    subscribe(other, Browser(service.url("/push/other")))
    run_at(night.apply_at - 15 * MINUTE)
    assert [path for path, _, _ in service.received] == ["/push/other"]
    statuses = dict(Delivery.objects.values_list("session__plan__user__username", "status"))
    assert statuses == {"owner": "failed", "other": "sent"}
    assert list(PushSubscription.objects.values_list("user__username", flat=True)) == ["other"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://localhost\\@fcm.googleapis.com/x",  # requests connects to localhost
        "https://127.0.0.1\\@fcm.googleapis.com/x",  # both hosts listed, but not the same
        "https://fcm.googleapis.com\\@127.0.0.1/x",
        "https://fcm.googleapis.com/x\\y",
        "https://someone@fcm.googleapis.com/x",
        "https://fcm.googleapis.com:8443/x",
        "https://fcm.googleapis.com:99999/x",
        "https://fcm.googleapis.com/x\x7f",
        "https://fcm.googleapis.com/x%20\u00e9",
    ],
)
def test_an_endpoint_other_than_plain_https_to_a_known_service_is_refused(
    settings, owner, endpoint
):
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com", "127.0.0.1"]
    response = subscribe(owner, Browser(endpoint))
    assert response.status_code == 400
    assert response.json()["message"] == "That is not the address of a known push service."
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:APA91b",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2b",
    ],
)
def test_a_known_push_services_endpoint_is_kept(settings, owner, endpoint):
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com", "notify.windows.com"]
    assert subscribe(owner, Browser(endpoint)).status_code == 200
    assert PushSubscription.objects.get().endpoint == endpoint


def test_a_stored_endpoint_that_no_longer_passes_is_removed_not_posted_to(service, owner, night):
    """Checked again when sending: a row written past the form, or kept from an older check."""
    PushSubscription.objects.create(
        user=owner,
        endpoint=service.url("/push/x").replace("//", "//someone@"),
        **{k: v for k, v in Browser("").subscription()["keys"].items()},
    )
    run_at(night.apply_at - 15 * MINUTE)
    assert service.received == []
    assert Delivery.objects.get().status == "failed"
    assert not PushSubscription.objects.exists()


NOT_A_SUBSCRIPTION = [
    "not json",
    "[1, 2]",
    '"a string"',
    "{}",
    "[" * 5000 + "]" * 5000,
    '{"endpoint": "\\ud800"}',  # a lone surrogate: no database can store it (was a 500)
    '{"endpoint": "https://fcm.googleapis.com/fcm/send/x?\\ud800"}',
]


@pytest.mark.parametrize("body", NOT_A_SUBSCRIPTION)
@pytest.mark.parametrize("url", ["/reminders/push/subscribe/", "/reminders/push/unsubscribe/"])
def test_a_body_that_is_not_a_subscription_gets_one_clear_message(owner, url, body):
    """Deeply nested arrays too: Python's JSON reader gives up with a RecursionError."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/reminders/")
    token = client.cookies["csrftoken"].value
    response = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "This is not a push subscription."}
