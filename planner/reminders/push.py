"""Web Push (RFC 8030, payload encrypted per RFC 8291, VAPID per RFC 8292) through pywebpush,
with the keys from settings (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT). The service
worker (planner/static/planner/push-sw.js) shows the notification and its buttons."""

from __future__ import annotations

import base64
import binascii
import json
import re
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from pywebpush import WebPushException, webpush
from urllib3.util import parse_url

from planner.reminders.channels import Permanent, Transient
from planner.reminders.message import Message
from planner.reminders.models import PushSubscription

TTL = 60 * 60  # a reminder the push service could not hand over within the hour is stale
TIMEOUT = 10  # seconds for the push service to answer
GONE = (404, 410)  # the subscription no longer exists: remove it (RFC 8030 section 7.3)
PLAIN = re.compile(r"[!-\[\]-~]+")  # printable ASCII but a backslash: no space or control


def configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def send_push(user, message: Message) -> None:
    """Push to each of the person's devices; fine if one took it. A device whose
    subscription is gone is removed; busy or unreachable services make the try Transient."""
    if not configured():
        raise Permanent("Web Push is not set up on this server (VAPID keys)")
    subscriptions = list(PushSubscription.objects.filter(user=user))
    if not subscriptions:
        raise Permanent("no device subscribed")
    data = json.dumps(payload(message))
    delivered, transient, failed = 0, [], []
    for subscription in subscriptions:
        # Checked again: a row kept from an older check, or written past the form.
        known = allowed_endpoint(subscription.endpoint)
        status = push_one(subscription, data) if known else "not a known push service"
        if status is None:
            delivered += 1
        elif status == "network" or status == 429 or (isinstance(status, int) and status >= 500):
            transient.append(str(status))
        elif status in GONE or isinstance(status, str):
            subscription.delete()
            failed.append(f"{status}, removed")
        else:
            failed.append(str(status))
    if delivered:
        return
    if transient:
        raise Transient(f"push service: {', '.join(transient)}")
    raise Permanent(f"push service: {', '.join(failed)}")


def push_one(subscription: PushSubscription, data: str):
    """None when the push service accepted it, else its HTTP status, "network", or why the
    subscription can never be sent to (the caller removes it)."""
    try:
        webpush(
            subscription_info=subscription.info,
            data=data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},  # pywebpush adds aud and exp to it
            ttl=TTL,
            timeout=TIMEOUT,
        )
    except WebPushException as error:
        return error.response.status_code if error.response is not None else "network"
    except requests.RequestException:
        return "network"
    except (ValueError, TypeError):  # keys that cannot encrypt: nothing will ever get through
        return "bad keys"
    except Exception as error:  # noqa: BLE001 (one bad row must not stop the others' batch)
        return f"unusable ({type(error).__name__})"
    return None


def payload(message: Message) -> dict:
    """What the service worker shows: the same words as the email (discreet ones included)."""
    return {
        "title": message.subject,
        "body": " ".join(message.lines),
        "url": message.open_url,
        "actions": [
            {"action": action, "title": label, "url": url}
            for action, label, url in message.push_actions
        ],
    }


# Subscriptions a browser sends us (PushSubscription.toJSON()).


def allowed_endpoint(endpoint: str) -> bool:
    """The server will POST to this URL: only to a known push service over https (or a host
    PUSH_SERVICE_HOSTS lists, for tests), never to an address someone chose. Only plain
    https://host/path (a query allowed): urllib reads the host here and urllib3 where requests
    connects, and on odd URLs (a backslash before '@') they read different hosts."""
    if not PLAIN.fullmatch(endpoint):
        return False
    try:
        parts, sent = urlsplit(endpoint), parse_url(endpoint)
        port = parts.port
    except ValueError:  # a port out of range, or a URL urllib3 cannot read
        return False
    host = (parts.hostname or "").lower()
    if "@" in parts.netloc or host != (sent.host or "").lower():
        return False
    listed = any(host == h or host.endswith(f".{h}") for h in settings.PUSH_SERVICE_HOSTS)
    if host in ("127.0.0.1", "localhost") and host in settings.PUSH_SERVICE_HOSTS:
        return parts.scheme in ("http", "https")  # a test's own push service, on any port
    return listed and parts.scheme == "https" and port in (None, 443)


def key_bytes(value: str) -> bytes | None:
    """Base64url (padding optional) as browsers send keys; None when it is not that."""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def is_p256_point(key: bytes | None) -> bool:
    """An uncompressed point on P-256, as RFC 8291 needs; anything else fails at send time."""
    if key is None or len(key) != 65 or key[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    except ValueError:
        return False
    return True
