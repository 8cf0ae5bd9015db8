// Progressive enhancement: picking another regimen ticks its usual days and shows its contact
// hours. Without the script the server still checks every choice and says what is wrong.
(function () {
  var data = document.getElementById("regimen-defaults");
  var regimen = document.getElementById("id_regimen");
  if (!data || !regimen) return;
  var defaults = JSON.parse(data.textContent);
  regimen.addEventListener("change", function () {
    var chosen = defaults[regimen.value];
    if (!chosen) return;
    document.querySelectorAll("input[name=weekdays]").forEach(function (box) {
      box.checked = chosen.weekdays.indexOf(box.value) !== -1;
    });
    var hours = document.getElementById("id_contact_hours");
    if (hours) hours.value = chosen.hours;
    var hint = document.getElementById("id_contact_hours_helptext");
    if (hint) hint.textContent = chosen.hint;
  });
})();
