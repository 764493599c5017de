/*
 * Titles offered under the header's search box while a visitor types, from
 * the portal's own suggestion endpoint. Without scripts the box still
 * searches on Enter.
 */
(function () {
  "use strict";

  var box = document.getElementById("header-search-q");
  var list = document.getElementById("header-search-suggestions");
  if (!box || !list) {
    return;
  }
  var endpoint = box.getAttribute("data-suggest");
  var pending = null;

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.title;
      list.appendChild(option);
    });
  }

  box.addEventListener("input", function () {
    window.clearTimeout(pending);
    var typed = box.value.trim();
    if (typed.length < 2) {
      show([]);
      return;
    }
    pending = window.setTimeout(function () {
      fetch(endpoint + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(function () { show([]); });
    }, 200);
  });
})();
