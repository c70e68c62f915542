/* The place picker (docs/places.md): search, map and hidden lat/lon kept in step.
 * Progressive enhancement: without this file the form's own search button and radio
 * results work; with it, results come live from /api/v1/places and the map shows the point. */
(function () {
  "use strict";

  var ADDRESSED = ["employer", "building", "address"];
  var DISTRICT = [31.2165, 121.4140]; // Changning, when no point is chosen yet

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function init(box) {
    var lat = document.getElementById(box.dataset.lat);
    var lon = document.getElementById(box.dataset.lon);
    var address = document.getElementById(box.dataset.address);
    var q = box.querySelector("input[name=place_q]");
    var results = box.querySelector("[data-place-results]");
    var status = box.querySelector("[data-place-status]");
    var coords = box.querySelector("[data-place-coords]");
    var commute = box.querySelector("[data-place-commute]");
    var mapEl = box.querySelector("[data-place-map]");
    var text = JSON.parse(box.dataset.strings || "{}");
    var tiles = JSON.parse(box.dataset.tiles || "[]");
    var searchSeq = 0;

    function say(key, name) {
      status.textContent = (text[key] || "").replace("{name}", name || "");
    }

    mapEl.hidden = false;
    var has = lat.value !== "" && lon.value !== "";
    var map = L.map(mapEl, { scrollWheelZoom: false }).setView(
      has ? [parseFloat(lat.value), parseFloat(lon.value)] : DISTRICT, has ? 14 : 13);
    if (tiles.length) {
      tiles.forEach(function (t) {
        L.tileLayer(t.url, { subdomains: t.subdomains || "abc", attribution: t.attribution, maxZoom: 18 }).addTo(map);
      });
    } else {
      drawMetro(map, box.dataset.metroUrl);
    }
    var marker = null;

    function setPoint(la, lo, how, name, pan) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      coords.textContent = lat.value + ", " + lon.value;
      mapEl.dataset.lat = lat.value;
      mapEl.dataset.lon = lon.value;
      if (!marker) {
        marker = L.marker([la, lo], { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () {
          var p = marker.getLatLng();
          setPoint(p.lat, p.lng, "dragged", "", false);
        });
      } else {
        marker.setLatLng([la, lo]);
      }
      if (pan) { map.setView([la, lo], Math.max(map.getZoom(), 14)); }
      say(how, name);
      updateCommute();
    }

    var updateCommute = debounce(function () {
      if (!commute || !box.dataset.commuteUrl || lat.value === "") { return; }
      fetch(box.dataset.commuteUrl + "?lat=" + lat.value + "&lon=" + lon.value, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { text: "" }; })
        .then(function (d) { commute.textContent = d.text || ""; })
        .catch(function () {});
    }, 200);

    function choose(item, takeAddress) {
      var words = ADDRESSED.indexOf(item.kind) >= 0 && item.address ? item.address : item.name;
      if (takeAddress && (ADDRESSED.indexOf(item.kind) >= 0 || address.value.trim() === "")) {
        address.value = words;
      }
      setPoint(item.location[0], item.location[1], "moved", item.name, true);
    }

    function render(items, notice) {
      results.textContent = "";
      if (notice) {
        var n = document.createElement("p");
        n.className = "notice";
        n.textContent = notice;
        results.appendChild(n);
      }
      items.forEach(function (item) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "place-result";
        b.dataset.kind = item.kind;
        var strong = document.createElement("strong");
        strong.textContent = item.name;
        b.appendChild(strong);
        if (item.address) {
          var span = document.createElement("span");
          span.className = "muted";
          span.textContent = " " + item.address;
          b.appendChild(span);
        }
        b.addEventListener("click", function () {
          choose(item, true);
          results.textContent = "";
        });
        results.appendChild(b);
      });
    }

    function search(words, fromAddress) {
      words = (words || "").trim();
      if (!words) { results.textContent = ""; return; }
      var seq = ++searchSeq;
      if (!fromAddress) { say("searching"); }
      fetch(box.dataset.searchUrl + "?per_page=10&q=" + encodeURIComponent(words), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (d) {
          if (seq !== searchSeq) { return; }
          if (fromAddress) {
            if (d.items.length) {
              var item = d.items[0];
              setPoint(item.location[0], item.location[1], "address_moved", item.name, true);
            } else {
              say("none");
            }
            return;
          }
          if (!d.items.length) { say("none"); } else { status.textContent = ""; }
          render(d.items, d.notice);
        })
        .catch(function () { if (seq === searchSeq) { say("failed"); } });
    }

    if (has) {
      setPoint(parseFloat(lat.value), parseFloat(lon.value), "moved", address.value, false);
    } else {
      say("start");
    }
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, "clicked", "", false); });
    q.addEventListener("input", debounce(function () { search(q.value, false); }, 250));
    q.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); search(q.value, false); }
    });
    box.querySelector("[data-place-search]").addEventListener("click", function (e) {
      e.preventDefault();
      search(q.value, false);
    });
    // The address and the point stay in step: a changed address moves the point.
    address.addEventListener("change", function () { search(address.value, true); });
    // Results the server rendered (a search without JavaScript, then reloaded).
    Array.prototype.forEach.call(results.querySelectorAll("input[name=place_pick]"), function (radio) {
      radio.addEventListener("change", function () {
        var parts = radio.value.split(",");
        choose({ location: [parseFloat(parts[0]), parseFloat(parts[1])], kind: parts[2],
                 name: parts.slice(3).join(","), address: parts.slice(3).join(",") }, true);
      });
    });
    // With the script, the hidden fields are the truth: a server-rendered result left checked
    // must not override a point moved on the map since.
    if (lat.form) {
      lat.form.addEventListener("submit", function () {
        Array.prototype.forEach.call(results.querySelectorAll("input[name=place_pick]"), function (r) {
          r.checked = false;
        });
      });
    }
    // The map was hidden until now: let Leaflet measure it.
    setTimeout(function () { map.invalidateSize(); }, 0);
  }

  function drawMetro(map, url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var layer = L.layerGroup();
        d.segments.forEach(function (s) {
          var a = d.stations[s[0]], b = d.stations[s[1]];
          L.polyline([[a[0], a[1]], [b[0], b[1]]], { color: s[2], weight: 4, opacity: 0.8, interactive: false }).addTo(layer);
        });
        d.stations.forEach(function (st) {
          L.circleMarker([st[0], st[1]], { radius: 4, color: "#333", weight: 1, fillColor: "#fff", fillOpacity: 1 })
            .bindTooltip(st[2], { permanent: true, direction: "right", className: "metro-label" })
            .addTo(layer);
        });
        layer.addTo(map);
        // Station names only when zoomed in enough to read them.
        var labels = function () {
          map.getContainer().classList.toggle("metro-labels-off", map.getZoom() < 14);
        };
        map.on("zoomend", labels);
        labels();
      })
      .catch(function () {});
  }

  document.querySelectorAll("[data-place-picker]").forEach(init);
})();
