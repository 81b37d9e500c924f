// Two result views for YASGUI's result panel (YASR plugins), registered before the page makes its
// editor: "Timeline" for SELECT results with dates (a year axis with one dot per row, then the rows
// in date order) and "Graph" for CONSTRUCT and DESCRIBE results (a small force layout drawn as SVG,
// every resource a link). Both build DOM nodes and set classes only: no inline style, no innerHTML.
(function () {
  'use strict';
  var Yasgui = window.Yasgui;
  if (typeof Yasgui !== 'function' || !Yasgui.Yasr) return;
  var SVG = 'http://www.w3.org/2000/svg';
  var host = document.getElementById('yasgui');
  var config = host ? JSON.parse(host.getAttribute('data-config') || '{}') : {};
  var XSD = 'http://www.w3.org/2001/XMLSchema#';
  var DATE_TYPES = [XSD + 'date', XSD + 'dateTime', XSD + 'gYear', XSD + 'gYearMonth', XSD + 'dateTimeStamp'];
  var ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  function el(name, attrs, text) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svgEl(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function icon(path) {
    var s = svgEl('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', width: 16, height: 16 });
    s.appendChild(svgEl('path', { d: path, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round' }));
    return s;
  }

  /** This server's page for an IRI it answers for; other IRIs link out. */
  function href(iri) {
    var local = (config.localPaths || []).find(function (p) { return iri.indexOf(p[0]) === 0 && iri.length > p[0].length; });
    return local ? local[1] + iri.slice(local[0].length) : iri;
  }
  function curie(iri, prefixes) {
    var best = '';
    Object.keys(prefixes || {}).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && ns.length > (prefixes[best] || '').length && /^[\w-]*$/.test(iri.slice(ns.length))) best = p;
    });
    return best ? best + ':' + iri.slice(prefixes[best].length) : iri;
  }
  function isDate(term) {
    if (!term || (term.type !== 'literal' && term.type !== 'typed-literal')) return false;
    if (term.datatype) return DATE_TYPES.indexOf(term.datatype) >= 0 && ISO.test(term.value);
    return false;
  }
  /** "2022-04-20" → "20 April 2022"; "2022" stays. */
  function formatDate(value) {
    var m = ISO.exec(value);
    if (!m) return value;
    if (!m[2]) return m[1];
    if (!m[3]) return MONTHS[Number(m[2]) - 1] + ' ' + m[1];
    return Number(m[3]) + ' ' + MONTHS[Number(m[2]) - 1] + ' ' + m[1];
  }

  // ---- Timeline ----------------------------------------------------------------------------
  function Timeline(yasr) {
    this.yasr = yasr;
    this.label = 'Timeline';
    this.priority = 5;
  }
  Timeline.prototype.dateVariables = function () {
    var results = this.yasr.results;
    if (!results || results.getError() || results.getType() === 'ttl') return [];
    var vars = results.getVariables() || [];
    var rows = results.getBindings() || [];
    return vars.filter(function (v) { return rows.some(function (row) { return isDate(row[v]); }); });
  };
  Timeline.prototype.canHandleResults = function () {
    return this.dateVariables().length > 0;
  };
  Timeline.prototype.getIcon = function () {
    return icon('M3 12h18M7 8v8M12 6v12M17 9v6');
  };
  Timeline.prototype.draw = function () {
    var results = this.yasr.results;
    var prefixes = this.yasr.getPrefixes();
    var dateVars = this.dateVariables();
    var when = dateVars[0];
    var until = dateVars.find(function (v) { return /end|until|to$/i.test(v) && v !== when; });
    var vars = (results.getVariables() || []).filter(function (v) { return v !== when && v !== until; });
    var rows = (results.getBindings() || []).filter(function (row) { return isDate(row[when]); });
    var undated = (results.getBindings() || []).length - rows.length;
    rows.sort(function (a, b) { return a[when].value < b[when].value ? -1 : a[when].value > b[when].value ? 1 : 0; });
    var wrap = el('div', { class: 'q-timeline' });
    wrap.appendChild(axis(rows, when));
    var list = el('ol', { class: 'timeline' });
    rows.forEach(function (row) {
      var li = el('li');
      var span = el('span', { class: 'when' });
      var time = el('time', { datetime: row[when].value }, formatDate(row[when].value));
      span.appendChild(time);
      if (until && row[until] && row[until].value !== row[when].value) span.appendChild(document.createTextNode(' – ' + formatDate(row[until].value)));
      li.appendChild(span);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(rowSummary(row, vars, prefixes));
      list.appendChild(li);
    });
    wrap.appendChild(list);
    var note = rows.length + ' of ' + (rows.length + undated) + ' rows by ?' + when + (until ? ' (to ?' + until + ')' : '') + '.';
    if (undated > 0) note += ' ' + undated + ' without a date are in the table.';
    wrap.appendChild(el('p', { class: 'message' }, note));
    this.yasr.resultsEl.appendChild(wrap);
  };
  Timeline.prototype.download = function () {
    return undefined;
  };

  /** The row's other values: the first IRI as a link named by the first plain text value, the rest after it. */
  function rowSummary(row, vars, prefixes) {
    var span = el('span', { class: 'what' });
    var iriVar = vars.find(function (v) { return row[v] && row[v].type === 'uri'; });
    var textVar = vars.find(function (v) { return row[v] && row[v].type !== 'uri' && row[v].type !== 'bnode' && !isDate(row[v]); });
    if (iriVar) {
      span.appendChild(el('a', { href: href(row[iriVar].value) }, textVar ? row[textVar].value : curie(row[iriVar].value, prefixes)));
    } else if (textVar) {
      span.appendChild(document.createTextNode(row[textVar].value));
    }
    var rest = vars.filter(function (v) { return v !== iriVar && v !== textVar && row[v]; }).map(function (v) {
      return v + ': ' + (row[v].type === 'uri' ? curie(row[v].value, prefixes) : row[v].value);
    });
    if (rest.length > 0) span.appendChild(el('span', { class: 'note' }, ' (' + rest.join('; ') + ')'));
    return span;
  }

  /** Milliseconds since 1970 of an ISO date (a year or a month counts from its start), NaN if none. */
  function timeOf(value) {
    var m = ISO.exec(value);
    return m ? Date.UTC(Number(m[1]), Number(m[2] || 1) - 1, Number(m[3] || 1)) : NaN;
  }
  var DAY = 86400000;

  /** Ticks for the span: years over three years, months over two months, else days. */
  function ticks(from, to) {
    var out = [];
    var d = new Date(from);
    var span = to - from;
    var unit = span > 3 * 365 * DAY ? 'year' : span > 60 * DAY ? 'month' : 'day';
    var cursor = unit === 'year' ? Date.UTC(d.getUTCFullYear(), 0, 1) : unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    while (cursor <= to) {
      var c = new Date(cursor);
      if (cursor >= from) out.push({ t: cursor, label: unit === 'year' ? String(c.getUTCFullYear()) : unit === 'month' ? MONTHS[c.getUTCMonth()].slice(0, 3) + ' ' + c.getUTCFullYear() : c.getUTCDate() + ' ' + MONTHS[c.getUTCMonth()].slice(0, 3) });
      cursor = unit === 'year' ? Date.UTC(c.getUTCFullYear() + 1, 0, 1) : unit === 'month' ? Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + 1, 1) : cursor + DAY;
    }
    var every = Math.max(1, Math.ceil(out.length / 10));
    return out.filter(function (_t, i) { return i % every === 0; });
  }

  /** A time axis with one dot per dated row (dots on the same day stack up). */
  function axis(rows, when) {
    var times = rows.map(function (r) { return timeOf(r[when].value); }).filter(function (t) { return !isNaN(t); });
    var W = 720, H = 70, PAD = 40;
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times);
    var margin = Math.max((hi - lo) * 0.05, 2 * DAY);
    var from = lo - margin, to = hi + margin;
    var x = function (t) { return PAD + ((t - from) / (to - from)) * (W - 2 * PAD); };
    var label = rows.length + ' dated results from ' + formatDate(new Date(lo).toISOString().slice(0, 10)) + ' to ' + formatDate(new Date(hi).toISOString().slice(0, 10));
    var svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'q-axis', role: 'img', 'aria-label': label });
    svg.appendChild(svgEl('title', {}, label));
    svg.appendChild(svgEl('line', { x1: PAD, y1: 46, x2: W - PAD, y2: 46, class: 'axis' }));
    ticks(from, to).forEach(function (tick) {
      svg.appendChild(svgEl('line', { x1: x(tick.t), y1: 42, x2: x(tick.t), y2: 50, class: 'tick' }));
      svg.appendChild(svgEl('text', { x: x(tick.t), y: 66, 'text-anchor': 'middle' }, tick.label));
    });
    var stacked = {};
    times.forEach(function (t) {
      var key = Math.round(x(t));
      stacked[key] = (stacked[key] || 0) + 1;
      if (stacked[key] <= 5) svg.appendChild(svgEl('circle', { cx: x(t), cy: 46 - 8 * stacked[key], r: 4, class: 'dot' }));
    });
    return svg;
  }

  // ---- Graph -------------------------------------------------------------------------------
  var MAX_NODES = 120;
  var LABEL_CHARS = 30;
  /** Rough advance of one character of a 12px label. */
  var CHAR = 6.6;
  var EDGE_LABELS_UP_TO = 40;

  function Graph(yasr) {
    this.yasr = yasr;
    this.label = 'Graph';
    this.priority = 4;
  }
  Graph.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    if (!r || r.getError() || r.getType() !== 'ttl') return false;
    try {
      return r.getStatements().length > 0;
    } catch (e) {
      return false;
    }
  };
  Graph.prototype.getIcon = function () {
    return icon('M6 6l12 4M6 6l4 12M18 10l-8 8M6 6m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0');
  };
  Graph.prototype.download = function () {
    return undefined;
  };
  Graph.prototype.draw = function () {
    var model = graphModel(this.yasr.results.getStatements(), this.yasr.getPrefixes());
    this.yasr.resultsEl.appendChild(drawGraph(model));
  };

  function termId(t) {
    return (t.termType === 'BlankNode' ? '_:' : '') + t.value;
  }

  /** Resources (IRIs and blank nodes) as nodes, links between them as edges; labels and types from the statements. */
  function graphModel(quads, prefixes) {
    var nodes = {};
    var order = [];
    var edges = [];
    var labelPreds = config.labelPredicates || [];
    function node(t) {
      var id = termId(t);
      if (!nodes[id]) {
        nodes[id] = { id: id, iri: t.termType === 'NamedNode' ? t.value : null, label: null, labelRank: 99, types: [], degree: 0 };
        order.push(id);
      }
      return nodes[id];
    }
    quads.forEach(function (q) {
      var s = node(q.subject);
      if (q.object.termType === 'Literal') {
        var rank = labelPreds.indexOf(q.predicate.value);
        if (rank >= 0 && rank < s.labelRank) { s.label = q.object.value; s.labelRank = rank; }
        return;
      }
      if (q.predicate.value === config.typePredicate) {
        s.types.push(q.object.value);
        return;
      }
      var o = node(q.object);
      edges.push({ from: s.id, to: o.id, label: curie(q.predicate.value, prefixes) });
      s.degree++;
      o.degree++;
    });
    order.forEach(function (id) {
      var n = nodes[id];
      if (!n.label) n.label = n.iri ? curie(n.iri, prefixes) : 'anonymous';
      var kinds = config.kinds || {};
      var typed = n.types.find(function (t) { return kinds[t]; });
      n.kind = typed ? kinds[typed] : 'other';
    });
    // Keep the best-connected resources when there are too many to draw.
    var kept = order.slice().sort(function (a, b) { return nodes[b].degree - nodes[a].degree; }).slice(0, MAX_NODES);
    var keep = {};
    kept.forEach(function (id) { keep[id] = true; });
    return {
      nodes: order.filter(function (id) { return keep[id]; }).map(function (id) { return nodes[id]; }),
      edges: edges.filter(function (e) { return keep[e.from] && keep[e.to] && e.from !== e.to; }),
      total: order.length,
      statements: quads.length,
    };
  }

  /** Fruchterman–Reingold from positions on a circle: deterministic for the same statements. */
  function layout(model, W, H) {
    var n = model.nodes.length;
    var index = {};
    model.nodes.forEach(function (node, i) {
      index[node.id] = i;
      var a = (2 * Math.PI * i) / Math.max(n, 1);
      node.x = W / 2 + (W / 3) * Math.cos(a);
      node.y = H / 2 + (H / 3) * Math.sin(a);
    });
    var k = Math.min(Math.sqrt((W * H) / Math.max(n, 1)) * 0.75, 130);
    var t = W / 8;
    for (var iter = 0; iter < 300; iter++) {
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ex = model.nodes[i].x - model.nodes[j].x, ey = model.nodes[i].y - model.nodes[j].y;
          var d2 = Math.max(ex * ex + ey * ey, 0.01), f = (k * k) / d2;
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      model.edges.forEach(function (e) {
        var a = index[e.from], b = index[e.to];
        var ex = model.nodes[a].x - model.nodes[b].x, ey = model.nodes[a].y - model.nodes[b].y;
        var d = Math.max(Math.sqrt(ex * ex + ey * ey), 0.01), f = d / k;
        dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
      });
      for (var m = 0; m < n; m++) {
        var node = model.nodes[m];
        dx[m] += (W / 2 - node.x) * 0.02; dy[m] += (H / 2 - node.y) * 0.02;
        var len = Math.max(Math.sqrt(dx[m] * dx[m] + dy[m] * dy[m]), 0.01);
        node.x += (dx[m] / len) * Math.min(len, t);
        node.y += (dy[m] / len) * Math.min(len, t);
      }
      t = Math.max(t * 0.985, 1);
    }
  }

  function truncate(text, max) {
    return text.length <= max ? text : text.slice(0, max - 1) + '…';
  }

  var graphCount = 0;
  function drawGraph(model) {
    var W = 900, H = 600;
    layout(model, W, H);
    // The picture's box: every circle and label inside, and not so small that the text looms large.
    var minX = Math.min.apply(null, model.nodes.map(function (n) { return n.x - 14; }));
    var maxX = Math.max.apply(null, model.nodes.map(function (n) { return n.x + 16 + CHAR * Math.min(n.label.length, LABEL_CHARS); }));
    var minY = Math.min.apply(null, model.nodes.map(function (n) { return n.y; })) - 24;
    var maxY = Math.max.apply(null, model.nodes.map(function (n) { return n.y; })) + 24;
    if (maxX - minX < 560) { var padX = (560 - (maxX - minX)) / 2; minX -= padX; maxX += padX; }
    if (maxY - minY < 280) { var padY = (280 - (maxY - minY)) / 2; minY -= padY; maxY += padY; }
    var id = 'qg' + (++graphCount);
    var title = 'Graph of the result: ' + model.total + ' resources and ' + model.statements + ' statements' + (model.total > model.nodes.length ? ', the ' + model.nodes.length + ' best connected drawn' : '');
    var figure = el('figure', { class: 'q-graph' });
    var svg = svgEl('svg', { viewBox: [minX, minY, maxX - minX, maxY - minY].map(Math.round).join(' '), class: 'graph', role: 'group', 'aria-labelledby': id + '-title', 'data-count': model.nodes.length });
    svg.appendChild(svgEl('title', { id: id + '-title' }, title));
    var defs = svgEl('defs');
    var marker = svgEl('marker', { id: id + '-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
    marker.appendChild(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    var byId = {};
    model.nodes.forEach(function (n) { byId[n.id] = n; });
    var edgeGroup = svgEl('g', { class: 'edges' });
    model.edges.forEach(function (e) {
      var a = byId[e.from], b = byId[e.to];
      var ex = b.x - a.x, ey = b.y - a.y, d = Math.max(Math.sqrt(ex * ex + ey * ey), 1);
      var g = svgEl('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to });
      g.appendChild(svgEl('title', {}, a.label + ' — ' + e.label + ' → ' + b.label));
      g.appendChild(svgEl('line', { x1: a.x + (ex / d) * 9, y1: a.y + (ey / d) * 9, x2: b.x - (ex / d) * 11, y2: b.y - (ey / d) * 11, 'marker-end': 'url(#' + id + '-arrow)' }));
      if (model.edges.length <= EDGE_LABELS_UP_TO) g.appendChild(svgEl('text', { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, 'text-anchor': 'middle' }, truncate(e.label, 24)));
      edgeGroup.appendChild(g);
    });
    svg.appendChild(edgeGroup);
    var nodeGroup = svgEl('g', { class: 'nodes' });
    var kinds = {};
    model.nodes.forEach(function (n) {
      kinds[n.kind] = true;
      var a = n.iri ? svgEl('a', { href: href(n.iri), class: 'node kind-' + n.kind, 'data-node': n.id }) : svgEl('g', { class: 'node kind-' + n.kind, 'data-node': n.id });
      a.appendChild(svgEl('title', {}, n.label + (n.iri ? ' <' + n.iri + '>' : '')));
      a.appendChild(svgEl('circle', { cx: n.x, cy: n.y, r: 8 }));
      a.appendChild(svgEl('text', { x: n.x + 11, y: n.y + 4 }, truncate(n.label, LABEL_CHARS)));
      nodeGroup.appendChild(a);
    });
    svg.appendChild(nodeGroup);
    highlightOnFocus(svg);
    figure.appendChild(svg);
    var caption = el('figcaption', {}, title + '. Arrows point from subject to object; each resource links to its page. Literal values other than names are in the table view. ');
    var legend = el('span', { class: 'legend' });
    Object.keys(kinds).sort().forEach(function (k) { legend.appendChild(el('span', { class: 'key kind-' + k }, k)); legend.appendChild(document.createTextNode(' ')); });
    caption.appendChild(legend);
    figure.appendChild(caption);
    return figure;
  }

  /** Pointing at or focusing a resource highlights its links, as on the entity pages. */
  function highlightOnFocus(svg) {
    function highlight(nodeId) {
      svg.classList.toggle('dim', nodeId !== null);
      svg.querySelectorAll('.edge').forEach(function (edge) {
        edge.classList.toggle('hl', nodeId !== null && (edge.getAttribute('data-from') === nodeId || edge.getAttribute('data-to') === nodeId));
      });
    }
    svg.querySelectorAll('.node').forEach(function (node) {
      var nodeId = node.getAttribute('data-node');
      node.addEventListener('mouseenter', function () { highlight(nodeId); });
      node.addEventListener('focus', function () { highlight(nodeId); });
      node.addEventListener('mouseleave', function () { highlight(null); });
      node.addEventListener('blur', function () { highlight(null); });
    });
  }

  Yasgui.Yasr.registerPlugin('timeline', Timeline);
  Yasgui.Yasr.registerPlugin('graph', Graph);
})();
