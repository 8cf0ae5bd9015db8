// Progressive enhancement for the time zone fields: an empty one gets the browser's zone; one
// holding a zone whose clock differs from this device's now (a trip, a move, or Settings made
// elsewhere) gets a button under it that puts the device's zone in. Nothing is saved until
// the form is.
(function () {
  var device = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!device) return;

  function clockIn(zone) {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", day: "numeric", hour: "numeric", minute: "numeric",
    }).format(new Date());
  }

  function sameClock(zone) {
    try {
      return clockIn(zone) === clockIn(device);
    } catch (notAZoneHere) { // a city as typed ("tokyo"), or a zone this browser lacks
      return true; // the server reads it; nothing to offer
    }
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

  document.querySelectorAll("input[data-tz]").forEach(function (input) {
    if (!input.value) {
      input.value = device;
    } else if (input.type !== "hidden" && !sameClock(input.value)) {
      offer(input);
    }
  });
})();
