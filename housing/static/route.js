/* The employer/returnee route: show the part that belongs to the route chosen. Nothing is
 * cleared: the server keeps the choice and says what a route leaves out. */
(function () {
  "use strict";
  document.querySelectorAll("form").forEach(function (form) {
    var radios = form.querySelectorAll("input[name=route]");
    var parts = form.querySelectorAll("[data-route-part]");
    if (!radios.length || !parts.length) { return; }
    function show() {
      var checked = form.querySelector("input[name=route]:checked");
      var route = checked ? checked.value : "employer";
      parts.forEach(function (part) { part.hidden = part.dataset.routePart !== route; });
    }
    radios.forEach(function (r) { r.addEventListener("change", show); });
    show();
  });
})();
