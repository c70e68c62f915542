// Draws every <canvas data-chart='{...}'> with the vendored Chart.js. The figures come from
// the page's own attribute (the CSP allows no inline script); the table beneath each chart
// holds the same numbers for people who would rather read them.
"use strict";
(function () {
  var palette = ["#1f6f8b", "#e07a2e", "#5a9e4b", "#b8456b", "#7a5cb0", "#c9a227", "#4d7e9e",
                 "#8c6d4f", "#3c9d9b", "#d05a3f", "#6b8e23"];
  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var round = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      return {
        label: d.label,
        data: d.data,
        backgroundColor: round ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
        borderColor: round ? "#fff" : colour,
        fill: false,
        tension: 0.2,
        spanGaps: true
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: round || datasets.length > 1, position: "bottom" } }
    };
    if (!round) {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } };
    }
    canvas.chart = new window.Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
    canvas.setAttribute("data-drawn", "1");
  }
  function drawAll() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
