/*
 * hiring-advisor content console (/admin): one dependency-free script, no build step.
 *
 * It signs in with an account's name and password, or the admin token (sent once; the server
 * answers with an HttpOnly session cookie and a CSRF token this script keeps in memory only),
 * then reads and posts /admin/api/, showing only the actions the session's role allows (the
 * server refuses the others anyway). Everything shown that people or editors wrote (questions, comments, answers,
 * knowledge text) is untrusted: it reaches the page only through textContent and attributes,
 * never innerHTML. Charts are SVG built here with createElementNS.
 */
(() => {
  "use strict";

  const API = "/admin/api";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const PANELS = ["overview", "gaps", "conversations", "knowledge", "publish", "try"];
  const state = { csrf: null, session: null, expiryTimer: null, reasons: [], showText: false };

  // -------------------------------------------------------------------------------------
  // DOM helpers

  const $ = (id) => document.getElementById(id);
  // What the session's role allows: "edit", "publish" or "admin".
  const can = (what) => Boolean(state.session && state.session.can && state.session.can[what]);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function fill(node, ...children) {
    node.replaceChildren();
    append(node, children);
  }

  function when(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  // "6 Dec, 14:05" (the year too when it is not this one), in the browser's time zone: one
  // line in a table, whatever the locale; the full date goes in the element's title.
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function shortWhen(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    const pad = (n) => String(n).padStart(2, "0");
    const year = date.getFullYear() === new Date().getFullYear() ? "" : ` ${date.getFullYear()}`;
    return `${date.getDate()} ${MONTHS[date.getMonth()]}${year}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  function timeEl(iso) {
    return el("time", { datetime: iso, title: when(iso), class: "when", text: shortWhen(iso) });
  }

  function shortDay(iso) {
    const date = new Date(iso + "T00:00:00Z");
    return date.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }

  const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : "");
  const percent = (value) => (value === null || value === undefined ? "\u2013"
    : `${Math.round(value * 100)}%`);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.textContent = ""; }, 4000);
  }

  // An answer as the widget shows it, without markup: paragraphs, line breaks and **bold**
  // (the only emphasis answers use), built from text nodes.
  function answerText(text, cls) {
    const box = el("div", { class: cls });
    for (const para of String(text).split(/\n{2,}/)) {
      const p = el("p");
      para.split("\n").forEach((line, i) => {
        if (i) p.append(el("br"));
        line.split("**").forEach((part, j) => {
          if (part) p.append(j % 2 ? el("strong", { text: part }) : document.createTextNode(part));
        });
      });
      box.append(p);
    }
    return box;
  }

  function errorBox(message) {
    return el("p", { class: "error", role: "alert", text: message });
  }

  function emptyNote(message) {
    return el("p", { class: "empty", text: message });
  }

  // Why a question went badly: a plain sentence, and the detail line with the figures.
  function whyLine(why) {
    if (!why || !why.text) return null;
    return el("p", { class: "why" }, el("span", { class: "why-text", text: why.text }),
      why.detail ? el("span", { class: "detail-line", text: why.detail }) : null);
  }

  function badge(text, kind) {
    return el("span", { class: `badge ${kind || ""}`.trim(), text });
  }

  function table(caption, headings, rows, numeric) {
    const nums = new Set(numeric || []);
    return el("div", { class: "table-wrap" },
      el("table", {},
        caption ? el("caption", { text: caption }) : null,
        el("thead", {}, el("tr", {}, headings.map((h, i) =>
          el("th", { scope: "col", class: nums.has(i) ? "num" : null, text: h })))),
        el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell, i) =>
          el("td", { class: nums.has(i) ? "num" : null },
            cell instanceof Node ? cell : String(cell ?? ""))))))));
  }

  // -------------------------------------------------------------------------------------
  // The API

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  // options: method, body (sent as JSON), form (a FormData, sent as it is), headers (more).
  async function call(path, options) {
    const { method = "GET", body, form, headers: more } = options || {};
    const headers = { Accept: "application/json", ...(more || {}) };
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf || "";
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(API + path, {
        method, headers, credentials: "same-origin", cache: "no-store",
        body: form !== undefined ? form : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (_) {
      throw new ApiError("The server cannot be reached; check the connection and try again.", 0);
    }
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    const detail = (data && typeof data.detail === "string") ? data.detail
      : `The server answered ${response.status}.`;
    if (response.status === 401 && path !== "/session") {
      signedOut(state.session ? "Your session has expired; sign in again." : detail);
      throw new ApiError(detail, 401);
    }
    return { ok: response.ok, status: response.status, data, detail,
      etag: response.headers.get("ETag") };
  }

  async function read(path) {
    const result = await call(path);
    if (!result.ok) throw new ApiError(result.detail, result.status);
    return result.data;
  }

  // Load into a container: a note while it loads, an error in place of the content if it fails.
  async function loadInto(container, path, render) {
    container.setAttribute("aria-busy", "true");
    try {
      const data = await read(path);
      render(data);
    } catch (error) {
      if (error.status !== 401) fill(container, errorBox(error.message));
    } finally {
      container.removeAttribute("aria-busy");
    }
  }

  // -------------------------------------------------------------------------------------
  // Signing in and out

  function showSignIn(note) {
    $("loading").hidden = true;
    $("console").hidden = true;
    $("who").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-note").textContent = note || "";
    $("sign-in-error").hidden = true;
    $("token").value = "";
    $("password").value = "";
    (withToken() ? $("token") : $("name")).focus();
  }

  const withToken = () => !$("with-token").hidden;

  // Sign in with the admin token instead of a name and password, or back.
  function toggleToken() {
    const token = !withToken();
    $("with-token").hidden = !token;
    $("with-account").hidden = token;
    $("use-token").textContent = token ? "Use a name and password instead" : "Use the admin token instead";
    $("sign-in-error").hidden = true;
    (token ? $("token") : $("name")).focus();
  }

  function signedOut(note) {
    state.csrf = null;
    state.session = null;
    clearTimeout(state.expiryTimer);
    // Nothing read while signed in stays in the page.
    for (const id of ["overview-body", "gaps-body", "conversations-list", "conversation-detail",
      "knowledge-body", "publish-state", "publish-result", "publish-candidate",
      "publish-rollback", "publish-history", "try-result"]) fill($(id));
    document.querySelector("#panel-conversations .split").classList.remove("open");
    for (const hook of signOutHooks) hook();
    showSignIn(note);
  }

  function enter(session) {
    state.session = session;
    state.csrf = session.csrf_token;
    state.showText = Boolean(session.show_text);
    state.reasons = session.reasons || [];
    $("loading").hidden = true;
    $("sign-in").hidden = true;
    $("console").hidden = false;
    $("who").hidden = false;
    $("who-name").textContent = session.name;
    $("who-role").textContent = session.role;
    // What the role does not allow is not offered (tabs marked data-needs, the publish buttons).
    for (const tab of document.querySelectorAll("[role=tab][data-needs]")) tab.hidden = !can(tab.dataset.needs);
    $("check").hidden = !can("edit");
    $("check-publish").hidden = !can("publish");
    $("who-until").textContent = when(session.expires_at);
    buildReasonFilters();
    clearTimeout(state.expiryTimer);
    const left = new Date(session.expires_at).getTime() - Date.now();
    state.expiryTimer = setTimeout(() => signedOut("Your session has expired; sign in again."),
      Math.max(0, Math.min(left, 2147483000)));
    const wanted = location.hash.replace("#", "");
    select(PANELS.includes(wanted) && tabs().some((t) => t.dataset.panel === wanted) ? wanted : "overview", false);
  }

  async function signIn(event) {
    event.preventDefault();
    const error = $("sign-in-error");
    error.hidden = true;
    const token = withToken() ? $("token").value.trim() : null;
    const name = $("name").value.trim();
    const password = $("password").value;
    const missing = token !== null ? (token ? null : ["Give the admin token.", "token"])
      : !name ? ["Give your name.", "name"] : !password ? ["Give your password.", "password"] : null;
    if (missing) {
      error.textContent = missing[0];
      error.hidden = false;
      $(missing[1]).focus();
      return;
    }
    const button = event.target.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const result = await call("/session", {
        method: "POST", body: token !== null ? { token } : { name, password } });
      $("token").value = "";
      $("password").value = "";
      if (result.ok) {
        enter(result.data);
        $(`tab-${currentPanel()}`).focus();
        return;
      }
      error.textContent = result.status === 401
        ? (token !== null ? "That is not the admin token." : "Wrong name or password.")
        : result.status === 429 ? "Too many attempts; wait a minute and try again."
        : result.detail;
      error.hidden = false;
      (token !== null ? $("token") : $("password")).focus();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  async function signOut() {
    try { await call("/session/end", { method: "POST" }); } catch (_) { /* signed out anyway */ }
    signedOut("You are signed out.");
  }

  // -------------------------------------------------------------------------------------
  // Tabs (the WAI-ARIA tabs pattern: arrows, Home and End move between tabs)

  const allTabs = () => Array.from(document.querySelectorAll('[role="tab"]'));
  const tabs = () => allTabs().filter((t) => !t.hidden);  // those the session's role may open
  const currentPanel = () => {
    const tab = tabs().find((t) => t.getAttribute("aria-selected") === "true");
    return tab ? tab.dataset.panel : "overview";
  };

  function select(name, focus) {
    for (const tab of allTabs()) {
      const on = tab.dataset.panel === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      $(`panel-${tab.dataset.panel}`).hidden = !on;
      if (on && focus) tab.focus();
    }
    history.replaceState(null, "", `#${name}`);
    LOADERS[name]();
  }

  function onTabKey(event) {
    const list = tabs();
    const index = list.indexOf(event.target);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(list[(next + list.length) % list.length].dataset.panel, true);
  }

  // -------------------------------------------------------------------------------------
  // Charts

  const CHART = { width: 600, height: 190, left: 40, right: 8, top: 12, bottom: 24 };

  function niceMax(value) {
    if (value <= 4) return Math.max(1, Math.ceil(value));
    const step = 10 ** Math.floor(Math.log10(value));
    return Math.ceil(value / step) * step;
  }

  function chartFrame(caption, summary, legend) {
    const svg = svgEl("svg", {
      viewBox: `0 0 ${CHART.width} ${CHART.height}`, role: "img", "aria-label": summary,
      preserveAspectRatio: "xMinYMin meet",
    });
    const figure = el("figure", { class: "chart" }, el("figcaption", { text: caption }), svg,
      legend ? el("div", { class: "legend" }, legend) : null);
    return { figure, svg };
  }

  function key(kind, text) {
    return el("span", {}, el("span", { class: `swatch ${kind}`, "aria-hidden": "true" }), text);
  }

  function yAxis(svg, max, format, zeroAt) {
    const plotTop = CHART.top;
    const base = zeroAt === undefined ? CHART.height - CHART.bottom : zeroAt;
    for (const [value, y] of [[max, plotTop], [0, base]]) {
      svg.append(svgEl("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right,
        y1: y, y2: y }));
      svg.append(svgEl("text", { class: "axis-label end", x: CHART.left - 6, y: y + 4,
        text: format(value) }));
    }
  }

  function xLabels(svg, days, xOf, width) {
    const picks = days.length <= 1 ? [0] : [0, Math.floor((days.length - 1) / 2), days.length - 1];
    for (const i of new Set(picks)) {
      svg.append(svgEl("text", { class: "axis-label center", x: xOf(i) + width / 2,
        y: CHART.height - 6, text: shortDay(days[i].day) }));
    }
  }

  function questionsChart(days) {
    const total = days.reduce((n, d) => n + d.questions, 0);
    const answered = days.reduce((n, d) => n + d.answered, 0);
    const { figure, svg } = chartFrame("Questions per day",
      `Questions per day: ${total} in ${days.length} days, ${answered} answered.`,
      [key("answered", "answered"), key("unanswered", "not answered")]);
    const max = niceMax(Math.max(...days.map((d) => d.questions), 1));
    const plotH = CHART.height - CHART.top - CHART.bottom;
    const slot = (CHART.width - CHART.left - CHART.right) / days.length;
    const barW = Math.max(1, slot * 0.7);
    const xOf = (i) => CHART.left + i * slot + (slot - barW) / 2;
    yAxis(svg, max, String);
    days.forEach((d, i) => {
      const hAnswered = (d.answered / max) * plotH;
      const hOther = ((d.questions - d.answered) / max) * plotH;
      const base = CHART.height - CHART.bottom;
      const group = svgEl("g", { class: "day", "data-day": d.day },
        svgEl("title", { text: `${shortDay(d.day)}: ${d.questions} questions, ${d.answered} answered` }));
      if (d.answered) group.append(svgEl("rect", { class: "answered", x: xOf(i), width: barW,
        y: base - hAnswered, height: hAnswered }));
      if (d.questions > d.answered) group.append(svgEl("rect", { class: "unanswered", x: xOf(i),
        width: barW, y: base - hAnswered - hOther, height: hOther }));
      svg.append(group);
    });
    xLabels(svg, days, xOf, barW);
    return figure;
  }

  function rateChart(days) {
    const asked = days.filter((d) => d.questions);
    const overall = asked.length ? asked.reduce((n, d) => n + d.answered, 0)
      / asked.reduce((n, d) => n + d.questions, 0) : null;
    const { figure, svg } = chartFrame("Answer rate",
      `Share of questions answered per day; ${percent(overall)} over the period.`);
    const plotH = CHART.height - CHART.top - CHART.bottom;
    const slot = (CHART.width - CHART.left - CHART.right) / days.length;
    const xOf = (i) => CHART.left + i * slot;
    const yOf = (rate) => CHART.top + (1 - rate) * plotH;
    yAxis(svg, 1, (v) => `${Math.round(v * 100)}%`);
    const points = [];
    days.forEach((d, i) => {
      if (!d.questions) return;
      const rate = d.answered / d.questions;
      points.push(`${xOf(i) + slot / 2},${yOf(rate)}`);
      svg.append(svgEl("circle", { class: "rate-dot", cx: xOf(i) + slot / 2, cy: yOf(rate), r: 3.5 },
        svgEl("title", { text: `${shortDay(d.day)}: ${percent(rate)} of ${d.questions}` })));
    });
    if (points.length > 1) svg.prepend(svgEl("polyline", { class: "rate-line", points: points.join(" ") }));
    xLabels(svg, days, xOf, slot);
    return figure;
  }

  function thumbsChart(days) {
    const ups = days.reduce((n, d) => n + d.thumbs_up, 0);
    const downs = days.reduce((n, d) => n + d.thumbs_down, 0);
    const { figure, svg } = chartFrame("Thumbs up and down",
      `Ratings per day: ${ups} thumbs up and ${downs} thumbs down in the period.`,
      [key("up", `thumbs up (${ups})`), key("down", `thumbs down (${downs})`)]);
    const max = niceMax(Math.max(...days.map((d) => Math.max(d.thumbs_up, d.thumbs_down)), 1));
    const half = (CHART.height - CHART.top - CHART.bottom) / 2;
    const zero = CHART.top + half;
    const slot = (CHART.width - CHART.left - CHART.right) / days.length;
    const barW = Math.max(1, slot * 0.7);
    const xOf = (i) => CHART.left + i * slot + (slot - barW) / 2;
    svg.append(svgEl("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right,
      y1: CHART.top, y2: CHART.top }));
    svg.append(svgEl("text", { class: "axis-label end", x: CHART.left - 6, y: CHART.top + 4, text: `+${max}` }));
    svg.append(svgEl("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: zero, y2: zero }));
    svg.append(svgEl("text", { class: "axis-label end", x: CHART.left - 6, y: zero + 4, text: "0" }));
    svg.append(svgEl("text", { class: "axis-label end", x: CHART.left - 6,
      y: CHART.height - CHART.bottom + 4, text: `\u2212${max}` }));
    days.forEach((d, i) => {
      const group = svgEl("g", { class: "day", "data-day": d.day },
        svgEl("title", { text: `${shortDay(d.day)}: ${d.thumbs_up} up, ${d.thumbs_down} down` }));
      const up = (d.thumbs_up / max) * half;
      const down = (d.thumbs_down / max) * half;
      if (up) group.append(svgEl("rect", { class: "up", x: xOf(i), width: barW, y: zero - up, height: up }));
      if (down) group.append(svgEl("rect", { class: "down", x: xOf(i), width: barW, y: zero, height: down }));
      svg.append(group);
    });
    xLabels(svg, days, xOf, barW);
    return figure;
  }

  function gapsChart(gaps) {
    // Each question on its own line, its bar under it: long questions never run into a bar.
    const rowH = 36;
    const height = Math.max(1, gaps.length) * rowH + 8;
    const svg = svgEl("svg", { viewBox: `0 0 ${CHART.width} ${height}`, role: "img",
      "aria-label": gaps.length ? "Top open gaps: " + gaps.map((g) => `${g.question} (${g.count})`).join("; ")
        : "No open gaps in the period." });
    const max = Math.max(...gaps.map((g) => g.count), 1);
    gaps.forEach((g, i) => {
      const y = i * rowH + 4;
      const w = Math.max(2, ((CHART.width - 40) * g.count) / max);
      const text = g.question.length > 90 ? g.question.slice(0, 89) + "\u2026" : g.question;
      svg.append(svgEl("g", { class: "gap-row" },
        svgEl("title", { text: `${g.question}: asked ${g.count} times` }),
        svgEl("text", { class: "bar-text", x: 0, y: y + 12, text }),
        svgEl("rect", { class: "gap-bar", x: 0, y: y + 18, width: w, height: 12, rx: 2 }),
        svgEl("text", { class: "bar-count", x: w + 6, y: y + 29, text: String(g.count) })));
    });
    if (!gaps.length) svg.append(svgEl("text", { class: "axis-label", x: 0, y: 20, text: "No open gaps in the period." }));
    return el("figure", { class: "chart" }, el("figcaption", { text: "Top open gaps" }), svg);
  }

  // -------------------------------------------------------------------------------------
  // Overview

  function loadOverview() {
    const body = $("overview-body");
    const days = $("overview-days").value;
    return loadInto(body, `/overview?days=${encodeURIComponent(days)}`, (data) => {
      const t = data.totals;
      const stat = (value, label) => el("div", { class: "stat" },
        el("span", { class: "value", text: value }), el("span", { class: "label", text: label }));
      fill(body,
        data.store_problem ? errorBox(`The conversation store has a problem: ${data.store_problem}`) : null,
        el("div", { class: "stats" },
          stat(String(t.questions), "questions"),
          stat(percent(data.answer_rate), "answered"),
          stat(String(t.thumbs_up), "thumbs up"),
          stat(String(t.thumbs_down), "thumbs down"),
          stat(String(t.questions - t.answered), "not answered")),
        el("div", { class: "charts" },
          questionsChart(data.days), rateChart(data.days), thumbsChart(data.days),
          gapsChart(data.top_gaps)),
        el("p", { class: "muted" }, "In service: build ", el("code", { text: data.serving.build }),
          `, built ${when(data.serving.built_at)}, ${plural(data.serving.snippets, "snippet", "snippets")}.`));
    });
  }

  // -------------------------------------------------------------------------------------
  // Gaps

  function buildReasonFilters() {
    const box = $("gaps-reasons");
    const legend = box.querySelector("legend");
    box.replaceChildren(legend);
    for (const r of state.reasons) {
      box.append(el("label", {},
        el("input", { type: "checkbox", name: "reason", value: r.reason }), r.label));
    }
  }

  function gapsQuery() {
    const form = $("gaps-filter");
    const params = new URLSearchParams();
    if (form.days.value) params.set("days", form.days.value);
    params.set("status", form.status.value);
    for (const box of form.querySelectorAll('input[name="reason"]:checked')) params.append("reason", box.value);
    return params.toString();
  }

  function loadGaps() {
    const body = $("gaps-body");
    const query = gapsQuery();
    $("gaps-csv").setAttribute("href", `${API}/gaps.csv?${query}`);
    return loadInto(body, `/gaps?${query}`, (data) => {
      if (!data.gaps.length) {
        fill(body, emptyNote("No gaps match: nothing went badly in this period, or every group is handled."));
        return;
      }
      fill(body, el("p", { class: "muted", text: plural(data.gaps.length, "group", "groups") }),
        el("ul", { class: "list", id: "gaps-list" }, data.gaps.map(gapCard)));
    });
  }

  function gapCard(g) {
    const actions = el("div", { class: "row" });
    const card = el("li", { class: "item gap", "data-key": g.key },
      el("h3", { text: g.question }),
      el("p", { class: "meta" },
        el("span", { text: `asked ${plural(g.count, "time", "times")}` }),
        el("span", {}, "last ", timeEl(g.last_seen)),
        el("span", { class: "badges" }, g.reasons.map((r) =>
          badge(`${r.label} \u00d7${r.count}`, r.reason === "thumbs_down" ? "bad" : "warn"))),
        g.handled ? badge(`handled by ${g.handled_by || "someone"} ${when(g.handled_at)}`, "ok") : null,
        g.reopened ? badge(`asked again since handled ${when(g.handled_at)}`, "info") : null),
      whyLine(g.why),
      g.examples.length > 1 ? el("div", {}, el("h4", { text: "Asked as" }),
        el("ul", { class: "plain" }, g.examples.map((e) => el("li", { text: e })))) : null,
      g.comments.length ? el("div", {}, el("h4", { text: "Thumbs-down comments" }),
        g.comments.map((c) => el("blockquote", { class: "comment", text: c }))) : null,
      g.note ? el("p", { class: "muted" }, el("strong", { text: "Note: " }), g.note) : null,
      actions);
    if (!can("edit")) return card;  // a viewer reads the gaps; marking them is an editor's
    if (g.handled) {
      actions.append(el("button", { type: "button", text: "Reopen",
        on: { click: () => markGap(g, false, null) } }));
    } else {
      const note = el("input", { type: "text", maxlength: 500, "aria-label": `Note on \u201c${g.question}\u201d (optional)`,
        placeholder: "What was done (optional)" });
      const confirm = el("div", { class: "row", hidden: true }, note,
        el("button", { type: "button", class: "primary", text: "Mark handled",
          on: { click: () => markGap(g, true, note.value) } }),
        el("button", { type: "button", text: "Cancel", on: { click: () => {
          confirm.hidden = true; open.hidden = false; open.focus(); } } }));
      note.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); markGap(g, true, note.value); }
        if (e.key === "Escape") { confirm.hidden = true; open.hidden = false; open.focus(); }
      });
      const open = el("button", { type: "button", text: "Mark handled\u2026", on: { click: () => {
        open.hidden = true; confirm.hidden = false; note.focus(); } } });
      actions.append(open, confirm);
    }
    return card;
  }

  async function markGap(group, handled, note) {
    try {
      const result = await call("/gaps/handled", { method: "POST",
        body: { key: group.key, handled, note: note ? note.trim() || null : null } });
      if (!result.ok) { toast(result.detail); return; }
      toast(handled ? `Marked handled: \u201c${group.question}\u201d` : `Reopened: \u201c${group.question}\u201d`);
      await loadGaps();
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  }

  // -------------------------------------------------------------------------------------
  // Conversations

  function loadConversations() {
    const list = $("conversations-list");
    const q = $("conversations-filter").q.value.trim();
    const hours = state.session ? Math.round(state.session.session_ttl_minutes / 60) : null;
    $("conversations-note").textContent = (state.showText
      ? "Search what was asked and answered, a snippet id or a conversation id."
      : "What people typed is not shown here (the server's HIRING_ADVISOR_LOG_MESSAGES is off); "
        + "answers, sources, ratings and gap reasons are. Search by snippet id or conversation id.")
      + (hours ? ` Conversations are kept ${plural(hours, "hour", "hours")} after their last turn.` : "");
    return loadInto(list, `/conversations?q=${encodeURIComponent(q)}`, (data) => {
      if (!data.conversations.length) {
        fill(list, emptyNote(q ? "No kept conversation matches." : "No conversations are kept right now."));
        return;
      }
      fill(list, el("div", { class: "table-wrap" },
        el("table", { class: "conversations" },
          el("caption", { text: `${plural(data.conversations.length, "conversation", "conversations")}, latest first` }),
          el("colgroup", {}, el("col"), el("col", { class: "col-when" }), el("col", { class: "col-turns" }),
            el("col", { class: "col-rating" })),
          el("thead", {}, el("tr", {}, ["Conversation", "Last turn", "Turns", "Rated"].map((h, i) =>
            el("th", { scope: "col", class: i === 2 ? "num" : null, text: h })))),
          el("tbody", {}, data.conversations.map(conversationRow)))));
    });
  }

  // A conversation is named by its first question when what people typed is shown, else by
  // what it was about; long names end in an ellipsis, the whole name is the title.
  function conversationRow(c) {
    const ratings = [c.thumbs_up ? `${c.thumbs_up} up` : "", c.thumbs_down ? `${c.thumbs_down} down` : ""]
      .filter(Boolean).join(", ") || "\u2013";
    const name = c.first_question ? `\u201c${c.label}\u201d` : c.label;
    return el("tr", {},
      el("td", { class: "conversation-cell" },
        el("button", { type: "button", class: "quiet conversation-open", "data-session": c.session_id,
          title: c.label, "aria-label": `Open the conversation ${name}, ${c.outcome}`,
          on: { click: () => openConversation(c.session_id) } },
        el("span", { class: "conversation-label", text: c.label })),
        el("span", { class: "conversation-outcome", text: c.outcome })),
      el("td", { class: "nowrap" }, timeEl(c.last_active)),
      el("td", { class: "num", text: String(c.turns) }),
      el("td", { class: "nowrap", text: ratings }));
  }

  function sourcesList(sources) {
    if (!sources || !sources.length) return null;
    return el("ul", { class: "plain sources" }, sources.map((s) => el("li", {},
      el("code", { text: s.id }), ` ${s.title || ""} `,
      el("span", { class: "muted", text: `${s.path}:${s.line}${s.score != null ? ` \u00b7 ${Number(s.score).toFixed(2)}` : ""}` }))));
  }

  async function openConversation(id) {
    const detail = $("conversation-detail");
    detail.closest(".split").classList.add("open");
    for (const button of document.querySelectorAll(".conversation-open")) {
      if (button.dataset.session === id) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
    await loadInto(detail, `/conversations/${encodeURIComponent(id)}`, (data) => {
      fill(detail, el("h3", { text: "Conversation" }), el("p", { class: "muted mono", text: data.session_id }),
        data.turns.map((t) => el("div", { class: "turn", "data-message-id": t.message_id },
          el("p", { class: "meta" }, el("span", { text: `Turn ${t.turn}` }), timeEl(t.at),
            t.answered ? badge("answered", "ok") : badge("not answered", "warn"),
            // A thumbs down is shown as the rating, not again as a gap reason.
            t.reasons.filter((r) => r.reason !== "thumbs_down").map((r) => badge(r.label, "warn")),
            t.rating === "up" ? badge("rated up", "ok") : null,
            t.rating === "down" ? badge("rated down", "bad") : null,
            // The conversation's route that answered (turns stored before 0005 have none).
            t.route ? el("span", { class: "route mono", title: "The route that answered", text: `route: ${t.route}` }) : null),
          t.reasons.filter((r) => r.reason !== "thumbs_down").map(whyLine),
          t.question === null ? el("p", { class: "hidden-text", text: "(what was typed is not shown)" })
            : el("p", { class: "said q", text: t.question }),
          answerText(t.answer, "said a"),
          sourcesList(t.sources),
          (t.comments || []).map((c) => el("blockquote", { class: "comment", text: c })))));
      detail.focus();
    });
  }

  // -------------------------------------------------------------------------------------
  // Knowledge

  function problemList(problems, warnings) {
    return el("ul", { class: warnings ? "problems warnings" : "problems" },
      problems.map((p) => el("li", { text: p.text })));
  }

  function loadKnowledge() {
    const body = $("knowledge-body");
    return loadInto(body, "/knowledge", (k) => {
      const filter = el("input", { type: "search", placeholder: "Filter by id, title, topic or source",
        "aria-label": "Filter the snippets", class: "grow" });
      const snippetRows = (needle) => k.snippets
        .filter((s) => !needle || [s.id, s.title, s.topic, s.source, s.path].join(" ").toLowerCase().includes(needle))
        .map((s) => [el("code", { text: s.id }), s.title, s.topic, s.source, s.as_of,
          `${s.path}:${s.line}`, s.retrieved]);
      const snippets = el("div", {}, table(null,
        ["Id", "Title", "Topic", "Source", "As of", "Where", "Shown"], snippetRows(""), [6]));
      filter.addEventListener("input", () => fill(snippets, table(null,
        ["Id", "Title", "Topic", "Source", "As of", "Where", "Shown"],
        snippetRows(filter.value.trim().toLowerCase()), [6])));
      const usage = k.usage;
      fill(body,
        el("div", { class: `verdict ${k.valid ? (k.index.fresh ? "ok" : "warn") : "bad"}` },
          el("p", { text: k.valid ? `The files in ${k.directory}/ are valid.`
            : `The files in ${k.directory}/ have ${plural(k.problems.length, "problem", "problems")}: nothing can be published until they are fixed.` }),
          el("p", {}, "Index in service: ", el("code", { text: k.index.build }), ` \u2013 ${k.index.status}.`)),
        k.problems.length ? [el("h3", { text: "Problems" }), problemList(k.problems)] : null,
        k.warnings.length ? [el("h3", { text: "Warnings" }), problemList(k.warnings, true)] : null,
        el("h3", { text: "Files" }),
        table(null, ["File", "Kind", "Title", "Source", "As of", "Items", "Changed", "Problems"],
          k.files.map((f) => [el("code", { text: f.path }), f.kind, f.title, f.source, f.as_of, f.items,
            when(f.modified), f.problems ? badge(String(f.problems), "bad") : ""]), [5]),
        el("h3", { text: "Retrieval" }),
        usage === null ? errorBox("The conversation store cannot be read: retrieval counts are not available.")
          : el("div", { class: "columns" },
            el("div", {}, el("h4", { text: "Shown most often" }),
              usage.most.length ? el("ol", { class: "plain" }, usage.most.map((s) => el("li", {},
                el("code", { text: s.id }), ` ${s.title} `, el("span", { class: "muted", text: `(${s.retrieved})` }))))
                : emptyNote("No answer kept has shown a source yet.")),
            el("div", {}, el("h4", { text: `Never shown (${usage.never.length} of ${k.snippets.length})` }),
              el("p", { class: "muted", text: "Over the conversations kept; a snippet never shown may be hard to find or never asked about." }),
              el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Snippets never shown" },
                el("ul", { class: "plain never" }, usage.never.map((s) => el("li", {},
                  el("code", { text: s.id }), ` ${s.title}`)))))),
        el("h3", { text: `Snippets (${k.snippets.length}, from the ${k.listed_from})` }),
        el("div", { class: "filters" }, filter),
        snippets,
        el("h3", { text: `Salary table (${k.salaries.length} figures)` }),
        table(null, ["Id", "Role", "Level", "Location", "Region", "Figure", "Measure", "Source", "As of", "Where"],
          k.salaries.map((r) => [el("code", { text: r.id }), r.role, r.level, r.location, r.region, r.figure,
            r.measure + (r.baseline ? " (reference)" : ""), r.source, r.as_of, `${r.path}:${r.line}`])));
    });
  }

  // -------------------------------------------------------------------------------------
  // Publish

  const ACTIONS = { published: ["published", "ok"], refused: ["refused", "bad"], failed: ["failed", "bad"],
    checked: ["checked", "info"], rolled_back: ["rolled back", "warn"], missing: ["nothing to do", ""] };

  function loadBuilds() {
    const stateBox = $("publish-state");
    return loadInto(stateBox, "/builds", (b) => {
      fill(stateBox, el("div", { class: "card" },
        el("p", {}, "In service: ", el("code", { id: "serving-build", text: b.serving.build }),
          `, built ${when(b.serving.built_at)}, ${plural(b.serving.snippets, "snippet", "snippets")}.`),
        el("p", { class: b.knowledge.fresh ? "muted" : "" },
          b.knowledge.fresh ? "The knowledge on disk is what is in service." : `Not yet in service: ${b.knowledge.status}.`)));
      renderCandidate(b.candidate);
      renderRollback(b.previous);
      const h = b.history;
      fill($("publish-history"), h.length ? table(null, ["When", "What", "Build", "By", "Summary"],
        h.map((e) => {
          const [label, kind] = ACTIONS[e.action] || [e.action, ""];
          return [when(e.at), badge(label, kind), el("code", { text: e.build || "\u2013" }), e.by,
            e.summary || e.message];
        })) : emptyNote("Nothing published from here or the command line yet."));
    });
  }

  // What a build changes of the content in service, before the gate's figures: salary figures
  // old -> new, snippets added, removed and edited (their words struck out and added).
  function textDiff(ops) {
    return el("p", { class: "text-diff" }, ops.map(([op, text]) =>
      op === "+" ? el("ins", { text }) : op === "-" ? el("del", { text }) : text));
  }

  function changesView(changes, title) {
    if (!changes) return null;
    const more = (kind, shown) => (changes.counts[kind] > shown
      ? el("p", { class: "muted", text: `and ${changes.counts[kind] - shown} more` }) : null);
    const where = (item) => el("span", { class: "muted where", text: ` ${item.where}` });
    const snippetList = (kind, heading) => (changes[kind].length ? [
      el("h4", { text: `${heading} (${changes.counts[kind]})` }),
      el("ul", { class: `plain snippets-${kind}` }, changes[kind].map((s) => el("li", {},
        el("strong", { text: s.title }), " ", el("code", { text: s.id }), where(s)))),
      more(kind, changes[kind].length)] : null);
    const figure = (f) => el("li", { class: `figure ${f.change}` }, el("strong", { text: f.label }), ": ",
      f.change === "added" ? [el("ins", { text: f.new }), " (new)"]
        : f.change === "removed" ? [el("del", { text: f.old }), " (removed)"]
        : f.change === "changed" ? [el("del", { text: f.old }), " \u2192 ", el("ins", { text: f.new })]
        : f.new,
      f.fields.length ? el("span", { class: "muted", text: ` (${f.fields.join(", ")} changed)` }) : null,
      where(f));
    return el("section", { class: "changes" },
      el("h3", { text: title }),
      el("p", { class: "changes-summary" }, `${sentence(changes.summary)}: `, el("code", { text: changes.from }),
        " \u2192 ", el("code", { text: changes.to }), "."),
      changes.figures.length ? [el("h4", { text: `Salary figures (${changes.counts.figures})` }),
        el("ul", { class: "plain figures" }, changes.figures.map(figure)),
        more("figures", changes.figures.length)] : null,
      snippetList("added", "Snippets added"),
      snippetList("removed", "Snippets removed"),
      changes.edited.length ? [el("h4", { text: `Snippets edited (${changes.counts.edited})` }),
        ...changes.edited.map((s) => el("div", { class: "edited" },
          el("p", {}, el("strong", { text: s.title }), " ", el("code", { text: s.id }), where(s),
            s.old_title ? el("span", { class: "muted", text: ` (was \u201c${s.old_title}\u201d)` }) : null,
            s.fields.some((f) => f !== "text") ? el("span", { class: "muted",
              text: ` \u2013 ${s.fields.filter((f) => f !== "text").join(", ")} changed` }) : null),
          s.diff.length ? textDiff(s.diff) : null)),
        more("edited", changes.edited.length)] : null,
      changes.other.length ? el("ul", { class: "plain other" }, changes.other.map((o) => el("li", { text: o }))) : null);
  }

  // What each of the gate's figures means, and how it moved.
  function measuresView(measures) {
    if (!measures || !measures.length) return null;
    const cls = { better: "better-cell", worse: "worse-cell" };
    return el("section", { class: "measures" },
      el("h3", { text: "What the checks say" }),
      el("ul", { class: "plain" }, measures.map((m) => el("li", { "data-measure": m.name },
        el("strong", { text: m.name }), `: ${m.meaning}; `,
        el("span", { class: cls[m.change] || "", text: m.moved })))));
  }

  function gateView(gate) {
    if (!gate) return null;
    const names = Object.keys(gate.after);
    const fmt = (v) => (v === undefined || v === null ? "\u2013" : Number(v).toFixed(3));
    const metricRows = names.map((name) => {
      const before = gate.before[name];
      const after = gate.after[name];
      const cls = before === undefined ? "" : after < before ? "worse-cell" : after > before ? "better-cell" : "";
      return [name, fmt(before), el("span", { class: cls, text: fmt(after) })];
    });
    const countRows = ["pass", "fail", "stale"].map((s) => {
      const before = gate.counts_before[s];
      const after = gate.counts_after[s] ?? 0;
      const worse = before !== undefined && (s === "pass" ? after < before : after > before);
      const better = before !== undefined && (s === "pass" ? after > before : after < before);
      return [s, before ?? "\u2013", el("span", { class: worse ? "worse-cell" : better ? "better-cell" : "",
        text: String(after) })];
    });
    const rows = (title, items, cls) => items.length ? el("div", { class: `gate-list ${cls}` },
      el("h4", { text: `${title} (${items.length})` }),
      el("ul", { class: "plain" }, items.map((o) => el("li", {},
        el("code", { text: `${o.path}:${o.line}` }), ` \u201c${o.ask}\u201d`, o.detail ? `: ${o.detail}` : "")))) : null;
    return el("div", { class: "gate" },
      table("Checks: the index in service against the new build", ["Measure", "In service", "New build"],
        [...metricRows, ...countRows], [1, 2]),
      rows("Stale: the check names something the knowledge no longer holds", gate.stale, "stale"),
      rows("Got worse", gate.worse, "worse"),
      rows("Better", gate.better, "better"),
      el("details", {}, el("summary", { text: "The table as the command line prints it" }),
        el("pre", { text: gate.table })));
  }

  function renderResult(status, payload) {
    const box = $("publish-result");
    const verdict = (kind, ...lines) => el("div", { class: `verdict ${kind}`, id: "publish-verdict", tabindex: "-1" },
      lines.map((l) => el("p", { text: l })));
    const parts = [];
    if (payload.status === "published") {
      parts.push(verdict("ok", `Published: build ${payload.build} is in service.`,
        payload.summary || payload.message));
    } else if (payload.status === "checked") {
      parts.push(verdict("ok", "The checks pass. Nothing is published until you publish the candidate below.", payload.summary));
    } else if (payload.status === "refused") {
      parts.push(verdict("bad", sentence(payload.message), payload.summary));
    } else if (payload.status === "failed") {
      parts.push(verdict("bad", "Not published: the knowledge has problems. The index in service is unchanged."),
        problemList(payload.problems.map((p) => ({ text: `${p.path}:${p.line}: ${p.message}` }))));
    } else if (payload.status === "unchanged") {
      parts.push(verdict("warn", "Nothing to check: the index in service already holds the knowledge on disk."));
    } else if (payload.status === "rolled_back") {
      parts.push(verdict("warn", payload.message));
    } else {
      parts.push(errorBox(payload.message || payload.detail || `The server answered ${status}.`));
    }
    parts.push(changesView(payload.changes, payload.status === "rolled_back"
      ? "What rolling back changes" : "What the new build changes"));
    parts.push(measuresView(payload.measures), gateView(payload.gate));
    fill(box, parts);
    const focusTarget = $("publish-verdict");
    if (focusTarget) focusTarget.focus();
  }

  async function runPublish(path, body, progressText) {
    const buttons = document.querySelectorAll("#panel-publish button");
    buttons.forEach((b) => { b.disabled = true; });
    fill($("publish-result"));  // the last verdict is not this one's
    $("publish-progress").textContent = progressText;
    try {
      const result = await call(path, { method: "POST", body: body === undefined ? {} : body });
      if (result.data && result.data.status) renderResult(result.status, result.data);
      else fill($("publish-result"), errorBox(result.detail));
      $("publish-progress").textContent = "";
      await loadBuilds();
    } catch (e) {
      $("publish-progress").textContent = "";
      if (e.status !== 401) fill($("publish-result"), errorBox(e.message));
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function check(publish) {
    return runPublish("/builds/check", { publish },
      "Building beside the index in service and running the checks on both\u2026");
  }

  function renderCandidate(c) {
    const box = $("publish-candidate");
    if (!c) { fill(box); return; }
    const actions = el("div", { class: "actions" });
    const card = el("div", { class: "card candidate", id: "candidate" },
      el("h3", { text: "Candidate build" }),
      el("p", {}, el("code", { text: c.build }), ` checked by ${c.by || "someone"} ${when(c.checked_at)}. ${c.summary || ""}`),
      el("p", { class: c.ok ? "" : "error" }, c.ok ? "The checks pass." : `The checks refused it: ${(c.reasons || []).join(", ")}.`),
      c.changes ? el("details", { class: "candidate-changes" },
        el("summary", { text: `What it changes: ${c.changes.summary}` }),
        changesView(c.changes, "What this build changes"), measuresView(c.measures)) : null,
      actions);
    const confirm = el("div", { class: "confirm", hidden: true, role: "group", "aria-labelledby": "confirm-title" },
      el("p", { id: "confirm-title" }, el("strong", { text: "Publish a build the checks refused?" })),
      el("p", { text: `Visitors will get its answers at once, including the ones that got worse (${(c.reasons || []).join(", ")}). You can roll back afterwards.` }),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "danger solid", id: "confirm-force", text: "Yes, publish anyway",
          on: { click: () => runPublish("/builds/publish", { force: true, confirm: c.build }, "Publishing\u2026") } }),
        el("button", { type: "button", text: "Cancel", on: { click: () => { confirm.hidden = true; forceButton.focus(); } } })));
    confirm.addEventListener("keydown", (e) => { if (e.key === "Escape") { confirm.hidden = true; forceButton.focus(); } });
    const forceButton = el("button", { type: "button", class: "danger", id: "publish-anyway", text: "Publish anyway\u2026",
      on: { click: () => { confirm.hidden = false; $("confirm-force").focus(); } } });
    if (!can("publish")) {
      actions.append(el("p", { class: "muted", text: "Publishing or discarding it needs the publisher role." }));
    } else if (c.ok) {
      actions.append(el("button", { type: "button", class: "primary", id: "publish-candidate-button", text: "Publish this build",
        on: { click: () => runPublish("/builds/publish", { force: false }, "Publishing\u2026") } }));
    } else {
      actions.append(forceButton);
    }
    actions.append(
      el("button", { type: "button", text: "Try it on this build", on: { click: () => { select("try", true); $("try-question").focus(); } } }),
      !can("publish") ? null : el("button", { type: "button", text: "Discard", on: { click: async () => {
        const result = await call("/builds/discard", { method: "POST" });
        toast(result.ok ? "The candidate build is discarded." : result.detail);
        fill($("publish-result"));
        await loadBuilds();
      } } }));
    fill(box, card, c.ok ? null : confirm);
  }

  function renderRollback(previous) {
    const box = $("publish-rollback");
    if (!previous) {
      fill(box, el("p", { class: "muted", text: "No previous build is kept yet: rolling back is possible from the second publish on." }));
      return;
    }
    fill(box, el("div", { class: "card" },
      el("h3", { text: "Roll back" }),
      el("p", {}, "Serve the build before this one again: ", el("code", { text: previous.build }),
        `, built ${when(previous.built_at)}. The current one is kept, so you can go forward again the same way.`),
      !can("publish") ? el("p", { class: "muted", text: "Rolling back needs the publisher role." })
      : el("button", { type: "button", class: "danger", id: "rollback", text: "Roll back to the previous build",
        on: { click: () => runPublish("/builds/rollback", undefined, "Rolling back\u2026") } })));
  }

  // -------------------------------------------------------------------------------------
  // Try it

  function answerCard(title, answer, differs) {
    return el("div", { class: `answer-card${differs ? " differs" : ""}` },
      el("h3", { text: title }),
      el("p", { class: "meta" }, el("code", { text: answer.build }),
        answer.answered ? badge("answered", "ok") : badge(`not answered: ${answer.reason_label || "refused"}`, "warn"),
        el("span", { text: `score ${Number(answer.score).toFixed(2)}` })),
      answerText(answer.text, "said a"),
      answer.sources.length ? [el("h4", { text: "Sources" }), sourcesList(answer.sources)] : null);
  }

  async function ask(event) {
    event.preventDefault();
    const question = $("try-question").value.trim();
    if (!question) { $("try-question").focus(); return; }
    const box = $("try-result");
    const button = event.target.querySelector("button[type=submit]");
    button.disabled = true;
    $("try-progress").textContent = "Asking\u2026";
    try {
      const result = await call("/try", { method: "POST", body: { question } });
      $("try-progress").textContent = "";
      if (!result.ok) { fill(box, errorBox(result.detail)); return; }
      const d = result.data;
      const differs = d.other && d.other.text !== d.live.text;
      fill(box,
        answerCard("In service", d.live, false),
        d.other ? answerCard(d.other_kind === "candidate" ? "Candidate build" : "Previous build", d.other, differs)
          : el("div", { class: "answer-card" }, el("h3", { text: "No other build" }),
            el("p", { class: "muted", text: d.other_problem || "Check the knowledge on the Publish tab to get a candidate build to compare with." })));
      $("try-progress").textContent = d.other ? (differs ? "The answers differ." : "The answers are the same.") : "";
    } catch (e) {
      $("try-progress").textContent = "";
      if (e.status !== 401) fill(box, errorBox(e.message));
    } finally {
      button.disabled = false;
    }
  }

  // -------------------------------------------------------------------------------------
  // Start

  const LOADERS = {
    overview: loadOverview, gaps: loadGaps, conversations: loadConversations,
    knowledge: loadKnowledge, publish: loadBuilds, try: () => Promise.resolve(),
  };

  async function start() {
    $("sign-in-form").addEventListener("submit", signIn);
    $("use-token").addEventListener("click", toggleToken);
    $("sign-out").addEventListener("click", signOut);
    for (const tab of allTabs()) {
      tab.addEventListener("click", () => select(tab.dataset.panel, true));
      tab.addEventListener("keydown", onTabKey);
    }
    $("overview-days").addEventListener("change", loadOverview);
    $("gaps-filter").addEventListener("change", loadGaps);
    $("gaps-filter").addEventListener("submit", (e) => { e.preventDefault(); loadGaps(); });
    $("conversations-filter").addEventListener("submit", (e) => { e.preventDefault(); loadConversations(); });
    $("knowledge-reload").addEventListener("click", loadKnowledge);
    $("check").addEventListener("click", () => check(false));
    $("check-publish").addEventListener("click", () => check(true));
    $("try-form").addEventListener("submit", ask);
    try {
      const result = await call("/session");
      if (result.ok) enter(result.data);
      else showSignIn(result.status === 401 ? "" : result.detail);
    } catch (e) {
      showSignIn(e.message);
    }
  }

  // -------------------------------------------------------------------------------------
  // For the console's other scripts (each adds a tab of its own): the helpers, the session,
  // and a way to add a panel, its loader, and what to clear on signing out.

  const signOutHooks = [];
  window.HiringConsole = {
    el, fill, call, read, loadInto, toast, when, timeEl, errorBox, emptyNote, badge, table,
    plural, sentence,
    session: () => state.session,
    can,
    addPanel(name, loader, onSignOut) {
      if (!PANELS.includes(name)) PANELS.push(name);
      LOADERS[name] = loader;
      if (onSignOut) signOutHooks.push(onSignOut);
    },
    select: (name) => select(name, true),
  };

  // The other scripts are deferred too: they have all run by DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", start);
})();
