// The table's notes save themselves as the facilitator types. The text stays in this
// phone's storage until the server says it has it, so a dropped connection loses nothing;
// the Save button posts the plain form when JS is off.
(() => {
  const form = document.querySelector("[data-notes-form]");
  if (!form) return;
  const box = form.querySelector("textarea");
  const status = form.querySelector("[data-notes-status]");
  const key = form.dataset.notesKey;
  const WAIT_MS = 800;
  const RETRY_MS = 5000;
  let timer = null;

  const kept = localStorage.getItem(key);
  if (kept !== null && kept !== box.value) {
    box.value = kept; // typed here before, never confirmed: send it again
    schedule(0);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  async function save() {
    const text = box.value;
    const body = new FormData(form);
    body.set("text", text);
    status.textContent = "Saving…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error || "Not saved. Your text is kept on this phone.";
        return;
      }
      if (box.value === text) localStorage.removeItem(key);
      status.textContent = "Saved at " + new Date(answer.saved_at).toLocaleTimeString() + ".";
    } catch (error) {
      status.textContent = "No connection: your text is kept on this phone and saved when it is back.";
      schedule(RETRY_MS);
    }
  }

  box.addEventListener("input", () => {
    localStorage.setItem(key, box.value);
    status.textContent = "Not saved yet…";
    schedule(WAIT_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    schedule(0);
  });
})();
