/*
 * The engine links to a forum's last post with an arrow icon alone; a
 * screen reader would announce nothing. Such links get the label the page
 * gives this script.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var label = script && script.getAttribute("data-last-post");
  if (!label) {
    return;
  }
  document.querySelectorAll(".forum-last-post a").forEach(function (link) {
    if (!link.textContent.trim() && !link.getAttribute("aria-label")) {
      link.setAttribute("aria-label", label);
    }
  });
})();
