/*
 * hiring-advisor content console: the Accounts tab (/admin#accounts), for admins. It runs after
 * admin.js, on its helpers (window.HiringConsole), with no dependency and no build step; the
 * tab shows only to a session whose role may manage accounts (admin.js hides it otherwise, and
 * the server refuses anyone else).
 *
 * It lists the accounts, adds one (name, role, first password), changes a role, sets a new
 * password and removes one. Passwords go to the server once and are never shown or kept here.
 * Names are untrusted text: they reach the page only through textContent and attributes.
 */
(() => {
  "use strict";

  const C = window.HiringConsole;
  if (!C) return;
  const { el, fill, call, loadInto, table, toast, timeEl, emptyNote, badge } = C;
  const $ = (id) => document.getElementById(id);
  const MIN_PASSWORD = 12;
  let roles = ["viewer", "editor", "publisher", "admin"];

  const path = (name) => `/accounts/${encodeURIComponent(name)}`;
  const me = () => (C.session() || {}).name;

  function showError(message) {
    const box = $("accounts-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // A change: its answer's detail in the error line when refused; true when it was made.
  async function change(method, url, body, done) {
    showError("");
    try {
      const result = await call(url, { method, body });
      if (!result.ok) { showError(result.detail); return false; }
      toast(done);
      await load();
      return true;
    } catch (e) {
      if (e.status !== 401) showError(e.message);
      return false;
    }
  }

  function roleControl(account) {
    const select = el("select", { "aria-label": `Role of ${account.name}` },
      roles.map((r) => el("option", { value: r, text: r, selected: r === account.role })));
    select.disabled = account.name === me();  // an admin does not demote themselves here
    select.addEventListener("change", () => change("PATCH", path(account.name), { role: select.value },
      `${account.name} is now ${select.value}.`));
    return select;
  }

  function passwordControl(account) {
    const input = el("input", { type: "password", autocomplete: "new-password", minlength: MIN_PASSWORD,
      "aria-label": `New password for ${account.name}`, placeholder: "new password" });
    const form = el("form", { class: "row", hidden: true, novalidate: true }, input,
      el("button", { type: "submit", class: "primary", text: "Set" }),
      el("button", { type: "button", text: "Cancel", on: { click: () => { form.hidden = true; open.hidden = false; open.focus(); } } }));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (input.value.length < MIN_PASSWORD) {
        showError(`A password needs at least ${MIN_PASSWORD} characters.`);
        input.focus();
        return;
      }
      const value = input.value;
      input.value = "";
      await change("PATCH", path(account.name), { password: value }, `The password of ${account.name} is set.`);
    });
    const open = el("button", { type: "button", text: "Reset password\u2026", on: { click: () => {
      open.hidden = true; form.hidden = false; input.focus(); } } });
    return el("div", {}, open, form);
  }

  function removeControl(account) {
    if (account.name === me()) return el("span", { class: "muted", text: "you" });
    const confirm = el("span", { class: "row", hidden: true },
      el("button", { type: "button", class: "danger solid", text: `Yes, remove ${account.name}`, on: { click: () =>
        change("DELETE", path(account.name), undefined, `${account.name} is removed.`) } }),
      el("button", { type: "button", text: "Cancel", on: { click: () => { confirm.hidden = true; open.hidden = false; open.focus(); } } }));
    const open = el("button", { type: "button", class: "danger", text: "Remove\u2026", on: { click: () => {
      open.hidden = true; confirm.hidden = false; confirm.querySelector("button").focus(); } } });
    return el("div", {}, open, confirm);
  }

  function render(data) {
    roles = data.roles || roles;
    const body = $("accounts-body");
    if (!data.accounts.length) {
      fill(body, emptyNote("No accounts yet: add the first one above (you are signed in with the admin token)."));
      return;
    }
    fill(body, table(null, ["Name", "Role", "Added", "Password", ""], data.accounts.map((a) => [
      el("span", {}, el("strong", { text: a.name }), a.name === me() ? " " : null,
        a.name === me() ? badge("you", "info") : null),
      roleControl(a), timeEl(a.created_at), passwordControl(a), removeControl(a)])));
  }

  function load() {
    return loadInto($("accounts-body"), "/accounts", render);
  }

  async function add(event) {
    event.preventDefault();
    const form = event.target;
    const name = form.elements.name.value.trim();
    const password = form.elements.password.value;
    if (!name) { showError("Give the account a name."); form.elements.name.focus(); return; }
    if (password.length < MIN_PASSWORD) {
      showError(`A password needs at least ${MIN_PASSWORD} characters.`);
      form.elements.password.focus();
      return;
    }
    const role = form.elements.role.value;
    const made = await change("POST", "/accounts", { name, role, password }, `${name} is added, as ${role}.`);
    if (made) { form.reset(); form.elements.name.focus(); }
    else form.elements.password.value = "";
  }

  function signedOut() {
    fill($("accounts-body"));
    showError("");
    $("account-add").reset();
  }

  $("account-add").addEventListener("submit", add);
  C.addPanel("accounts", load, signedOut);
})();
