// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  // Live filtering: forms marked data-live-filter submit themselves through htmx
  // when a filter changes; the results region announces the new count.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-live-filter]");
    if (form && window.htmx && event.target.name !== "q") {
      window.htmx.trigger(form, "submit");
    }
  });
})();
