// The minutes editor has one form to record a decision and one to record an action. Following an
// item's "Record a decision on item 2" link opens that form under the item, sending to the item's
// address. The form is not on the page: the first time, it is fetched from the address the link
// leads to without JavaScript (the item's own page, with the same form), then kept and moved.
import { Button } from "../build/govuk-frontend.min.js";

async function form(panel, link) {
  const kept = panel.querySelector("form");
  if (kept) return kept;
  const response = await fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) throw new Error(`${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fetched = page.querySelector("form[data-record-form]");
  if (!fetched) throw new Error("no form"); // signed out meanwhile: the sign-in page came back
  const added = document.importNode(fetched, true);
  const submit = added.querySelector("button[type=submit]");
  submit.classList.add("govuk-button--secondary");
  new Button(submit); // its data-prevent-double-click, as GOV.UK Frontend gives the page's own buttons
  submit.after(panel.querySelector("[data-record-cancel]"));
  panel.querySelector("[data-record-title]").after(added);
  return added;
}

async function open(link) {
  const panel = document.getElementById(link.getAttribute("aria-controls"));
  const slot = link.closest("section")?.querySelector(`[data-slot="${link.dataset.record}"]`);
  if (!panel || !slot) return false;
  const opened = await form(panel, link);
  for (const other of document.querySelectorAll(`a[data-record="${link.dataset.record}"]`)) {
    other.setAttribute("aria-expanded", "false");
  }
  if (opened.action !== link.href) opened.reset(); // a half-written text is not carried to another item
  opened.action = link.href;
  panel.querySelector("[data-record-title]").textContent = link.textContent;
  slot.append(panel);
  panel.hidden = false;
  link.setAttribute("aria-expanded", "true");
  panel.querySelector("textarea, input:not([type=hidden]), select")?.focus();
  return true;
}

for (const link of document.querySelectorAll("a[data-record]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    // Anything amiss (offline, signed out, no such panel): the link's own page, as without JavaScript.
    open(link)
      .then((opened) => opened || window.location.assign(link.href))
      .catch(() => window.location.assign(link.href));
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
