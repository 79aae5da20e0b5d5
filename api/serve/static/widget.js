/*
 * hiring-advisor chat widget: one self-contained script, no dependencies.
 *
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 *
 * Options (data-* on the script tag): api, title, greeting, placeholder, starters ("false" hides
 * the starter questions), position ("right" | "left"),
 * open ("true"), accent (CSS colour), theme ("dark" | "light"; else the reader's system setting,
 * and a page may set data-theme on the #hiring-advisor-widget element later). Host pages get
 * window.HiringAdvisorWidget = {open(), close(), reset()}.
 *
 * The widget's own words (LABELS) are English until GET /api/profile gives the profile's
 * (`widget: labels:` in knowledge/profile.yml). A page showing how to embed the widget may mark
 * where the server's address goes with data-hiring-advisor="origin": the widget writes it there.
 *
 * Everything lives in an open shadow root so the page's CSS cannot reach in and ours cannot
 * leak out. Answers, sources, suggestions and the user's text are untrusted: they reach the
 * DOM only through textContent, attributes, or the whitelist Markdown renderer below. There
 * is no innerHTML anywhere in this file.
 *
 * The file is pure ASCII (non-ASCII text is \u-escaped) so it reads right even when a
 * server sends it without a charset.
 */
(() => {
  "use strict";

  // A second copy of the script (pasted twice, or loaded by two snippets) must not build a
  // second widget.
  if (window.HiringAdvisorWidget) return;

  // document.currentScript is only set while this script first runs: capture it now.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');

  // Shown until the assistant's own lines arrive from GET /api/profile (data-* attributes
  // override both).
  const DEFAULTS = {
    title: "Hiring advisor",
    greeting: "Hi! How can I help with your hiring?",
    placeholder: "Ask a question\u2026",
    accent: "#1d4ed8",
  };
  // The widget's own words, each replaceable by the profile (`widget: labels:`, the same names:
  // api/knowledge/profile.py WIDGET_LABELS). {count}, {max} and {over} are numbers put in.
  const LABELS = {
    open: "Open hiring advice chat",
    close: "Close chat",
    new: "New",
    new_conversation: "New conversation",
    input: "Your question",
    send: "Send",
    typing: "Assistant is typing",
    suggestions: "Suggested questions",
    sources: "Sources:",
    copy: "Copy",
    copy_answer: "Copy answer",
    copied: "Copied",
    copy_failed: "Copy failed: select the text instead",
    copy_markdown: "Copy Markdown",
    download: "Download .md",
    downloaded: "Downloaded",
    show_sources: "Show sources",
    feedback: "Was this helpful?",
    helpful: "Helpful",
    not_helpful: "Not helpful",
    thanks: "Thanks for the feedback",
    feedback_failed: "Feedback could not be sent; please try again.",
    reason: "What was wrong or missing? (optional)",
    reason_send: "Send comment",
    reason_thanks: "Thanks, your comment was sent.",
    retry: "Retry",
    unreachable: "The assistant is unreachable right now.",
    counter: "{count} / {max}",
    counter_spoken: "{count} of {max} characters",
    too_long: "Your question is {over} characters too long: shorten it to {max} characters or fewer.",
  };
  const labels = { ...LABELS };
  const MAX_MESSAGE = 2000; // the API's limit on a question (ChatRequest), in characters
  const COUNTER_FROM = Math.ceil(MAX_MESSAGE * 0.8); // the counter shows from here on
  const MAX_COMMENT = 2000; // the API's limit on a feedback comment (FeedbackRequest)
  const TIMEOUT_MS = 30000;
  const SVG_NS = "http://www.w3.org/2000/svg";
  // Below this width the chat fills the screen and is a modal dialog.
  const FULL_SCREEN = "(max-width: 479.98px)";
  let numberLocale = "en"; // the profile's locale, once known: how numbers are written

  const options = readOptions(script);
  const storageKey = "hiring-advisor:session:" + options.api;

  // ---------------------------------------------------------------------------------------
  // Options

  function readOptions(tag) {
    const data = (tag && tag.dataset) || {};
    const text = (value, fallback) => (value && value.trim() ? value.trim() : fallback);
    return {
      api: apiBase(tag, data.api),
      title: text(data.title, DEFAULTS.title),
      greeting: text(data.greeting, DEFAULTS.greeting),
      placeholder: text(data.placeholder, DEFAULTS.placeholder),
      starters: (data.starters || "").trim().toLowerCase() !== "false",
      // Which lines the page set itself: the profile from the API does not replace those.
      given: {
        title: Boolean(text(data.title, "")),
        greeting: Boolean(text(data.greeting, "")),
        placeholder: Boolean(text(data.placeholder, "")),
      },
      position: (data.position || "").trim().toLowerCase() === "left" ? "left" : "right",
      open: (data.open || "").trim().toLowerCase() === "true",
      accent: text(data.accent, DEFAULTS.accent),
      theme: ["dark", "light"].includes((data.theme || "").trim().toLowerCase())
        ? data.theme.trim().toLowerCase() : "",
    };
  }

  /** A label in the profile's words (else English) with its {placeholders} filled in. */
  function label(key, values) {
    const text = labels[key] || LABELS[key] || key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function number(n) {
    try {
      return n.toLocaleString(numberLocale);
    } catch (_) {
      return n.toLocaleString("en");
    }
  }

  /** data-api, else the origin the script was loaded from, without a trailing slash. */
  function apiBase(tag, given) {
    if (given && given.trim()) return given.trim().replace(/\/+$/, "");
    try {
      if (tag && tag.src) return new URL(tag.src, location.href).origin;
    } catch (_) {
      /* fall through to the page's origin */
    }
    return location.origin;
  }

  // ---------------------------------------------------------------------------------------
  // Colour: text on the accent must stay readable (WCAG AA) whatever accent a page picks.

  function toRgb(css) {
    if (window.CSS && CSS.supports && !CSS.supports("color", css)) return null;
    // Painting one pixel resolves any CSS colour syntax (names, hsl(), oklch()...) to sRGB.
    try {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      if (ctx) {
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return [r, g, b];
      }
    } catch (_) {
      /* canvas blocked: try plain hex below */
    }
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css);
    if (!hex) return null;
    const h = hex[1].length === 3 ? hex[1].replace(/./g, "$&$&") : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }

  function luminance(rgb) {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  /** Mix towards black until white text on it reaches `ratio`. */
  function darkenFor(rgb, ratio) {
    let out = rgb;
    for (let t = 0.1; contrast(out, WHITE) < ratio && t <= 1; t += 0.1) {
      out = rgb.map((v) => Math.round(v * (1 - t)));
    }
    return out;
  }

  /** Mix towards white until it reaches `ratio` against the dark background `bg`. */
  function lightenFor(rgb, ratio, bg) {
    let out = rgb;
    for (let t = 0.1; contrast(out, bg) < ratio && t <= 1.01; t += 0.1) {
      out = rgb.map((v) => Math.round(v + (255 - v) * Math.min(t, 1)));
    }
    return out;
  }

  const WHITE = [255, 255, 255];
  const NEAR_BLACK = [17, 17, 17];
  // The dark theme's lightest background under accent-coloured text (--ha-tint in DARK).
  const DARK_TINT = [48, 48, 54];
  const rgbString = (rgb) => `rgb(${rgb.join(", ")})`;

  /**
   * --ha-accent (fills), --ha-on-accent (text on it), --ha-ink (accent as text/lines on white),
   * inkDark (the same on the dark theme's backgrounds).
   */
  function palette(accent) {
    let fill = toRgb(accent) || toRgb(DEFAULTS.accent) || [29, 78, 216];
    const onWhite = contrast(fill, WHITE);
    const onDark = contrast(fill, NEAR_BLACK);
    let text = onWhite >= onDark ? WHITE : NEAR_BLACK;
    if (Math.max(onWhite, onDark) < 4.5) {
      // Mid-tone accents pass with neither: deepen the fill so white text does.
      fill = darkenFor(fill, 4.5);
      text = WHITE;
    }
    return {
      accent: rgbString(fill), onAccent: rgbString(text), ink: rgbString(darkenFor(fill, 4.5)),
      inkDark: rgbString(lightenFor(fill, 4.5, DARK_TINT)),
    };
  }

  // ---------------------------------------------------------------------------------------
  // Small DOM helpers (no HTML strings)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    node.append(...children.filter(Boolean));
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "label") setLabel(node, value);
      else if (name === "ariaLabel") setAriaLabel(node, value);
      else if (name === "class") node.setAttribute("class", value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
  }

  // Labelled nodes carry their label's name, so the profile's words can replace them later.
  function setLabel(node, key) {
    node.setAttribute("data-ha-label", key);
    node.textContent = label(key);
  }

  function setAriaLabel(node, key) {
    node.setAttribute("data-ha-aria", key);
    node.setAttribute("aria-label", label(key));
  }

  /** A decorative 24x24 stroke icon from static path data. */
  function icon(paths, extra) {
    return svgEl(
      "svg",
      {
        viewBox: "0 0 24 24", width: 20, height: 20, "aria-hidden": "true", focusable: "false",
        fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round",
        "stroke-linejoin": "round", class: "ha-icon", ...extra,
      },
      ...paths.map((d) => svgEl("path", { d })),
    );
  }

  const ICONS = {
    chat: ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z",
      "M8.5 12h.01M12 12h.01M15.5 12h.01"],
    chevron: ["M6 9l6 6 6-6"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    send: ["M22 2L11 13", "M22 2l-7 20-4-9-9-4 20-7z"],
    thumb: ["M7 10v11H3V10h4z",
      "M7 10l4-8a3 3 0 0 1 3 3v4h5.6a2 2 0 0 1 2 2.3l-1.4 8a2 2 0 0 1-2 1.7H7"],
    copy: ["M9 9h11v11H9z", "M5 15H4V4h11v1"],
    check: ["M5 12l5 5L20 7"],
    download: ["M12 3v12", "M7 10l5 5 5-5", "M5 21h14"],
    doc: ["M14 3H6v18h12V7z", "M14 3v4h4", "M9 13h6M9 17h6"],
  };

  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  // ---------------------------------------------------------------------------------------
  // Markdown: a whitelist of paragraphs, "- " lists, **bold** and http(s) links. Anything
  // else stays literal text.

  function renderMarkdown(source) {
    const fragment = document.createDocumentFragment();
    const blocks = String(source).replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
    for (const block of blocks) {
      if (block.trim()) appendBlock(fragment, block);
    }
    return fragment;
  }

  /** One blank-line separated block: runs of "- " lines become a list, the rest paragraphs. */
  function appendBlock(parent, block) {
    let list = null;
    let para = null;
    for (const line of block.split("\n")) {
      const item = /^\s{0,3}- (.*)$/.exec(line);
      if (item) {
        para = null;
        if (!list) parent.append((list = el("ul")));
        list.append(el("li", null, renderInline(item[1])));
      } else if (line.trim()) {
        list = null;
        if (para) para.append(el("br"));
        else parent.append((para = el("p")));
        para.append(renderInline(line.trim()));
      }
    }
  }

  function renderInline(text, allowBold = true) {
    const fragment = document.createDocumentFragment();
    const pattern = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const [whole, bold, label, url] = match;
      const node = bold !== undefined
        ? (allowBold ? el("strong", null, renderInline(bold, false)) : null)
        : linkNode(label, url);
      if (!node) continue; // left literal: it will be part of the next text run
      fragment.append(document.createTextNode(text.slice(last, match.index)), node);
      last = match.index + whole.length;
    }
    fragment.append(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function linkNode(label, url) {
    if (!/^https?:\/\//i.test(url)) return null;
    let href;
    try {
      href = new URL(url);
    } catch (_) {
      return null;
    }
    if (href.protocol !== "http:" && href.protocol !== "https:") return null;
    return el("a", { href: href.href, target: "_blank", rel: "noopener noreferrer", text: label });
  }

  // ---------------------------------------------------------------------------------------
  // Salary chart: bars scale within each currency only; currencies are never converted.

  const PERIODS = { year: "a year", month: "a month", week: "a week", day: "a day", hour: "an hour" };
  const period = (p) => PERIODS[String(p).toLowerCase()] || `per ${p}`;

  function money(amount, currency) {
    const digits = Number.isInteger(amount) ? 0 : 2;
    try {
      return new Intl.NumberFormat(numberLocale, {
        style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
      }).format(amount);
    } catch (_) {
      return `${plainNumber(amount)} ${currency}`; // not an ISO code Intl knows
    }
  }

  const plainNumber = (n) => n.toLocaleString(numberLocale, { maximumFractionDigits: 2 });

  const positive = (v) => v !== null && v !== undefined && Number.isFinite(Number(v)) && Number(v) > 0;

  /** A row's range (its middle half or low-high, or a band), when it gives a sound one. */
  function rowRange(r) {
    if (!positive(r.low) || !positive(r.high) || Number(r.low) > Number(r.high)) return null;
    return { low: Number(r.low), high: Number(r.high) };
  }

  function chartRows(data) {
    if (!data || data.kind !== "salaries" || !Array.isArray(data.rows)) return [];
    return data.rows
      .filter((r) => r && (positive(r.amount) || rowRange(r)))
      .map((r) => ({
        label: String(r.label ?? ""),
        dimension: String(r.dimension || "role"),
        role: String(r.role ?? ""),
        band: r.kind === "band",
        amount: positive(r.amount) ? Number(r.amount) : null,
        range: rowRange(r),
        currency: String(r.currency || "").toUpperCase() || "?",
        period: String(r.period || "year"),
        source: String(r.source || ""),
        asOf: String(r.as_of || ""),
      }));
  }

  function groupByCurrency(rows) {
    const groups = new Map();
    for (const row of rows) {
      if (!groups.has(row.currency)) groups.set(row.currency, []);
      groups.get(row.currency).push(row);
    }
    return groups;
  }

  /** One chart per kind of bar (levels apart from places), in the order the answer lists them. */
  function buildCharts(data) {
    const kinds = new Map();
    const rows = chartRows(data);
    for (const row of rows.filter((r) => !r.band)) {
      if (!kinds.has(row.dimension)) kinds.set(row.dimension, []);
      kinds.get(row.dimension).push(row);
    }
    // The company's band sits beside every kind of figure in its currency (else on its own).
    for (const band of rows.filter((r) => r.band)) {
      const beside = [...kinds.values()].filter((group) => group.some((r) => !r.band && r.currency === band.currency));
      if (!beside.length) {
        if (!kinds.has("bands")) kinds.set("bands", []);
        beside.push(kinds.get("bands"));
      }
      for (const group of beside) group.push(band);
    }
    const charts = [...kinds.values()].map(buildChart).filter(Boolean);
    if (!charts.length) return null;
    return charts.length === 1 ? charts[0] : el("div", { class: "ha-charts" }, ...charts);
  }

  function buildChart(rows) {
    if (rows.length < 2) return null;
    const groups = groupByCurrency(rows);
    const width = 320;
    const barMax = width - 8;
    const svg = svgEl("svg", {
      role: "img", class: "ha-chart-svg", width: "100%",
      "aria-label": "Salary figures: " +
        rows.map((r) => `${r.label} ${ariaValue(r)} ${r.currency} ${period(r.period)}`).join("; "),
    });
    let y = 0;
    for (const [currency, group] of groups) {
      const g = svgEl("g", { class: "ha-chart-group", "data-currency": currency });
      y += 16;
      g.append(svgEl("text", { class: "ha-chart-heading", x: 0, y, text: currency }));
      const max = Math.max(...group.map((r) => Math.max(r.amount || 0, r.range ? r.range.high : 0)));
      const at = (v) => Math.round((v / max) * barMax * 10) / 10;
      for (const row of group) {
        y += 18;
        const label = barLabel(row, y);
        g.append(label);
        y += 14 * (label.childNodes.length - 1) + 5;
        if (row.range) {
          g.append(...rangeBar(row, y, at));
        } else {
          const w = Math.max(2, at(row.amount));
          g.append(svgEl("rect", { class: "ha-bar", x: 0, y, width: w, height: 12, rx: 2 }));
        }
        y += 12;
      }
      for (const line of sourceLines(group)) {
        y += 16;
        g.append(svgEl("text", { class: "ha-chart-source", x: 0, y, text: line }));
      }
      y += 8;
      svg.append(g);
    }
    svg.setAttribute("viewBox", `0 0 ${width} ${y}`);
    // Figures of one role carry it once, in the caption; labels carry it when roles are mixed.
    const roles = [...new Set(rows.map((r) => r.role).filter(Boolean))];
    const whose = roles.length === 1 ? `${roles[0]} salary figures` : "Salary figures";
    const caption = groups.size > 1
      ? `${whose} are in local currency and are not converted: compare bars only within a currency.`
      : `${whose} in ${[...groups.keys()][0]}.`;
    return el("figure", { class: "ha-chart" }, svg, el("figcaption", { text: caption }));
  }

  /**
   * "UK: GBP 60,646 a year" as one <text>; a long one wraps after the colon into a second
   * <tspan> line (SVG text never wraps by itself), keeping the same textContent.
   */
  function barLabel(row, y) {
    const name = `${row.label}: `;
    const range = row.range ? `${money(row.range.low, row.currency)}–${money(row.range.high, row.currency)}` : "";
    const figure = row.amount === null ? range : money(row.amount, row.currency) + (range ? ` (${range})` : "");
    const value = `${figure} ${period(row.period)}`;
    const text = svgEl("text", { class: "ha-bar-label", x: 0, y });
    if ((name + value).length <= 46) {
      text.textContent = name + value;
    } else {
      text.append(svgEl("tspan", { x: 0, text: name }), svgEl("tspan", { x: 0, dy: 14, text: value }));
    }
    return text;
  }

  const ariaValue = (r) => r.amount !== null
    ? plainNumber(r.amount) + (r.range ? ` (${plainNumber(r.range.low)} to ${plainNumber(r.range.high)})` : "")
    : `${plainNumber(r.range.low)} to ${plainNumber(r.range.high)}`;

  /**
   * A range as a thin bar from its low to its high end (a band's a little thicker, in its own
   * colour), the figure marked on it when there is one.
   */
  function rangeBar(row, y, at) {
    const x = at(row.range.low);
    const w = Math.max(2, at(row.range.high) - x);
    const parts = [svgEl("rect", {
      class: row.band ? "ha-range ha-band" : "ha-range", x, y: y + (row.band ? 2 : 4), width: w,
      height: row.band ? 8 : 4, rx: 2,
    })];
    if (row.amount !== null) {
      parts.push(svgEl("rect", { class: "ha-point", x: Math.max(0, at(row.amount) - 1.5), y, width: 3, height: 12, rx: 1 }));
    }
    return parts;
  }

  /** "Source: X, date" per distinct source in a group (one line each when they differ). */
  function sourceLines(group) {
    const seen = new Set();
    for (const r of group) {
      seen.add([r.source || "unknown", r.asOf].filter(Boolean).join(", "));
    }
    return [...seen].map((s) => `Source: ${s}`);
  }

  // ---------------------------------------------------------------------------------------
  // Hiring kits (a job post, a screening scorecard): structured data from the answer. Every
  // line is shown as text, never as markup.

  const KIT_KINDS = ["job_post", "scorecard"];
  const str = (v) => (typeof v === "string" ? v : "");

  function kitData(data) {
    if (!data || !KIT_KINDS.includes(data.kind) || !Array.isArray(data.sections)) return null;
    const sources = new Map();
    for (const s of Array.isArray(data.sources) ? data.sources : []) {
      if (s && typeof s === "object" && str(s.id)) sources.set(s.id, s);
    }
    const labels = data.labels && typeof data.labels === "object" ? data.labels : {};
    return {
      kind: data.kind,
      name: str(data.name),
      title: str(data.title),
      markdown: str(data.markdown),
      // The ad alone (turns stored before it existed have only the whole document).
      adMarkdown: str(data.ad_markdown) || str(data.markdown),
      recruiter: notes(data.recruiter),
      warnings: notes(data.warnings),
      recruiterLabel: str(labels.recruiter),
      warningLabel: str(labels.warning),
      missing: (Array.isArray(data.missing) ? data.missing : []).filter((m) => typeof m === "string"),
      omitted: (Array.isArray(data.omitted) ? data.omitted : []).filter((m) => typeof m === "string"),
      evidenceLabel: str(labels.evidence),
      missingLabel: str(labels.missing),
      omittedLabel: str(labels.omitted),
      sections: data.sections
        .filter((s) => s && typeof s === "object" && Array.isArray(s.bullets))
        .map((s) => ({
          id: str(s.id),
          heading: str(s.heading),
          note: str(s.note),
          bullets: s.bullets.filter((b) => b && typeof b === "object" && str(b.text)),
          sources: (Array.isArray(s.sources) ? s.sources : [])
            .map((id) => sources.get(id))
            .filter(Boolean)
            .map((src) => ({ id: src.id, title: str(src.title), snippet: str(src.text) })),
        })),
    };
  }

  /** A kit's notes for the recruiter or its warnings: lines of text, each with its source id. */
  function notes(list) {
    return (Array.isArray(list) ? list : []).filter((b) => b && typeof b === "object" && str(b.text));
  }

  /** A file name from a title: "Senior ML engineer (Boston, MA)" -> senior-ml-engineer-boston-ma.md */
  function fileName(title, fallback) {
    const slug = String(title).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
    return `${slug || fallback}.md`;
  }

  // ---------------------------------------------------------------------------------------
  // Networking

  class ChatError extends Error {}

  /** Capitalised sentence from a server detail like "the assistant is starting up; ...". */
  function sentence(text) {
    const t = String(text).trim();
    const s = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?]$/.test(s) ? s : s + ".";
  }

  function retryAfterSeconds(header) {
    if (!header) return null;
    const n = Number(header);
    if (Number.isFinite(n)) return Math.max(1, Math.ceil(n));
    const at = Date.parse(header); // Retry-After may also be an HTTP date
    return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
  }

  /** The ChatError a failed response stands for (429 wording, else the server's detail). */
  async function httpError(res) {
    if (res.status === 429) {
      const n = retryAfterSeconds(res.headers.get("Retry-After"));
      return new ChatError(n
        ? `Too many requests. Please wait ${n} second${n === 1 ? "" : "s"} and try again.`
        : "Too many requests. Please wait a moment and try again.");
    }
    let detail = null;
    try {
      const body = await res.json();
      if (body && typeof body.detail === "string" && body.detail.trim()) detail = body.detail;
    } catch (_) {
      /* not JSON (a proxy's error page): use the generic message */
    }
    return new ChatError(detail ? sentence(detail) : label("unreachable"));
  }

  function postJson(path, body, signal) {
    return fetch(options.api + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream, application/json" },
      body: JSON.stringify(body),
      signal,
    });
  }

  /** Keep only the fields we render, with the types we expect. */
  function normaliseTurn(raw) {
    if (!raw || typeof raw !== "object" || typeof raw.answer !== "string") {
      throw new ChatError(label("unreachable"));
    }
    const list = (v) => (Array.isArray(v) ? v : []);
    return {
      session_id: typeof raw.session_id === "string" ? raw.session_id : null,
      message_id: typeof raw.message_id === "string" ? raw.message_id : null,
      question: typeof raw.question === "string" ? raw.question : "",
      answer: raw.answer,
      answered: raw.answered !== false,
      sources: list(raw.sources).filter((s) => s && typeof s === "object"),
      suggestions: list(raw.suggestions).filter((s) => typeof s === "string" && s.trim()),
      data: raw.data && typeof raw.data === "object" ? raw.data : null,
      rating: raw.rating === "up" || raw.rating === "down" ? raw.rating : null,
    };
  }

  /**
   * Parses text/event-stream chunks into onEvent(name, data). Events end at a blank line;
   * line ends may be \n, \r\n or \r, and a \r\n may be split across two chunks.
   */
  function sseParser(onEvent) {
    let buffer = "";
    let heldCR = false;

    function dispatch(block) {
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      }
      if (!data.length) return;
      let parsed;
      try {
        parsed = JSON.parse(data.join("\n"));
      } catch (_) {
        return; // not ours: skip it rather than break the stream
      }
      onEvent(name, parsed);
    }

    function drain() {
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }

    return {
      push(chunk) {
        let text = (heldCR ? "\r" : "") + chunk;
        heldCR = text.endsWith("\r");
        if (heldCR) text = text.slice(0, -1);
        buffer += text.replace(/\r\n?/g, "\n");
        drain();
      },
      end() {
        if (heldCR) buffer += "\n";
        heldCR = false;
        drain();
        if (buffer.trim()) dispatch(buffer);
        buffer = "";
      },
    };
  }

  // ---------------------------------------------------------------------------------------
  // Session id, per API base (two widgets on different backends never share one).

  function loadSession() {
    try {
      return sessionStorage.getItem(storageKey);
    } catch (_) {
      return null; // storage disabled (sandboxed frame, privacy mode)
    }
  }

  function saveSession(id) {
    try {
      if (id) sessionStorage.setItem(storageKey, id);
      else sessionStorage.removeItem(storageKey);
    } catch (_) {
      /* conversation then lasts only as long as the page */
    }
  }

  // ---------------------------------------------------------------------------------------
  // Styles

  // The dark theme's colours (the accent's ink is worked out per accent by palette()).
  const DARK = `
  --ha-bg: #18181b;
  --ha-text: #f4f4f5;
  --ha-muted: #a1a1aa;
  --ha-line: #3f3f46;
  --ha-control: #71717a;
  --ha-field: #8b8b94;
  --ha-bot-bg: #27272a;
  --ha-tint: #303036;
  --ha-subtle: #1f1f23;
  --ha-danger: #fca5a5;
  --ha-error-bg: #3b1416;
  --ha-error-text: #fecaca;
  color-scheme: dark;`;

  function stylesheet(colours) {
    const dark = `--ha-ink: ${colours.inkDark};${DARK}`;
    return `
:host {
  /* Page rules like "div { all: unset }" or "* { color: x !important }" match this host
     element; !important inside the shadow tree outranks the page's, even its !important. */
  all: initial !important;
  display: block !important;
}
/* Everything else hangs off .ha-root, which no page selector can reach. (Normal declarations
   on :host would lose to the "all: initial !important" above.) */
.ha-root {
  --ha-accent: ${colours.accent};
  --ha-on-accent: ${colours.onAccent};
  --ha-ink: ${colours.ink};
  --ha-bg: #fff;
  --ha-text: #1a1a1a;
  --ha-muted: #595959;
  --ha-line: #d4d4d8;
  --ha-control: #a1a1aa;
  --ha-field: #8a8a8a;
  --ha-bot-bg: #f3f4f6;
  --ha-tint: #eef2ff;
  --ha-subtle: #fafafa;
  --ha-danger: #b91c1c;
  --ha-error-bg: #fef2f2;
  --ha-error-text: #7f1d1d;
  color-scheme: light;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ha-text);
  text-align: left;
  -webkit-text-size-adjust: 100%;
}
/* Dark: the reader's system setting, unless the page says data-theme="light"; or always with
   data-theme="dark" (on the script tag, or later on the host element). */
@media (prefers-color-scheme: dark) {
  :host(:not([data-theme="light"])) .ha-root {${dark}
  }
}
:host([data-theme="dark"]) .ha-root {${dark}
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
button:disabled { cursor: default; }
:focus-visible { outline: 2px solid var(--ha-ink); outline-offset: 2px; }
:focus:not(:focus-visible) { outline: none; }
.ha-icon { display: block; flex: none; }
.ha-sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.ha-launcher {
  position: fixed; bottom: 20px; z-index: 2147483000;
  width: 56px; height: 56px; padding: 0; border: 0; border-radius: 50%;
  display: flex; align-items: center; justify-content: center;
  background: var(--ha-accent); color: var(--ha-on-accent);
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.28);
}
.ha-launcher .ha-icon { width: 26px; height: 26px; }
.ha-launcher:hover { filter: brightness(1.08); }
.ha-launcher:focus-visible { outline: 3px solid var(--ha-ink); outline-offset: 3px; box-shadow: 0 0 0 3px #fff; }
.ha-launcher[aria-expanded="true"] .ha-icon-chat,
.ha-launcher[aria-expanded="false"] .ha-icon-chevron { display: none; }
.ha-right .ha-launcher, .ha-right .ha-panel { right: 20px; }
.ha-left .ha-launcher, .ha-left .ha-panel { left: 20px; }

.ha-panel {
  position: fixed; bottom: 88px; z-index: 2147483001;
  width: 380px; height: 560px; max-width: calc(100vw - 40px); max-height: calc(100vh - 108px);
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--ha-bg); color: var(--ha-text);
  border: 1px solid var(--ha-line); border-radius: 14px;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.22);
}
.ha-header {
  display: flex; align-items: center; gap: 6px; padding: 10px 10px 10px 16px;
  background: var(--ha-accent); color: var(--ha-on-accent);
}
.ha-header :focus-visible { outline-color: var(--ha-on-accent); }
.ha-title { flex: 1; margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3; }
.ha-new, .ha-close {
  display: flex; align-items: center; justify-content: center; min-width: 36px; height: 36px;
  padding: 0 10px; border: 1px solid transparent; border-radius: 8px; background: transparent;
  font-size: 14px; font-weight: 600;
}
.ha-new { border-color: currentColor; height: 30px; }
.ha-close { padding: 0; }
.ha-new:hover, .ha-close:hover { background: rgba(127, 127, 127, 0.22); }

/* overflow-anchor: none, because the widget itself decides where the view goes as an answer
   grows (its top, once it no longer fits), and the browser's anchoring would fight that. */
.ha-log {
  flex: 1; overflow-y: auto; overscroll-behavior: contain; overflow-anchor: none;
  padding: 14px 12px 6px; display: flex; flex-direction: column; gap: 10px;
}
.ha-msg { max-width: 88%; overflow-wrap: anywhere; }
.ha-user { align-self: flex-end; }
.ha-bot { align-self: flex-start; }
.ha-text { padding: 9px 12px; border-radius: 12px; }
.ha-text:empty { display: none; }
.ha-user .ha-text {
  background: var(--ha-accent); color: var(--ha-on-accent);
  border-bottom-right-radius: 4px; white-space: pre-wrap;
}
.ha-bot .ha-text { background: var(--ha-bot-bg); border-bottom-left-radius: 4px; }
.ha-streaming .ha-text { white-space: pre-wrap; }
.ha-bot[data-answered="false"] .ha-text { border-left: 3px solid var(--ha-muted); }
.ha-text p, .ha-text ul { margin: 0 0 8px; }
.ha-text > :last-child { margin-bottom: 0; }
.ha-text ul { padding-left: 20px; }
.ha-text li + li { margin-top: 3px; }
.ha-text strong { font-weight: 700; }
.ha-text a { color: var(--ha-ink); text-decoration: underline; }

.ha-typing {
  display: flex; gap: 5px; align-items: center; padding: 12px 14px;
  background: var(--ha-bot-bg); border-radius: 12px; border-bottom-left-radius: 4px; width: max-content;
}
.ha-dot {
  width: 7px; height: 7px; border-radius: 50%; background: var(--ha-muted);
  animation: ha-bounce 1.2s infinite ease-in-out;
}
.ha-dot:nth-child(2) { animation-delay: 0.15s; }
.ha-dot:nth-child(3) { animation-delay: 0.3s; }
@keyframes ha-bounce {
  0%, 80%, 100% { transform: translateY(0); opacity: 0.45; }
  40% { transform: translateY(-4px); opacity: 1; }
}

.ha-sources, .ha-suggestions, .ha-feedback { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; align-items: center; }
.ha-sources-label, .ha-feedback-label, .ha-feedback-done, figcaption, .ha-feedback-error, .ha-reason-error {
  color: var(--ha-muted); font-size: 13px;
}
.ha-feedback-error, .ha-reason-error { color: var(--ha-danger); }
.ha-chip, .ha-suggestion {
  max-width: 100%; border: 1px solid var(--ha-control); background: var(--ha-bg); color: var(--ha-text);
  border-radius: 999px; padding: 4px 10px; font-size: 13px; line-height: 1.3; text-align: left;
}
.ha-chip { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ha-chip[aria-expanded="true"] { border-color: var(--ha-ink); background: var(--ha-tint); }
.ha-chip:hover, .ha-suggestion:hover { border-color: var(--ha-ink); }
.ha-suggestion { color: var(--ha-ink); border-color: var(--ha-ink); border-radius: 10px; }
.ha-chip-detail {
  flex-basis: 100%; padding: 8px 10px; font-size: 13px; background: var(--ha-subtle);
  border: 1px solid var(--ha-line); border-radius: 8px; white-space: pre-wrap;
}
.ha-up, .ha-down, .ha-copy {
  display: flex; align-items: center; justify-content: center; height: 32px; padding: 0;
  border: 1px solid var(--ha-control); border-radius: 8px; background: var(--ha-bg); color: var(--ha-muted);
}
.ha-up, .ha-down { width: 32px; }
.ha-copy { gap: 5px; padding: 0 10px; margin-right: 4px; font-size: 13px; font-weight: 600; }
.ha-up .ha-icon, .ha-down .ha-icon, .ha-copy .ha-icon { width: 17px; height: 17px; }
.ha-copy .ha-icon { width: 15px; height: 15px; }
.ha-copy[data-copied] .ha-icon-copy, .ha-copy:not([data-copied]) .ha-icon-check { display: none; }
.ha-copy[data-copied] { color: var(--ha-ink); border-color: var(--ha-ink); }
.ha-down .ha-icon { transform: scaleY(-1); }
.ha-up:hover:not(:disabled), .ha-down:hover:not(:disabled), .ha-copy:hover { color: var(--ha-ink); border-color: var(--ha-ink); }
.ha-up[aria-pressed="true"], .ha-down[aria-pressed="true"] {
  background: var(--ha-accent); color: var(--ha-on-accent); border-color: var(--ha-accent);
}
.ha-up:disabled:not([aria-pressed="true"]), .ha-down:disabled:not([aria-pressed="true"]) { opacity: 0.5; }

.ha-reason { flex-basis: 100%; display: flex; flex-direction: column; gap: 6px; margin-top: 2px; }
.ha-reason label { font-size: 13px; font-weight: 600; }
.ha-reason textarea {
  min-height: 60px; max-height: 160px; resize: vertical; padding: 7px 10px; font-size: 14px;
  border: 1px solid var(--ha-field); border-radius: 8px; background: var(--ha-bg); color: var(--ha-text);
}
.ha-reason textarea:focus-visible { outline-offset: 0; border-color: var(--ha-ink); }
.ha-reason-row { display: flex; align-items: center; gap: 8px; }
.ha-reason-error { flex: 1; }
.ha-reason-send {
  margin-left: auto; padding: 4px 12px; font-size: 13px; font-weight: 600;
  border: 1px solid var(--ha-accent); border-radius: 8px; background: var(--ha-accent); color: var(--ha-on-accent);
}
.ha-reason-send:disabled { opacity: 0.6; }

.ha-chart { margin: 8px 0 0; padding: 10px; border: 1px solid var(--ha-line); border-radius: 10px; background: var(--ha-bg); }
.ha-chart-svg { display: block; height: auto; overflow: visible; }
.ha-chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: var(--ha-text); }
.ha-chart .ha-chart-heading { font-weight: 700; font-size: 12px; letter-spacing: 0.04em; }
.ha-chart .ha-chart-source { fill: var(--ha-muted); font-size: 11px; }
.ha-bar { fill: var(--ha-ink); }
.ha-range { fill: var(--ha-ink); opacity: 0.45; }
.ha-range.ha-band { fill: var(--ha-accent, var(--ha-ink)); opacity: 0.8; }
.ha-point { fill: var(--ha-ink); }
.ha-chart figcaption { margin-top: 6px; font-size: 12px; }

.ha-bot.ha-has-kit { max-width: 100%; align-self: stretch; }
.ha-kit {
  margin-top: 2px; border: 1px solid var(--ha-line); border-radius: 12px; background: var(--ha-bg);
  padding: 12px 14px; display: flex; flex-direction: column; gap: 10px;
}
.ha-kit-head { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px; }
.ha-kit-head .ha-icon { color: var(--ha-ink); margin-top: 2px; }
.ha-kit-heading { flex: 1 1 160px; min-width: 0; }
.ha-kit-kind { display: block; color: var(--ha-muted); font-size: 12px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; }
.ha-kit-title { margin: 0; font-size: 16px; font-weight: 700; line-height: 1.3; }
.ha-kit-actions { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.ha-kit-copy, .ha-kit-download, .ha-draft {
  display: inline-flex; align-items: center; gap: 5px; padding: 4px 10px; font-size: 13px; font-weight: 600;
  border: 1px solid var(--ha-ink); border-radius: 8px; background: var(--ha-bg); color: var(--ha-ink);
}
.ha-kit-copy .ha-icon, .ha-kit-download .ha-icon, .ha-draft .ha-icon { width: 15px; height: 15px; }
.ha-kit-copy:hover, .ha-kit-download:hover, .ha-draft:hover { background: var(--ha-tint); }
.ha-draft { margin-top: 8px; background: var(--ha-accent); color: var(--ha-on-accent); border-color: var(--ha-accent); }
.ha-draft:hover { background: var(--ha-accent); filter: brightness(1.08); }
.ha-kit-status { color: var(--ha-muted); font-size: 12px; }
.ha-kit-section { border-top: 1px solid var(--ha-line); padding-top: 8px; }
.ha-kit-section h4 { margin: 0 0 4px; font-size: 14px; font-weight: 700; }
.ha-kit-section ul { margin: 0; padding-left: 20px; }
.ha-kit-section li + li { margin-top: 4px; }
.ha-kit-label { font-weight: 700; }
.ha-kit-evidence { display: block; color: var(--ha-muted); font-size: 13px; }
.ha-kit-note, .ha-kit-missing { margin: 6px 0 0; color: var(--ha-muted); font-size: 13px; font-style: italic; }
.ha-kit .ha-sources { margin-top: 6px; }
.ha-kit [hidden] { display: none !important; }
.ha-kit-toggle { display: inline-flex; align-items: center; gap: 4px; font-size: 13px; cursor: pointer; }
.ha-kit-warning { margin: 0; padding: 8px 10px; border-radius: 8px; border: 1px solid #b45309; background: #fffbeb; color: #7c2d12; font-size: 14px; }
.ha-kit-recruiter { border-top: 1px dashed var(--ha-line); padding-top: 8px; }
.ha-kit-recruiter h4 { margin: 0 0 4px; font-size: 14px; font-weight: 700; }
.ha-kit-recruiter ul { margin: 0; padding-left: 20px; }

.ha-error {
  align-self: stretch; display: flex; flex-wrap: wrap; align-items: center; gap: 8px;
  padding: 9px 12px; border: 1px solid var(--ha-danger); border-radius: 10px;
  background: var(--ha-error-bg); color: var(--ha-error-text);
}
.ha-error-text { flex: 1 1 180px; }
.ha-retry {
  padding: 4px 12px; border: 1px solid var(--ha-error-text); border-radius: 8px; background: var(--ha-bg);
  color: var(--ha-error-text); font-weight: 600;
}
.ha-retry:focus-visible { outline-color: var(--ha-error-text); }

.ha-form {
  display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0 8px; padding: 10px 12px 12px;
  border-top: 1px solid var(--ha-line);
}
.ha-input {
  flex: 1; min-height: 40px; max-height: 120px; resize: none; overflow-y: hidden;
  padding: 9px 12px; line-height: 20px; border: 1px solid var(--ha-field); border-radius: 10px;
  background: var(--ha-bg); color: var(--ha-text);
}
.ha-input::placeholder { color: var(--ha-muted); opacity: 1; }
.ha-input:focus-visible { outline-offset: 0; border-color: var(--ha-ink); }
.ha-input[aria-invalid="true"] { border-color: var(--ha-danger); }
.ha-send {
  display: flex; align-items: center; justify-content: center; width: 40px; height: 40px; flex: none;
  padding: 0; border: 0; border-radius: 10px; background: var(--ha-accent); color: var(--ha-on-accent);
}
.ha-send:disabled { opacity: 0.45; }
/* The length note under the box: empty (and no height) until the text nears the limit. */
.ha-note { flex-basis: 100%; display: flex; align-items: baseline; gap: 8px; font-size: 12px; line-height: 1.35; }
.ha-note > :not(:empty) { margin-top: 6px; }
.ha-too-long { flex: 1; color: var(--ha-danger); }
.ha-counter { margin-left: auto; color: var(--ha-muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.ha-counter.ha-over { color: var(--ha-danger); font-weight: 600; }

@media ${FULL_SCREEN} {
  .ha-panel {
    inset: 0 !important; width: auto; height: auto; max-width: none; max-height: none;
    border: 0; border-radius: 0;
  }
  /* below 16px iOS zooms the page on focus */
  .ha-input, .ha-reason textarea { font-size: 16px; }
}
@media (prefers-reduced-motion: reduce) {
  .ha-dot { animation: none; opacity: 0.7; }
}
`;
  }

  /**
   * Our styles, as a constructed stylesheet where the browser has them: a host page whose
   * Content-Security-Policy forbids inline <style> (no 'unsafe-inline') still styles the widget.
   */
  function adoptStyles(root, css) {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (_) {
        /* an older browser: fall back to a <style> element */
      }
    }
    root.append(el("style", { text: css }));
  }

  // ---------------------------------------------------------------------------------------
  // The widget

  function createWidget() {
    const host = el("div", { id: "hiring-advisor-widget" });
    if (options.theme) host.setAttribute("data-theme", options.theme);
    const root = host.attachShadow({ mode: "open" });
    const panelId = "ha-panel";
    const tooLongId = "ha-too-long";

    const launcher = el(
      "button",
      {
        type: "button", class: "ha-launcher", ariaLabel: "open",
        "aria-expanded": "false", "aria-controls": panelId,
      },
      icon(ICONS.chat, { class: "ha-icon ha-icon-chat" }),
      icon(ICONS.chevron, { class: "ha-icon ha-icon-chevron" }),
    );
    const title = el("h2", { class: "ha-title", text: options.title });
    const newButton = el("button", {
      type: "button", class: "ha-new", ariaLabel: "new_conversation", label: "new",
    });
    const closeButton = el(
      "button", { type: "button", class: "ha-close", ariaLabel: "close" }, icon(ICONS.close),
    );
    const log = el("div", { class: "ha-log", role: "log", "aria-live": "polite" });
    // No maxlength: a longer question is refused with a message, never cut without a word.
    const input = el("textarea", {
      class: "ha-input", ariaLabel: "input", placeholder: options.placeholder, rows: 1,
    });
    const send = el(
      "button", { type: "submit", class: "ha-send", ariaLabel: "send" }, icon(ICONS.send),
    );
    // The counter as seen (hidden from screen readers, which hear `counterSpoken` once typing
    // pauses rather than at every key) and the refusal of a question that is too long.
    const counter = el("span", { class: "ha-counter", "aria-hidden": "true" });
    const counterSpoken = el("span", { class: "ha-sr", role: "status" });
    const tooLong = el("span", { class: "ha-too-long", id: tooLongId, role: "alert" });
    const form = el("form", { class: "ha-form", novalidate: true },
      input, send, el("div", { class: "ha-note" }, tooLong, counter), counterSpoken);
    const panel = el(
      "div",
      { class: "ha-panel", id: panelId, role: "dialog", "aria-label": options.title, hidden: true },
      el("div", { class: "ha-header" }, title, newButton, closeButton),
      log,
      form,
    );

    adoptStyles(root, stylesheet(palette(options.accent)));
    root.append(el("div", { class: `ha-root ha-${options.position}` }, panel, launcher));

    // State. `generation` changes on reset so late answers of an old conversation are dropped.
    let busy = false;
    let generation = 0;
    let inFlight = null; // AbortController of the current chat request
    let greeting = null;
    let starters = [];
    let failed = null; // {text, user} of the question whose error is showing

    // -- where the log is scrolled ----------------------------------------------------------
    // A question just sent scrolls into view. Its answer is then followed: its end while it
    // fits, then its top stays at the top of the view, so a long answer (a chart, a job post)
    // is read from its start. Once the reader scrolls the log themselves, it is theirs.

    const TOP_GAP = 14; // px above an answer held at the top: the log's own top padding
    let anchor = null; // the answer being followed, until it is complete or the reader scrolls
    let expected = null; // scrollTop as the widget last set it
    let savedScroll = null; // scrollTop when the panel was closed

    function scrollLog(top) {
      log.scrollTop = Math.max(0, top);
      expected = log.scrollTop;
    }

    /** The scrollTop that puts `node`'s top at the top of the view (or as far as it goes). */
    function topOf(node) {
      const top = node.getBoundingClientRect().top - log.getBoundingClientRect().top
        + log.scrollTop - TOP_GAP;
      return Math.min(top, log.scrollHeight - log.clientHeight);
    }

    function follow() {
      if (!anchor) return;
      if (panel.hidden) savedScroll = null; // open() shows the latest answer
      else scrollLog(topOf(anchor));
    }

    /** The latest answer's top (or the end, when it is short). */
    function revealLatest() {
      const bots = log.querySelectorAll(".ha-msg.ha-bot");
      scrollLog(bots.length ? topOf(bots[bots.length - 1]) : 0);
    }

    /** Bring `node` (just shown below an answer) fully into view. */
    function reveal(node) {
      const below = node.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom;
      if (below > 0) scrollLog(log.scrollTop + below + 8);
    }

    log.addEventListener("scroll", () => {
      // Not where the widget put it: the reader scrolled (wheel, touch, keys, scrollbar).
      if (expected !== null && Math.abs(log.scrollTop - expected) > 1) anchor = null;
    });

    // -- log helpers ---------------------------------------------------------------------

    function message(kind, text) {
      return el("div", { class: `ha-msg ha-${kind}` }, el("div", { class: "ha-text", text }));
    }

    function showGreeting() {
      log.replaceChildren((greeting = message("bot", options.greeting)));
      greeting.classList.add("ha-greeting");
      if (starters.length) greeting.append(suggestionsBlock(starters));
    }

    /** The profile's words in every labelled node (see setLabel), and in the counter. */
    function relabel() {
      root.querySelectorAll("[data-ha-label]").forEach((n) => setLabel(n, n.getAttribute("data-ha-label")));
      root.querySelectorAll("[data-ha-aria]").forEach((n) => setAriaLabel(n, n.getAttribute("data-ha-aria")));
      updateCounter();
    }

    /** The assistant's name, greeting, placeholder, starter questions and the widget's words. */
    async function loadProfile() {
      let profile;
      try {
        const res = await fetch(`${options.api}/api/profile`, { headers: { Accept: "application/json" } });
        if (!res.ok) return;
        profile = await res.json();
      } catch (_) {
        return; // offline or an old server: the defaults stay
      }
      if (!profile || typeof profile !== "object") return;
      const line = (v) => (typeof v === "string" && v.trim() ? v.trim() : null);
      if (!options.given.title && line(profile.name)) {
        options.title = line(profile.name);
        title.textContent = options.title;
        panel.setAttribute("aria-label", options.title);
      }
      if (!options.given.placeholder && line(profile.placeholder)) {
        input.placeholder = line(profile.placeholder);
      }
      if (!options.given.greeting && line(profile.greeting)) {
        options.greeting = line(profile.greeting);
        greeting.querySelector(".ha-text").textContent = options.greeting;
      }
      if (options.starters && Array.isArray(profile.starters)) {
        starters = profile.starters.filter((q) => typeof q === "string" && q.trim()).slice(0, 6);
        // Starters belong to a conversation that has not begun.
        if (starters.length && !log.querySelector(".ha-user") && !greeting.querySelector(".ha-suggestions")) {
          greeting.append(suggestionsBlock(starters));
        }
      }
      const widget = profile.widget && typeof profile.widget === "object" ? profile.widget : {};
      const locale = line(widget.locale);
      try {
        if (locale && Intl.NumberFormat.supportedLocalesOf([locale]).length) numberLocale = locale;
      } catch (_) {
        /* not a locale tag: numbers stay in English */
      }
      const given = widget.labels && typeof widget.labels === "object" ? widget.labels : {};
      for (const key of Object.keys(LABELS)) {
        if (line(given[key])) labels[key] = line(given[key]);
      }
      relabel();
    }

    function typingIndicator() {
      return el(
        "div",
        { class: "ha-typing", role: "status", ariaLabel: "typing" },
        el("span", { class: "ha-dot", "aria-hidden": "true" }),
        el("span", { class: "ha-dot", "aria-hidden": "true" }),
        el("span", { class: "ha-dot", "aria-hidden": "true" }),
        el("span", { class: "ha-sr", label: "typing" }),
      );
    }

    function pendingBot() {
      const bot = message("bot", "");
      bot.classList.add("ha-streaming");
      bot.append(typingIndicator());
      return bot;
    }

    function appendDelta(bot, text) {
      if (typeof text !== "string" || !text) return;
      bot.querySelector(".ha-typing")?.remove();
      bot.querySelector(".ha-text").append(document.createTextNode(text));
      follow();
    }

    function clearSuggestions() {
      log.querySelectorAll(".ha-suggestions").forEach((n) => n.remove());
    }

    function clearErrors() {
      log.querySelectorAll(".ha-error").forEach((n) => n.remove());
      failed = null;
    }

    // -- a finished answer ----------------------------------------------------------------

    /** Fill a bot message with a final turn: Markdown answer, chart, sources, feedback... */
    function finishBot(bot, turn, withSuggestions) {
      bot.classList.remove("ha-streaming");
      bot.querySelector(".ha-typing")?.remove();
      if (turn.message_id) bot.setAttribute("data-message-id", turn.message_id);
      bot.setAttribute("data-answered", String(turn.answered));
      const kit = kitData(turn.data);
      if (kit) {
        // The card is the answer: its Markdown is what Copy and Download give. A line before
        // it says what was done ("Without **How we work**, as asked.").
        bot.classList.add("ha-has-kit");
        const answer = str(turn.answer);
        const lead = kit.markdown && answer.endsWith(kit.markdown)
          ? answer.slice(0, answer.length - kit.markdown.length).trim() : "";
        bot.querySelector(".ha-text").replaceChildren(...(lead ? [renderMarkdown(lead)] : []));
        bot.append(kitCard(kit));
      } else {
        bot.querySelector(".ha-text").replaceChildren(renderMarkdown(turn.answer));
      }
      const chart = buildCharts(turn.data);
      if (chart) bot.append(chart);
      if (turn.sources.length && !kit) bot.append(sourcesBlock(turn.sources));
      const draft = draftOffer(turn.data);
      if (draft) bot.append(draft);
      // Copy and the ratings in one row (a kit card has its own Copy).
      const row = turn.message_id ? feedbackBlock(turn.message_id, turn.rating)
        : el("div", { class: "ha-feedback" });
      if (!kit && turn.answer.trim()) row.prepend(...copyButton(turn.answer));
      if (row.childNodes.length) bot.append(row);
      if (withSuggestions && turn.suggestions.length) bot.append(suggestionsBlock(turn.suggestions));
    }

    /** A drafted kit as a document: the ad's sections, then (with "Show sources") the source
     * chips and the notes for the recruiter; warnings always. Copy and Download take what is
     * shown: the ad alone, or the whole document. */
    function kitCard(kit) {
      const titleId = nextId("ha-kit-title");
      const status = el("span", { class: "ha-kit-status", role: "status" });
      const copy = el("button", { type: "button", class: "ha-kit-copy" }, icon(ICONS.copy),
        el("span", { label: "copy_markdown" }));
      const download = el("button", { type: "button", class: "ha-kit-download" },
        icon(ICONS.download), el("span", { label: "download" }));
      const toggle = el("input", { type: "checkbox", class: "ha-kit-toggle-input" });
      const shown = () => (toggle.checked ? kit.markdown : kit.adMarkdown);
      copy.addEventListener("click", async () => {
        setLabel(status, (await copyText(shown())) ? "copied" : "copy_failed");
      });
      download.addEventListener("click", () => {
        const url = URL.createObjectURL(new Blob([shown()], { type: "text/markdown;charset=utf-8" }));
        const link = el("a", { href: url, download: fileName(kit.title, kit.kind), hidden: true });
        root.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        setLabel(status, "downloaded");
      });
      const card = el(
        "article",
        { class: "ha-kit", "data-kind": kit.kind, "aria-labelledby": titleId },
        el("header", { class: "ha-kit-head" },
          icon(ICONS.doc),
          el("div", { class: "ha-kit-heading" },
            el("span", { class: "ha-kit-kind", text: kit.name }),
            el("h3", { class: "ha-kit-title", id: titleId, text: kit.title })),
          el("div", { class: "ha-kit-actions" }, copy, download,
            el("label", { class: "ha-kit-toggle" }, toggle, el("span", { label: "show_sources" })),
            status)),
      );
      // What must be fixed before the ad is published is never hidden.
      for (const warning of kit.warnings) {
        card.append(el("p", { class: "ha-kit-warning", role: "note", "data-source": str(warning.source) },
          kit.warningLabel ? el("strong", { text: `${kit.warningLabel}: ` }) : null,
          str(warning.text)));
      }
      const extras = [];  // shown with "Show sources" only
      for (const section of kit.sections) {
        const list = el("ul");
        for (const bullet of section.bullets) {
          const name = str(bullet.label);
          const evidence = str(bullet.evidence);
          list.append(el("li", { "data-source": str(bullet.source) },
            name ? el("span", { class: "ha-kit-label", text: `${name}: ` }) : null,
            str(bullet.text),
            evidence ? el("span", { class: "ha-kit-evidence",
              text: kit.evidenceLabel ? `${kit.evidenceLabel}: ${evidence}` : evidence }) : null));
        }
        const chips = section.sources.length ? sourcesBlock(section.sources) : null;
        if (chips) extras.push(chips);
        card.append(el("section", { class: "ha-kit-section", "data-section": section.id },
          el("h4", { text: section.heading }),
          list,
          section.note ? el("p", { class: "ha-kit-note", text: section.note }) : null,
          chips));
      }
      if (kit.recruiter.length) {
        const block = el("section", { class: "ha-kit-recruiter" },
          el("h4", { text: kit.recruiterLabel || "For the recruiter" }),
          el("ul", {}, ...kit.recruiter.map((b) => el("li", { "data-source": str(b.source) },
            str(b.label) ? el("span", { class: "ha-kit-label", text: `${str(b.label)}: ` }) : null,
            str(b.text)))));
        extras.push(block);
        card.append(block);
      }
      const show = () => { for (const part of extras) part.hidden = !toggle.checked; };
      toggle.addEventListener("change", show);
      show();
      if (kit.missing.length) {
        card.append(el("p", { class: "ha-kit-missing",
          text: `${kit.missingLabel || "Left out"}: ${kit.missing.join(", ")}.` }));
      }
      if (kit.omitted.length) {
        card.append(el("p", { class: "ha-kit-missing ha-kit-omitted",
          text: `${kit.omittedLabel || "Left out, as asked"}: ${kit.omitted.join(", ")}.` }));
      }
      return card;
    }

    /** Copy text to the clipboard; a hidden textarea and execCommand where the API is refused. */
    async function copyText(text) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (_) {
        const area = el("textarea", { class: "ha-sr", "aria-hidden": "true", tabindex: "-1" });
        area.value = text;
        root.append(area);
        area.select();
        let done = false;
        try {
          done = document.execCommand("copy");
        } catch (_) {
          done = false;
        }
        area.remove();
        return done;
      }
    }

    /**
     * Copy under an answer: its Markdown source (plain text with **bold**, "- " lists and
     * [links](url)). "Copied" for two seconds, said to screen readers too; a failure says what to
     * do. Returns the button and its status line.
     */
    function copyButton(text) {
      const word = el("span", { label: "copy" });
      const status = el("span", { class: "ha-sr", role: "status" });
      const button = el("button", { type: "button", class: "ha-copy", ariaLabel: "copy_answer" },
        icon(ICONS.copy, { class: "ha-icon ha-icon-copy" }),
        icon(ICONS.check, { class: "ha-icon ha-icon-check" }), word);
      let timer = null;
      button.addEventListener("click", async () => {
        const done = await copyText(text);
        button.parentNode?.querySelector(".ha-copy-error")?.remove();
        clearTimeout(timer);
        if (!done) {
          button.after(el("span", { class: "ha-feedback-error ha-copy-error", role: "alert", label: "copy_failed" }));
          return;
        }
        button.setAttribute("data-copied", "");
        setLabel(word, "copied");
        setAriaLabel(button, "copied");
        setLabel(status, "copied");
        timer = setTimeout(() => {
          button.removeAttribute("data-copied");
          setLabel(word, "copy");
          setAriaLabel(button, "copy_answer");
          status.removeAttribute("data-ha-label");
          status.textContent = "";
        }, 2000);
      });
      return [button, status];
    }

    /** Under a salary answer: the button that asks for a job post about the same figures. */
    function draftOffer(data) {
      const draft = data && data.kind === "salaries" && data.draft;
      if (!draft || !str(draft.label).trim() || !str(draft.message).trim()) return null;
      const button = el("button", { type: "button", class: "ha-draft" }, icon(ICONS.doc), draft.label);
      button.addEventListener("click", () => ask(draft.message));
      return el("div", { class: "ha-actions" }, button);
    }

    function sourcesBlock(sources) {
      const box = el("div", { class: "ha-sources" },
        el("span", { class: "ha-sources-label", label: "sources" }));
      const details = [];
      for (const source of sources) {
        const detailId = nextId("ha-source");
        const detail = el("div", {
          class: "ha-chip-detail", id: detailId, hidden: true, text: String(source.snippet ?? ""),
        });
        const name = String(source.title || source.id || "Source");
        const chip = el("button", {
          type: "button", class: "ha-chip", "aria-expanded": "false", "aria-controls": detailId,
          title: name, text: name,
        });
        chip.addEventListener("click", () => {
          const open = chip.getAttribute("aria-expanded") !== "true";
          chip.setAttribute("aria-expanded", String(open));
          detail.hidden = !open;
        });
        box.append(chip);
        details.push(detail);
      }
      // Details after all chips so an opened snippet takes a full line under the chip row.
      box.append(...details);
      return box;
    }

    function feedbackBlock(messageId, rating) {
      const up = el("button", {
        type: "button", class: "ha-up", ariaLabel: "helpful", "aria-pressed": "false",
      }, icon(ICONS.thumb));
      const down = el("button", {
        type: "button", class: "ha-down", ariaLabel: "not_helpful", "aria-pressed": "false",
      }, icon(ICONS.thumb));
      const box = el("div", { class: "ha-feedback" },
        el("span", { class: "ha-feedback-label", label: "feedback" }), up, down);

      const press = (chosen) => {
        for (const b of [up, down]) {
          b.disabled = true;
          b.setAttribute("aria-pressed", String(b === chosen));
        }
        box.querySelector(".ha-feedback-error")?.remove();
      };
      const thank = () => box.append(
        el("span", { class: "ha-feedback-done", role: "status", label: "thanks" }));
      const unpress = (problem) => {
        for (const b of [up, down]) {
          b.disabled = false;
          b.setAttribute("aria-pressed", "false");
        }
        box.append(el("span", { class: "ha-feedback-error", role: "alert", text: problem }));
      };

      // The choice shows at once (and blocks a second click); the thanks only once recorded.
      const rate = async (value, button) => {
        press(button);
        try {
          const res = await postJson("/api/feedback", { message_id: messageId, rating: value, comment: null });
          if (!res.ok) {
            unpress((await httpError(res)).message);
            return;
          }
        } catch (_) {
          unpress(label("feedback_failed"));
          return;
        }
        thank();
        if (value === "down") askReason(box, messageId, down);
      };
      up.addEventListener("click", () => rate("up", up));
      down.addEventListener("click", () => rate("down", down));
      if (rating) {
        press(rating === "up" ? up : down);
        thank();
      }
      return box;
    }

    /**
     * After a thumbs down: an optional comment on what was wrong, sent as the same rating again
     * with the comment (POST /api/feedback takes one), then thanks.
     */
    function askReason(box, messageId, down) {
      const areaId = nextId("ha-reason");
      const area = el("textarea", { id: areaId, class: "ha-reason-input", rows: 2, maxlength: MAX_COMMENT });
      const sendIt = el("button", { type: "submit", class: "ha-reason-send", label: "reason_send" });
      const problem = el("span", { class: "ha-reason-error", role: "alert" });
      const form = el("form", { class: "ha-reason", novalidate: true },
        el("label", { for: areaId, label: "reason" }), area,
        el("div", { class: "ha-reason-row" }, problem, sendIt));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const comment = area.value.trim();
        if (!comment || sendIt.disabled) {
          area.focus();
          return;
        }
        sendIt.disabled = area.readOnly = true;
        problem.textContent = "";
        try {
          const res = await postJson("/api/feedback", { message_id: messageId, rating: "down", comment });
          if (res.ok) {
            const hadFocus = form.contains(root.activeElement);
            const done = el("span", { class: "ha-feedback-done ha-reason-done", role: "status",
              tabindex: "-1", label: "reason_thanks" });
            form.replaceWith(done);
            if (hadFocus) done.focus({ preventScroll: true });
            return;
          }
          problem.textContent = (await httpError(res)).message;
        } catch (_) {
          problem.textContent = label("feedback_failed");
        }
        sendIt.disabled = area.readOnly = false;
      });
      box.append(form);
      // The thumb just clicked is disabled now, so focus would be lost: it goes to the box.
      const active = root.activeElement;
      if (!active || active === down) area.focus({ preventScroll: true });
      if (!panel.hidden) reveal(form);
    }

    function suggestionsBlock(suggestions) {
      const box = el("div", { class: "ha-suggestions", role: "group", ariaLabel: "suggestions" });
      for (const text of suggestions) {
        const button = el("button", { type: "button", class: "ha-suggestion", text });
        button.addEventListener("click", () => ask(text));
        box.append(button);
      }
      return box;
    }

    function showError(problem, question, userMessage, inView) {
      const retry = el("button", { type: "button", class: "ha-retry", label: "retry" });
      const box = el("div", { class: "ha-error", role: "alert" },
        el("span", { class: "ha-error-text", text: problem }), retry);
      retry.addEventListener("click", () => {
        if (busy) return;
        box.remove();
        // The question given back to the box after the error is the one retried: it must not
        // stay there to be sent a second time. Anything else typed meanwhile stays.
        if (input.value.trim() === question) {
          input.value = "";
          autoGrow();
          updateCounter();
        }
        ask(question, userMessage);
      });
      log.append(box);
      failed = { text: question, user: userMessage };
      if (inView && !panel.hidden) scrollLog(log.scrollHeight);
    }

    // -- sending ----------------------------------------------------------------------------

    /**
     * Send `question`; `userMessage` is the existing bubble when retrying. Returns once the
     * answer (or an error) is shown.
     */
    async function ask(question, userMessage = null) {
      const text = String(question).trim();
      if (!text || busy) return;
      clearErrors();
      clearSuggestions();
      const user = userMessage || message("user", text);
      const bot = pendingBot();
      if (!user.isConnected) log.append(user);
      log.append(bot);
      anchor = bot;
      // The question just sent, and the typing dots under it, come into view.
      if (panel.hidden) savedScroll = null;
      else scrollLog(log.scrollHeight);
      setBusy(true);
      const mine = generation;
      try {
        const turn = await requestAnswer(text, bot, () => mine === generation);
        if (mine !== generation) return;
        if (turn.session_id) saveSession(turn.session_id);
        finishBot(bot, turn, true);
        follow();
      } catch (err) {
        if (mine !== generation) return; // the conversation was reset meanwhile
        const following = anchor === bot;
        bot.remove();
        showError(err instanceof ChatError ? err.message : label("unreachable"), text, user, following);
        // Nothing typed is lost: give the question back unless something new was typed.
        if (!input.value.trim()) {
          input.value = text;
          autoGrow();
          updateCounter();
        }
      } finally {
        if (anchor === bot) anchor = null;
        if (mine === generation) setBusy(false);
      }
    }

    /** Stream the answer into `bot`; falls back to POST /api/chat when streaming is absent. */
    async function requestAnswer(text, bot, current) {
      const controller = new AbortController();
      inFlight = controller;
      let timer = null;
      // An idle timeout: reset whenever bytes arrive, so a slow but live stream survives.
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      };
      arm();
      const body = { message: text, session_id: loadSession() };
      try {
        let res = await postJson("/api/chat/stream", body, controller.signal);
        if (res.status === 404 || res.status === 405) {
          res = await postJson("/api/chat", body, controller.signal);
        }
        if (!res.ok) throw await httpError(res);
        const type = res.headers.get("Content-Type") || "";
        if (!res.body || type.includes("application/json")) return normaliseTurn(await res.json());
        return await readStream(res, bot, arm, current);
      } catch (err) {
        throw err instanceof ChatError ? err : new ChatError(label("unreachable"));
      } finally {
        clearTimeout(timer);
        if (inFlight === controller) inFlight = null;
      }
    }

    async function readStream(res, bot, arm, current) {
      let final = null;
      let failure = null;
      const parser = sseParser((name, data) => {
        if (!current() || final || failure) return;
        if (name === "sources") {
          if (typeof data.session_id === "string") saveSession(data.session_id);
          if (typeof data.message_id === "string") bot.setAttribute("data-message-id", data.message_id);
        } else if (name === "delta") {
          appendDelta(bot, data.text);
        } else if (name === "done") {
          final = normaliseTurn(data);
        } else if (name === "error") {
          failure = new ChatError(data && data.detail ? sentence(data.detail) : label("unreachable"));
        }
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      while (!final && !failure) {
        const { done, value } = await reader.read();
        if (done) {
          parser.push(decoder.decode());
          parser.end();
          break;
        }
        arm();
        parser.push(decoder.decode(value, { stream: true }));
      }
      reader.cancel().catch(() => {});
      if (failure) throw failure;
      if (!final) throw new ChatError(label("unreachable")); // the stream ended without an answer
      return final;
    }

    function setBusy(value) {
      busy = value;
      send.disabled = value; // typing stays allowed; only sending waits
      log.setAttribute("aria-busy", String(value)); // screen readers read the answer once, whole
    }

    // -- restoring a conversation -----------------------------------------------------------

    async function restore() {
      const id = loadSession();
      if (!id) return;
      const mine = generation;
      let res;
      try {
        res = await fetch(`${options.api}/api/sessions/${encodeURIComponent(id)}`, {
          headers: { Accept: "application/json" },
        });
      } catch (_) {
        return; // offline: keep the id, the next question continues the conversation
      }
      if (mine !== generation || loadSession() !== id) return;
      if (res.status === 404) {
        saveSession(null);
        return;
      }
      if (!res.ok) return;
      let turns;
      try {
        turns = (await res.json()).turns;
      } catch (_) {
        return;
      }
      if (mine !== generation || !Array.isArray(turns) || !turns.length) return;
      renderHistory(turns);
    }

    /** Restored turns go right after the greeting, before anything asked meanwhile. */
    function renderHistory(turns) {
      const fragment = document.createDocumentFragment();
      const asked = log.querySelectorAll(".ha-user").length > 0;
      turns.forEach((raw, i) => {
        let turn;
        try {
          turn = normaliseTurn(raw);
        } catch (_) {
          return;
        }
        const bot = message("bot", "");
        finishBot(bot, turn, !asked && i === turns.length - 1);
        fragment.append(message("user", turn.question), bot);
      });
      greeting.querySelector(".ha-suggestions")?.remove(); // starters are for a new conversation
      greeting.after(fragment);
      if (asked) return; // a question asked meanwhile keeps the view
      savedScroll = null;
      if (!panel.hidden) revealLatest();
    }

    // -- input --------------------------------------------------------------------------------

    /** Grow the textarea with its content up to ~5 lines (max-height), then scroll. */
    function autoGrow() {
      if (panel.hidden) return; // nothing to measure until the panel is shown
      input.style.height = "auto";
      const max = parseFloat(getComputedStyle(input).maxHeight) || 120;
      const height = Math.min(input.scrollHeight + 2, max);
      input.style.height = `${height}px`;
      input.style.overflowY = input.scrollHeight + 2 > max ? "auto" : "hidden";
    }

    // Characters as the API counts them (code points: an emoji is one).
    const length = (text) => [...text].length;
    let spokenTimer = null;

    /** "1,850 / 2,000" from 80% of the limit; over it, in the error colour. */
    function updateCounter() {
      const count = length(input.value);
      const values = { count: number(count), max: number(MAX_MESSAGE) };
      const shown = count >= COUNTER_FROM;
      counter.textContent = shown ? label("counter", values) : "";
      counter.classList.toggle("ha-over", count > MAX_MESSAGE);
      if (tooLong.textContent && length(input.value.trim()) <= MAX_MESSAGE) refuse(0);
      clearTimeout(spokenTimer);
      if (!shown) {
        counterSpoken.textContent = "";
        return;
      }
      // Said once typing pauses, not at every key.
      spokenTimer = setTimeout(() => {
        counterSpoken.textContent = label("counter_spoken", values);
      }, 1000);
    }

    /** Say why a question is not sent (`over` characters too many), or stop saying it (0). */
    function refuse(over) {
      if (over > 0) {
        tooLong.textContent = label("too_long", {
          over: number(over), max: number(MAX_MESSAGE), count: number(MAX_MESSAGE + over),
        });
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", tooLongId);
      } else {
        tooLong.textContent = "";
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }

    function submit() {
      const text = input.value;
      if (!text.trim() || busy) return;
      const over = length(text.trim()) - MAX_MESSAGE;
      if (over > 0) {
        refuse(over);
        return;
      }
      input.value = "";
      autoGrow();
      updateCounter();
      // The failed question sent again from the box is a retry: the same bubble, not a second.
      const again = failed && failed.text === text.trim() && failed.user.isConnected ? failed.user : null;
      ask(text, again);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    input.addEventListener("keydown", (event) => {
      // isComposing: Enter that confirms an IME composition must not send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    input.addEventListener("input", () => {
      autoGrow();
      updateCounter();
    });

    // -- full screen: a modal dialog ------------------------------------------------------------
    // Where the chat fills the screen the page behind cannot be seen, so it must not be reachable
    // either: aria-modal, Tab kept inside, the page's scrolling stopped (and given back).

    const fullScreen = window.matchMedia ? window.matchMedia(FULL_SCREEN) : null;
    let pageOverflow = null; // the page's own inline overflow values while the chat holds them

    const isModal = () => !panel.hidden && Boolean(fullScreen && fullScreen.matches);

    function applyModal() {
      const modal = isModal();
      if (modal) panel.setAttribute("aria-modal", "true");
      else panel.removeAttribute("aria-modal");
      const page = [document.documentElement.style, document.body.style];
      if (modal && !pageOverflow) {
        pageOverflow = page.map((style) => style.overflow);
        page.forEach((style) => { style.overflow = "hidden"; });
      } else if (!modal && pageOverflow) {
        page.forEach((style, i) => { style.overflow = pageOverflow[i]; });
        pageOverflow = null;
      }
    }

    function focusables() {
      return [...panel.querySelectorAll("button, textarea, input, select, a[href], [tabindex]")]
        .filter((n) => !n.disabled && n.tabIndex >= 0 && n.getClientRects().length > 0);
    }

    /** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
    function trapTab(event) {
      const items = focusables();
      if (!items.length) return;
      const [first, last] = [items[0], items[items.length - 1]];
      const active = root.activeElement;
      const leaving = !panel.contains(active) || (event.shiftKey ? active === first : active === last);
      if (leaving) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }

    if (fullScreen) {
      const changed = () => applyModal();
      if (fullScreen.addEventListener) fullScreen.addEventListener("change", changed);
      else if (fullScreen.addListener) fullScreen.addListener(changed); // Safari before 14
    }
    // Focus that gets out anyway (a page script, a click on what is behind) comes back.
    document.addEventListener("focusin", () => {
      if (isModal() && !panel.contains(root.activeElement)) input.focus();
    });

    // -- open / close / reset -------------------------------------------------------------------

    function open({ focus = true } = {}) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      applyModal();
      if (savedScroll !== null) scrollLog(savedScroll);
      else revealLatest();
      autoGrow();
      if (focus) input.focus();
    }

    function close({ returnFocus = false } = {}) {
      const hadFocus = root.activeElement && panel.contains(root.activeElement);
      savedScroll = log.scrollTop;
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      applyModal();
      if (returnFocus || hadFocus) launcher.focus();
    }

    function reset() {
      generation += 1;
      inFlight?.abort();
      inFlight = null;
      anchor = null;
      savedScroll = null;
      saveSession(null);
      showGreeting();
      setBusy(false);
      if (!panel.hidden) input.focus();
    }

    launcher.addEventListener("click", () => {
      if (panel.hidden) open();
      else close({ returnFocus: true });
    });
    closeButton.addEventListener("click", () => close({ returnFocus: true }));
    newButton.addEventListener("click", reset);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.isComposing) {
        event.preventDefault();
        close({ returnFocus: true });
      } else if (event.key === "Tab" && isModal()) {
        trapTab(event);
      }
    });

    showGreeting();
    setBusy(false);
    document.body.append(host);
    fillOrigin();
    if (options.open) open({ focus: false });
    loadProfile();
    restore();

    return { open: () => open(), close: () => close(), reset };
  }

  /**
   * A page that shows how to embed the widget (the demo page) marks where this server's address
   * goes with data-hiring-advisor="origin"; the snippet it shows is then right wherever the page
   * is served. Nothing else on a host page is touched.
   */
  function fillOrigin() {
    document.querySelectorAll('[data-hiring-advisor="origin"]').forEach((node) => {
      node.textContent = options.api;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Start. With `defer` the body exists already; a plain <script> in <head> waits for it.
  // Calls to the public API made before then are replayed once the widget exists.

  let widget = null;
  const queued = [];
  const call = (name) => () => (widget ? widget[name]() : queued.push(name));
  window.HiringAdvisorWidget = Object.freeze({ open: call("open"), close: call("close"), reset: call("reset") });

  function start() {
    widget = createWidget();
    queued.splice(0).forEach((name) => widget[name]());
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
