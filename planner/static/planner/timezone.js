// Progressive enhancement: fill an empty time zone field with the browser's zone.
document.querySelectorAll("input[data-tz]").forEach(function (input) {
  if (!input.value && window.Intl) {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }
});
