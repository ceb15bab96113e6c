// Keys for a facilitator entering someone's views: a/1 agree, d/2 disagree, p/3 pass, s skip.
// Each key presses the matching button or link, so the plain form does the work.
(() => {
  const form = document.querySelector("[data-entry-form]");
  if (!form) return;
  const targets = new Map();
  document.querySelectorAll("[data-key]").forEach((element) => {
    element.dataset.key.split(" ").forEach((key) => targets.set(key, element));
  });
  let sent = false;
  document.addEventListener("keydown", (event) => {
    if (sent || event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest("input, textarea, select");
    if (typing) return;
    const target = targets.get(event.key.toLowerCase());
    if (!target) return;
    event.preventDefault();
    sent = true; // one key, one answer: a held key must not answer the next statement too
    target.click();
  });
})();
