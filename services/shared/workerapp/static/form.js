// Forms rendered from the description the server derives from the API's
// schemas and definition files. Every input is named after its API field
// (nested answers as "scores.body"); errors of a 422 are shown at their
// field, in the chosen language, and typed values stay.
import { formatDate, label, parseDate, t, today, translate } from "./i18n.js";

let uid = 0;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}

function fieldId(name) { return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}-${++uid}`; }

// One field's wrapper: its label (or legend), help, control and error slot.
function wrap(spec, name, labelText, control, { group = false, required = false } = {}) {
  const id = control.id || fieldId(name);
  const errorId = `${id}-error`;
  const helpId = spec.help ? `${id}-help` : null;
  const mark = required ? el("span", { class: "req", text: ` (${t("required")})` }) : null;
  const help = helpId ? el("p", { class: "help", id: helpId, text: label(spec.help) }) : null;
  const error = el("p", { class: "error", id: errorId, hidden: true });
  const describedBy = [helpId, errorId].filter(Boolean).join(" ");
  if (group) {
    const fieldset = el("fieldset", { class: "field", "data-field": name, "aria-describedby": describedBy },
      el("legend", {}, labelText, mark), help, control, error);
    return fieldset;
  }
  control.id = id;
  control.setAttribute("aria-describedby", describedBy);
  return el("div", { class: "field", "data-field": name }, el("label", { for: id }, labelText, mark), help, control, error);
}

function choices(type, name, options, { checked = [], inline = false } = {}) {
  return el("div", { class: inline ? "choices inline" : "choices" }, options.map((option) => {
    const id = fieldId(`${name}-${option.code}`);
    return el("div", { class: "choice" },
      el("input", { type, id, name, value: String(option.code), checked: checked.includes(String(option.code)) }),
      el("label", { for: id, text: option.text ?? label(option) }));
  }));
}

function scaleOptions(min, max) {
  const options = [];
  for (let value = min; value <= max; value += 1) options.push({ code: value, text: String(value) });
  return options;
}

function input(spec, name, value) {
  const required = spec.required;
  const text = label(spec.label);
  switch (spec.kind) {
    case "code":
    case "choice": {
      const options = spec.options;
      if (spec.widget === "select" || (spec.kind === "choice" && options.length > 5)) {
        const select = el("select", { name, required },
          el("option", { value: "", text: "–" }),
          options.map((o) => el("option", { value: String(o.code), text: label(o), selected: String(o.code) === value })));
        return wrap(spec, name, text, select, { required });
      }
      return wrap(spec, name, text, choices("radio", name, options, { checked: [value] }), { group: true, required });
    }
    case "codes":
      return wrap(spec, name, text, choices("checkbox", name, spec.options, { checked: value || [] }),
        { group: true, required });
    case "boolean":
      return wrap(spec, name, text, choices("radio", name, [
        { code: "true", text: t("yes") }, { code: "false", text: t("no") }], { checked: [value], inline: true }),
        { group: true, required });
    case "integer":
      if (spec.min != null && spec.max != null && spec.max - spec.min <= 5) {
        return wrap(spec, name, text, choices("radio", name, scaleOptions(spec.min, spec.max),
          { checked: [value], inline: true }), { group: true, required });
      }
      return wrap(spec, name, text, el("input", {
        type: "text", inputmode: "numeric", name, value: value ?? "", required, autocomplete: "off",
        class: "short",
      }), { required });
    case "date":
      return wrap(spec, name, text, el("input", {
        type: "text", inputmode: "numeric", name, value: value ?? today(), required, autocomplete: "off",
        placeholder: t("datePlaceholder"), class: "short",
      }), { required });
    case "list":
      if (spec.options) {
        return wrap(spec, name, text, choices("checkbox", name, spec.options, { checked: value || [] }),
          { group: true, required: spec.required });
      }
      return wrap(spec, name, text, el("input", { type: "text", name, value: value ?? "", autocomplete: "off" }),
        { required });
    default:
      if ((spec.max_length || 0) > 200) {
        const area = el("textarea", { name, rows: 4, maxlength: spec.max_length, required });
        area.value = value ?? "";
        return wrap(spec, name, text, area, { required });
      }
      return wrap(spec, name, text, el("input", {
        type: "text", name, value: value ?? "", required, maxlength: spec.max_length, autocomplete: "off",
      }), { required });
  }
}

function itemInput(fieldName, item, value) {
  const name = `${fieldName}.${item.code}`;
  const spec = { label: item, required: false };
  if (item.type === "scale") {
    const widget = choices("radio", name, scaleOptions(item.min, item.max), { checked: [value], inline: true });
    return wrap(spec, name, label(item), widget, { group: true });
  }
  if (item.type === "choice") return wrap(spec, name, label(item), choices("radio", name, item.options, { checked: [value] }), { group: true });
  if (item.type === "choices") return wrap(spec, name, label(item), choices("checkbox", name, item.options, { checked: value || [] }), { group: true });
  const area = el("textarea", { name, rows: 3, maxlength: item.max_length });
  area.value = value ?? "";
  return wrap(spec, name, label(item), area);
}

// The items block of a dict field (scores, answers, ratings), chosen from
// the definitions by a fixed set or by another field's current value.
function itemsBlock(spec, items, form, values) {
  const block = el("fieldset", { class: "field items", "data-field": spec.name });
  const legend = el("legend", {}, label(spec.label));
  const scale = items.scales?.[spec.items.set];
  const errorId = fieldId(`${spec.name}-error`);
  block.setAttribute("aria-describedby", errorId);
  const body = el("div", { class: "items-body" });
  if (scale) block.append(legend, el("p", { class: "help", text: label(scale) }));
  else block.append(legend);
  block.append(body, el("p", { class: "error", id: errorId, hidden: true }));
  const render = () => {
    let list = items[spec.items.set];
    if (spec.items.by) {
      const chosen = currentValue(form, spec.items.by);
      list = chosen == null ? null : list[String(chosen)];
    }
    body.replaceChildren();
    if (!list) {
      const by = form.querySelector(`[data-field="${spec.items.by}"] legend, [data-field="${spec.items.by}"] label`);
      body.append(el("p", { class: "help", text: t("chooseFirst", { field: by ? by.firstChild.textContent : spec.items.by }) }));
      return;
    }
    const nested = values?.[spec.name] || {};
    for (const item of list) body.append(itemInput(spec.name, item, nested[item.code]));
  };
  return { block, render };
}

function currentValue(form, name) {
  const controls = [...form.elements].filter((c) => c.name === name);
  if (!controls.length) return null;
  if (controls[0].type === "radio") return controls.find((c) => c.checked)?.value ?? null;
  return controls[0].value || null;
}

// Builds the <form>. ``options`` may give starting values and, per field,
// options the page knows (e.g. the group's participants for attendees).
export function buildForm(description, items, { values = {}, fieldOptions = {}, submitText } = {}) {
  const form = el("form", { novalidate: true, "data-form": description.form });
  const summary = el("div", { class: "summary", tabindex: "-1", hidden: true, role: "alert" });
  form.append(summary);
  const renders = [];
  for (const spec of description.fields) {
    const given = fieldOptions[spec.name] ? { ...spec, options: fieldOptions[spec.name] } : spec;
    if (spec.kind === "items") {
      const { block, render } = itemsBlock(spec, items, form, values);
      form.append(block);
      renders.push([spec.items.by, render]);
    } else {
      form.append(input(given, spec.name, values[spec.name] == null ? undefined : values[spec.name]));
    }
  }
  for (const [by, render] of renders) {
    render();
    if (by) form.addEventListener("change", (event) => { if (event.target.name === by) render(); });
  }
  form.append(el("p", {}, el("button", { type: "submit", text: submitText || t("save") })));
  form.append(el("p", { class: "status", role: "status", "aria-live": "polite" }));
  return form;
}

function numberOrText(raw) {
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

// The JSON body of the form, in the API's field names and types; empty
// optional inputs are left out so the API's defaults apply.
export function collect(form, description) {
  const body = {};
  const data = new FormData(form);
  for (const spec of description.fields) {
    const name = spec.name;
    if (spec.kind === "items") {
      const nested = {};
      for (const [key] of data) {
        if (!key.startsWith(`${name}.`)) continue;
        const code = key.slice(name.length + 1);
        const control = form.querySelector(`[name="${CSS.escape(key)}"]`);
        if (control.type === "checkbox") {
          const picked = data.getAll(key);
          if (picked.length) nested[code] = picked;
        } else {
          const raw = String(data.get(key)).trim();
          if (raw) nested[code] = control.type === "radio" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
        }
      }
      if (Object.keys(nested).length) body[name] = nested;
      continue;
    }
    if (spec.kind === "codes" || (spec.kind === "list" && form.querySelector(`input[type=checkbox][name="${name}"]`))) {
      const picked = data.getAll(name).map(String);
      if (picked.length) body[name] = picked;
      continue;
    }
    const raw = data.get(name);
    if (raw == null || String(raw).trim() === "") continue;
    const value = String(raw).trim();
    if (spec.kind === "integer") body[name] = numberOrText(value);
    else if (spec.kind === "date") body[name] = parseDate(value);
    else if (spec.kind === "boolean") body[name] = value === "true";
    else if (spec.kind === "choice" && spec.integer) body[name] = numberOrText(value);
    else if (spec.kind === "list") body[name] = value.split(",").map((v) => v.trim()).filter(Boolean);
    else body[name] = value;
  }
  return body;
}

// [dotted path, messages] of the API's nested error fields.
function flatten(fields, prefix = "") {
  const found = [];
  for (const [key, value] of Object.entries(fields || {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) found.push([path, value]);
    else if (value && typeof value === "object") found.push(...flatten(value, path));
  }
  return found;
}

export function clearErrors(form) {
  for (const error of form.querySelectorAll(".error")) { error.hidden = true; error.textContent = ""; }
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  const summary = form.querySelector(".summary");
  summary.hidden = true;
  summary.replaceChildren();
}

// Shows each message at its field (the nearest enclosing one for an
// attendee's index or a "_schema" entry) and a summary linking to them.
export function showErrors(form, fields, message) {
  clearErrors(form);
  const links = [];
  for (const [path, messages] of flatten(fields)) {
    let target = null;
    const parts = path.split(".").filter((part) => part !== "_schema");
    for (let n = parts.length; n > 0 && !target; n -= 1) {
      target = form.querySelector(`[data-field="${CSS.escape(parts.slice(0, n).join("."))}"]`);
    }
    const text = messages.map(translate).join(" ");
    if (target) {
      const slot = target.querySelector(":scope > .error");
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      slot.hidden = false;
      for (const control of target.querySelectorAll("input, select, textarea")) control.setAttribute("aria-invalid", "true");
      const focusable = target.querySelector("input, select, textarea");
      const caption = target.querySelector(":scope > label, :scope > legend");
      links.push(el("li", {}, el("a", { href: `#${focusable?.id || ""}`, onclick: (event) => {
        event.preventDefault(); focusable?.focus();
      } }, `${caption ? caption.firstChild.textContent : path}: ${text}`)));
    } else {
      links.push(el("li", { text: `${path}: ${text}` }));
    }
  }
  const summary = form.querySelector(".summary");
  summary.append(el("h2", { text: t("errorSummary") }), el("p", { text: message || t("fixErrors") }));
  if (links.length) summary.append(el("ul", {}, links));
  summary.hidden = false;
  summary.focus();
}

export function setStatus(form, text) {
  form.querySelector(".status").textContent = text;
}

export { formatDate };
