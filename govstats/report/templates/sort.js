
document.addEventListener("click", function (ev) {
  var th = ev.target.closest ? ev.target.closest("table.gs-sortable th") : null;
  if (!th) return;
  var table = th.closest("table"), tbody = table.tBodies[0];
  var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
  var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
  Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("data-dir"); });
  th.setAttribute("data-dir", dir);
  var rows = Array.prototype.slice.call(tbody.rows);
  function key(r) { var t = r.cells[idx] ? r.cells[idx].textContent.trim() : ""; var n = parseFloat(t.replace(/[%,]/g, ""));
    return (t !== "" && /^-?[\d.,]+%?$/.test(t) && !isNaN(n)) ? n : t; }
  rows.sort(function (a, b) { var x = key(a), y = key(b), c;
    if (typeof x === "number" && typeof y === "number") c = x - y; else c = String(x).localeCompare(String(y), "zh");
    return dir === "asc" ? c : -c; });
  rows.forEach(function (r) { tbody.appendChild(r); });
});
