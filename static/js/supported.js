// Marks the page as able to run GOV.UK Frontend, as the design system's inline snippet does;
// kept in a file so the Content Security Policy can forbid inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
