import { ALARM_PERIOD_SECONDS, UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';

// Runs in the browser. Text goes in through textContent and ECharts (canvas), never innerHTML,
// and the tooltip formatter escapes what it shows, since ECharts tooltips are HTML.
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('fleetlog-data').textContent);
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function hhmm(ms) { return new Date(ms).toISOString().slice(11, 16); }
  // Across midnight a bare time is ambiguous: the date goes first (UTC, as everywhere here).
  function when(ms) { var iso = new Date(ms).toISOString(); return data.multiDay ? iso.slice(0, 10) + ' ' + iso.slice(11, 16) : iso.slice(11, 16); }
  function axisLabel(ms) {
    var iso = new Date(ms).toISOString();
    if (!data.multiDay) return iso.slice(11, 16);
    return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : iso.slice(5, 10) + ' ' + iso.slice(11, 16);
  }
  function cell(row, text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); }

  var unknown = ${JSON.stringify(UNKNOWN_APPLICATION)};
  var palette = ['#5470c6', '#91cc75', '#fac858', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];
  var bucketMs = ${ALARM_PERIOD_SECONDS * 1000};
  // Each point is the 5-minute sum of its one-minute buckets (the alarms' period), drawn as a step over its own 5 minutes (value held from its start to its
  // end), so a burst fills exactly its bucket, as the alarm's shaded period does. A closing point
  // at the end of the last bucket gives that bucket its width. [time, count, bucket start].
  var series = data.series.map(function (s, i) {
    var points = s.points.map(function (p) { return [p[0], p[1], p[0]]; });
    var last = s.points[s.points.length - 1];
    if (last) points.push([last[0] + bucketMs, last[1], last[0]]);
    return {
      name: s.name, type: 'line', stack: 'requests', step: 'end', areaStyle: {}, symbol: 'none', smooth: false,
      lineStyle: { width: 1 }, emphasis: { focus: 'series' },
      color: s.name === unknown ? '#d14a61' : palette[i % palette.length],
      data: points
    };
  });
  // Scale events at the same minute share one line, their labels side by side.
  var scaleLines = [];
  data.scaleEvents.forEach(function (e) {
    var line = scaleLines.filter(function (l) { return l.atMs === e.atMs; })[0];
    if (line) { line.labels.push(e.label); if (line.action !== e.action) line.action = 'mixed'; }
    else scaleLines.push({ atMs: e.atMs, action: e.action, labels: [e.label] });
  });
  var scaleColors = { launch: '#2e7d32', terminate: '#8d6e63', mixed: '#555' };
  // Alarm bands in the run's clock (ARCHITECTURE.md section 6b): red from ALARM to OK, amber
  // before it from the flood's start (breachStart), the detection delay. With many episodes only
  // the first band of each alarm carries its label, so labels do not pile up.
  function delay(sec) {
    if (sec === null) return '?';
    var s = Math.round(Math.abs(sec));
    return (sec < 0 ? '-' : '+') + Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
  }
  var bands = [];
  data.alarmAreas.forEach(function (a) {
    if (a.breachStartMs !== null && a.breachStartMs < a.startMs) {
      bands.push([{ xAxis: a.breachStartMs, itemStyle: { color: 'rgba(245, 166, 35, 0.25)' }, label: { show: false } }, { xAxis: a.startMs }]);
    }
    bands.push([{ name: a.labelled ? a.name + ' ' + delay(a.delaySeconds) : '', xAxis: a.startMs, label: { show: a.labelled } }, { xAxis: a.endMs }]);
  });
  if (series.length > 0) {
    series[0].markArea = {
      silent: true,
      itemStyle: { color: 'rgba(209, 74, 97, 0.15)' },
      label: { color: '#b00020', position: 'insideTop', fontSize: 11, overflow: 'truncate', width: 160 },
      data: bands
    };
    series[0].markLine = {
      silent: true, symbol: ['none', 'none'],
      label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10, lineHeight: 14 },
      data: scaleLines.map(function (l) {
        return { name: l.labels.join('\\n'), xAxis: l.atMs, lineStyle: { type: 'dashed', color: scaleColors[l.action] } };
      })
    };
  }
  var chart = echarts.init(document.getElementById('requests'));
  chart.setOption({
    animation: false,
    title: { text: 'Requests per application per 5 minutes', left: 'center', top: 8 },
    legend: { top: 36 },
    grid: { top: 80, left: 60, right: 30, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      formatter: function (items) {
        if (!items.length) return '';
        var start = items[0].value[2];
        var lines = [esc(when(start) + '–' + hhmm(start + bucketMs) + ' UTC')];
        items.forEach(function (it) { lines.push(esc(it.seriesName) + ': ' + esc(it.value[1])); });
        return lines.join('<br>');
      }
    },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: function (v) { return axisLabel(v); } } },
    yAxis: { type: 'value', name: 'requests per 5 minutes' },
    series: series
  });

  var hosts = data.unknownTopHosts.slice().reverse();
  var bars = echarts.init(document.getElementById('unknown'));
  bars.setOption({
    animation: false,
    grid: { left: 140, right: 40, top: 20, bottom: 30 },
    tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + ': ' + esc(p.value); } },
    xAxis: { type: 'value', name: 'requests, whole run' },
    yAxis: { type: 'category', data: hosts.map(function (h) { return h.host; }) },
    series: [{ name: 'requests from unknown hosts over the whole run', type: 'bar', color: '#d14a61', data: hosts.map(function (h) { return h.requestCount; }) }]
  });

  var alarmBody = document.querySelector('#alarms tbody');
  data.alarms.forEach(function (a) {
    var tr = document.createElement('tr');
    cell(tr, a.id); cell(tr, a.state, a.state); cell(tr, String(a.threshold), 'num'); cell(tr, a.episodes);
    cell(tr, a.drillDown === null ? '' : a.drillDown, 'command');
    alarmBody.appendChild(tr);
  });
  document.getElementById('alarm-summary').textContent = data.alarmSummary;
  var scaleBody = document.querySelector('#scale tbody');
  if (scaleBody) data.scaleEvents.forEach(function (e) {
    var tr = document.createElement('tr');
    cell(tr, new Date(e.atMs).toISOString().slice(0, 16).replace('T', ' ')); cell(tr, e.label);
    scaleBody.appendChild(tr);
  });
  window.addEventListener('resize', function () { chart.resize(); bars.resize(); });
  document.body.setAttribute('data-rendered', 'true');
})();
`;
