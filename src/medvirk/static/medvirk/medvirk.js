// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });

  // The main menu (base.html) is shown on wide screens by CSS alone where the browser knows
  // ::details-content; an older browser shows the "Meny" button there, so open it for it.
  document.addEventListener("DOMContentLoaded", function () {
    var menu = document.querySelector("details.mv-menu");
    if (!menu || !window.CSS || CSS.supports("selector(::details-content)")) { return; }
    if (window.matchMedia("(min-width: 60rem)").matches) { menu.open = true; }
  });

  // Links in an error summary move focus to the field itself (the first option of a
  // group) and scroll its label into view, without adding the fragment to the URL.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".ds-error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    var control = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    if (!control) { return; }
    control = control.mvEditor || control; // a rich-text field's editor (richtext.js)
    event.preventDefault();
    var wrapper = control.closest(".ds-field, fieldset") || control;
    wrapper.scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });

  // Live filtering: forms marked data-live-filter submit themselves through htmx
  // when a filter changes; the results region announces the new count.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-live-filter]");
    if (form && window.htmx && event.target.name !== "q") {
      window.htmx.trigger(form, "submit");
    }
  });

  // After htmx has changed the address, the language switcher returns to the new one.
  document.addEventListener("htmx:pushedIntoHistory", function (event) {
    var next = document.querySelector("form.mv-language input[name=next]");
    if (next && event.detail && event.detail.path) { next.value = event.detail.path; }
  });
})();
