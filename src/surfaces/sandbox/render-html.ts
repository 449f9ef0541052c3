import { manyValues } from "../../chat/forms.ts";
import { type Text, toInline } from "../../chat/inline.ts";
import {
  type Block,
  type Button,
  type ChartBlock,
  type Field,
  type FileBlock,
  type FormView,
  fileLine,
  type MessageView,
  upgrade,
} from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { sandboxTexts } from "./texts.ts";

/** Renders the neutral views as HTML for the sandbox page. Every piece of content is
 * escaped; marks (bold, code, links, mentions) come from the inline runs, never from the text. */

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

/** Inline text as HTML: each run escaped, its mark as an element, line breaks as <br>. */
export function inline(text: Text | undefined): string {
  const br = (v: string) => escapeHtml(v).replace(/\n/g, "<br>");
  return toInline(text)
    .map((run) => {
      if (run.kind === "code") return `<code>${escapeHtml(run.text)}</code>`;
      if (run.kind === "link")
        return `<a href="${escapeHtml(run.url)}" rel="noopener noreferrer" target="_blank">${br(run.text)}</a>`;
      if (run.kind === "mention") return `<span class="mention">@${escapeHtml(run.name)}</span>`;
      return run.bold ? `<strong>${br(run.text)}</strong>` : br(run.text);
    })
    .join("");
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
  /** Where the sandbox serves the message's n-th file block (a stored message); without it a
   * file is offered as a data: URL (a reply that is not stored). */
  fileUrl?: (index: number) => string;
  /** The drawn SVG of each chart block, in the order of the charts (see renderMessageWithCharts);
   * a chart without one is shown as its table alone. */
  charts?: (string | undefined)[];
}

function renderTable(columns: string[], rows: string[][], caption?: string): string {
  const head = columns.map((c) => `<th scope="col">${inline(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`);
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

function renderButton(b: Button): string {
  return `<button type="button" class="btn${b.style ? ` ${b.style}` : ""}"${attr("data-action", b.action)}${attr(
    "data-value",
    b.value ?? "",
  )}${attr("data-confirm", b.confirm ? `${b.confirm.title}\n\n${b.confirm.text}` : undefined)}${
    b.opensForm ? " data-opens-form" : ""
  }>${escapeHtml(b.label)}</button>`;
}

/** A download link for a file block (its name and title escaped; the URL is the sandbox's own). */
function renderFile(block: FileBlock, url: string | undefined): string {
  const href =
    url ??
    `data:${block.mediaType};${block.encoding === "base64" ? "base64" : "charset=utf-8"},${block.encoding === "base64" ? block.data : encodeURIComponent(block.data)}`;
  return `<p class="file" data-kind="file"><a href="${escapeHtml(href)}" download="${escapeHtml(block.name)}">📎 ${escapeHtml(fileLine(block))}</a></p>`;
}

function renderBlock(block: Block, fileUrl?: string, svg?: string): string {
  switch (block.kind) {
    case "heading":
      return `<h3 class="title">${inline(block.text)}</h3>`;
    case "text":
      return `<div class="text">${inline(block.text)}</div>`;
    case "facts": {
      const facts = block.facts.map(
        (f) => `<div><dt>${inline(f.label)}</dt><dd>${inline(f.value)}</dd></div>`,
      );
      return `<dl class="facts">${facts.join("")}</dl>`;
    }
    case "table":
      return renderTable(block.columns, block.rows);
    case "chart": {
      // The drawn chart (our own SVG, its texts escaped by vega and checked by assertSafeSvg) with
      // the table every chart carries, for screen readers and the exact numbers.
      const image = svg
        ? `<div class="chart-image" role="img" aria-label="${escapeHtml(block.title)}">${svg}</div>`
        : "";
      return `<figure class="chart" data-kind="chart">${image}${renderTable(block.table.columns, block.table.rows, block.title)}</figure>`;
    }
    case "buttons":
      return `<div class="buttons">${block.buttons.map(renderButton).join("")}</div>`;
    case "note":
      return `<p class="note">${inline(block.text)}</p>`;
    case "divider":
      return "<hr>";
    case "file":
      return renderFile(block, fileUrl);
  }
}

export function renderMessage(stored: MessageView, locale: Locale, meta: MessageMeta = {}): string {
  const t = sandboxTexts(locale);
  const view = upgrade(stored);
  const parts: string[] = [];
  if (meta.time || meta.ephemeral) {
    const label = [meta.ephemeral ? t.ephemeral : undefined, meta.time].filter(Boolean).join(" · ");
    parts.push(`<p class="meta">Knoop · ${escapeHtml(label)}</p>`);
  }
  let files = 0;
  let charts = 0;
  parts.push(
    ...view.blocks.map((b) =>
      renderBlock(
        b,
        b.kind === "file" ? meta.fileUrl?.(files++) : undefined,
        b.kind === "chart" ? meta.charts?.[charts++] : undefined,
      ),
    ),
  );
  const cls = meta.ephemeral ? "message ephemeral" : "message";
  return `<article class="${cls}" data-testid="message"${attr("data-message-id", meta.id)}>${parts.join("")}</article>`;
}

/** Drawn charts by their content: the page asks for the messages again and again. */
const drawn = new Map<string, Promise<string | undefined>>();
const DRAWN_KEPT = 200;

function drawChart(block: ChartBlock, locale: Locale): Promise<string | undefined> {
  const key = `${locale}:${JSON.stringify(block)}`;
  let svg = drawn.get(key);
  if (!svg) {
    // A chart that cannot be drawn is shown as its table.
    // Loaded at the first chart: vega and resvg cost about 50 MB and 0.3 s at start otherwise.
    svg = import("../../chat/charts.ts")
      .then(({ chartSvg }) => chartSvg(block, locale))
      .catch(() => undefined);
    drawn.set(key, svg);
    if (drawn.size > DRAWN_KEPT) drawn.delete(drawn.keys().next().value as string);
  }
  return svg;
}

/** renderMessage with its charts drawn as inline SVG. */
export async function renderMessageWithCharts(
  stored: MessageView,
  locale: Locale,
  meta: MessageMeta = {},
): Promise<string> {
  const charts = upgrade(stored).blocks.filter((b): b is ChartBlock => b.kind === "chart");
  const svgs = await Promise.all(charts.map((c) => drawChart(c, locale)));
  return renderMessage(stored, locale, { ...meta, charts: svgs });
}

/** Long choice lists get a filter box (every surface makes them searchable). */
const SEARCHABLE_FROM = 8;

function renderField(field: Field, locale: Locale): string {
  const t = sandboxTexts(locale);
  const id = escapeHtml(`f-${field.name}`);
  const values = manyValues(field.value);
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
    case "toggle":
      control = `<input id="${id}" name="${escapeHtml(field.name)}" type="checkbox" value="on"${value === "on" ? " checked" : ""}${aria}>`;
      break;
    default: {
      const type = { text: "text", date: "date", datetime: "datetime-local", number: "number", time: "time" }[
        field.kind
      ];
      control = `<input id="${id}" name="${escapeHtml(field.name)}" type="${type}"${attr("value", value)}${attr(
        "placeholder",
        field.placeholder,
      )}${attr("maxlength", field.maxLength?.toString())}${attr("min", field.min?.toString())}${attr(
        "max",
        field.max?.toString(),
      )}${aria}>`;
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
