/* Reminder notifications (Web Push), loaded into the service worker by importScripts() from
   sw.js. The server's payload (planner/reminders/push.py): {title, body, url, actions: [{action,
   title, url}]}. A button POSTs its signed, single-use link (planner/reminders/views.py
   push_action) and says what happened; a tap elsewhere on the notification opens Today. */

self.addEventListener("push", (event) => {
  const data = readPush(event);
  const links = Object.fromEntries((data.actions || []).map((a) => [a.action, a.url]));
  const options = {
    body: data.body || "",
    tag: data.url ? `${data.title}|${data.url}` : undefined,
    icon: "/static/planner/icons/icon-192.png",
    data: { url: data.url || "/today/", links },
    actions: (data.actions || []).map((a) => ({ action: a.action, title: a.title })),
  };
  event.waitUntil(self.registration.showNotification(data.title || "Reminder", options));
});

self.addEventListener("notificationclick", (event) => {
  const notification = event.notification;
  const { url, links } = notification.data || {};
  notification.close();
  const link = event.action && links && links[event.action];
  event.waitUntil(link ? pressButton(link, url) : openPage(url || "/today/"));
});

function readPush(event) {
  if (!event.data) return {};
  try {
    return event.data.json();
  } catch {
    return { title: "Reminder", body: event.data.text() };
  }
}

// Done now, Snooze 30 min or Skip tonight: the answer comes back as a short notification.
async function pressButton(link, url) {
  let message = "Could not reach the planner: open Today to record it.";
  try {
    const response = await fetch(link, { method: "POST", credentials: "omit" });
    message = `That did not work (HTTP ${response.status}): open Today to record it.`;
    message = (await response.json()).message || message;
  } catch {
    // offline, or a page (HTML 404, 405) instead of the planner's JSON: the message says so
  }
  await self.registration.showNotification(message, { data: { url, links: {} }, tag: "answer" });
}

async function openPage(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const page = new URL(url, self.location.origin); // the default "/today/" is relative
  const open = windows.find((client) => new URL(client.url).pathname === page.pathname);
  return open ? open.focus() : self.clients.openWindow(page.href);
}
