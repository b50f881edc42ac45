// Draws the console's analytics charts with Chart.js. The page is server-rendered: each figure's numbers are in
// its table (the accessible form of the chart) and, for the charts, in the JSON block #analytics-data. A chart is
// an image to screen readers (role="img" with a label, described by its table), so nothing here is needed to read
// the figures; without JavaScript the tables stay.
(function () {
  'use strict';
  var data = document.getElementById('analytics-data');
  if (!data || typeof window.Chart === 'undefined') return;
  var spec = JSON.parse(data.textContent);
  var palette = ['#0b5cad', '#b42318', '#1a7f37', '#9a3b00', '#6e40c9', '#57606a'];

  // Durations arrive in seconds; each chart picks the unit that keeps its numbers readable.
  function durationUnit(max) {
    if (max < 120) return { name: 'seconds', factor: 1 };
    if (max < 2 * 3600) return { name: 'minutes', factor: 60 };
    if (max < 48 * 3600) return { name: 'hours', factor: 3600 };
    return { name: 'days', factor: 86400 };
  }

  function round(value) {
    return value === null ? null : Math.round(value * 10) / 10;
  }

  spec.charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) return;
    var values = [];
    chart.datasets.forEach(function (d) { d.data.forEach(function (v) { if (v !== null) values.push(v); }); });
    var max = values.length ? Math.max.apply(null, values) : 0;
    var unit = chart.kind === 'duration' ? durationUnit(max) : null;
    var axisTitle = chart.kind === 'duration' ? unit.name : chart.kind === 'percent' ? 'per cent' : 'count';
    var datasets = chart.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data.map(function (v) {
          if (v === null) return null;
          return round(chart.kind === 'duration' ? v / unit.factor : chart.kind === 'percent' ? v * 100 : v);
        }),
        backgroundColor: palette[i % palette.length],
        borderColor: palette[i % palette.length],
      };
    });
    var valueAxis = { stacked: !!chart.stacked, beginAtZero: true, title: { display: true, text: axisTitle } };
    if (chart.kind === 'percent') valueAxis.max = 100;
    if (chart.kind === 'count') valueAxis.ticks = { precision: 0 };
    var categoryAxis = { stacked: !!chart.stacked };
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: chart.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: chart.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: { legend: { display: datasets.length > 1 } },
      },
    });
    canvas.setAttribute('data-drawn', 'true');
  });
})();
