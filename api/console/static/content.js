/*
 * hiring-advisor content console: the Content tab (/admin#content). It runs after admin.js,
 * on its helpers (window.HiringConsole), with no dependency and no build step.
 *
 * The knowledge's files are revisions in the store: a file is read with its ETag and saved on
 * it (If-Match; If-None-Match: * for a new file), so a save on an old revision comes back as a
 * 409 with the diff and the editor's text is kept to copy from. Drafts are checked as they are
 * typed (the validator's file:line problems); salary tables are edited as a table of cells
 * checked one by one; documents are imported as proposed files to review and save. Nothing
 * saved here is published: the Publish tab builds the draft. Viewers read; editors save,
 * delete, check and import; publishers also revert (the server decides; this page only hides
 * what the session may not do).
 *
 * Everything shown that people wrote (the files, names, messages, diffs) is untrusted: it
 * reaches the page only through textContent, attributes and form values, never as markup.
 */
(() => {
  "use strict";

  const C = window.HiringConsole;
  if (!C) return;
  const { el, fill, call, read, toast, timeEl, errorBox, emptyNote, badge, plural } = C;
  const $ = (id) => document.getElementById(id);
  const CHECK_DELAY_MS = 400;
  const KINDS = { topic: "topic", salaries: "salary table", settings: "settings" };
  const SAVE_NOTE = "Saving keeps a draft revision: nothing is published until someone "
    + "publishes it on the Publish tab.";
  const state = { files: [], published: null, schema: null, editor: null, proposals: [] };
  let counter = 0;
  const uid = (prefix) => `${prefix}-${++counter}`;

  // What the session may do ("edit", "publish"); a session that does not say may only read.
  const may = (what) => (C.can ? C.can(what) : Boolean(C.session() && C.session().can
    && C.session().can[what]));

  const fileUrl = (path) => `/content/files/${path.split("/").map(encodeURIComponent).join("/")}`;
  const kindBadge = (kind) => badge(KINDS[kind] || kind, "info");
  const located = (p) => `${p.path}:${p.line}: ${p.message}`;

  function unique(items) {
    const seen = new Set();
    return (items || []).filter((p) => {
      const key = located(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  function schema() {
    if (!state.schema) {
      state.schema = read("/content/schema").catch((error) => {
        state.schema = null;
        throw error;
      });
    }
    return state.schema;
  }

  // A unified diff, a line a block: additions and removals marked by colour and by their sign.
  function diffView(text, label) {
    if (!text) return emptyNote("No differences.");
    const kind = (line) => (line.startsWith("+++") || line.startsWith("---") ? "diff-file"
      : line.startsWith("@@") ? "diff-hunk" : line.startsWith("+") ? "diff-add"
      : line.startsWith("-") ? "diff-del" : "diff-same");
    const lines = text.replace(/\n$/, "").split("\n");
    return el("pre", { class: "diff", tabindex: "0", "aria-label": label || "Differences" },
      lines.map((line) => el("span", { class: kind(line), text: line || " " })));
  }

  // An inline confirmation (no window.confirm): a question, what it does, the action, Cancel.
  // Escape or Cancel closes it and gives the focus back to `back`.
  function confirmBox(question, detail, action, back, extra) {
    const id = uid("confirm");
    const box = el("div", { class: "confirm", role: "group", "aria-labelledby": id });
    const close = () => {
      (box.closest(".confirm-holder") || box).remove();
      if (back && back.isConnected) back.focus();
    };
    const go = el("button", { type: "button", class: "danger solid", text: action.label,
      on: { click: () => action.run(box, close) } });
    fill(box, el("p", { id }, el("strong", { text: question })),
      detail ? el("p", { text: detail }) : null, extra || null,
      el("div", { class: "actions" }, go,
        el("button", { type: "button", text: "Cancel", on: { click: close } })));
    box.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
    return { box, first: extra ? extra.querySelector("input") || go : go };
  }

  // -------------------------------------------------------------------------------------
  // CSV, as Python's csv module reads and writes it (RFC 4180: quotes, doubled quotes, commas
  // and line breaks in quoted cells). Each cell remembers whether it was quoted, and the table
  // its line ending, so that a table not changed is written back as it was read.

  function parseCsv(text) {
    const bom = text.startsWith("\ufeff");
    const src = bom ? text.slice(1) : text;
    const eol = (/\r\n|\n|\r/.exec(src) || ["\n"])[0];
    const records = [];
    let fields = [];
    let value = "";
    let quoted = false;
    let fresh = true;  // at the start of a cell
    let line = 1;
    let start = 1;
    let error = null;
    const endCell = () => {
      fields.push({ value, quoted });
      value = "";
      quoted = false;
      fresh = true;
    };
    let i = 0;
    while (i < src.length) {
      const ch = src[i];
      if (fresh && ch === '"') {
        quoted = true;
        fresh = false;
        const opened = line;
        i += 1;
        for (;;) {
          if (i >= src.length) {
            error = `line ${opened}: a quoted value is never closed (a " is missing)`;
            break;
          }
          const c = src[i];
          if (c === '"') {
            if (src[i + 1] === '"') { value += '"'; i += 2; continue; }
            i += 1;
            break;
          }
          if (c === "\n" || (c === "\r" && src[i + 1] !== "\n")) line += 1;
          value += c;
          i += 1;
        }
      } else if (ch === ",") {
        endCell();
        i += 1;
      } else if (ch === "\r" || ch === "\n") {
        endCell();
        records.push({ fields, line: start });
        fields = [];
        i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
        line += 1;
        start = line;
      } else {
        value += ch;
        fresh = false;
        i += 1;
      }
    }
    if (!fresh || fields.length) {
      endCell();
      records.push({ fields, line: start });
    }
    return { records, eol, bom, error };
  }

  function csvCell(cell) {
    return cell.quoted || /[",\r\n]/.test(cell.value)
      ? `"${cell.value.replace(/"/g, '""')}"` : cell.value;
  }

  // Always ends with a line ending (a file without one gains it; nothing else changes).
  function toCsv(table) {
    const rows = [table.header, ...table.rows.map((r) => r.fields)];
    return (table.bom ? "\ufeff" : "") + rows.map((f) => f.map(csvCell).join(",") + table.eol).join("");
  }

  // The table of a CSV text; {error} when it cannot be one.
  function tableOf(text) {
    const parsed = parseCsv(text);
    if (parsed.error) return { error: parsed.error };
    const [head, ...rest] = parsed.records;
    if (!head) return { error: "the file is empty: write its header line first, as text" };
    return {
      header: head.fields, columns: head.fields.map((f) => f.value.trim()), eol: parsed.eol,
      bom: parsed.bom, rows: rest.map((r) => ({ id: uid("row"), fields: r.fields })),
    };
  }

  // The line each row starts on (a quoted cell may span lines).
  function rowLines(table) {
    const breaks = (fields) => fields.reduce((n, f) => n + (f.value.match(/\r\n|\r|\n/g) || []).length, 0);
    let line = 2 + breaks(table.header);
    return table.rows.map((row) => {
      const at = line;
      line += 1 + breaks(row.fields);
      return at;
    });
  }

  // The same text, written as the table editor writes it (to tell a change from none).
  function normalCsv(text) {
    const table = tableOf(text);
    return table.error ? text : toCsv(table);
  }

  // -------------------------------------------------------------------------------------
  // A cell of a salary table, as the validator will see it: null, or {error, message} (error
  // false: a warning, saved all the same).

  function realDate(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    const [year, month, day] = m.slice(1).map(Number);
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }

  function cellProblem(column, raw, sch) {
    const value = raw.trim();
    const bad = (message) => ({ error: true, message });
    if (!value) return sch.required.includes(column) ? bad(`${column} is required`) : null;
    const one = (list) => list.slice(0, 8).join(", ") + (list.length > 8 ? ", \u2026" : "");
    switch (column) {
      case "id":
        return /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(value) ? null
          : bad("use lower-case letters, digits, - and _");
      case "currency":
        return sch.currencies.includes(value) ? null
          : bad(`${value} is not an ISO 4217 currency code (three capital letters)`);
      case "as_of":
        return realDate(value) ? null : bad("not a real date: write it as YYYY-MM-DD");
      case "amount": {
        const number = Number(value.replace(/[,_]/g, ""));
        return /^[0-9.,_eE+]+$/.test(value) && Number.isFinite(number) && number > 0 ? null
          : bad("a positive number, without a currency or other symbols");
      }
      case "period":
        return sch.periods.includes(value) ? null : bad(`one of ${sch.periods.join(", ")}`);
      case "role":
        return sch.roles.includes(value) ? null : bad(`not a role of the profile (${one(sch.roles)})`);
      case "level":
        return sch.levels.includes(value) ? null
          : { error: false, message: `not a level of the ladders (${one(sch.levels)}): check it` };
      default:
        return null;
    }
  }

  // -------------------------------------------------------------------------------------
  // A salary table as a table of inputs under the file's own header, each cell checked as it
  // is typed against the schema (`sch`); rows added and deleted. It changes `table` in place
  // and calls onChange after each change.

  function tableView(table, sch, { caption, edit, onChange }) {
    const root = el("div", { class: "table-editor" });

    function render() {
      const lines = rowLines(table);
      const widths = table.columns.map((column, i) => Math.min(36, Math.max(5, column.length,
        ...table.rows.map((r) => (r.fields[i] ? r.fields[i].value.length : 0))) + 1));
      const head = el("tr", {}, el("th", { scope: "col", class: "line-col", text: "Line" }),
        table.columns.map((c) => el("th", { scope: "col" }, c,
          sch.required.includes(c) ? el("span", { class: "required", title: "required", text: " *" }) : null)),
        edit ? el("th", { scope: "col" }, el("span", { class: "sr-only", text: "Delete" })) : null);
      fill(root,
        el("p", { class: "muted table-hint" }, `${plural(table.rows.length, "row", "rows")}; `,
          el("span", { class: "required", text: "*" }), " a required column.",
          edit ? " Each cell is checked as you type." : ""),
        el("div", { class: "csv-wrap" }, el("table", { class: "csv" },
          el("caption", { class: "sr-only", text: caption }), el("thead", {}, head),
          el("tbody", {}, table.rows.map((row, i) => rowView(row, lines[i], widths))))),
        edit ? el("div", { class: "actions" },
          el("button", { type: "button", text: "Add a row", on: { click: addRow } })) : null);
    }

    function addRow() {
      table.rows.push({ id: uid("row"), fields: table.columns.map(() => ({ value: "", quoted: false })) });
      render();
      root.querySelector("tbody tr:last-child .cell").focus();
      onChange();
    }

    function deleteRow(row) {
      const at = table.rows.indexOf(row);
      table.rows.splice(at, 1);
      render();
      const next = root.querySelectorAll(".remove-row")[at] || root.querySelector(".actions button");
      next.focus();
      onChange();
    }

    function rowView(row, line, widths) {
      const lineMsg = el("span", { class: "cell-msg" });
      const cells = table.columns.map((column, index) => {
        const field = row.fields[index] || { value: "", quoted: false };
        const multi = /[\r\n]/.test(field.value);  // an input would drop its line breaks
        const msg = el("span", { class: "cell-msg", id: uid("cell-msg") });
        const input = el(multi ? "textarea" : "input", { class: "cell", type: multi ? null : "text",
          rows: multi ? 2 : null, size: multi ? null : widths[index], cols: multi ? widths[index] : null,
          spellcheck: "false", autocomplete: "off", "aria-label": `${column}, line ${line}`,
          "aria-required": sch.required.includes(column) ? "true" : null,
          "aria-describedby": msg.id, "data-column": column, readonly: !edit });
        input.value = field.value;
        input.addEventListener("input", () => {
          while (row.fields.length <= index) row.fields.push({ value: "", quoted: false });
          row.fields[index].value = input.value;
          check();
          onChange();
        });
        return { input, msg, column, td: el("td", {}, input, msg) };
      });
      // A blank row is skipped, as the validator skips it.
      function check() {
        const blank = row.fields.every((f) => !f.value.trim());
        for (const { input, msg, column } of cells) {
          const found = blank ? null : cellProblem(column, input.value, sch);
          if (found && found.error) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
          input.classList.toggle("cell-warn", Boolean(found && !found.error));
          msg.textContent = found ? found.message : "";
          msg.classList.toggle("warn", Boolean(found && !found.error));
        }
        lineMsg.textContent = row.fields.length > table.columns.length
          ? "more values than columns (see it as text)" : "";
      }
      check();
      return el("tr", { "data-line": line }, el("th", { scope: "row", class: "line-col" }, String(line), lineMsg),
        cells.map((c) => c.td),
        edit ? el("td", {}, el("button", { type: "button", class: "quiet remove-row", text: "Delete",
          "aria-label": `Delete the row on line ${line}`, on: { click: () => deleteRow(row) } })) : null);
    }

    // The first cell to fix of the row on `line` (false: no row is there, as the header's).
    function focusLine(line) {
      const starts = rowLines(table);
      const index = starts.findIndex((at, i) => line >= at && (i + 1 >= starts.length || line < starts[i + 1]));
      if (index < 0) return false;
      const row = root.querySelectorAll("tbody tr")[index];
      (row.querySelector('.cell[aria-invalid="true"]') || row.querySelector(".cell")).focus();
      return true;
    }

    render();
    return { root, focusLine, invalid: () => Array.from(root.querySelectorAll('.cell[aria-invalid="true"]')) };
  }

  // -------------------------------------------------------------------------------------
  // The file list and the draft's summary

  async function loadContent() {
    const edit = may("edit");
    for (const id of ["content-new", "content-import"]) $(id).hidden = !edit;
    if (!edit) closeForms();
    const session = C.session();
    const note = $("content-role-note");
    note.hidden = edit;
    note.textContent = edit ? "" : `You are signed in as ${session && session.role ? `a ${session.role}` : "a reader"}: `
      + "you can read the files and their history; editors change them.";
    schema().catch(() => {});  // for the table editor and the import form, ahead of need
    await loadFiles();
  }

  async function loadFiles() {
    const list = $("content-files");
    list.setAttribute("aria-busy", "true");
    try {
      const data = await read("/content");
      state.files = data.files;
      state.published = data.published;
      renderFiles();
      renderDraft();
      if (!state.editor) noEditor();
    } catch (error) {
      if (error.status !== 401) fill(list, errorBox(error.message));
    } finally {
      list.removeAttribute("aria-busy");
    }
  }

  function renderFiles() {
    const current = state.editor && state.editor.path;
    fill($("content-files"),
      el("h3", { class: "files-title", text: plural(state.files.length, "file", "files") }),
      state.files.length ? el("ul", { class: "file-list" }, state.files.map((f) => el("li", {},
        el("button", { type: "button", class: "file-open", "data-path": f.path,
          "aria-current": f.path === current ? "true" : null,
          on: { click: () => openFile(f.path) } },
        el("span", { class: "file-path", text: f.path }), kindBadge(f.kind),
        f.changed ? badge("changed since publish", "warn") : null,
        f.deleted ? badge("deleted", "bad") : null,
        el("span", { class: "file-meta" }, `${f.author} \u00b7 `, timeEl(f.at))))))
        : emptyNote("No knowledge files yet."));
  }

  function markCurrent(path) {
    for (const button of document.querySelectorAll("#content-files .file-open")) {
      if (button.dataset.path === path) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  }

  function renderDraft() {
    const changed = state.files.filter((f) => f.changed);
    const published = state.published;
    const diffBox = el("div", { id: "content-draft-diff", class: "draft-diff", hidden: true });
    const show = el("button", { type: "button", id: "content-draft-show", "aria-expanded": "false",
      "aria-controls": "content-draft-diff", text: "Show the draft's diff" });
    show.addEventListener("click", async () => {
      const open = show.getAttribute("aria-expanded") !== "true";
      show.setAttribute("aria-expanded", String(open));
      show.textContent = open ? "Hide the draft's diff" : "Show the draft's diff";
      diffBox.hidden = !open;
      if (!open) return;
      fill(diffBox, el("p", { class: "note", text: "Loading the diff\u2026" }));
      await C.loadInto(diffBox, "/content/draft", (draft) => fill(diffBox, draft.diff
        ? diffView(draft.diff, "The draft's diff against what was last published")
        : emptyNote("The draft is what was last published.")));
    });
    const headline = !published ? "No publish is recorded yet: the next one builds every file as it stands"
      : changed.length ? `${plural(changed.length, "file", "files")} changed since the last publish`
      : "Nothing changed since the last publish";
    fill($("content-draft"), el("div", { class: "card draft-summary" },
      el("p", {}, el("strong", { id: "content-draft-headline", text: headline }),
        published ? [" (build ", el("code", { text: published.build }), ` by ${published.by || "someone"}, `,
          timeEl(published.at), ")."] : "."),
      changed.length ? el("p", { class: "muted", text: `Changed: ${changed.map((f) => f.path).join(", ")}.` }) : null,
      el("p", { class: "muted", text: "The draft is every file's latest revision. It reaches the assistant "
        + "when a publisher checks and publishes it." }),
      el("div", { class: "actions" }, show,
        el("button", { type: "button", text: "Go to the Publish tab", on: { click: () => C.select("publish") } })),
      diffBox));
  }

  // -------------------------------------------------------------------------------------
  // Opening a file

  async function openFile(path, force) {
    const open = state.editor;
    if (!force && open && open.dirty()) {
      askDiscard(open, open.path === path ? "Discard them and load the file again"
        : `Discard them and open ${path}`, () => openFile(path, true));
      return;
    }
    const box = $("content-editor");
    box.setAttribute("aria-busy", "true");
    try {
      const [result, sch] = await Promise.all([call(fileUrl(path)), schema().catch(() => null)]);
      if (result.status === 404) {
        showEditor(deletedView(path));
      } else if (!result.ok) {
        const root = errorBox(result.detail);
        showEditor({ path, root, focus() {}, focusTarget: () => root, dirty: () => false, destroy() {} });
      } else {
        showEditor(makeEditor({ ...result.data, etag: result.etag || result.data.etag }, sch, {
          history: true, onChanged: loadFiles, onDeleted: () => openFile(path, true) }));
      }
    } catch (error) {
      if (error.status !== 401) fill(box, errorBox(error.message));
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  function noEditor() {
    fill($("content-editor"), el("p", { class: "empty editor-none",
      text: "Choose a file in the list to read it, its problems and its history." }));
  }

  function showEditor(editor) {
    if (state.editor) state.editor.destroy();
    state.editor = editor;
    fill($("content-editor"), editor.root);
    markCurrent(editor.path);
    editor.focus();
  }

  function askDiscard(editor, label, then) {
    const { box, first } = confirmBox(`You have unsaved changes to ${editor.path}.`,
      "Save them first, or discard them.",
      { label, run: (bar) => { bar.remove(); then(); } }, editor.focusTarget());
    editor.root.prepend(box);
    first.focus();
  }

  function deletedView(path) {
    const id = uid("ed-title");
    const title = el("h3", { id, tabindex: "-1", class: "editor-title", text: path });
    const root = el("section", { class: "editor", "aria-labelledby": id },
      el("div", { class: "editor-head" }, title, badge("deleted", "bad")),
      el("p", { text: "This file is deleted in the draft. "
        + (may("publish") ? "Revert the deletion in its history to bring it back."
          : "A publisher can revert the deletion in its history to bring it back.") }));
    const revisions = historyView(path, { onReverted: () => { loadFiles(); openFile(path, true); } });
    root.append(revisions.root);
    revisions.load();
    return { path, root, focus: () => title.focus(), focusTarget: () => title, dirty: () => false, destroy() {} };
  }

  // -------------------------------------------------------------------------------------
  // The editor: a file's text (or its table), what the validator says of it, and saving.
  //
  // file: {path, kind, body, etag (null: a new file), id, author, at, problems, warnings,
  // original_id}; sch: the schema (for tables); options: history (show the file's history),
  // proposal (a file proposed by an import), checkNow (check it at once: a new file),
  // onChanged (after a save), onDeleted.

  function makeEditor(file, sch, options) {
    const edit = may("edit");
    const ed = {
      path: file.path, kind: file.kind, etag: file.etag || null, originalId: file.original_id ?? null,
      revision: file.id ? { id: file.id, author: file.author, at: file.at } : null,
      asTable: file.kind === "salaries" && Boolean(sch), table: null, view: null, shown: null, seq: 0,
      timer: null, baseline: "", saving: false,
    };
    const ids = { title: uid("ed-title"), text: uid("ed-text"), why: uid("ed-why"), note: uid("ed-note") };
    const title = el("h3", { id: ids.title, tabindex: "-1", class: "editor-title", text: file.path });
    const unsaved = badge("unsaved changes", "warn");
    unsaved.hidden = true;
    const meta = el("p", { class: "editor-meta muted" });
    const toggle = file.kind === "salaries" && sch ? el("button", { type: "button", class: "toggle",
      "aria-pressed": "false", text: "Edit as text" }) : null;
    const bodyBox = el("div", { class: "editor-body" });
    const caret = el("p", { class: "caret-line muted" });
    const checkStatus = el("p", { class: "note check-status", role: "status" });
    const checks = el("div", { class: "checks" });
    const saveStatus = el("div", { class: "save-status", role: "status" });
    const conflictBox = el("div", { class: "conflict", hidden: true });
    // Prose wraps; a table's or the settings' lines are kept whole.
    const textarea = el("textarea", { id: ids.text, class: file.kind === "topic" ? "code wrap" : "code",
      rows: 22, spellcheck: "false",
      autocomplete: "off", "aria-describedby": ids.note, readonly: !edit });
    const whyInput = el("input", { id: ids.why, type: "text", maxlength: 500, autocomplete: "off",
      placeholder: options.proposal ? "Imported from the document, reviewed" : "What changed, and why" });
    const saveButton = el("button", { type: "button", class: "primary save", text: "Save",
      "aria-describedby": ids.note, on: { click: () => save() } });
    const deleteButton = el("button", { type: "button", class: "danger", text: "Delete\u2026",
      on: { click: () => askDelete() } });
    const saveBar = el("div", { class: "save-bar" },
      el("div", { class: "why" }, el("label", { for: ids.why, text: "Why" }), whyInput),
      el("div", { class: "save-actions" }, saveButton, deleteButton),
      el("p", { id: ids.note, class: "save-note", text: `${SAVE_NOTE} Ctrl+S saves too.` }));
    if (!edit) saveBar.hidden = true;

    const revisions = options.history ? historyView(file.path, { onReverted: reverted }) : null;
    const root = el("section", { class: "editor", "aria-labelledby": ids.title },
      el("div", { class: "editor-head" }, title, kindBadge(file.kind),
        options.proposal ? badge("proposed from the document", "info") : null, unsaved, toggle),
      meta,
      el("label", { class: "sr-only", for: ids.text,
        text: `The text of ${file.path}` }),
      bodyBox, caret, checkStatus, checks, conflictBox, saveBar, saveStatus,
      revisions ? revisions.root : null);

    // --- the text and the table
    //
    // A table is the text of its file as long as the text view shows it unchanged (`shown`):
    // a text area gives its lines back with \n, and a table keeps the file's line endings.

    const currentBody = () => (ed.table && (ed.asTable || textarea.value === ed.shown)
      ? toCsv(ed.table) : textarea.value);
    const normal = (text) => (file.kind === "salaries" ? normalCsv(text) : text.replace(/\r\n?/g, "\n"));
    const dirty = () => normal(currentBody()) !== ed.baseline;

    function showText(text) {
      textarea.value = text;
      ed.shown = textarea.value;
    }

    function setBody(text) {
      ed.baseline = normal(text);
      ed.table = null;
      showText(text);
      if (ed.asTable) {
        const table = tableOf(text);
        if (table.error) {
          ed.asTable = false;
          say(checkStatus, `Shown as text: ${table.error}.`);
        } else {
          ed.table = table;
        }
      }
      renderBody();
    }

    function renderBody() {
      if (toggle) toggle.setAttribute("aria-pressed", String(!ed.asTable));
      if (ed.asTable) {
        ed.view = tableView(ed.table, sch, { caption: `${file.path} as a table`, edit, onChange: changed });
        fill(bodyBox, ed.view.root);
        caret.textContent = "";
      } else {
        ed.view = null;
        fill(bodyBox, textarea);
        showCaret();
      }
    }

    function renderMeta() {
      fill(meta, ed.etag === null
        ? (options.proposal ? "Not saved yet: a proposal from the imported document." : "A new file, not saved yet.")
        : [`Revision r${ed.revision.id} by ${ed.revision.author || "someone"}, `, timeEl(ed.revision.at), "."]);
      deleteButton.hidden = ed.etag === null || Boolean(options.proposal);
      unsaved.hidden = !dirty() || ed.etag === null;
    }

    function changed() {
      unsaved.hidden = !dirty() || ed.etag === null;
      scheduleCheck();
    }

    textarea.addEventListener("input", changed);
    for (const event of ["keyup", "click", "focus", "select"]) textarea.addEventListener(event, showCaret);

    function showCaret() {
      if (ed.asTable || document.activeElement !== textarea) { caret.textContent = ""; return; }
      const before = textarea.value.slice(0, textarea.selectionStart);
      const line = before.split("\n").length;
      caret.textContent = `Line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
    }

    if (toggle) {
      toggle.addEventListener("click", () => {
        if (ed.asTable) {
          showText(toCsv(ed.table));
          ed.asTable = false;
        } else {
          const table = textarea.value === ed.shown && ed.table ? ed.table : tableOf(textarea.value);
          if (table.error) {
            say(checkStatus, `It cannot be shown as a table: ${table.error}.`);
            textarea.focus();
            return;
          }
          ed.table = table;
          ed.asTable = true;
        }
        renderBody();
        toggle.focus();
      });
    }

    // Put the caret on a line (a problem's): the text's, or the first cell to fix of the
    // table's row there (the header's line is only editable as text).
    function goToLine(line) {
      if (ed.asTable) {
        if (ed.view.focusLine(line)) return;
        toggle.click();
      }
      const lines = textarea.value.split("\n");
      const upto = Math.min(Math.max(line, 1), lines.length);
      const start = lines.slice(0, upto - 1).reduce((n, l) => n + l.length + 1, 0);
      textarea.focus();
      textarea.setSelectionRange(start, start);  // the browser scrolls the caret into view
      showCaret();
    }

    // --- what the validator says

    function showChecks(data) {
      const problems = unique(data.problems);
      const warnings = unique(data.warnings);
      const item = (p) => el("li", {}, p.path === ed.path && p.line
        ? el("button", { type: "button", class: "problem-link", text: located(p),
          title: `Put the caret on line ${p.line}`, on: { click: () => goToLine(p.line) } })
        : located(p));
      fill(checks,
        problems.length ? [el("h4", { text: `Problems (${problems.length}): a publish is refused until they are fixed` }),
          el("ul", { class: "problems" }, problems.map(item))] : null,
        warnings.length ? [el("h4", { text: `Warnings (${warnings.length})` }),
          el("ul", { class: "problems warnings" }, warnings.map(item))] : null);
      say(checkStatus, problems.length || warnings.length
        ? `The validator finds ${plural(problems.length, "problem", "problems")} and ${plural(warnings.length, "warning", "warnings")}.`
        : "The validator finds no problem.");
    }

    // The list is busy (aria-busy) from the first key until the validator has answered for
    // the last one.
    function scheduleCheck() {
      if (!edit) return;
      clearTimeout(ed.timer);
      checks.setAttribute("aria-busy", "true");
      ed.timer = setTimeout(check, CHECK_DELAY_MS);
    }

    async function check() {
      const seq = ++ed.seq;
      checks.setAttribute("aria-busy", "true");
      try {
        const result = await call("/content/check", { method: "POST",
          body: { path: ed.path, body: currentBody(), original_id: ed.originalId } });
        if (seq !== ed.seq) return;  // a later check is on its way
        if (result.ok) showChecks(result.data);
        else say(checkStatus, `The draft could not be checked: ${result.detail}`);
      } catch (error) {
        if (error.status !== 401 && seq === ed.seq) say(checkStatus, error.message);
      } finally {
        if (seq === ed.seq) checks.removeAttribute("aria-busy");
      }
    }

    // --- saving, deleting, conflicts

    async function save() {
      if (ed.saving || !edit) return;
      const invalid = ed.asTable ? ed.view.invalid() : [];
      if (invalid.length) {
        const first = invalid[0];
        const message = first.getAttribute("aria-label").replace(/, line (\d+)$/, " on line $1");
        sayError(`Not saved: ${plural(invalid.length, "cell needs", "cells need")} fixing first. `
          + `${message}: ${document.getElementById(first.getAttribute("aria-describedby")).textContent}.`);
        first.focus();
        return;
      }
      const body = currentBody();
      const headers = ed.etag ? { "If-Match": ed.etag } : { "If-None-Match": "*" };
      ed.saving = true;
      saveButton.disabled = true;
      say(saveStatus, "Saving\u2026");
      try {
        const result = await call(fileUrl(ed.path), { method: "PUT", headers,
          body: { body, message: whyInput.value.trim(), original_id: ed.originalId } });
        if (result.status === 409) {
          say(saveStatus, "");
          showConflict(result.data, body);
        } else if (!result.ok) {
          sayError(`Not saved: ${result.detail}`);
        } else {
          const rev = result.data;
          ed.etag = result.etag || rev.etag;
          ed.revision = { id: rev.id, author: rev.author, at: rev.at };
          ed.baseline = normal(body);
          whyInput.value = "";
          renderMeta();
          showChecks(rev);
          const problems = unique(rev.problems).length;
          say(saveStatus, `Saved as r${rev.id}, a draft: nothing is published yet.`
            + (problems ? ` It has ${plural(problems, "problem", "problems")}: fix ${problems === 1 ? "it" : "them"} before publishing.` : ""));
          toast(`Saved ${ed.path} (r${rev.id}).`);
          if (revisions) revisions.load();
          if (options.onChanged) options.onChanged();
        }
      } catch (error) {
        if (error.status !== 401) sayError(error.message);
      } finally {
        ed.saving = false;
        saveButton.disabled = false;
      }
    }

    function showConflict(data, yours) {
      const current = data && data.current;
      const headingId = uid("conflict");
      const yoursId = uid("yours");
      const heading = el("h4", { id: headingId, tabindex: "-1",
        text: "Not saved: the file changed since you opened it" });
      const mine = el("textarea", { id: yoursId, class: textarea.className, rows: 12, readonly: true,
        spellcheck: "false" });
      mine.value = yours;
      const loadLatest = el("button", { type: "button", class: "primary", text: "Load the latest", on: { click: () => {
        ed.etag = current.etag;
        ed.revision = { id: current.id, author: current.author, at: current.at };
        setBody(current.body);
        renderMeta();
        check();
        heading.textContent = `The latest (r${current.id} by ${current.author}) is in the editor; your text is kept below to copy from`;
        loadLatest.remove();
        say(saveStatus, "Copy what you need from your text into the editor, then save again.");
        focusText();
      } } });
      fill(conflictBox, heading, el("p", { text: data ? data.detail : "The file changed." }),
        el("div", { class: "conflict-columns" },
          data && data.diff ? el("div", {},
            el("p", { class: "diff-caption", text: `What differs: \u2212 the latest${current ? ` (r${current.id}, ${current.author})` : ""}, + yours` }),
            diffView(data.diff, "The latest against your text")) : null,
          el("div", {}, el("label", { for: yoursId, text: "Your text (not saved: copy what you need)" }), mine)),
        el("div", { class: "actions" }, current ? loadLatest : null,
          el("button", { type: "button", text: "Close", on: { click: () => {
            conflictBox.hidden = true;
            fill(conflictBox);
            focusText();
          } } })));
      conflictBox.hidden = false;
      heading.focus();
    }

    function askDelete() {
      const { box, first } = confirmBox(`Delete ${ed.path}?`,
        "Deleting is a draft revision too: the file leaves the knowledge at the next publish, and "
        + "reverting the deletion in its history brings it back.",
        { label: "Delete the file", run: async (bar, close) => {
          const result = await call(fileUrl(ed.path), { method: "DELETE", headers: { "If-Match": ed.etag } });
          if (result.status === 409) { close(); showConflict(result.data, currentBody()); return; }
          if (!result.ok) { bar.remove(); sayError(`Not deleted: ${result.detail}`); deleteButton.focus(); return; }
          toast(`Deleted ${ed.path} (r${result.data.id}); nothing is published yet.`);
          if (options.onChanged) await options.onChanged();
          if (options.onDeleted) options.onDeleted();
        } }, deleteButton);
      saveBar.after(box);
      first.focus();
    }

    // A revision reverted in the history: the editor shows the file's new text, unless it holds
    // changes not saved, which are never dropped (they stay, with a way to load the latest).
    async function reverted() {
      if (options.onChanged) options.onChanged();
      const result = await call(fileUrl(ed.path));
      if (!result.ok) {
        if (result.status === 404 && options.onDeleted) options.onDeleted();
        return;
      }
      const latest = { ...result.data, etag: result.etag || result.data.etag };
      if (!dirty()) {
        ed.etag = latest.etag;
        ed.revision = { id: latest.id, author: latest.author, at: latest.at };
        setBody(latest.body);
        renderMeta();
        showChecks(latest);
        say(saveStatus, `The editor shows r${latest.id}, the reverted text.`);
        return;
      }
      showConflict({ current: latest, detail: `The file has a new revision (r${latest.id}, the revert); `
        + "your changes are not saved.", diff: "" }, currentBody());
    }

    function focusText() {
      const target = ed.asTable ? bodyBox.querySelector(".cell") : textarea;
      (target || title).focus();
    }

    function say(node, text) {
      node.classList.remove("error");
      node.textContent = text;
    }

    function sayError(text) {
      saveStatus.textContent = text;
      saveStatus.classList.add("error");
    }

    root.addEventListener("keydown", (event) => {
      if (event.key === "s" && (event.ctrlKey || event.metaKey) && edit) {
        event.preventDefault();
        save();
      }
    });

    setBody(file.body);
    renderMeta();
    showChecks(file);
    if (options.checkNow) scheduleCheck();
    if (revisions) revisions.load();
    return {
      path: file.path, root, dirty: () => edit && dirty(),
      focus: () => title.focus(), focusTarget: () => title,
      destroy: () => { clearTimeout(ed.timer); ed.seq += 1; },
      saved: () => ed.etag !== null,
    };
  }

  // -------------------------------------------------------------------------------------
  // A file's history: who changed it, when and why; each change's diff; revert (publishers).

  function historyView(path, { onReverted }) {
    const heading = el("h4", { id: uid("history"), text: "History" });
    const body = el("div", { class: "history-body" });
    const root = el("section", { class: "history", "aria-labelledby": heading.id }, heading, body);
    let revisions = [];
    let more = false;

    async function load(before) {
      body.setAttribute("aria-busy", "true");
      try {
        const query = new URLSearchParams({ path, limit: "20" });
        if (before) query.set("before", String(before));
        const data = await read(`/content/log?${query}`);
        revisions = before ? revisions.concat(data.revisions) : data.revisions;
        more = data.more;
        render();
      } catch (error) {
        if (error.status !== 401) fill(body, errorBox(error.message));
      } finally {
        body.removeAttribute("aria-busy");
      }
    }

    function render() {
      if (!revisions.length) { fill(body, emptyNote("No revisions yet.")); return; }
      const rows = revisions.flatMap((rev, index) => {
        const detail = el("tr", { class: "history-detail", hidden: true }, el("td", { colspan: 6 }));
        const cell = detail.firstChild;
        const show = el("button", { type: "button", class: "quiet", "aria-expanded": "false",
          text: "Show change", "aria-label": `Show the change of r${rev.id}` });
        show.addEventListener("click", async () => {
          const open = show.getAttribute("aria-expanded") !== "true";
          show.setAttribute("aria-expanded", String(open));
          show.textContent = open ? "Hide change" : "Show change";
          show.setAttribute("aria-label", `${open ? "Hide" : "Show"} the change of r${rev.id}`);
          detail.hidden = !open;
          if (!open) return;
          await C.loadInto(cell, `/content/revisions/${rev.id}`, (data) =>
            fill(cell, diffView(data.diff, `The change of r${rev.id}`)));
        });
        const revert = may("publish") ? el("button", { type: "button", class: "quiet danger-text",
          text: "Revert\u2026", "aria-label": `Revert r${rev.id}` }) : null;
        if (revert) revert.addEventListener("click", () => askRevert(rev, index, detail, revert));
        return [el("tr", { "data-revision": rev.id },
          el("td", {}, el("code", { text: `r${rev.id}` })),
          el("td", { class: "nowrap" }, timeEl(rev.at)),
          el("td", { class: "history-author", text: rev.author }),
          el("td", { class: "history-message", text: rev.message || "\u2013" }),
          el("td", {}, badge(rev.kind, rev.kind === "delete" ? "bad" : rev.kind === "revert" ? "warn" : "")),
          el("td", { class: "history-actions" }, show, revert)), detail];
      });
      fill(body, el("div", { class: "history-wrap" }, el("table", { class: "history-table" },
        el("caption", { class: "sr-only", text: `The revisions of ${path}, newest first` }),
        el("colgroup", {}, ["rev", "when", "who", "why", "kind", "actions"].map((c) =>
          el("col", { class: `col-${c}` }))),
        el("thead", {}, el("tr", {}, ["Revision", "When", "Who", "Why", "Kind", "Actions"].map((h) =>
          el("th", { scope: "col", text: h })))),
        el("tbody", {}, rows))),
      more ? el("button", { type: "button", text: "Show older revisions",
        on: { click: () => load(revisions[revisions.length - 1].id) } }) : null);
    }

    function askRevert(rev, index, detail, back) {
      const whyId = uid("revert-why");
      const why = el("div", { class: "why" }, el("label", { for: whyId, text: "Why" }),
        el("input", { id: whyId, type: "text", maxlength: 500, autocomplete: "off" }));
      const effect = !rev.parent ? `${path} did not exist before r${rev.id}: reverting it deletes the file`
        : rev.deleted ? `${path} comes back with the text it had before r${rev.id}`
        : `${path} gets back the text it had before r${rev.id}`;
      const later = index > 0 ? " Changes saved after it are undone too." : "";
      const { box, first } = confirmBox(`Revert r${rev.id} (${rev.author}${rev.message ? `: \u201c${rev.message}\u201d` : ""})?`,
        `${effect}, as a new draft revision; nothing is published until someone publishes.${later}`,
        { label: "Revert", run: async (bar) => {
          const message = why.querySelector("input").value.trim();
          const result = await call(`/content/revisions/${rev.id}/revert`, { method: "POST", body: { message } });
          if (!result.ok) {
            for (const old of bar.querySelectorAll(".error")) old.remove();
            bar.querySelector("p").after(errorBox(result.detail));
            return;
          }
          toast(`Reverted r${rev.id} as r${result.data.id}; nothing is published yet.`);
          await load();
          if (onReverted) await onReverted();
          if (root.isConnected) {  // else the file was opened again: its title has the focus
            heading.setAttribute("tabindex", "-1");
            heading.focus();
          }
        } }, back, why);
      detail.after(el("tr", { class: "history-confirm confirm-holder" }, el("td", { colspan: 6 }, box)));
      first.focus();
    }

    return { root, load: () => load() };
  }

  // -------------------------------------------------------------------------------------
  // A new file

  const TEMPLATES = {
    topic: "---\ntitle: \ntopic: \nsource: \nas_of: \n---\n\n## A snippet's title {#topic/snippet-id}\n\n"
      + "What the assistant should know, in our own words.\n\nAsked as: How people ask for it?\n",
    settings: "",
  };

  function closeForms() {
    for (const [form, button] of [["content-new-form", "content-new"], ["content-import-form", "content-import"]]) {
      $(form).hidden = true;
      $(button).setAttribute("aria-expanded", "false");
    }
  }

  function openForm(form, button, focus) {
    const open = $(form).hidden;
    closeForms();
    $(form).hidden = !open;
    $(button).setAttribute("aria-expanded", String(open));
    if (open) $(focus).focus();
  }

  async function newFile(event) {
    event.preventDefault();
    const error = $("content-new-error");
    const path = $("content-new-path").value.trim();
    const problem = !/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\.(md|csv|yml|yaml)$/.test(path)
      ? "Give a path of letters, digits, '.', '_' and '-' (folders separated by '/'), ending in .md, .csv or .yml."
      : state.files.some((f) => f.path === path && !f.deleted) ? `${path} exists already: open it from the list.` : "";
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) { $("content-new-path").focus(); return; }
    const open = state.editor;
    if (open && open.dirty()) {
      askDiscard(open, `Discard them and start ${path}`, () => startFile(path));
      return;
    }
    await startFile(path);
  }

  async function startFile(path) {
    const sch = await schema().catch(() => null);
    // The company's pay bands and pay-transparency rules are tables of their own columns,
    // edited as text (api.knowledge.company: pay-bands*.csv, pay-transparency*.csv).
    const companyTable = /(^|\/)pay-(bands|transparency)[^/]*\.csv$/.test(path);
    const kind = path.endsWith(".md") ? "topic"
      : path.endsWith(".csv") && !companyTable ? "salaries" : "settings";
    const body = kind === "salaries" && sch ? `${[...sch.required, ...sch.optional].join(",")}\n` : TEMPLATES[kind];
    closeForms();
    $("content-new-path").value = "";
    showEditor(makeEditor({ path, kind, body, etag: null, problems: [], warnings: [] }, sch, {
      history: false, checkNow: true,
      // Once saved, it is a file like the others: opened again, with its history.
      onChanged: async () => { await loadFiles(); await openFile(path, true); } }));
  }

  // -------------------------------------------------------------------------------------
  // Importing a document: the proposed files, each in an editor, saved one by one

  async function importDocument(event) {
    event.preventDefault();
    const form = $("content-import-form");
    const error = $("content-import-error");
    const fileInput = $("content-import-file");
    const missing = !fileInput.files.length ? fileInput
      : !$("content-import-source").value.trim() ? $("content-import-source")
      : !$("content-import-as-of").value ? $("content-import-as-of") : null;
    if (missing) {
      error.textContent = missing === fileInput ? "Choose the document to import."
        : missing.id === "content-import-source" ? "Give the document's source." : "Give the document's date.";
      error.hidden = false;
      missing.focus();
      return;
    }
    error.hidden = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    $("content-import-progress").textContent = "Reading the document\u2026";
    try {
      const result = await call("/content/import", { method: "POST", form: new FormData(form) });
      $("content-import-progress").textContent = "";
      if (!result.ok) {
        error.textContent = result.detail;
        error.hidden = false;
        return;
      }
      form.reset();
      closeForms();
      showProposals(result.data);
    } catch (e) {
      $("content-import-progress").textContent = "";
      if (e.status !== 401) { error.textContent = e.message; error.hidden = false; }
    } finally {
      button.disabled = false;
    }
  }

  async function showProposals(data) {
    const sch = await schema().catch(() => null);
    for (const proposal of state.proposals) proposal.destroy();
    const original = data.original;
    const headingId = uid("proposals");
    const heading = el("h3", { id: headingId, tabindex: "-1",
      text: `Proposed from ${original.filename}: ${plural(data.files.length, "file", "files")}` });
    state.proposals = data.files.map((f) => makeEditor(
      { ...f, etag: null, original_id: original.id }, sch, { proposal: true, onChanged: loadFiles }));
    const box = $("content-proposals");
    fill(box, el("section", { class: "card proposals", "aria-labelledby": headingId }, heading,
      el("p", {}, "Review each file: nothing is saved until you save it, and nothing is published "
        + "until someone publishes. Write what the document says in our own words where it warns of copied text. ",
        el("a", { href: `/admin/api/content/originals/${original.id}`, download: original.filename,
          text: `Download the original (${original.filename})` })),
      data.files.length ? state.proposals.map((p) => el("div", { class: "proposal" }, p.root))
        : emptyNote("Nothing could be proposed from this document."),
      el("div", { class: "actions" }, el("button", { type: "button", text: "Close the proposals", on: { click: closeProposals } }))));
    heading.focus();
  }

  function closeProposals() {
    const unsaved = state.proposals.filter((p) => !p.saved());
    const close = () => {
      for (const p of state.proposals) p.destroy();
      state.proposals = [];
      fill($("content-proposals"));
      $("content-import").focus();
    };
    if (!unsaved.length) { close(); return; }
    const asked = document.querySelector("#content-proposals .proposals > .confirm");
    if (asked) { asked.querySelector("button").focus(); return; }
    const back = document.querySelector("#content-proposals .proposals > .actions button");
    const { box, first } = confirmBox(`${plural(unsaved.length, "proposed file is", "proposed files are")} not saved.`,
      `Close anyway? ${unsaved.map((p) => p.path).join(", ")} will be lost (the document is kept: import it again to start over).`,
      { label: "Close without saving", run: close }, back);
    back.parentElement.before(box);
    first.focus();
  }

  // -------------------------------------------------------------------------------------
  // Start

  async function fillRoles() {
    const select = $("content-import-role");
    if (select.options.length > 1) return;
    try {
      const sch = await schema();
      if (select.options.length > 1) return;  // filled meanwhile
      for (const role of sch.roles) select.append(el("option", { value: role, text: role }));
    } catch (_) { /* the role stays empty: the editor fills it in the files */ }
  }

  function signedOut() {
    if (state.editor) state.editor.destroy();
    for (const p of state.proposals) p.destroy();
    Object.assign(state, { files: [], published: null, schema: null, editor: null, proposals: [] });
    for (const id of ["content-draft", "content-files", "content-editor", "content-proposals"]) fill($(id));
    for (const form of ["content-new-form", "content-import-form"]) $(form).reset();
    const roles = $("content-import-role");
    while (roles.options.length > 1) roles.remove(1);
    closeForms();
  }

  function start() {
    $("content-new").addEventListener("click", () => openForm("content-new-form", "content-new", "content-new-path"));
    $("content-import").addEventListener("click", () => {
      fillRoles();
      openForm("content-import-form", "content-import", "content-import-file");
    });
    $("content-new-form").addEventListener("submit", newFile);
    $("content-import-form").addEventListener("submit", importDocument);
    $("content-new-cancel").addEventListener("click", () => { closeForms(); $("content-new").focus(); });
    $("content-import-cancel").addEventListener("click", () => { closeForms(); $("content-import").focus(); });
    for (const form of ["content-new-form", "content-import-form"]) {
      $(form).addEventListener("keydown", (e) => {
        if (e.key === "Escape") { closeForms(); $(form === "content-new-form" ? "content-new" : "content-import").focus(); }
      });
    }
  }

  C.addPanel("content", loadContent, signedOut);
  // admin.js starts on DOMContentLoaded too: this script (deferred, after it) is wired first.
  document.addEventListener("DOMContentLoaded", start);
})();
