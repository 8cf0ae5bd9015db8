// The prescribed plan form: only the fields of the chosen pattern show ("a number of times a
// week": how many and which days; "every few days": how many days). Without script, all show
// and their help texts say which pattern each is for.
(() => {
  const radios = document.querySelectorAll("input[name=pattern]");
  const groups = { weekly: ["per_week", "weekdays"], interval: ["every_days"] };
  const show = () => {
    const chosen = document.querySelector("input[name=pattern]:checked");
    for (const [pattern, names] of Object.entries(groups)) {
      for (const name of names) {
        const field = document.querySelector(`[data-field="${name}"]`);
        if (field) field.hidden = Boolean(chosen) && chosen.value !== pattern;
      }
    }
  };
  radios.forEach((radio) => radio.addEventListener("change", show));
  show();
})();
