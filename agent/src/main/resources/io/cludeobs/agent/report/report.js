// Draws the clude-obs report from the JSON in #report-data with inline SVG; no libraries, no network.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = { task: '#4b7bd3', llm: '#8a5cd1', tool: '#2e9d5b', span: '#8a93a6', file: '#d08a2c' };
  var SERIES = ['#4b7bd3', '#e39b26', '#d2453b', '#2e9d5b', '#8a5cd1', '#12a0a8'];
  var drawn = {};
  var main = document.getElementById('report');
  var data;

  function el(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function svg(tag, attrs, parent, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // A drawn data element: counted per section for the self-test, so an empty chart shows up as zero.
  function mark(section, node) {
    node.setAttribute('class', ((node.getAttribute('class') || '') + ' mark').trim());
    drawn[section] = (drawn[section] || 0) + 1;
    return node;
  }

  function ms(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    if (v >= 1000) { return (v / 1000).toFixed(v >= 10000 ? 1 : 2) + ' s'; }
    if (v >= 1) { return v.toFixed(v >= 100 ? 0 : 1) + ' ms'; }
    return (v * 1000).toFixed(0) + ' µs';
  }
  function num(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    if (Math.abs(v) >= 1e9) { return (v / 1e9).toFixed(1) + 'G'; }
    if (Math.abs(v) >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (Math.abs(v) >= 1e4) { return (v / 1e3).toFixed(1) + 'k'; }
    return String(Math.round(v * 100) / 100);
  }
  function bytes(v) {
    if (v >= 1 << 30) { return (v / (1 << 30)).toFixed(1) + ' GiB'; }
    if (v >= 1 << 20) { return (v / (1 << 20)).toFixed(1) + ' MiB'; }
    if (v >= 1 << 10) { return (v / (1 << 10)).toFixed(1) + ' KiB'; }
    return v + ' B';
  }
  function usd(v) { return '$' + (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4)); }
  function pct(v) { return (v * 100).toFixed(v === 1 || v === 0 ? 0 : 1) + '%'; }
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function clock(t) { var d = new Date(t); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }
  // Axis labels of a short time line need tenths of seconds to differ.
  function tick(t, extent) { return extent < 20000 ? clock(t) + '.' + Math.floor(new Date(t).getMilliseconds() / 100) : clock(t); }
  function stamp(t) {
    var d = new Date(t);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + clock(t);
  }
  function resource(column, v) {
    if (/_bytes$/.test(column)) { return bytes(v); }
    if (/_ms$/.test(column)) { return ms(v); }
    return num(v);
  }

  function section(id, title, intro) {
    var s = el('section', { id: id }, main);
    el('h2', {}, s, title);
    if (intro) { el('p', { 'class': 'sub' }, s, intro); }
    return s;
  }

  function legend(parent, items) {
    var l = el('div', { 'class': 'legend' }, parent);
    items.forEach(function (it) {
      var span = el('span', {}, l);
      el('i', { style: 'background:' + it.color }, span);
      span.appendChild(document.createTextNode(it.name));
    });
  }

  function niceMax(v) {
    if (!(v > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  // Axes and grid of a time chart; returns the scales.
  function frame(g, opts) {
    var W = opts.width, H = opts.height, L = 58, R = opts.right || 12, T = 10, B = 24;
    var x0 = opts.xMin, x1 = Math.max(opts.xMax, opts.xMin + 1);
    var yMax = niceMax(opts.yMax);
    var sx = function (t) { return L + (t - x0) / (x1 - x0) * (W - L - R); };
    var sy = function (v) { return T + (1 - v / yMax) * (H - T - B); };
    var grid = svg('g', { 'class': 'grid' }, g);
    var axis = svg('g', { 'class': 'axis' }, g);
    for (var i = 0; i <= 4; i++) {
      var v = yMax * i / 4;
      svg('line', { x1: L, x2: W - R, y1: sy(v), y2: sy(v) }, grid);
      svg('text', { x: L - 6, y: sy(v) + 4, 'text-anchor': 'end' }, axis, opts.yFormat(v));
    }
    for (var j = 0; j <= 5; j++) {
      var t = x0 + (x1 - x0) * j / 5;
      svg('text', { x: sx(t), y: H - 6, 'text-anchor': j === 0 ? 'start' : j === 5 ? 'end' : 'middle' }, axis, tick(t, x1 - x0));
    }
    svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: '#b8c0cc' }, g);
    return { sx: sx, sy: sy, yMax: yMax, bottom: H - B, step: (W - L - R) / Math.max(1, (x1 - x0) / (opts.bucket || 1)) };
  }

  // Lines with a dot per point; a series of one point is a dot.
  function lineChart(parent, key, opts) {
    var W = opts.width || 640, H = opts.height || 220;
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' }, parent);
    var yMax = 0;
    opts.series.forEach(function (se) { se.points.forEach(function (p) { yMax = Math.max(yMax, p[1]); }); });
    var f = frame(s, { width: W, height: H, xMin: opts.xMin, xMax: opts.xMax, yMax: yMax, yFormat: opts.yFormat });
    opts.series.forEach(function (se) {
      var d = se.points.map(function (p, i) { return (i ? 'L' : 'M') + f.sx(p[0]).toFixed(1) + ',' + f.sy(p[1]).toFixed(1); }).join('');
      if (se.points.length > 1) {
        mark(key, svg('path', { d: d, fill: 'none', stroke: se.color, 'stroke-width': 1.8 }, s));
      }
      se.points.forEach(function (p) {
        var c = mark(key, svg('circle', { cx: f.sx(p[0]), cy: f.sy(p[1]), r: 3, fill: se.color }, s));
        svg('title', {}, c, se.name + ' at ' + clock(p[0]) + ': ' + opts.yFormat(p[1]));
      });
    });
    legend(parent, opts.series);
    return s;
  }

  function summary() {
    var s = data.summary, m = data.meta;
    var h = el('header', {}, main);
    el('h1', {}, h, m.traceId ? 'clude-obs report: trace ' + m.traceId : 'clude-obs report');
    el('div', { 'class': 'sub' }, h,
      (m.traceId ? 'one trace' : stamp(m.from) + ' to ' + stamp(m.until)) + ' · data ' + m.dataDir +
      ' · generated ' + stamp(m.generated) + ' (local time)');
    m.notes.forEach(function (n) { el('div', { 'class': 'note' }, h, n); });
    var sec = section('summary', 'Summary');
    var cards = el('div', { 'class': 'cards' }, sec);
    var items = [
      ['traces', num(s.traces)], ['tasks', num(s.tasks) + (s.failedTasks ? ' (' + s.failedTasks + ' failed)' : '')],
      ['task p50 / p95', ms(s.taskP50Ms) + ' / ' + ms(s.taskP95Ms)], ['LLM calls', num(s.llmCalls)],
      ['tokens in / out', num(s.inputTokens) + ' / ' + num(s.outputTokens)],
      ['cost', s.costComplete ? usd(s.costUsd) : s.costUsd > 0 ? '≥ ' + usd(s.costUsd) : 'no prices'],
      ['tool calls', num(s.toolCalls)],
      ['tool success', s.toolCalls ? pct((s.toolCalls - s.failedToolCalls) / s.toolCalls) : '–'],
      ['spans', num(s.spans)], ['failed spans', num(s.errors)]
    ];
    items.forEach(function (it) {
      var c = el('div', { 'class': 'card' }, cards);
      el('div', { 'class': 'v' }, c, it[1]);
      el('div', { 'class': 'k' }, c, it[0]);
    });
    if (!s.costComplete) {
      el('p', { 'class': 'note' }, sec, 'Some models have no price; pass --price \'<model-glob>=<input>/<output>\' (USD per million tokens).');
    }
  }

  function latency() {
    var sec = section('latency', 'Latency percentiles over time', 'Per category, p50 / p95 / p99 of the calls that started in each ' + ms(data.meta.bucketMs) + ' window.');
    if (!data.latency.length) { el('p', { 'class': 'empty' }, sec, 'No spans in the selection.'); return; }
    var grid = el('div', { 'class': 'grid2' }, sec);
    data.latency.forEach(function (c) {
      var box = el('div', {}, grid);
      var calls = c.points.reduce(function (a, p) { return a + p.count; }, 0);
      el('h3', {}, box, c.category + ' (' + calls + ' calls)');
      lineChart(box, 'latency', {
        xMin: data.meta.firstMs, xMax: data.meta.lastMs, yFormat: ms,
        series: ['p50', 'p95', 'p99'].map(function (q, i) {
          return { name: q, color: SERIES[i], points: c.points.map(function (p) { return [p.t + data.meta.bucketMs / 2, p[q]]; }) };
        })
      });
    });
  }

  function tokens() {
    var sec = section('tokens', 'Tokens and cost', 'LLM tokens per ' + ms(data.meta.bucketMs) + ' window, and per model.');
    var t = data.tokens;
    if (!t.points.length) { el('p', { 'class': 'empty' }, sec, 'No LLM calls in the selection.'); return; }
    var W = 1300, H = 240, s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' }, sec);
    var yMax = 0, costMax = 0;
    t.points.forEach(function (p) { yMax = Math.max(yMax, p.input + p.output); costMax = Math.max(costMax, p.cost); });
    var b = data.meta.bucketMs;
    var f = frame(s, { width: W, height: H, xMin: data.meta.firstMs - b / 2, xMax: data.meta.lastMs + b / 2, yMax: yMax, yFormat: num, right: 60, bucket: b });
    var bw = Math.max(3, Math.min(40, f.step * 0.7));
    t.points.forEach(function (p) {
      var x = f.sx(p.t + b / 2) - bw / 2;
      var r1 = mark('tokens', svg('rect', { x: x, y: f.sy(p.input), width: bw, height: f.bottom - f.sy(p.input), fill: SERIES[0] }, s));
      svg('title', {}, r1, clock(p.t) + ': ' + p.input + ' input tokens in ' + p.calls + ' calls');
      var r2 = mark('tokens', svg('rect', { x: x, y: f.sy(p.input + p.output), width: bw, height: f.sy(p.input) - f.sy(p.input + p.output), fill: SERIES[1] }, s));
      svg('title', {}, r2, clock(p.t) + ': ' + p.output + ' output tokens');
    });
    if (costMax > 0) {
      var cMax = niceMax(costMax);
      var cy = function (v) { return 10 + (1 - v / cMax) * (H - 34); };
      svg('text', { x: W - 4, y: 14, 'text-anchor': 'end' }, s, usd(cMax));
      var d = t.points.map(function (p, i) { return (i ? 'L' : 'M') + f.sx(p.t + b / 2).toFixed(1) + ',' + cy(p.cost).toFixed(1); }).join('');
      if (t.points.length > 1) { mark('tokens', svg('path', { d: d, fill: 'none', stroke: SERIES[2], 'stroke-width': 2 }, s)); }
      t.points.forEach(function (p) {
        var c = mark('tokens', svg('circle', { cx: f.sx(p.t + b / 2), cy: cy(p.cost), r: 3, fill: SERIES[2] }, s));
        svg('title', {}, c, clock(p.t) + ': ' + usd(p.cost));
      });
    }
    legend(sec, [{ name: 'input tokens', color: SERIES[0] }, { name: 'output tokens', color: SERIES[1] }, { name: 'cost (right scale)', color: SERIES[2] }]);

    el('h3', {}, sec, 'By model');
    var table = el('table', {}, sec);
    var head = el('tr', {}, el('thead', {}, table));
    ['model', 'calls', 'errors', 'input', 'output', 'cost', 'p50', 'p95', 'tokens'].forEach(function (h) { el('th', {}, head, h); });
    var body = el('tbody', {}, table);
    var most = Math.max.apply(null, t.byModel.map(function (m) { return m.input + m.output; }).concat([1]));
    t.byModel.forEach(function (m) {
      var tr = el('tr', {}, body);
      [m.model, num(m.calls), num(m.errors), num(m.input), num(m.output), m.priced ? usd(m.cost) : 'no price', ms(m.p50), ms(m.p95)]
        .forEach(function (v) { el('td', {}, tr, v); });
      var bar = svg('svg', { width: 220, height: 14 }, el('td', {}, tr));
      mark('models', svg('rect', { x: 0, y: 2, height: 10, width: 220 * m.input / most, fill: SERIES[0] }, bar));
      mark('models', svg('rect', { x: 220 * m.input / most, y: 2, height: 10, width: 220 * m.output / most, fill: SERIES[1] }, bar));
    });
  }

  function tools() {
    var sec = section('tools', 'Tools: success rate and resources', 'Every tool call in the selection; file I/O counts the file operations inside the call.');
    if (!data.tools.length) { el('p', { 'class': 'empty' }, sec, 'No tool calls in the selection.'); return; }
    var W = 1300, row = 24, L = 200, H = data.tools.length * row + 10;
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' }, sec);
    var most = Math.max.apply(null, data.tools.map(function (t) { return t.calls; }));
    var span = W - L - 160;
    data.tools.forEach(function (t, i) {
      var y = i * row + 4, ok = t.calls - t.errors;
      svg('text', { x: L - 8, y: y + 13, 'text-anchor': 'end' }, s, t.name);
      if (ok) {
        var g = mark('tools', svg('rect', { x: L, y: y, height: row - 8, width: Math.max(1, span * ok / most), fill: '#2e9d5b' }, s));
        svg('title', {}, g, t.name + ': ' + ok + ' succeeded');
      }
      if (t.errors) {
        var r = mark('tools', svg('rect', { x: L + span * ok / most, y: y, height: row - 8, width: Math.max(1, span * t.errors / most), fill: '#d2453b' }, s));
        svg('title', {}, r, t.name + ': ' + t.errors + ' failed');
      }
      svg('text', { x: L + span * t.calls / most + 8, y: y + 13 }, s, pct(t.successRate) + ' of ' + t.calls);
    });
    legend(sec, [{ name: 'succeeded', color: '#2e9d5b' }, { name: 'failed', color: '#d2453b' }]);

    el('h3', {}, sec, 'Resources per tool');
    var table = el('table', { id: 'resource-table' }, sec);
    var head = el('tr', {}, el('thead', {}, table));
    var cols = ['tool', 'calls', 'success', 'p50', 'p95', 'mean', 'total time', 'file ops', 'file bytes'].concat(data.resourceColumns);
    cols.forEach(function (h) { el('th', {}, head, h); });
    var body = el('tbody', {}, table);
    data.tools.forEach(function (t) {
      var tr = el('tr', {}, body);
      [t.name, num(t.calls), pct(t.successRate), ms(t.p50), ms(t.p95), ms(t.meanMs), ms(t.totalMs), num(t.fileOps), bytes(t.fileBytes)]
        .concat(data.resourceColumns.map(function (c) { return c in t.resources ? resource(c, t.resources[c]) : '–'; }))
        .forEach(function (v) { el('td', {}, tr, v); });
    });
    if (!data.resourceColumns.length) {
      el('p', { 'class': 'note' }, sec, 'CPU and allocation per tool appear once profiles are linked to spans (profiling enabled).');
    }
  }

  function waterfalls() {
    var sec = section('waterfalls', data.meta.traceId ? 'Call chain' : 'Slowest traces', 'Each span as a bar on the trace\'s time line, children under their parent.');
    if (!data.waterfalls.length) { el('p', { 'class': 'empty' }, sec, 'No traces in the selection.'); return; }
    legend(sec, Object.keys(COLORS).map(function (k) { return { name: k, color: COLORS[k] }; }).concat([{ name: 'failed (red outline)', color: '#d2453b' }]));
    data.waterfalls.forEach(function (w) {
      el('h3', { 'class': 'mono' }, sec, w.root + ' · ' + ms(w.durationMs) + ' · ' + w.spanCount + ' spans · ' + stamp(w.start) + ' · ' + w.traceId);
      var W = 1300, row = 18, L = 360, R = 90, T = 18, H = T + w.spans.length * row + 4;
      var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'waterfall', 'data-trace': w.traceId }, sec);
      var total = Math.max(w.durationMs, 1e-6), span = W - L - R;
      for (var i = 0; i <= 4; i++) {
        var x = L + span * i / 4;
        svg('line', { x1: x, x2: x, y1: T - 4, y2: H, stroke: '#eceff4' }, s);
        svg('text', { x: x, y: 11, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle', fill: '#5d6677' }, s, ms(total * i / 4));
      }
      w.spans.forEach(function (sp, j) {
        var y = T + j * row;
        var label = sp.name.length > 44 - sp.depth * 2 ? sp.name.slice(0, 43 - sp.depth * 2) + '…' : sp.name;
        svg('text', { x: 4 + sp.depth * 12, y: y + 12 }, s, label);
        var x = L + span * sp.offsetMs / total, width = Math.max(1, span * sp.durationMs / total);
        var r = mark('waterfall', svg('rect', {
          x: x, y: y + 2, width: width, height: row - 5, rx: 2, fill: COLORS[sp.category] || COLORS.span,
          stroke: sp.error ? '#d2453b' : 'none', 'stroke-width': sp.error ? 2 : 0
        }, s));
        svg('title', {}, r, sp.name + ' — ' + ms(sp.durationMs) + ' at +' + ms(sp.offsetMs) + (sp.detail ? ' — ' + sp.detail : '') + (sp.error ? ' — failed' : ''));
        svg('text', { x: Math.min(x + width + 4, W - R + 4), y: y + 12, fill: '#5d6677' }, s, ms(sp.durationMs));
      });
      if (w.truncated) { el('p', { 'class': 'note' }, sec, 'Showing the first ' + w.spans.length + ' of ' + w.spanCount + ' spans.'); }
    });
  }

  // Folded stacks to a tree: {name, value, children: {name: node}}.
  function tree(stacks) {
    var root = { name: 'all', value: 0, children: {} };
    Object.keys(stacks).forEach(function (key) {
      var w = stacks[key], node = root;
      root.value += w;
      key.split(';').forEach(function (frame) {
        var next = node.children[frame];
        if (!next) { next = node.children[frame] = { name: frame, value: 0, children: {} }; }
        next.value += w;
        node = next;
      });
    });
    return root;
  }

  // "io.acme.tools.ReadTool.execute" is drawn as "ReadTool.execute"; the tooltip keeps the full name.
  function shortFrame(name) {
    var parts = name.split('.');
    return parts.length > 2 ? parts.slice(-2).join('.') : name;
  }

  function hue(name, kind) {
    var h = 0;
    for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) | 0; }
    var r = Math.abs(h) % 60;
    return kind === 'cpu' ? 'hsl(' + (10 + r * 0.6) + ',80%,' + (55 + (r % 15)) + '%)' : 'hsl(' + (190 + r * 0.7) + ',55%,' + (55 + (r % 15)) + '%)';
  }

  function flameGraphs() {
    var sec = section('flamegraphs', 'Flame graphs', 'CPU (execution samples) and allocation (bytes sampled) by call stack; the root is at the bottom. Click a frame to zoom, click the bottom bar to reset.');
    if (!data.flameGraphs.length) {
      el('p', { 'class': 'empty' }, sec, 'No profiles in the selection: run the app with profiling enabled (JFR files under ' + data.meta.dataDir + '/profiles).');
      return;
    }
    var bar = el('div', { 'class': 'toolbar' }, sec);
    el('label', { 'for': 'flame-select' }, bar, 'Profile');
    var select = el('select', { id: 'flame-select' }, bar);
    data.flameGraphs.forEach(function (f, i) {
      el('option', { value: String(i) }, select, (f.kind === 'cpu' ? 'CPU' : 'allocation') + ' · ' + f.label + ' · ' + (f.kind === 'cpu' ? num(f.total) + ' samples' : bytes(f.total)));
    });
    var info = el('span', { 'class': 'sub' }, bar);
    var holder = el('div', {}, sec);
    var current;
    function draw(graph, zoom) {
      holder.textContent = '';
      var W = 1300, row = 17, root = zoom || tree(graph.stacks);
      var depth = 0;
      (function walk(n, d) { depth = Math.max(depth, d); for (var k in n.children) { walk(n.children[k], d + 1); } })(root, 0);
      var H = (depth + 1) * row + 4;
      var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'flame', 'data-kind': graph.kind }, holder);
      (function place(n, x, d, width) {
        if (width < 0.4) { return; }
        var g = svg('g', { 'class': 'frame' }, s);
        var r = mark('flame', svg('rect', { x: x, y: H - (d + 1) * row, width: width, height: row - 1, fill: d === 0 ? '#c9ced8' : hue(n.name, graph.kind) }, g));
        var share = n.value / root.value;
        svg('title', {}, g, n.name + ' — ' + (graph.kind === 'cpu' ? n.value + ' samples' : bytes(n.value)) + ' (' + pct(share) + ')');
        if (width > 36) {
          var chars = Math.floor((width - 6) / 6.2);
          var label = shortFrame(n.name);
          var text = label.length > chars ? label.slice(0, Math.max(0, chars - 1)) + '…' : label;
          svg('text', { x: x + 3, y: H - d * row - 5 }, g, text);
        }
        r.addEventListener('click', function () { draw(graph, d === 0 ? null : n); });
        var cx = x;
        Object.keys(n.children).sort().forEach(function (k) {
          var c = n.children[k], cw = width * c.value / n.value;
          place(c, cx, d + 1, cw);
          cx += cw;
        });
      })(root, 0, 0, W);
      info.textContent = graph.droppedStacks ? graph.droppedStacks + ' lightest stacks left out' : '';
    }
    select.addEventListener('change', function () { current = data.flameGraphs[+select.value]; draw(current); });
    current = data.flameGraphs[0];
    draw(current);
  }

  function findings() {
    var f = data.findings;
    var sec = section('findings', 'Bottleneck findings');
    if (f.problem) { el('p', { 'class': 'error-box' }, sec, f.problem); }
    if (!f.items.length) {
      el('p', { 'class': 'empty' }, sec, f.detector ? 'No bottleneck found in the selection.' : 'The bottleneck detector is not part of this build.');
      return;
    }
    f.items.forEach(function (it) {
      var box = el('div', { 'class': 'finding ' + it.severity }, sec);
      var h = el('div', {}, box);
      el('span', { 'class': 'badge' }, h, it.severity);
      el('strong', {}, h, it.title);
      el('span', { 'class': 'sub' }, h, ' · ' + it.detector);
      var dl = el('dl', {}, box);
      Object.keys(it.evidence).forEach(function (k) { el('dt', {}, dl, k); el('dd', {}, dl, it.evidence[k]); });
      if (it.examples.length) { el('dt', {}, dl, 'example traces'); el('dd', { 'class': 'mono' }, dl, it.examples.join(' ')); }
      el('div', { 'class': 'suggestion' }, box, it.suggestion);
      drawn.findings = (drawn.findings || 0) + 1;
    });
  }

  function jvm() {
    if (!data.jvm.length) { return; }
    var sec = section('jvm', 'JVM', 'Heap in use and process CPU from the stored metrics.');
    var grid = el('div', { 'class': 'grid2' }, sec);
    var units = {};
    data.jvm.forEach(function (s) { (units[s.unit] = units[s.unit] || []).push(s); });
    Object.keys(units).forEach(function (u) {
      var box = el('div', {}, grid);
      el('h3', {}, box, u === '%' ? 'CPU (%)' : 'heap used (MB)');
      var xs = [];
      units[u].forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); }); });
      lineChart(box, 'jvm', {
        xMin: Math.min.apply(null, xs), xMax: Math.max.apply(null, xs), yFormat: num,
        series: units[u].map(function (s, i) { return { name: s.name, color: SERIES[i % SERIES.length], points: s.points }; })
      });
    });
  }

  function run(name, fn) {
    try {
      fn();
    } catch (e) {
      window.__reportErrors.push(name + ': ' + (e && e.stack ? e.stack : e));
      el('p', { 'class': 'error-box' }, main, 'The ' + name + ' section could not be drawn: ' + e);
    }
  }

  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
    run('summary', summary);
    run('findings', findings);
    run('latency', latency);
    run('tokens', tokens);
    run('tools', tools);
    run('flame graphs', flameGraphs);
    run('waterfalls', waterfalls);
    run('jvm', jvm);
  } catch (e) {
    window.__reportErrors.push('report: ' + (e && e.stack ? e.stack : e));
  }
  // Read by the browser test (and by anyone who wonders what was drawn): elements per section, errors seen.
  document.getElementById('selftest').textContent = JSON.stringify({ drawn: drawn, errors: window.__reportErrors });
})();
