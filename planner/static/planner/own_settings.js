// Progressive enhancement: changing a plan's reminder settings chooses "Use these settings
// instead", which is what changing them means. Without the script the server refuses changes
// made with "Use my settings for all plans" chosen, and says which choice keeps them.
(function () {
  var own = document.querySelector("input[name=own][value='1']");
  if (!own) return;
  own.form.addEventListener("change", function (event) {
    if (event.target.name !== "own") own.checked = true;
  });
})();
