// Saves each item's minutes as the secretariat writes: when a box loses focus, and every few
// seconds while its text changes. The server refuses a save based on an older text (409); the
// other person's text is then shown beside the boxes, and the next save is the writer's choice.
const INTERVAL_MS = 5000;

function setup(form) {
  // The page's words for the status line, given once for every item's form.
  const texts = document.querySelector("[data-text-saving]")?.dataset ?? form.dataset;
  const status = form.querySelector(".app-save-status");
  const revision = form.querySelector("input[name$='-revision']");
  const boxes = form.querySelectorAll("textarea");
  let lastSent = snapshot();
  let refused = null;
  let saving = false;

  function snapshot() {
    return Array.from(boxes, (box) => box.value).join("\u0000");
  }

  function say(text) {
    status.textContent = text;
  }

  function showTheirs(data) {
    let panel = form.querySelector(".app-their-version");
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "govuk-inset-text app-their-version";
      form.prepend(panel);
    }
    panel.replaceChildren();
    const message = document.createElement("p");
    message.className = "govuk-body govuk-!-font-weight-bold";
    message.textContent = data.conflict;
    panel.append(message);
    for (const [language, label, text] of [
      ["cy", texts.textTheirWelsh, data.minutes_cy],
      ["en", texts.textTheirEnglish, data.minutes_en],
    ]) {
      const heading = document.createElement("h3");
      heading.className = "govuk-heading-s";
      heading.textContent = label;
      const block = document.createElement("pre");
      block.className = "app-their-text";
      block.lang = language;
      block.textContent = text || "–";
      panel.append(heading, block);
    }
  }

  async function save() {
    const current = snapshot();
    if (saving || current === lastSent || current === refused) {
      return;
    }
    saving = true;
    say(texts.textSaving);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (response.ok) {
        revision.value = data.revision;
        lastSent = current;
        form.querySelector(".app-their-version")?.remove();
        say(`${texts.textSaved} ${data.saved_at}`);
      } else if (response.status === 409 && data.conflict) {
        // Nothing more is sent until the writer changes the text, having seen the other version.
        revision.value = data.revision;
        lastSent = current;
        showTheirs(data);
        say(data.conflict);
      } else {
        // Refused (a null character, a link that is no link, too long): said, and not sent again
        // until the text changes; it still counts as unsaved when leaving the page.
        refused = current;
        say(data.error || texts.textFailed);
      }
    } catch {
      say(texts.textFailed);
    } finally {
      saving = false;
    }
    // Text typed while that save was on its way goes straight after it.
    if (snapshot() !== lastSent && snapshot() !== refused && !form.querySelector(".app-their-version")) {
      save();
    }
  }

  boxes.forEach((box) => box.addEventListener("blur", save));
  setInterval(save, INTERVAL_MS);
  // Leaving the page with text not yet saved asks first, so no work is lost by a stray click;
  // pressing a button on the page is not a stray click: the text is sent on its way instead.
  window.addEventListener("beforeunload", (event) => {
    if (submitting) {
      save();
      return;
    }
    if (snapshot() !== lastSent) {
      save();
      event.preventDefault();
    }
  });
  form.addEventListener("submit", () => {
    lastSent = snapshot();
  });
}

let submitting = false;
document.addEventListener("submit", () => {
  submitting = true;
});

document.querySelectorAll("form[data-autosave]").forEach(setup);
