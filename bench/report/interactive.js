// Interactive figures of optbench's report.html: built in section#interactive
// from the JSON of script#optbench-data (bench/report/interactive.go writes
// it). Without script, or when the data cannot be read, the static figures
// of section#figures stay. No library, no network, no eval: the page must
// work opened from disk years later.
(function () {
  'use strict';

  const SVGNS = 'http://www.w3.org/2000/svg';
  // The static figures' colours (bench/figure/style.go), by config index;
  // each dozen of configs after the first reuses them with another dash
  // pattern (DASHES), so that 48 stay distinct.
  const COLORS = ['#1f4e9a', '#b2182b', '#0f5c2c', '#762a83', '#d95f02', '#35978f',
    '#d6609e', '#a6761d', '#92c5de', '#f1c232', '#a6dba0', '#c2a5cf'];
  // Stroke dash patterns by floor(c / 12): solid, dashed, dotted, dash-dot.
  const DASHES = ['', '6 3', '1.5 2.5', '7 3 1.5 3'];
  // Names longer than these are cut in the middle where space is short
  // (legend, strip chart labels); the full name is in a tooltip.
  const LEGEND_CHARS = 48;
  const LABEL_CHARS = 24;
  // The strip chart labels at most this many configs, every k-th beyond.
  const MAX_STRIP_LABELS = 20;
  const VIEW_W = 800;
  const VIEW_H = 420;
  const MARGIN = { left: 74, right: 18, top: 14, bottom: 50 };
  const GRID_POINTS = 80;
  const MAX_LOG_LABELS = 12;

  // ---- numbers -----------------------------------------------------------

  function isNum(v) { return typeof v === 'number' && Number.isFinite(v); }

  // q-quantile of the first n entries of sorted s, interpolating linearly
  // between order statistics (numpy's default).
  function quantileSorted(s, n, q) {
    const h = (n - 1) * q;
    const i = Math.floor(h);
    return i + 1 < n ? s[i] + (h - i) * (s[i + 1] - s[i]) : s[i];
  }

  // fmt4 is v to 4 significant digits, without trailing zeros: 1.2e-9, 12350.
  function fmt4(v) { return isNum(v) ? String(Number(v.toPrecision(4))) : String(v); }

  // tickLabel writes a tick people read: 100, 0.01, 1e-8, 2.5e+7 as 2.5e7,
  // never 0.30000000000000004.
  function tickLabel(v) {
    if (v === 0) return '0';
    const a = Math.abs(v);
    if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(12)));
    let e = Math.floor(Math.log10(a));
    let m = Number((v / Math.pow(10, e)).toPrecision(6));
    if (Math.abs(m) >= 10) { m /= 10; e++; }
    return String(m) + 'e' + e;
  }

  // shorten cuts name to at most n characters in the middle, with an
  // ellipsis, keeping more of the end: configurations of one method
  // differ in their last parameters and their gradient mode.
  function shorten(name, n) {
    const chars = Array.from(name); // whole code points
    if (chars.length <= n) return name;
    const head = Math.floor((n - 1) * 0.4);
    const tail = n - 1 - head;
    return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('');
  }

  // decimal is m * 10^e correctly rounded (3e-1 is 0.3, not 0.30000000000000004).
  function decimal(m, e) { return Number(m + 'e' + e); }

  // logTicks are ticks at 1..9 times the powers of ten in [lo, hi], the
  // powers labelled; a range of less than a decade or two labels 2 and 5
  // times them too, then every tick, then its ends (as bench/figure's).
  function logTicks(lo, hi) {
    const first = Math.floor(Math.log10(lo));
    const last = Math.ceil(Math.log10(hi));
    if (!Number.isFinite(first) || !Number.isFinite(last)) return []; // padded keeps them finite
    let step = 1;
    let minors = 9;
    if (last - first > MAX_LOG_LABELS) {
      step = Math.ceil((last - first) / MAX_LOG_LABELS);
      minors = 1;
    }
    const marks = [];
    for (let e = first; e <= last; e++) {
      for (let m = 1; m <= minors; m++) {
        if (m === 1 && e % step !== 0) continue;
        const v = decimal(m, e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) marks.push({ v: v, m: m, label: false });
      }
    }
    const label = (pick) => {
      for (const k of marks) if (pick(k)) k.label = true;
      return marks.filter((k) => k.label).length;
    };
    if (label((k) => k.m === 1) < 2 && label((k) => k.m === 2 || k.m === 5) < 2 && label(() => true) < 2) {
      marks.unshift({ v: lo, m: 0, label: true });
      marks.push({ v: hi, m: 0, label: true });
    }
    return marks;
  }

  // linearTicks are about 6 ticks at 1, 2 or 5 times a power of ten.
  function linearTicks(lo, hi) {
    const raw = (hi - lo) / 6;
    if (!(raw > 0) || !Number.isFinite(raw)) return [];
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * p).find((s) => s >= raw) || raw;
    const out = [];
    // At most a dozen: far from 0, i * step may round to the same tick.
    for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9 && out.length < 12; i++) {
      out.push({ v: Number((i * step).toPrecision(12)), label: true });
    }
    return out;
  }

  // Extent gathers the range of the values drawn on an axis; on a log axis
  // only positive ones count.
  class Extent {
    constructor(log) { this.log = log; this.lo = Infinity; this.hi = -Infinity; }
    add(v) {
      if (!isNum(v) || (this.log && v <= 0)) return;
      if (v < this.lo) this.lo = v;
      if (v > this.hi) this.hi = v;
    }
    get empty() { return !(this.lo <= this.hi); }
    // padded is the range widened by 3 % on each side, so that no point
    // sits on the frame; a single value gets a range around it.
    // The range stays finite: a run that diverged to 1e307 would make
    // hi * pad, or hi - lo, infinite.
    padded() {
      let lo = this.lo;
      let hi = this.hi;
      if (this.empty) return this.log ? [1, 10] : [0, 1];
      if (this.log) {
        let l = Math.log10(lo);
        let h = Math.log10(hi);
        if (h - l < 4.3e-5) { l -= Math.LOG10E * Math.LN2; h += Math.LOG10E * Math.LN2; } // less than 1.0001 apart: halve and double
        const pad = 0.03 * (h - l);
        return [Math.pow(10, Math.max(l - pad, -320)), Math.pow(10, Math.min(h + pad, 308))];
      }
      lo = Math.max(lo, -1e307);
      hi = Math.min(hi, 1e307);
      if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
        const d = Math.abs(hi) * 0.1 || 1;
        lo -= d; hi += d;
      }
      const pad = (hi - lo) * 0.03;
      return [lo - pad, hi + pad];
    }
  }

  // scale maps [lo, hi] onto the screen interval [a, b], linear or log.
  function scale(lo, hi, log, a, b) {
    const t = log ? Math.log10 : (v) => v;
    const t0 = t(lo);
    const k = (b - a) / (t(hi) - t0);
    return {
      lo: lo, hi: hi, log: log,
      // attr is the mapping as the svg's data-x / data-y say it, for tests
      // to read drawn coordinates back: "log LO HI P0 P1".
      attr: (log ? 'log ' : 'linear ') + [lo, hi, a, b].map(String).join(' '),
      map: (v) => a + (t(v) - t0) * k,
      // mapAll maps values into out (NaN stays NaN; on a log axis so do
      // v <= 0): map's loop inlined, for the thousands of points of a redraw.
      mapAll: (vs, out) => {
        for (let i = 0; i < vs.length; i++) {
          const v = vs[i];
          out[i] = log ? (v > 0 ? a + (Math.log10(v) - t0) * k : NaN) : a + (v - t0) * k;
        }
        return out;
      },
      invert: (p) => { const u = t0 + (p - a) / k; return log ? Math.pow(10, u) : u; },
      ticks: () => (log ? logTicks(lo, hi) : linearTicks(lo, hi)),
    };
  }

  // ---- SVG ---------------------------------------------------------------

  function el(name, attrs, parent, text) {
    const e = document.createElement(name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function svgEl(name, attrs, parent, text) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function colorOf(c) { return COLORS[c % COLORS.length]; }
  function dashOf(c) { return DASHES[Math.floor(c / COLORS.length) % DASHES.length]; }

  // swatch is a short line in config c's colour and dash, for the legend
  // and the tip.
  function swatch(c, parent) {
    const s = svgEl('svg', { class: 'swatch', viewBox: '0 0 24 6', width: 24, height: 6, 'aria-hidden': 'true' }, parent);
    const line = svgEl('path', { d: 'M1,3H23', stroke: colorOf(c) }, s);
    if (dashOf(c)) line.setAttribute('stroke-dasharray', dashOf(c));
    return s;
  }

  // c1 is a screen coordinate to 0.1: as toFixed(1), twice as fast, which
  // counts with 64,000 points of every start.
  function c1(v) {
    const i = Math.round(v * 10);
    return i >= 0 ? ((i / 10) | 0) + '.' + (i % 10) : v.toFixed(1);
  }

  // polyline is the path data through the screen points (px[i], py[i]),
  // broken where a coordinate is NaN.
  function polyline(px, py) {
    let d = '';
    let pen = false;
    for (let i = 0; i < px.length; i++) {
      const x = px[i];
      const y = py[i];
      if (Number.isNaN(x) || Number.isNaN(y)) { pen = false; continue; }
      d += (pen ? 'L' : 'M') + c1(x) + ',' + c1(y);
      pen = true;
    }
    return d;
  }

  const PLOT = { x0: MARGIN.left, x1: VIEW_W - MARGIN.right, y0: VIEW_H - MARGIN.bottom, y1: MARGIN.top };

  // frame clears svg and draws its grid, ticks, labels and axis titles;
  // it returns the group the data goes in, clipped to the plot area.
  // xs is null for a categorical x axis (cats: names at screen positions).
  function frame(svg, xs, ys, xTitle, yTitle, cats) {
    svg.replaceChildren();
    svg.setAttribute('viewBox', '0 0 ' + VIEW_W + ' ' + VIEW_H);
    svg.setAttribute('data-y', ys.attr);
    if (xs) svg.setAttribute('data-x', xs.attr); else svg.removeAttribute('data-x');
    const id = svg.id + '-clip';
    const clip = svgEl('clipPath', { id: id }, svgEl('defs', {}, svg));
    svgEl('rect', { x: PLOT.x0, y: PLOT.y1, width: PLOT.x1 - PLOT.x0, height: PLOT.y0 - PLOT.y1 }, clip);
    const grid = svgEl('g', { class: 'grid' }, svg);
    const axes = svgEl('g', { class: 'axis' }, svg);
    let gd = '';
    let td = '';
    for (const t of ys.ticks()) {
      const y = ys.map(t.v).toFixed(1);
      if (t.label) {
        gd += 'M' + PLOT.x0 + ',' + y + 'H' + PLOT.x1;
        svgEl('text', { x: PLOT.x0 - 6, y: y, class: 'tick-y' }, axes, tickLabel(t.v));
      }
      td += 'M' + PLOT.x0 + ',' + y + 'h' + (t.label ? -5 : -3);
    }
    if (xs) {
      for (const t of xs.ticks()) {
        const x = xs.map(t.v).toFixed(1);
        if (t.label) {
          gd += 'M' + x + ',' + PLOT.y0 + 'V' + PLOT.y1;
          svgEl('text', { x: x, y: PLOT.y0 + 16, class: 'tick-x' }, axes, tickLabel(t.v));
        }
        td += 'M' + x + ',' + PLOT.y0 + 'v' + (t.label ? 5 : 3);
      }
    } else {
      categories(svg, axes, cats);
      for (const cat of cats) td += 'M' + cat.x.toFixed(1) + ',' + PLOT.y0 + 'v5';
    }
    svgEl('path', { d: gd }, grid);
    svgEl('path', { d: td + 'M' + PLOT.x0 + ',' + PLOT.y1 + 'V' + PLOT.y0 + 'H' + PLOT.x1 }, axes);
    if (xTitle) svgEl('text', { x: (PLOT.x0 + PLOT.x1) / 2, y: VIEW_H - 8, class: 'title-x' }, axes, xTitle);
    const ty = (PLOT.y0 + PLOT.y1) / 2;
    svgEl('text', { x: 16, y: ty, class: 'title-y', transform: 'rotate(-90 16 ' + ty + ')' }, axes, yTitle);
    return svgEl('g', { 'clip-path': 'url(#' + id + ')' }, svg);
  }

  // categories writes the strip chart's config names under its x axis:
  // shortened, slanted when they would overlap (the figure then grows
  // down, and left, by what they need, so that none is clipped), and
  // every k-th only when there are too many to read.
  function categories(svg, axes, cats) {
    const every = Math.ceil(cats.length / MAX_STRIP_LABELS);
    const labelled = cats.filter((_, i) => i % every === 0);
    const names = labelled.map((cat) => shorten(cat.name, LABEL_CHARS));
    // Text is not laid out yet (the section may still be hidden), so its
    // width is estimated: 12 px text averages under 7 px a character.
    const width = Math.max(0, ...names.map((n) => Array.from(n).length * 7));
    const gap = cats.length > 1 ? (cats[1].x - cats[0].x) * every : PLOT.x1 - PLOT.x0;
    const slant = width > gap * 0.9;
    const angle = 50;
    const sin = Math.sin(angle * Math.PI / 180);
    const cos = Math.cos(angle * Math.PI / 180);
    const y = PLOT.y0 + (slant ? 12 : 16);
    labelled.forEach((cat, i) => {
      const x = cat.x.toFixed(1);
      const t = svgEl('text', { x: x, y: y, class: slant ? 'tick-x slant' : 'tick-x' }, axes, names[i]);
      if (slant) t.setAttribute('transform', 'rotate(-' + angle + ' ' + x + ' ' + y + ')');
      svgEl('title', {}, t, cat.name);
    });
    if (!slant) return;
    const bottom = Math.max(0, Math.ceil(y + width * sin + 12 * cos + 6 - VIEW_H));
    const first = labelled.length ? labelled[0].x : PLOT.x0;
    const left = Math.max(0, Math.ceil(width * cos + 6 - first));
    svg.setAttribute('viewBox', -left + ' 0 ' + (VIEW_W + left) + ' ' + (VIEW_H + bottom));
  }

  function logMessage(axis) {
    return 'No positive values to draw on a log scale: choose the linear ' + axis + ' scale.';
  }

  function emptyFigure(svg, message) {
    svg.replaceChildren();
    svg.setAttribute('viewBox', '0 0 ' + VIEW_W + ' ' + VIEW_H);
    svg.removeAttribute('data-x');
    svg.removeAttribute('data-y');
    svgEl('text', { x: VIEW_W / 2, y: VIEW_H / 2, class: 'ix-empty' }, svg, message);
  }

  function styledPath(parent, cls, c, d, extra) {
    const p = svgEl('path', Object.assign({ class: cls, 'data-config': c, d: d }, extra), parent);
    if (cls === 'band') {
      p.setAttribute('fill', colorOf(c));
    } else {
      p.setAttribute('stroke', colorOf(c));
      if (dashOf(c)) p.setAttribute('stroke-dasharray', dashOf(c));
    }
    return p;
  }

  // ---- hover -------------------------------------------------------------

  // Points is what a figure's tip can name: series of points drawn, each
  // its screen positions X, Y (NaN: not drawn) and info(i), what the tip
  // says of its point i, made only for the point the tip shows.
  class Points {
    constructor() { this.series = []; }
    add(X, Y, info) { this.series.push({ X: X, Y: Y, info: info }); }
    nearest(px, py) {
      let best = null;
      let bestI = -1;
      let dist = Infinity;
      for (const s of this.series) {
        for (let i = 0; i < s.X.length; i++) {
          const dx = s.X[i] - px;
          const dy = s.Y[i] - py;
          const d = dx * dx + dy * dy; // NaN when not drawn: never less
          if (d < dist) { dist = d; best = s; bestI = i; }
        }
      }
      if (!best) return null;
      return Object.assign(best.info(bestI), { px: best.X[bestI], py: best.Y[bestI] });
    }
  }

  // ---- the page ----------------------------------------------------------

  function build(section, data) {
    const root = document.documentElement;
    const problems = data.problems || [];
    const configs = data.configs || [];
    const measures = (data.measures || []).filter((m) => m && m.key);
    const axes = (data.axes || []).filter((a) => a && a.key);
    const runs = data.runs || [];
    const ecdfs = (data.ecdfs || []).filter((s) => s && s.x && s.x.length);
    const profiles = (data.profiles || []).filter((s) => s && s.x && s.x.length);
    const measureOf = (key) => measures.find((m) => m.key === key);
    const axisOf = (key) => axes.find((a) => a.key === key);
    const off = new Set(); // configs the legend hides
    const everyHidden = 'Every configuration is hidden: click one in the legend to show it.';
    const shown = (c) => !off.has(c);

    section.replaceChildren();
    el('h2', {}, section, 'Figures');
    for (const note of data.notes || []) el('p', { class: 'ix-note' }, section, note);

    // Controls.
    const controls = el('div', { class: 'ix-controls' }, section);
    function select(parent, id, label, options, value) {
      const wrap = el('span', { class: 'ix-control' }, parent);
      el('label', { for: id }, wrap, label);
      const s = el('select', { id: id }, wrap);
      for (const o of options) el('option', { value: o[0] }, s, o[1]);
      if (options.some((o) => o[0] === value)) s.value = value;
      return s;
    }
    const problemOpts = problems.map((p, i) => [String(i), p.name]);
    if (problems.length > 1) problemOpts.unshift(['*', 'all problems']);
    const selProblem = select(controls, 'ix-problem', 'problem', problemOpts, problems.length > 1 ? '*' : '0');
    const selMeasure = select(controls, 'ix-measure', 'measure', measures.map((m) => [m.key, m.name]),
      measureOf('gap') ? 'gap' : (measures[0] || {}).key);
    const selAxis = select(controls, 'ix-axis', 'x axis', axes.map((a) => [a.key, a.name]),
      axisOf('evals') ? 'evals' : (axes[0] || {}).key);
    const scales = [['log', 'log'], ['linear', 'linear']];
    const selX = select(controls, 'ix-xscale', 'x scale', scales, 'log');
    const selY = select(controls, 'ix-yscale', 'y scale', scales, 'log');
    const selView = select(controls, 'ix-view', 'show', [['median', 'median, 20-80 % band'], ['all', 'every start']], 'median');

    // The shared legend.
    const legend = el('div', { id: 'ix-legend', role: 'group',
      'aria-label': 'configurations: click to hide or show, double-click (or Alt+click) to show only one' }, section);
    // Many configurations: the legend scrolls rather than push the figures down.
    if (configs.length > 16) legend.classList.add('many');
    const bar = el('div', { class: 'ix-legend-bar' }, legend);
    el('button', { type: 'button', id: 'ix-show-all', class: 'ix-legend-all' }, bar, 'show all');
    el('button', { type: 'button', id: 'ix-hide-all', class: 'ix-legend-all' }, bar, 'hide all');
    const items = configs.map((cfg, c) => {
      const full = String(cfg.name);
      const b = el('button', { type: 'button', class: 'legend-item', 'data-config': c, 'aria-pressed': 'true', title: full, 'aria-label': full }, legend);
      swatch(c, b);
      el('span', { class: 'name' }, b, shorten(full, LEGEND_CHARS));
      return b;
    });

    const tip = el('div', { id: 'ix-tip', hidden: '', role: 'tooltip' }, section);

    function figure(id, caption) {
      const f = el('figure', { class: 'ix-figure' }, section);
      const cap = el('figcaption', {}, f, caption);
      const ctl = el('div', { class: 'ix-controls' }, f);
      const svg = svgEl('svg', { id: id, viewBox: '0 0 ' + VIEW_W + ' ' + VIEW_H, role: 'img', 'aria-label': caption }, f);
      const fig = { fig: f, cap: cap, ctl: ctl, svg: svg };
      // caption sets what the figure shows, for readers and screen readers.
      fig.caption = (text) => {
        cap.textContent = text;
        svg.setAttribute('aria-label', text);
      };
      return fig;
    }

    // ---- the curves figure ----

    const curves = figure('ix-curves', '');
    curves.ctl.remove(); // its controls are the page's, above the legend
    let curvePoints = new Points();

    // Cached per run: its x values by axis, its values by measure.
    const xCache = new Map();
    const yCache = new Map();
    function traceX(k, axis) {
      const key = k + '\u0000' + axis;
      if (xCache.has(key)) return xCache.get(key);
      const r = runs[k];
      let out = null;
      const src = axis === 'evals_per_dim' ? r.trace.evals : r.trace[axis];
      if (Array.isArray(src)) {
        const dim = axis === 'evals_per_dim' ? (problems[r.p] || {}).dim : 1;
        out = new Float64Array(src.length);
        for (let i = 0; i < src.length; i++) out[i] = isNum(src[i]) && dim > 0 ? src[i] / dim : NaN;
      }
      xCache.set(key, out);
      return out;
    }
    function traceY(k, measure) {
      const key = k + '\u0000' + measure;
      if (yCache.has(key)) return yCache.get(key);
      const r = runs[k];
      let out = null;
      let src = r.trace[measure];
      let shift = 0;
      if (!Array.isArray(src) && measure === 'f') {
        src = r.trace.gap; // f is f* + the gap
        shift = (problems[r.p] || {}).fstar;
        if (!isNum(shift)) src = null;
      }
      if (Array.isArray(src)) {
        out = new Float64Array(src.length);
        for (let i = 0; i < src.length; i++) out[i] = isNum(src[i]) ? shift + src[i] : NaN;
      }
      yCache.set(key, out);
      return out;
    }

    // selectedRuns are the indices of the runs of the selected problem(s)
    // whose config is shown.
    function selectedRuns() {
      const p = selProblem.value === '*' ? -1 : Number(selProblem.value);
      const out = [];
      runs.forEach((r, k) => {
        if (r && (p < 0 || r.p === p) && shown(r.c)) out.push(k);
      });
      return out;
    }

    // whyEmpty says why the curves figure has nothing to draw: no trace at
    // all, or none positive on a log axis (a reader can change that).
    function whyEmpty(ks, axis, measure, xlog, ylog) {
      let any = false;
      let posY = false;
      let posX = false;
      let both = false;
      for (const k of ks) {
        if (!runs[k].trace) continue;
        const xs = traceX(k, axis);
        const ys = traceY(k, measure);
        if (!xs || !ys) continue;
        const floor = floorOf(k, measure, ylog);
        for (let i = 0; i < xs.length; i++) {
          const y = ys[i] < floor ? floor : ys[i];
          if (!isNum(xs[i]) || !isNum(y)) continue;
          any = true;
          if (y > 0) posY = true;
          if (xs[i] > 0) posX = true;
          if (y > 0 && xs[i] > 0) both = true;
        }
      }
      if (!any) return 'No trace of this measure is embedded for this selection.';
      if (ylog && !posY) return logMessage('y');
      if (xlog && !posX) return logMessage('x');
      if (xlog && ylog && !both) return 'No point has both values positive to draw on log scales: choose a linear scale.';
      return 'Nothing to draw on these scales for this selection: choose a linear scale or every start.';
    }

    // startName says which start run k is, and of which problem when the
    // figure shows every problem: "Beale, start 3".
    function startName(k) {
      const r = runs[k];
      const s = 'start ' + r.start;
      return selProblem.value === '*' ? ((problems[r.p] || {}).name || 'problem ' + r.p) + ', ' + s : s;
    }

    // valueName is the measure's name, with f called as one problem calls
    // it ("E(w,v) - f*"), as the static figures do.
    function valueName(m, problem) {
      const v = problem && problem.value;
      if (!v || v === 'f' || (m.key !== 'f' && m.key !== 'gap') || !/^f( |$)/.test(m.name)) return m.name;
      return v + m.name.slice(1);
    }

    // floorOf is the least value run k's curve is drawn at: on a log y
    // axis, the gap is drawn at its problem's floor when below it.
    function floorOf(k, measure, ylog) {
      const f = (problems[runs[k].p] || {}).floor;
      return measure === 'gap' && ylog && isNum(f) && f > 0 ? f : -Infinity;
    }

    // grid is GRID_POINTS values from lo to hi, log-spaced or linear.
    function grid(lo, hi, log) {
      if (!(hi > lo)) return [lo];
      const out = new Float64Array(GRID_POINTS);
      for (let i = 0; i < GRID_POINTS; i++) {
        const f = i / (GRID_POINTS - 1);
        out[i] = log ? lo * Math.pow(hi / lo, f) : lo + (hi - lo) * f;
      }
      out[GRID_POINTS - 1] = hi;
      return out;
    }

    // medianOf is a config's median and 20 % and 80 % quantiles on a grid
    // over its runs ks: each run's value at x is its value at its last point
    // at or before x (before its first point: none for time, else its first).
    const medianCache = new Map();
    function medianOf(ks, axis, measure, xlog, ylog) {
      // Cached: switching views, scales back, or the legend, finds it again.
      const key = [axis, measure, xlog, ylog, ks.join(',')].join('|');
      if (!medianCache.has(key)) medianCache.set(key, computeMedian(ks, axis, measure, xlog, ylog));
      return medianCache.get(key);
    }
    function computeMedian(ks, axis, measure, xlog, ylog) {
      let lo = Infinity;
      let hi = -Infinity;
      const series = [];
      for (const k of ks) {
        const xs = traceX(k, axis);
        const ys = traceY(k, measure);
        if (!xs || !ys || xs.length === 0) continue;
        series.push({ k: k, xs: xs, ys: ys });
        for (const x of xs) {
          if (x > 0 && x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
      if (series.length === 0 || !(lo <= hi)) return null;
      const gx = grid(lo, hi, xlog);
      const n = gx.length;
      const vals = series.map(() => new Float64Array(n));
      series.forEach((s, j) => {
        let i = -1;
        const row = vals[j];
        const floor = floorOf(s.k, measure, ylog); // per run: problems differ
        for (let g = 0; g < n; g++) {
          while (i + 1 < s.xs.length && s.xs[i + 1] <= gx[g]) i++;
          const v = i >= 0 ? s.ys[i] : axis === 'time' ? NaN : s.ys[0];
          row[g] = v < floor ? floor : v;
        }
      });
      const med = new Float64Array(n);
      const q20 = new Float64Array(n);
      const q80 = new Float64Array(n);
      const col = new Float64Array(series.length);
      for (let g = 0; g < n; g++) {
        let m = 0;
        for (let j = 0; j < series.length; j++) {
          const v = vals[j][g];
          if (!Number.isNaN(v)) col[m++] = v;
        }
        if (m === 0) { med[g] = q20[g] = q80[g] = NaN; continue; }
        const s = col.subarray(0, m).sort();
        med[g] = quantileSorted(s, m, 0.5);
        q20[g] = quantileSorted(s, m, 0.2);
        q80[g] = quantileSorted(s, m, 0.8);
      }
      return { x: gx, med: med, q20: q20, q80: q80, runs: series.length };
    }

    function drawCurves() {
      const m = measureOf(selMeasure.value);
      const svg = curves.svg;
      curvePoints = new Points();
      if (!m) { emptyFigure(svg, 'No measure to draw.'); return; }
      selAxis.disabled = !m.trace;
      selX.disabled = !m.trace;
      selView.disabled = !m.trace; // a metric has one value per start: no median curve to choose
      const ks = selectedRuns();
      if (!m.trace) { drawStrip(m, ks); return; }
      const axis = axisOf(selAxis.value) || { key: selAxis.value, name: selAxis.value };
      const xlog = selX.value === 'log';
      const ylog = selY.value === 'log';
      const ex = new Extent(xlog);
      const ey = new Extent(ylog);
      const median = selView.value === 'median';
      const allProblems = selProblem.value === '*';
      const drawn = []; // {c, k (a start; none for a median), xs, ys, band ([q20, q80] or null)}
      if (median) {
        const byConfig = new Map();
        for (const k of ks) {
          if (!runs[k].trace) continue;
          const c = runs[k].c;
          if (!byConfig.has(c)) byConfig.set(c, []);
          byConfig.get(c).push(k);
        }
        for (const [c, list] of [...byConfig].sort((a, b) => a[0] - b[0])) {
          const q = medianOf(list, axis.key, m.key, xlog, ylog);
          if (!q) continue;
          const med = q.med.slice();
          if (ylog) for (let i = 0; i < med.length; i++) if (!(med[i] > 0)) med[i] = NaN;
          const d = { c: c, xs: q.x, ys: med, band: q.runs > 1 ? [q.q20, q.q80] : null };
          for (let i = 0; i < d.xs.length; i++) {
            if (Number.isNaN(d.ys[i])) continue;
            ex.add(d.xs[i]);
            ey.add(d.ys[i]);
            if (d.band) { ey.add(d.band[0][i]); ey.add(d.band[1][i]); }
          }
          drawn.push(d);
        }
      } else {
        for (const k of ks) {
          if (!runs[k].trace) continue;
          const xs = traceX(k, axis.key);
          const raw = traceY(k, m.key);
          if (!xs || !raw) continue;
          const ys = new Float64Array(raw.length);
          const floor = floorOf(k, m.key, ylog);
          // Plain loops and local ranges: this runs over every point of every start.
          let xlo = Infinity;
          let xhi = -Infinity;
          let ylo = Infinity;
          let yhi = -Infinity;
          for (let i = 0; i < raw.length; i++) {
            const v = raw[i] < floor ? floor : raw[i];
            const x = xs[i];
            if ((ylog && !(v > 0)) || (xlog && !(x > 0)) || !isFinite(v) || !isFinite(x)) {
              ys[i] = NaN;
              continue;
            }
            ys[i] = v;
            if (x < xlo) xlo = x;
            if (x > xhi) xhi = x;
            if (v < ylo) ylo = v;
            if (v > yhi) yhi = v;
          }
          ex.add(xlo); ex.add(xhi); ey.add(ylo); ey.add(yhi);
          drawn.push({ c: runs[k].c, k: k, xs: xs, ys: ys });
        }
      }
      const scope = selProblem.value === '*' ? 'all problems' : (problems[Number(selProblem.value)] || {}).name;
      curves.caption(m.name + ' by ' + axis.name + ', ' + scope + ' (' +
        (median ? 'median over the starts, 20-80 % band' : 'every start') + ')');
      if (ex.empty || ey.empty) {
        emptyFigure(svg, off.size === configs.length ? everyHidden : whyEmpty(ks, axis.key, m.key, xlog, ylog));
        return;
      }
      const [xlo, xhi] = ex.padded();
      const [ylo, yhi] = ey.padded();
      const sx = scale(xlo, xhi, xlog, PLOT.x0, PLOT.x1);
      const sy = scale(ylo, yhi, ylog, PLOT.y0, PLOT.y1);
      const one = problems[Number(selProblem.value)];
      let yTitle = valueName(m, one);
      if (m.key === 'gap' && ylog && one && isNum(one.floor)) yTitle += ' (floor ' + tickLabel(one.floor) + ')';
      const g = frame(svg, sx, sy, axis.name, yTitle);
      const px = (xs) => sx.mapAll(xs, new Float64Array(xs.length));
      const py = (ys) => sy.mapAll(ys, new Float64Array(ys.length));
      const bands = svgEl('g', {}, g);
      const lines = svgEl('g', {}, g);
      for (const d of drawn) {
        const X = px(d.xs);
        const Y = py(d.ys);
        if (d.band) {
          // The band over each stretch where the median is drawn; a quantile
          // left out on a log axis (not positive) is drawn at its bottom.
          const clampY = (v) => (ylog && !(v > 0) ? PLOT.y0 : Math.max(PLOT.y1 - 2, Math.min(PLOT.y0 + 2, sy.map(v))));
          let path = '';
          let i = 0;
          while (i < X.length) {
            while (i < X.length && (Number.isNaN(Y[i]) || Number.isNaN(X[i]))) i++;
            let j = i;
            while (j < X.length && !Number.isNaN(Y[j]) && !Number.isNaN(X[j])) j++;
            if (j > i) {
              let s = '';
              for (let a = i; a < j; a++) s += (a === i ? 'M' : 'L') + c1(X[a]) + ',' + c1(clampY(d.band[0][a]));
              for (let a = j - 1; a >= i; a--) s += 'L' + c1(X[a]) + ',' + c1(clampY(d.band[1][a]));
              path += s + 'Z';
            }
            i = j;
          }
          if (path) styledPath(bands, 'band', d.c, path);
        }
        const extra = d.k === undefined ? {} : { 'data-run': d.k };
        styledPath(lines, d.k === undefined ? 'curve' : 'curve thin', d.c, polyline(X, Y), extra);
        const who = d.k === undefined ? (allProblems ? 'median over all problems' : 'median') : startName(d.k);
        curvePoints.add(X, Y, (i) => ({ c: d.c, who: who, x: d.xs[i], y: d.ys[i], xName: axis.name, yName: valueName(m, one) }));
      }
    }

    // drawStrip draws a metric's final values: one column per shown config,
    // a point per run (jittered), the median as a short line.
    function drawStrip(m, ks) {
      const svg = curves.svg;
      const ylog = selY.value === 'log';
      const scope = selProblem.value === '*' ? 'all problems' : (problems[Number(selProblem.value)] || {}).name;
      curves.caption('final ' + m.name + ', ' + scope + ' (every start; the line: the median)');
      const cs = configs.map((_, c) => c).filter(shown);
      const ey = new Extent(ylog);
      const byConfig = new Map(cs.map((c) => [c, []]));
      let finite = 0;
      for (const k of ks) {
        const v = (runs[k].final || {})[m.key];
        if (!isNum(v) || !byConfig.has(runs[k].c)) continue;
        finite++;
        if (ylog && !(v > 0)) continue;
        byConfig.get(runs[k].c).push(k);
        ey.add(v);
      }
      if (ey.empty) {
        emptyFigure(svg, off.size === configs.length ? everyHidden :
          finite > 0 ? logMessage('y') : 'No finite final ' + m.name + ' for this selection.');
        return;
      }
      const [ylo, yhi] = ey.padded();
      const sy = scale(ylo, yhi, ylog, PLOT.y0, PLOT.y1);
      const bw = (PLOT.x1 - PLOT.x0) / cs.length;
      const cats = cs.map((c, i) => ({ name: configs[c].name, x: PLOT.x0 + (i + 0.5) * bw }));
      const g = frame(svg, null, sy, '', 'final ' + m.name, cats);
      const X = [];
      const Y = [];
      const K = [];
      curvePoints.add(X, Y, (i) => ({ c: runs[K[i]].c, who: startName(K[i]), y: runs[K[i]].final[m.key], yName: 'final ' + m.name }));
      cs.forEach((c, i) => {
        const cx = cats[i].x;
        const vals = [];
        for (const k of byConfig.get(c)) {
          const v = runs[k].final[m.key];
          vals.push(v);
          // Deterministic jitter: a hash of the run's index, in ±0.25 band widths.
          const h = (Math.imul(k + 1, 2654435761) >>> 0) / 4294967296;
          const x = cx + (h - 0.5) * 0.5 * Math.min(bw, 120);
          const y = sy.map(v);
          svgEl('circle', { class: 'point', 'data-config': c, 'data-run': k, cx: c1(x), cy: c1(y), r: 3, fill: colorOf(c) }, g);
          X.push(x);
          Y.push(y);
          K.push(k);
        }
        if (vals.length === 0) return;
        vals.sort((a, b) => a - b);
        const med = quantileSorted(vals, vals.length, 0.5);
        const half = 0.35 * Math.min(bw, 120);
        styledPath(g, 'curve', c, 'M' + (cx - half).toFixed(1) + ',' + sy.map(med).toFixed(1) + 'h' + (2 * half).toFixed(1));
      });
    }

    // ---- ECDF and profiles: step functions ----

    // stepAt is a step function's value at x: 0 left of its first point.
    function stepAt(s, x) {
      let lo = 0;
      let hi = s.x.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s.x[mid] <= x) lo = mid + 1; else hi = mid;
      }
      return lo === 0 ? 0 : s.y[lo - 1];
    }

    // drawSteps draws one step function per shown config in fig.svg, x log
    // from the smallest positive x / 1.5 (not below floor) as the static
    // figures do; it returns what the hover needs.
    function drawSteps(fig, list, xTitle, yTitle, floor) {
      const series = list.filter((s) => shown(s.c));
      const ex = new Extent(true);
      for (const s of series) for (const x of s.x) ex.add(x);
      if (ex.empty) {
        const any = series.some((s) => s.x.some(isNum));
        emptyFigure(fig.svg, off.size === configs.length ? everyHidden : any ? 'No positive cost to draw on this log scale.' : 'Nothing to draw for this selection.');
        return null;
      }
      const lo = Math.max(ex.lo / 1.5, floor);
      const hi = Math.max(ex.hi * 1.5, lo * 10);
      const sx = scale(lo, hi, true, PLOT.x0, PLOT.x1);
      const sy = scale(-0.02, 1.02, false, PLOT.y0, PLOT.y1);
      const g = frame(fig.svg, sx, sy, xTitle, yTitle);
      const y0 = sy.map(0).toFixed(1);
      for (const s of series.slice().sort((a, b) => a.c - b.c)) {
        let d = 'M' + PLOT.x0 + ',' + y0;
        for (let i = 0; i < s.x.length; i++) {
          if (!isNum(s.x[i]) || !isNum(s.y[i])) continue;
          const x = s.x[i] > lo ? sx.map(s.x[i]) : PLOT.x0;
          d += 'H' + x.toFixed(1) + 'V' + sy.map(s.y[i]).toFixed(1);
        }
        styledPath(g, 'curve', s.c, d + 'H' + PLOT.x1);
      }
      return { sx: sx, sy: sy, series: series, xTitle: xTitle, yTitle: yTitle };
    }

    // nearestStep is, at the pointer's x, the shown curve closest in y.
    function nearestStep(h, px, py) {
      if (!h || px < PLOT.x0 || px > PLOT.x1) return null;
      const x = h.sx.invert(px);
      let best = null;
      let dist = Infinity;
      for (const s of h.series) {
        const y = stepAt(s, x);
        const d = Math.abs(h.sy.map(y) - py);
        if (d < dist) { dist = d; best = { c: s.c, x: x, y: y, xName: h.xTitle, yName: h.yTitle, px: px, py: h.sy.map(y) }; }
      }
      return best;
    }

    let ecdf = null;
    let ecdfHover = null;
    const costNames = { evals_per_dim: 'evaluations / dimension', seconds: 'seconds' };
    if (ecdfs.length) {
      ecdf = figure('ix-ecdf', 'Runtime ECDF: the share of (run, target) pairs reached within a cost, pooled over problems');
      const kinds = [...new Set(ecdfs.map((s) => s.cost))];
      ecdf.select = select(ecdf.ctl, 'ix-ecdf-cost', 'cost', kinds.map((k) => [k, costNames[k] || k]), kinds[0]);
    }
    function drawEcdf() {
      if (!ecdf) return;
      const cost = ecdf.select.value;
      ecdfHover = drawSteps(ecdf, ecdfs.filter((s) => s.cost === cost), costNames[cost] || cost, 'share of (run, target) pairs', 0);
    }

    let profile = null;
    let profileHover = null;
    const profileNames = { performance: 'cost ratio to the best method (evaluations)', data: 'evaluations / (n + 1)' };
    if (profiles.length) {
      profile = figure('ix-profile', '');
      const kinds = [...new Set(profiles.map((s) => s.kind))];
      const taus = [...new Set(profiles.map((s) => s.tau))];
      profile.kind = select(profile.ctl, 'ix-profile-kind', 'profile', kinds.map((k) => [k, k]), kinds[0]);
      profile.tau = select(profile.ctl, 'ix-profile-tau', 'tolerance τ', taus.map((t) => [String(t), fmt4(t)]), String(taus[0]));
    }
    function drawProfile() {
      if (!profile) return;
      const kind = profile.kind.value;
      const tau = Number(profile.tau.value);
      profile.caption((kind === 'performance' ? 'Performance profile (Dolan-Moré)' : kind === 'data' ? 'Data profile (Moré-Wild)' : kind + ' profile') +
        ', τ = ' + fmt4(tau) + ': the share of (problem, start) instances solved');
      profileHover = drawSteps(profile, profiles.filter((s) => s.kind === kind && s.tau === tau),
        profileNames[kind] || kind, 'share of instances solved', kind === 'performance' ? 1 : 0);
    }

    // ---- the tip ----

    // hover shows the tip of the point find names near the pointer, and
    // rings that point (a redraw clears the ring with the rest).
    function hover(svg, find) {
      let ring = null;
      const hide = () => {
        tip.hidden = true;
        if (ring) ring.remove();
      };
      svg.addEventListener('pointermove', (ev) => {
        const ctm = svg.getScreenCTM();
        if (!ctm) return;
        const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
        const hit = find(p.x, p.y);
        if (!hit) { hide(); return; }
        if (!ring || ring.parentNode !== svg) ring = svgEl('circle', { class: 'ix-mark', r: 4.5 }, svg);
        ring.setAttribute('cx', c1(hit.px));
        ring.setAttribute('cy', c1(hit.py));
        ring.setAttribute('stroke', colorOf(hit.c));
        tip.replaceChildren();
        const head = el('div', { class: 'tip-head' }, tip);
        swatch(hit.c, head);
        el('strong', {}, head, (configs[hit.c] || {}).name || 'config ' + hit.c);
        if (hit.who) el('div', {}, tip, hit.who);
        if (hit.xName !== undefined) el('div', {}, tip, hit.xName + ': ' + fmt4(hit.x));
        el('div', {}, tip, hit.yName + ': ' + fmt4(hit.y));
        const box = section.getBoundingClientRect();
        tip.hidden = false;
        let left = ev.clientX - box.left + 14;
        if (left + tip.offsetWidth > box.width) left = ev.clientX - box.left - tip.offsetWidth - 14;
        tip.style.left = Math.max(0, left) + 'px';
        tip.style.top = (ev.clientY - box.top + 14) + 'px';
      });
      svg.addEventListener('pointerleave', hide);
    }
    hover(curves.svg, (x, y) => curvePoints.nearest(x, y));
    if (ecdf) hover(ecdf.svg, (x, y) => nearestStep(ecdfHover, x, y));
    if (profile) hover(profile.svg, (x, y) => nearestStep(profileHover, x, y));

    // ---- wiring ----

    selMeasure.addEventListener('change', () => {
      // A measure brings its own default y scale.
      const m = measureOf(selMeasure.value);
      if (m) selY.value = m.log ? 'log' : 'linear';
      drawCurves();
    });
    for (const s of [selProblem, selAxis, selX, selY, selView]) s.addEventListener('change', drawCurves);
    if (ecdf) ecdf.select.addEventListener('change', drawEcdf);
    if (profile) {
      profile.kind.addEventListener('change', drawProfile);
      profile.tau.addEventListener('change', drawProfile);
    }
    // setOff hides the configs in hide, shows the others, and redraws.
    function setOff(hide) {
      off.clear();
      for (const c of hide) off.add(c);
      items.forEach((b, c) => {
        b.classList.toggle('off', off.has(c));
        b.setAttribute('aria-pressed', String(!off.has(c)));
      });
      tip.hidden = true;
      drawAll();
    }
    const allBut = (c) => configs.map((_, i) => i).filter((i) => i !== c);
    legend.addEventListener('click', (ev) => {
      if (ev.target.closest('#ix-show-all')) { setOff([]); return; }
      if (ev.target.closest('#ix-hide-all')) { setOff(configs.map((_, i) => i)); return; }
      const b = ev.target.closest('.legend-item');
      if (!b) return;
      const c = Number(b.dataset.config);
      if (ev.altKey) { setOff(allBut(c)); return; }
      const hide = new Set(off);
      if (hide.has(c)) hide.delete(c); else hide.add(c);
      setOff(hide);
    });
    // A double-click's two clicks have toggled the item twice (back to
    // shown): it then shows that one only.
    legend.addEventListener('dblclick', (ev) => {
      const b = ev.target.closest('.legend-item');
      if (b) setOff(allBut(Number(b.dataset.config)));
    });

    function drawAll() { drawCurves(); drawEcdf(); drawProfile(); }

    const m0 = measureOf(selMeasure.value);
    selY.value = m0 && m0.log ? 'log' : 'linear';
    drawAll();
    section.hidden = false;
    root.classList.add('js');
  }

  // ---- sortable tables ---------------------------------------------------

  // sortKey is a cell's key: its data-v as a number when present ("NaN"
  // and unreadable ones sort last), else its text.
  function sortKey(cell) {
    if (!cell) return { nan: true };
    const v = cell.getAttribute('data-v');
    if (v !== null) {
      const n = Number(v);
      return v.trim() === '' || Number.isNaN(n) ? { nan: true } : { n: n };
    }
    return { s: cell.textContent.trim() };
  }

  // compareKeys orders numbers before text, NaN last in either direction
  // (dir 1 ascending, -1 descending).
  function compareKeys(a, b, dir) {
    if (a.nan || b.nan) return (a.nan ? 1 : 0) - (b.nan ? 1 : 0);
    const an = a.n !== undefined;
    const bn = b.n !== undefined;
    if (an && bn) return dir * (a.n - b.n);
    if (an !== bn) return dir * (an ? -1 : 1);
    return dir * a.s.localeCompare(b.s, undefined, { numeric: true });
  }

  function sortable(table) {
    const head = table.rows[0];
    if (!head) return;
    const cells = Array.from(head.cells);
    cells.forEach((th, col) => {
      th.classList.add('ix-sortable');
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      const sort = () => {
        const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        for (const other of cells) other.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        const rows = Array.from(table.rows).slice(1);
        if (rows.length === 0) return;
        // The header row stays first: the rows go back after it.
        const body = rows[0].parentNode;
        const keyed = rows.map((r) => ({ r: r, key: sortKey(r.cells[col]) }));
        keyed.sort((a, b) => compareKeys(a.key, b.key, dir)); // stable: ties keep their order
        const frag = document.createDocumentFragment();
        for (const x of keyed) frag.appendChild(x.r);
        body.appendChild(frag);
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sort(); }
      });
    });
  }

  // ---- start ---------------------------------------------------------------

  function start() {
    for (const t of document.querySelectorAll('#results table, #details table')) sortable(t);
    const dataEl = document.getElementById('optbench-data');
    const section = document.getElementById('interactive');
    if (!dataEl || !section) {
      console.warn('optbench: no interactive data in this page; the static figures stay');
      return;
    }
    let data;
    try {
      data = JSON.parse(dataEl.textContent);
      if (!data || typeof data !== 'object' || !Array.isArray(data.runs) || !Array.isArray(data.configs)) throw new Error('not optbench data');
    } catch (e) {
      console.warn('optbench: the interactive data cannot be read (' + e.message + '); the static figures stay');
      return;
    }
    try {
      build(section, data);
    } catch (e) {
      // A bug here must not cost the reader the figures: back to the static ones.
      section.replaceChildren();
      section.hidden = true;
      document.documentElement.classList.remove('js');
      console.warn('optbench: the interactive figures failed (' + e.message + '); the static figures stay');
      return;
    }
    // Ready once the figures are laid out and painted: the frame after the
    // one that paints them, so that a test timing "interactive after" counts
    // layout and paint too.
    requestAnimationFrame(() => setTimeout(() => { document.documentElement.dataset.ixReady = '1'; }, 0));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
