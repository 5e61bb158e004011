// The minutes editor has one form to record a decision and one to record an action. Following an
// item's "Record a decision on item 2" link opens that form under the item, sending to the item's
// address; without JavaScript the link leads to the item's own page with the same form.
function open(link) {
  const panel = document.getElementById(link.getAttribute("aria-controls"));
  const slot = link.closest("section")?.querySelector(`[data-slot="${link.dataset.record}"]`);
  if (!panel || !slot) return false;
  for (const other of document.querySelectorAll(`a[data-record="${link.dataset.record}"]`)) {
    other.setAttribute("aria-expanded", "false");
  }
  const form = panel.querySelector("form");
  if (form.action !== link.href) form.reset(); // a half-written text is not carried to another item
  form.action = link.href;
  panel.querySelector("[data-record-title]").textContent = link.textContent;
  slot.append(panel);
  panel.hidden = false;
  link.setAttribute("aria-expanded", "true");
  panel.querySelector("textarea, input:not([type=hidden]), select")?.focus();
  return true;
}

for (const link of document.querySelectorAll("a[data-record]")) {
  link.addEventListener("click", (event) => {
    if (open(link)) event.preventDefault();
  });
}

for (const cancel of document.querySelectorAll("[data-record-cancel]")) {
  cancel.addEventListener("click", () => {
    const panel = cancel.closest(".app-record-panel");
    panel.hidden = true;
    const link = document.querySelector(`a[aria-controls="${panel.id}"][aria-expanded="true"]`);
    link?.setAttribute("aria-expanded", "false");
    link?.focus();
  });
}
