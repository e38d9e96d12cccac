// The incident map: the governorate boundaries as an offline base layer (an online tile layer when
// configured) and the incidents the viewer may see, from the access-filtered GeoJSON endpoint.
(function () {
  "use strict";

  var COLOURS = {
    "": "#666666",
    substantiated: "#D55E00",
    not_substantiated: "#009E73",
    inconclusive: "#E69F00",
    outside_mandate: "#56B4E9"
  };

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function popup(p, el) {
    return "<strong><a href=\"" + text(p.url) + "\">" + text(p.reference) + "</a></strong> " + text(p.title) +
      "<br>" + text(p.category_label) + " · " + text(p.status_label) +
      "<br>" + text(p.reports) + " " + text(el.dataset.reportsLabel) + ", " + text(p.independent_origins) +
      " " + text(el.dataset.originsLabel) +
      "<br>" + text(p.occurred_at.slice(0, 16).replace("T", " ")) + " UTC";
  }

  function start() {
    var el = document.getElementById("incident-map");
    if (!el || !window.L) { return; }
    var map = L.map(el).setView([31.42, 34.38], 11);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    fetch(el.dataset.base, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var base = L.geoJSON(data, { style: { color: "#57606a", weight: 1, fillColor: "#eaf4fb", fillOpacity: 0.4 } }).addTo(map);
      base.bringToBack();
    });
    fetch(el.dataset.incidents, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          return L.circleMarker(latlng, {
            radius: 5 + 3 * Math.min(p.independent_origins, 6),
            color: "#1f2328",
            weight: 1,
            fillColor: COLOURS[p.determination] || COLOURS[""],
            fillOpacity: p.geo_precision === 1 ? 0.85 : 0.45
          });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties, el)); }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [20, 20] }); }
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
