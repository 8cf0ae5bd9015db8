// Progressive enhancement: the page writes a night's times in the plan's zone. When this
// device's clock is on another zone (a trip), say when that is on the device's clock, as a
// <time> whose datetime carries the device zone's offset, like the page's own times.
(function () {
  var device = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!device) return;
  // The server's words (Intl's "en-GB" says "Sept" in some versions).
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function wallClock(instant, timeZone) {
    var format = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone, hourCycle: "h23", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric",
    });
    var wall = {};
    format.formatToParts(instant).forEach(function (part) {
      if (part.type !== "literal") wall[part.type] = Number(part.value);
    });
    return wall;
  }

  function pad(number) { return String(number).padStart(2, "0"); }

  // <time datetime="2026-12-08T07:30+09:00">Tue 8 Dec, 07:30</time>, as the pages write one.
  function timeElement(instant) {
    var wall = wallClock(instant, device);
    var asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
    var minutes = Math.round((asUtc - instant.getTime()) / 60000); // the zone's offset
    var hm = pad(wall.hour) + ":" + pad(wall.minute);
    var element = document.createElement("time");
    element.dateTime = wall.year + "-" + pad(wall.month) + "-" + pad(wall.day) + "T" + hm +
      (minutes < 0 ? "-" : "+") + pad(Math.floor(Math.abs(minutes) / 60)) + ":" +
      pad(Math.abs(minutes) % 60);
    element.textContent = DAYS[new Date(asUtc).getUTCDay()] + " " + wall.day + " " +
      MONTHS[wall.month - 1] + ", " + hm;
    return element;
  }

  document.querySelectorAll(".device-zone[data-zone]").forEach(function (note) {
    var apply = new Date(note.dataset.applyAt);
    var there;
    try {
      there = JSON.stringify(wallClock(apply, note.dataset.zone));
    } catch (unknownToThisBrowser) { // a zone newer than the browser's copy of the tz database
      return;
    }
    if (there === JSON.stringify(wallClock(apply, device))) return;
    note.querySelector(".zone").textContent = device;
    note.querySelector(".apply").replaceChildren(timeElement(apply));
    note.querySelector(".wash-off").replaceChildren(timeElement(new Date(note.dataset.washOffAt)));
    var change = note.querySelector("a.change-zone"); // the change form then offers this zone
    if (change) {
      var url = new URL(change.href);
      url.searchParams.set("timezone", device);
      change.href = url.pathname + url.search;
    }
    note.hidden = false;
  });
})();
