// cmcc — small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function enhance(root) {
    // A new API token: select it on focus, and offer a copy button where the clipboard works.
    root.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        navigator.clipboard.writeText(source.value).then(function () {
          button.textContent = button.getAttribute("data-copied") || "✓";
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
