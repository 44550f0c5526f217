/* Hub map: Natural Earth borders (packaged with the application), hubs as circles, shipment routes as lines.
   No tile layer: the map works offline. Data comes from a <script type="application/json"> block. */
(function () {
  "use strict";

  function draw(el) {
    if (!window.L) { return; }
    var data = JSON.parse(document.getElementById(el.dataset.map).textContent);
    var map = window.L.map(el, { attributionControl: true, zoomSnap: 0.25 });
    // The words come translated from the page (data-label-*), so the map reads in the page's language.
    var words = el.dataset;
    map.attributionControl.addAttribution(words.labelBorders || "Borders: Natural Earth");
    map.fitBounds([[43, 5], [56, 33]]);
    if (window.topojson && el.dataset.borders) {
      fetch(el.dataset.borders).then(function (r) { return r.json(); }).then(function (topo) {
        var countries = window.topojson.feature(topo, topo.objects.countries);
        window.L.geoJSON(countries, { interactive: false,
          style: { color: "#8a94a6", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 } }).addTo(map).bringToBack();
      }).catch(function () { /* borders are decoration; hubs and routes stay */ });
    }
    data.flows.forEach(function (f) {
      window.L.polyline([f.from, f.to], { color: "#1f5fa8", weight: 1 + Math.min(f.shipments, 6), opacity: 0.7 })
        .bindTooltip(f.origin + " → " + f.hub + ": " + f.shipments).addTo(map);
    });
    data.hubs.forEach(function (h) {
      var cap = h.capacity_t_month === null ? (words.labelNoCapacity || "capacity not stated")
        : new Intl.NumberFormat(document.documentElement.lang || "en").format(h.capacity_t_month) + " " +
          (words.labelPerMonth || "t/month");
      window.L.circleMarker([h.lat, h.lon], { radius: 6, color: "#b3261e", fillColor: "#b3261e", fillOpacity: 0.9 })
        .bindTooltip(h.name + " (" + h.country + "), " + cap).addTo(map);
    });
    el.dataset.ready = String(data.hubs.length);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("div[data-map]").forEach(draw);
  });
})();
