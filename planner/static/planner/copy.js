// Progressive enhancement: a "Copy link" button beside a feed link, for a calendar app that
// asks for the address (selecting a long link on a phone is fiddly). It stays hidden where
// the browser cannot copy (no script, or a page not served over https).
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copy).then(
      function () { button.textContent = "Copied"; },
      function () { button.textContent = "Not copied: select the link instead"; }
    );
  });
});
