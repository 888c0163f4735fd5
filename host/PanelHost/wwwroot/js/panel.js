// PanelHost shell behaviour. A file, not inline script: the CSP allows scripts from the panel itself only.
// Everything here is an enhancement; every page works without it.
(function () {
  "use strict";

  // Collapsible menu on narrow screens. Without this script the menu stays open (it is only hidden once the button
  // that opens it again exists).
  function menu() {
    var sidebar = document.querySelector("[data-menu]");
    if (!sidebar) return;
    var button = sidebar.querySelector(".menu-button");
    if (!button) return;
    button.hidden = false;
    sidebar.classList.add("collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      sidebar.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && sidebar.classList.contains("open")) {
        button.setAttribute("aria-expanded", "false");
        sidebar.classList.remove("open");
        button.focus();
      }
    });
  }

  // Copy buttons: <button data-copy="#selector">. The clipboard API needs a secure context (HTTPS or loopback); on a
  // plain-HTTP address the text is selected instead so that Ctrl+C copies it.
  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) return;
      var alert = button.closest(".alert");
      var status = alert && alert.querySelector("[data-copy-status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent.trim();
        var say = function (message) { if (status) status.textContent = message; };
        var select = function () {
          var range = document.createRange();
          range.selectNodeContents(target);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(
            function () { say("Copied to the clipboard."); },
            function () { select(); say("Selected: press Ctrl+C to copy."); });
        } else {
          select();
          say("Selected: press Ctrl+C to copy.");
        }
      });
    });
  }

  function start() {
    menu();
    copyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
