// Progressive enhancement: the device's time zone where the pages need it.
// - A time zone field left empty gets it; a visible one holding a zone whose clock differs
//   from the device's gets a button under it that puts the device's zone in (a trip, a move,
//   or Settings made elsewhere). Nothing is saved until the form is.
// - A card's hidden note (plans/_device_zone.html) is filled and shown when the device's clock
//   differs from its night's zone: that night on the device's clock, each time a <time> whose
//   datetime carries the device zone's offset, like the page's own, and its link to the change
//   form brings the device's zone.
(function () {
  var device = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!device) return;
  // The server's words (Intl's "en-GB" says "Sept" in some versions).
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function wallClock(instant, timeZone) {
    var format = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone, hourCycle: "h23", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    var wall = {};
    format.formatToParts(instant).forEach(function (part) {
      if (part.type !== "literal") wall[part.type] = Number(part.value);
    });
    return wall;
  }

  // Whether the device's clock reads as `zone`'s at that instant. A name this browser cannot
  // read (a city as typed, or a zone newer than its tz database) counts as the same: the
  // server reads it, and there is nothing to offer.
  function sameClock(zone, instant) {
    try {
      return JSON.stringify(wallClock(instant, zone)) ===
        JSON.stringify(wallClock(instant, device));
    } catch (notAZoneHere) {
      return true;
    }
  }

  function pad(number) { return String(number).padStart(2, "0"); }

  // <time datetime="2026-12-08T07:30+09:00">Tue 8 Dec, 07:30</time>, as the pages write one
  // (seconds in the datetime only when the instant has them: a time recorded by "Done now").
  function timeElement(instant) {
    var wall = wallClock(instant, device);
    var asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    var minutes = Math.round((asUtc - instant.getTime()) / 60000); // the zone's offset
    var hm = pad(wall.hour) + ":" + pad(wall.minute);
    var seconds = wall.second || instant.getMilliseconds() ? ":" + pad(wall.second) : "";
    var element = document.createElement("time");
    element.dateTime = wall.year + "-" + pad(wall.month) + "-" + pad(wall.day) + "T" + hm +
      seconds + (minutes < 0 ? "-" : "+") + pad(Math.floor(Math.abs(minutes) / 60)) + ":" +
      pad(Math.abs(minutes) % 60);
    element.textContent = DAYS[new Date(asUtc).getUTCDay()] + " " + wall.day + " " +
      MONTHS[wall.month - 1] + ", " + hm;
    return element;
  }

  function offer(input) {
    var hint = document.createElement("p");
    hint.className = "hint device-zone-offer";
    hint.append("This device is set to " + device + ". ");
    var use = document.createElement("button");
    use.type = "button";
    use.className = "secondary";
    use.textContent = "Use " + device;
    use.addEventListener("click", function () {
      input.value = device;
      hint.remove();
      input.focus();
    });
    hint.append(use);
    input.insertAdjacentElement("afterend", hint);
  }

  function showNote(note) {
    var apply = new Date(note.dataset.applyAt);
    if (sameClock(note.dataset.zone, apply)) return;
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
  }

  var now = new Date();
  document.querySelectorAll("input[data-tz]").forEach(function (input) {
    if (!input.value) {
      input.value = device;
    } else if (input.type !== "hidden" && !sameClock(input.value, now)) {
      offer(input);
    }
  });
  document.querySelectorAll(".device-zone[data-zone]").forEach(showNote);
})();
