import type { Field, FormView, MessageView } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { sandboxTexts } from "./texts.ts";

/** Renders the neutral views as HTML for the sandbox page. Every piece of content is
 * escaped; the only markup the views carry is *bold* and `code`. */

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Escaped text with *bold*, `code` and line breaks. */
export function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
    .replace(/\n/g, "<br>");
}

const attr = (name: string, value: string | undefined) =>
  value === undefined ? "" : ` ${name}="${escapeHtml(value)}"`;

export interface MessageMeta {
  /** The stored message's id (buttons in it may replace it). */
  id?: string;
  /** When it was sent, already formatted. */
  time?: string;
  /** Shown to the actor only (a Reply, not a stored message). */
  ephemeral?: boolean;
}

export function renderMessage(view: MessageView, locale: Locale, meta: MessageMeta = {}): string {
  const t = sandboxTexts(locale);
  const parts: string[] = [];
  if (meta.time || meta.ephemeral) {
    const label = [meta.ephemeral ? t.ephemeral : undefined, meta.time].filter(Boolean).join(" · ");
    parts.push(`<p class="meta">Knoop · ${escapeHtml(label)}</p>`);
  }
  if (view.title) parts.push(`<h3 class="title">${inline(view.title)}</h3>`);
  parts.push(`<div class="text">${inline(view.text)}</div>`);
  if (view.facts?.length) {
    const facts = view.facts.map((f) => `<div><dt>${inline(f.label)}</dt><dd>${inline(f.value)}</dd></div>`);
    parts.push(`<dl class="facts">${facts.join("")}</dl>`);
  }
  if (view.table) {
    const head = view.table.columns.map((c) => `<th scope="col">${inline(c)}</th>`).join("");
    const rows = view.table.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`);
    parts.push(`<table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`);
  }
  if (view.buttons?.length) {
    const buttons = view.buttons.map(
      (b) =>
        `<button type="button" class="btn${b.style ? ` ${b.style}` : ""}"${attr("data-action", b.action)}${attr(
          "data-value",
          b.value ?? "",
        )}>${escapeHtml(b.label)}</button>`,
    );
    parts.push(`<div class="buttons">${buttons.join("")}</div>`);
  }
  if (view.note) parts.push(`<p class="note">${inline(view.note)}</p>`);
  const cls = meta.ephemeral ? "message ephemeral" : "message";
  return `<article class="${cls}" data-testid="message"${attr("data-message-id", meta.id)}>${parts.join("")}</article>`;
}

/** Long choice lists get a filter box (every surface makes them searchable). */
const SEARCHABLE_FROM = 8;

function renderField(field: Field, locale: Locale): string {
  const t = sandboxTexts(locale);
  const id = escapeHtml(`f-${field.name}`);
  const values = Array.isArray(field.value) ? field.value : field.value ? [field.value] : [];
  const value = values[0] ?? "";
  const described = [field.hint ? `${id}-hint` : "", field.error ? `${id}-error` : ""].filter(Boolean);
  const aria =
    (described.length ? ` aria-describedby="${described.join(" ")}"` : "") +
    (field.error ? ` aria-invalid="true"` : "") +
    (field.required ? " required" : "");
  const label = `${escapeHtml(field.label)}${field.required ? ` <span class="required">(${t.required})</span>` : ""}`;
  const options = field.options ?? [];
  const filter =
    options.length >= SEARCHABLE_FROM
      ? `<input type="search" class="filter" aria-label="${escapeHtml(`${field.label}: ${t.filter}`)}" placeholder="${t.filter}" data-filter>`
      : "";

  let control: string;
  switch (field.kind) {
    case "textarea":
      control = `<textarea id="${id}" name="${escapeHtml(field.name)}"${attr("placeholder", field.placeholder)}${attr(
        "maxlength",
        field.maxLength?.toString(),
      )}${aria}>${escapeHtml(value)}</textarea>`;
      break;
    case "select":
    case "person": {
      const choices = options.map(
        (o) =>
          `<option${attr("value", o.value)}${o.value === value ? " selected" : ""}>${escapeHtml(o.label)}</option>`,
      );
      control = `${filter}<select id="${id}" name="${escapeHtml(field.name)}"${aria}><option value="">—</option>${choices.join("")}</select>`;
      break;
    }
    case "multiselect": {
      const boxes = options.map(
        (o, i) =>
          `<label class="choice"><input type="checkbox" id="${id}-${i}" name="${escapeHtml(field.name)}"${attr(
            "value",
            o.value,
          )}${values.includes(o.value) ? " checked" : ""}> ${escapeHtml(o.label)}</label>`,
      );
      const legendAria = described.length ? ` aria-describedby="${described.join(" ")}"` : "";
      const hint = field.hint ? `<p class="hint" id="${id}-hint">${inline(field.hint)}</p>` : "";
      const error = field.error ? `<p class="error" id="${id}-error">${escapeHtml(field.error)}</p>` : "";
      return `<fieldset class="field" data-field="${escapeHtml(field.name)}" data-kind="multiselect"${legendAria}><legend>${label}</legend>${filter}<div class="choices">${boxes.join("")}</div>${hint}${error}</fieldset>`;
    }
    default: {
      const type = { text: "text", date: "date", datetime: "datetime-local" }[field.kind];
      control = `<input id="${id}" name="${escapeHtml(field.name)}" type="${type}"${attr("value", value)}${attr(
        "placeholder",
        field.placeholder,
      )}${attr("maxlength", field.maxLength?.toString())}${aria}>`;
    }
  }
  const hint = field.hint ? `<p class="hint" id="${id}-hint">${inline(field.hint)}</p>` : "";
  const error = field.error ? `<p class="error" id="${id}-error">${escapeHtml(field.error)}</p>` : "";
  return `<div class="field" data-field="${escapeHtml(field.name)}" data-kind="${field.kind}"><label for="${id}">${label}</label>${control}${hint}${error}</div>`;
}

/** A form for the page's dialog. `novalidate`: errors come from the feature, in Dutch, at the field. */
export function renderForm(form: FormView, locale: Locale): string {
  const t = sandboxTexts(locale);
  const intro = form.intro ? `<p class="intro">${inline(form.intro)}</p>` : "";
  const fields = form.fields.map((f) => renderField(f, locale)).join("");
  return `<form class="form" data-testid="form" novalidate${attr("data-form-id", form.id)}${attr(
    "data-context",
    form.context,
  )}><h2 id="form-title">${escapeHtml(form.title)}</h2>${intro}${fields}<div class="form-actions"><button type="button" class="btn" data-cancel>${t.cancel}</button><button type="submit" class="btn primary">${escapeHtml(form.submitLabel)}</button></div></form>`;
}
