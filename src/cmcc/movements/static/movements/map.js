// Movements maps: the governorates as offline base layer, then zones, notified sites and routes
// fetched from the GeoJSON endpoints (each filtered by what the viewer may see). Data comes from
// data- attributes; popups are built as DOM nodes (no HTML strings). Every page works without this.
(function () {
  "use strict";

  var ZONE_COLOURS = { restricted: "#D55E00", line: "#CC79A7", coordination_required: "#E69F00", advisory: "#0072B2" };
  var SITE_COLOURS = { active: "#009E73", expiring_soon: "#E69F00", expired: "#6e7781", withdrawn: "#6e7781" };

  function attr(el, name) {
    var value = el.getAttribute(name);
    if (!value) { return null; }
    try { return JSON.parse(value); } catch (e) { return null; }
  }

  function box(lines) {
    var div = document.createElement("div");
    lines.forEach(function (line) {
      if (!line) { return; }
      var p = document.createElement("p");
      p.textContent = line;
      div.appendChild(p);
    });
    return div;
  }

  function when(start, end) {
    return (start || "…").replace("T", " ").slice(0, 16) + " → " + (end || "…").replace("T", " ").slice(0, 16);
  }

  function zones(data) {
    return L.geoJSON(data, {
      style: function (f) {
        var line = f.geometry.type.indexOf("Line") >= 0;
        return {
          color: ZONE_COLOURS[f.properties.kind] || "#444444",
          weight: line ? 4 : 2,
          fillOpacity: 0.15,
          dashArray: f.properties.kind === "advisory" ? "4 4" : null
        };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(box([p.name, p.kind_label + " · v" + p.version, p.authority, when(p.valid_from, p.valid_to), p.source]));
      }
    });
  }

  function sites(data) {
    return L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        var state = f.properties.state;
        return L.circleMarker(latlng, {
          radius: 6,
          color: SITE_COLOURS[state] || "#0072B2",
          weight: 2,
          fillOpacity: state === "expired" || state === "withdrawn" ? 0.1 : 0.6,
          dashArray: state === "expired" ? "2 3" : null
        });
      },
      style: function (f) { return { color: SITE_COLOURS[f.properties.state] || "#0072B2", weight: 2, fillOpacity: 0.2 }; },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(box([p.name, p.name_ar, p.function_label, p.state_label, p.owner, p.osm_id ? "© OpenStreetMap contributors" : ""]));
      }
    });
  }

  function routes(data) {
    return L.geoJSON(data, {
      style: function (f) {
        return { color: f.properties.coordination_required ? "#D55E00" : "#0072B2", weight: 3, opacity: 0.8 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(box([p.reference, p.purpose_label, when(p.window_start, p.window_end), p.owner]));
      }
    });
  }

  var BUILD = { zones: zones, sites: sites, routes: routes };

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function parseWaypoints(text) {
    var points = [];
    text.split("\n").forEach(function (line) {
      var parts = line.split(",");
      var lat = parseFloat(parts[0]);
      var lon = parseFloat(parts[1]);
      if (!isNaN(lat) && !isNaN(lon)) { points.push([lat, lon]); }
    });
    return points;
  }

  function editable(map, el) {
    var input = document.querySelector(el.getAttribute("data-editable"));
    if (!input) { return; }
    var preview = L.polyline([], { color: "#0072B2", weight: 4 }).addTo(map);
    var draw = function () { preview.setLatLngs(parseWaypoints(input.value)); };
    map.on("click", function (event) {
      var line = event.latlng.lat.toFixed(5) + ", " + event.latlng.lng.toFixed(5);
      input.value = input.value.replace(/\s+$/, "") + (input.value.trim() ? "\n" : "") + line;
      draw();
    });
    input.addEventListener("input", draw);
    draw();
  }

  function init(el) {
    var map = L.map(el, { scrollWheelZoom: false }).setView([31.42, 34.39], 10);
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }
    var control = L.control.layers(null, null, { collapsed: false }).addTo(map);
    var route = attr(el, "data-route");
    var focus = (el.getAttribute("data-focus") || "").split(",");
    load(el.getAttribute("data-base")).then(function (data) {
      var base = L.geoJSON(data, { style: { color: "#57606a", weight: 1, fillOpacity: 0.04 }, interactive: false }).addTo(map);
      base.bringToBack();
      control.addOverlay(base, el.getAttribute("data-label-base") || "Governorates");
      if (!route && focus.length !== 2) { map.invalidateSize(); map.fitBounds(base.getBounds()); }
    }).catch(function () {});
    (attr(el, "data-layers") || []).forEach(function (spec) {
      var build = BUILD[spec.kind];
      if (!build) { return; }
      load(spec.url).then(function (data) {
        var layer = build(data).addTo(map);
        control.addOverlay(layer, spec.name + " (" + data.features.length + ")");
      }).catch(function () {});
    });
    var fit = null;
    if (route) {
      var line = L.geoJSON(route, { style: { color: "#1f2328", weight: 5, opacity: 0.9 } }).addTo(map);
      control.addOverlay(line, el.getAttribute("data-label-route") || "Route");
      fit = function () { map.fitBounds(line.getBounds(), { padding: [30, 30], maxZoom: 14 }); };
    } else if (focus.length === 2 && !isNaN(parseFloat(focus[0]))) {
      fit = function () { map.setView([parseFloat(focus[0]), parseFloat(focus[1])], 15); };
    }
    if (fit) {
      fit();
      // the stylesheet may size the map only after this runs: measure again once the page is laid out
      window.addEventListener("load", function () { map.invalidateSize(); fit(); });
    }
    if (el.hasAttribute("data-editable")) { editable(map, el); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.L) { return; }
    document.querySelectorAll("[data-map]").forEach(init);
  });
})();
