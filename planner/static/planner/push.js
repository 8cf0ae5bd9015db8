// The reminder page's "notifications on this device" switch: asks the browser for a push
// subscription with the server's VAPID key and hands it to the server (planner/reminders).
(() => {
  const box = document.getElementById("push");
  const buttons = box && box.querySelector("[data-push=buttons]");
  if (!buttons) return; // no VAPID key on this server: the page says so
  const key = box.dataset.vapid;
  const on = box.querySelector("[data-push=on]");
  const off = box.querySelector("[data-push=off]");
  const status = box.querySelector("[data-push=status]");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const say = (text) => {
    status.textContent = text;
  };
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    buttons.remove();
    say("This browser cannot show notifications from a website.");
    return;
  }
  // The server's JSON answer, or {ok: false} saying `failed` and the HTTP status when the
  // answer is a page instead (an HTML 400 for a body over the server's size limit).
  const post = async (url, body, failed) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
    return json ? response.json() : { ok: false, message: `${failed} (HTTP ${response.status}).` };
  };

  // One button at a time: "on" while this browser has no subscription, "off" once it has.
  const show = (subscribed) => {
    on.hidden = subscribed;
    off.hidden = !subscribed;
  };
  show(false);
  navigator.serviceWorker.ready
    .then((registration) => registration.pushManager.getSubscription())
    .then((subscription) => {
      show(Boolean(subscription));
      if (subscription) say("Notifications are on for this device.");
    });

  on.addEventListener("click", async () => {
    // The push service can take seconds to answer: say so, and take one tap at a time.
    on.disabled = true;
    say("Turning notifications on…");
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        say("Notifications are blocked for this site in the browser's settings.");
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: bytes(key),
      });
      const answer = await post(
        box.dataset.subscribe,
        subscription.toJSON(),
        "Could not turn notifications on",
      );
      show(answer.ok);
      say(answer.message);
    } catch (error) {
      say(`Could not turn notifications on: ${error.message}`);
    } finally {
      on.disabled = false;
    }
  });
  off.addEventListener("click", async () => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    show(false);
    if (!subscription) return say("Notifications are off for this device.");
    await subscription.unsubscribe();
    const failed = "Notifications are off for this device; the planner answered with an error";
    const answer = await post(box.dataset.unsubscribe, { endpoint: subscription.endpoint }, failed);
    say(answer.message);
  });

  function bytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }
})();
