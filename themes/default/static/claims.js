// The claims list's status filter. Without scripts every row shows and
// the filter stays hidden; with them, unticking a status hides its rows.
(function () {
  "use strict";
  var form = document.getElementById("claims-filter");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".claim-row[data-status]"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));
  var count = form.querySelector(".filter-count");
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    var visible = 0;
    rows.forEach(function (row) {
      var on = shown[row.getAttribute("data-status")] !== false;
      row.hidden = !on;
      if (on) visible += 1;
    });
    if (count) count.textContent = visible + " of " + rows.length + " claims on this page shown";
  }
  // A link to a row shows it, whatever the filter says.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var row = id && document.getElementById(id);
    if (row && row.hidden) {
      boxes.forEach(function (b) { if (b.value === row.getAttribute("data-status")) b.checked = true; });
      apply();
    }
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
