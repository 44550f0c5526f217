/* nsatu page behaviour: charts drawn from <script type="application/json"> specs, sortable table columns.
   No inline script anywhere: the pages run under a Content-Security-Policy without 'unsafe-inline'. */
(function () {
  "use strict";

  var PALETTE = ["#1f6fbf", "#e07b00", "#2e9e55", "#b3261e", "#7b4fb0", "#0f8b8d", "#8c6d1f", "#d94a8c", "#5b6675"];

  function lang() {
    return document.documentElement.lang || "en";
  }

  function formatter(decimals) {
    return new Intl.NumberFormat(lang(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function colour(i, alpha) {
    var hex = PALETTE[i % PALETTE.length];
    if (alpha === undefined) { return hex; }
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function chartConfig(spec) {
    var fmt = formatter(spec.decimals || 0);
    // Axis ticks fall on round numbers: no trailing zeros there, full precision in the tooltips.
    var tickFmt = new Intl.NumberFormat(lang(), { maximumFractionDigits: spec.decimals || 0 });
    var horizontal = spec.indexAxis === "y";
    var datasets = spec.datasets.map(function (ds, i) {
      var out = { label: ds.label, data: ds.data, backgroundColor: colour(i, spec.fill ? 0.35 : 0.85),
                  borderColor: colour(i), borderWidth: spec.type === "line" ? 2 : 0, pointRadius: 0 };
      if (spec.fill) { out.fill = i === 0 ? "origin" : "-1"; }
      if (spec.skipNull) { out.skipNull = true; }
      return out;
    });
    if (spec.refLine) {
      datasets.push({ type: "line", label: spec.refLine.label, stack: "reference",
                      data: spec.labels.map(function () { return spec.refLine.value; }),
                      borderColor: "#b3261e", borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false });
    }
    var valueAxis = { stacked: !!spec.stacked, beginAtZero: true,
                      title: { display: !!spec.unit, text: spec.unit },
                      ticks: { callback: function (v) { return tickFmt.format(v); } } };
    if (spec.max !== undefined) { valueAxis.max = spec.max; }
    var indexAxis = { stacked: !!spec.stacked, ticks: { autoSkip: !horizontal } };
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.indexAxis || "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: horizontal ? { x: valueAxis, y: indexAxis } : { x: indexAxis, y: valueAxis },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = horizontal ? ctx.parsed.x : ctx.parsed.y;
                if (v === null || v === undefined) { return null; }
                return ctx.dataset.label + ": " + fmt.format(v) + " " + (spec.unit || "");
              }
            }
          }
        }
      }
    };
  }

  function drawCharts(root) {
    if (!window.Chart) { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      new window.Chart(canvas, chartConfig(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1";
    });
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    if (cell.dataset.value !== undefined) { return cell.dataset.value; }
    return cell.textContent.trim();
  }

  function asNumber(text) {
    // Figures are rendered with thousands separators; strip them before comparing.
    var cleaned = String(text).replace(/[\s\u00a0\u202f,%]/g, "");
    if (cleaned === "" || cleaned === "—") { return null; }
    var n = Number(cleaned);
    return isNaN(n) ? null : n;
  }

  function sortTable(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(lang(), { numeric: true, sensitivity: "base" });
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index), r;
      if (numeric) {
        var nx = asNumber(x), ny = asNumber(y);
        if (nx === null && ny === null) { r = 0; } else if (nx === null) { r = 1; } else if (ny === null) { r = -1; }
        else { r = nx - ny; }
        if (nx === null || ny === null) { return r; }
      } else {
        r = collator.compare(x, y);
      }
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sortableTables(root) {
    root.querySelectorAll("table.sortable").forEach(function (table) {
      if (table.dataset.sortReady) { return; }
      table.dataset.sortReady = "1";
      table.querySelectorAll("thead th:not(.nosort)").forEach(function (th) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) { button.appendChild(th.firstChild); }
        th.appendChild(button);
        button.addEventListener("click", function () { sortTable(table, th); });
      });
    });
  }

  // Long pickers (item types, parties, requirements) take typed letters: Tom Select over the plain <select>,
  // which stays the form's field, so the page works the same without script.
  var SEARCH_FROM = 15;

  function searchablePickers(root) {
    if (typeof window.TomSelect !== "function") { return; }
    root.querySelectorAll("select[data-search]").forEach(function (select) {
      // A short list is quicker to read than to search: only long ones get the typed search.
      if (select.tomselect || select.options.length < SEARCH_FROM) { return; }
      new window.TomSelect(select, {
        maxOptions: null, allowEmptyOption: true, create: false,
        render: {
          no_results: function (data, escape) {
            return '<div class="no-results">' + escape(select.dataset.noResults || "No results found") +
              ": " + escape(data.input) + "</div>";
          }
        }
      });
    });
  }

  function enhance(root) {
    drawCharts(root);
    sortableTables(root);
    searchablePickers(root);
  }

  // Destructive steps ask first. Capture phase, so a refusal stops the event before htmx sees the submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
