import type { Field, FormValues, FormView, MessageView, Option, Table } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { limits } from "./limits.ts";

/** Neutral views -> Block Kit, always within Block Kit's limits: long content is
 * shortened visibly (an ellipsis, "… en nog 12 rijen"), never rejected by Slack. */

type Block = { type: string } & Record<string, unknown>;

const plain = (text: string, max: number) => ({
  type: "plain_text" as const,
  text: clip(text, max),
  emoji: true,
});
const mrkdwn = (text: string, max: number = limits.sectionText) => ({
  type: "mrkdwn" as const,
  text: clip(escapeMrkdwn(text), max),
});

/** Shortens to `max` characters (code points), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Slack's three control characters; everything else (incl. *bold*) passes as mrkdwn. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escaped text in pieces of at most `max` characters, cut at a line break where one is near. */
function pieces(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  let length = 0;
  for (const char of text) {
    const piece = escapeMrkdwn(char);
    if (length + [...piece].length > max) {
      const lastBreak = current.lastIndexOf("\n");
      const cut = lastBreak > max / 2 ? lastBreak + 1 : current.length;
      out.push(current.slice(0, cut));
      current = current.slice(cut);
      length = [...current].length;
    }
    current += piece;
    length += [...piece].length;
  }
  if (current) out.push(current);
  return out;
}

/** Buttons with the same action in one message (e.g. three answers per slot) need
 * distinct action_ids: the index is appended and stripped again by `actionName`. */
export const actionId = (action: string, index: number) => `${action}::${index}`;
export const actionName = (id: string) => id.replace(/::\d+$/, "");

function tableText(table: Table, more: (n: number) => string): string {
  const widths = table.columns.map((c, i) =>
    Math.min(30, Math.max(c.length, ...table.rows.map((r) => (r[i] ?? "").length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => clip(c, widths[i] ?? 30).padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [line(table.columns), ...table.rows.map(line)].map(escapeMrkdwn);
  // Keep whole rows that fit in one section (with the fence and the "more" line).
  const budget = limits.sectionText - 40;
  let used = 0;
  let kept = 0;
  for (const l of lines) {
    if (used + l.length + 1 > budget) break;
    used += l.length + 1;
    kept++;
  }
  const dropped = lines.length - kept;
  return `\`\`\`${lines.slice(0, kept).join("\n")}\`\`\`${dropped ? `\n${more(dropped)}` : ""}`;
}

export interface RenderTexts {
  moreRows: (n: number) => string;
  shortened: string;
  /** The modal's close button (Slack's default is English "Cancel"). */
  close: string;
}

export const dutch: RenderTexts = {
  moreRows: (n) => `… en nog ${n} ${n === 1 ? "rij" : "rijen"}`,
  shortened: "… (ingekort: vraag de volledige gegevens op in Knoop)",
  close: "Annuleren",
};

export const english: RenderTexts = {
  moreRows: (n) => `… and ${n} more ${n === 1 ? "row" : "rows"}`,
  shortened: "… (shortened: ask Knoop for the full details)",
  close: "Cancel",
};

export const renderTexts = (locale: Locale): RenderTexts => (locale === "en" ? english : dutch);

/** A message: header, text, facts (fields), table, note and buttons. */
export function messageBlocks(
  view: MessageView,
  t: RenderTexts = dutch,
  maxBlocks: number = limits.messageBlocks,
) {
  const blocks: Block[] = [];
  if (view.title) blocks.push({ type: "header", text: plain(view.title, limits.headerText) });
  // Long text becomes several sections, each within the section limit.
  for (const piece of pieces(view.text, limits.sectionText))
    blocks.push({ type: "section", text: { type: "mrkdwn", text: piece } });
  const facts = view.facts ?? [];
  for (let i = 0; i < facts.length; i += limits.sectionFields) {
    blocks.push({
      type: "section",
      fields: facts
        .slice(i, i + limits.sectionFields)
        .map((f) => mrkdwn(`*${f.label}*\n${f.value}`, limits.fieldText)),
    });
  }
  if (view.table)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: tableText(view.table, t.moreRows) } });
  if (view.note) blocks.push({ type: "context", elements: [mrkdwn(view.note)] });
  const buttons = view.buttons ?? [];
  for (let i = 0; i < buttons.length; i += limits.actionsElements) {
    blocks.push({
      type: "actions",
      elements: buttons.slice(i, i + limits.actionsElements).map((b, j) => ({
        type: "button",
        action_id: actionId(b.action, i + j),
        text: plain(b.label, limits.buttonText),
        ...(b.value !== undefined ? { value: clip(b.value, limits.buttonValue) } : {}),
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  if (blocks.length > maxBlocks) {
    // Keep the buttons (the way to act) and say that the rest was shortened.
    const actions = blocks.filter((b) => b.type === "actions");
    const room = Math.max(0, maxBlocks - actions.length - 1);
    const content = blocks.filter((b) => b.type !== "actions").slice(0, room);
    return {
      text: clip(view.text, 3000),
      blocks: [...content, { type: "context", elements: [mrkdwn(t.shortened)] }, ...actions].slice(
        0,
        maxBlocks,
      ),
    };
  }
  // Slack refuses a message without text ("no_text"): the fallback is never empty.
  return { text: clip(view.title ? `${view.title}: ${view.text}` : view.text || " ", 3000), blocks };
}

/** Several messages as one App Home tab (within the view limit of 100 blocks), divided by lines. */
export function homeView(views: MessageView[], t: RenderTexts = dutch) {
  const blocks: Block[] = [];
  for (const view of views) {
    if (blocks.length) blocks.push({ type: "divider" });
    blocks.push(...messageBlocks(view, t, limits.viewBlocks).blocks);
  }
  if (blocks.length > limits.viewBlocks) {
    blocks.length = limits.viewBlocks - 1;
    blocks.push({ type: "context", elements: [mrkdwn(t.shortened)] });
  }
  return { type: "home" as const, blocks };
}

/** Options as Block Kit option objects (also the answer to an external options request). */
export function options(list: Option[]) {
  return list.map((o) => ({
    text: plain(o.label, limits.optionText),
    value: clip(o.value, limits.optionValue),
  }));
}

/** The input element for a field, with its current value as the initial value. */
function element(field: Field, timezoneOffsetSeconds: (isoLocal: string) => number | null): Block {
  const value = field.value;
  const one = Array.isArray(value) ? value[0] : value;
  const base: Record<string, unknown> = { action_id: "value" };
  if (field.placeholder) base.placeholder = plain(field.placeholder, limits.placeholder);
  const list = field.options ?? [];
  switch (field.kind) {
    case "text":
    case "textarea":
      return {
        ...base,
        type: "plain_text_input",
        multiline: field.kind === "textarea",
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, limits.textInputMax) } : {}),
        ...(one ? { initial_value: clip(one, limits.textInputMax) } : {}),
      };
    case "select": {
      const initial = list.find((o) => o.value === one);
      const chosen = initial ? { initial_option: options([initial])[0] } : {};
      // Long lists (and empty ones: a static select needs an option) load their options as you type.
      if (list.length > limits.selectOptions || list.length === 0)
        return { ...base, type: "external_select", min_query_length: 0, ...chosen };
      return { ...base, type: "static_select", options: options(list), ...chosen };
    }
    case "multiselect": {
      const picked = list.filter((o) => (Array.isArray(value) ? value : one ? [one] : []).includes(o.value));
      const chosen = picked.length ? { initial_options: options(picked) } : {};
      if (list.length > limits.selectOptions || list.length === 0)
        return { ...base, type: "multi_external_select", min_query_length: 0, ...chosen };
      return { ...base, type: "multi_static_select", options: options(list), ...chosen };
    }
    case "date":
      return {
        ...base,
        type: "datepicker",
        ...(one && /^\d{4}-\d{2}-\d{2}$/.test(one) ? { initial_date: one } : {}),
      };
    case "datetime": {
      const seconds = one ? timezoneOffsetSeconds(one) : null;
      return {
        action_id: "value",
        type: "datetimepicker",
        ...(seconds !== null ? { initial_date_time: seconds } : {}),
      };
    }
    case "person":
      return { ...base, type: "users_select", ...(one ? { initial_user: one } : {}) };
  }
}

/** A form as a modal. `toEpochSeconds` turns a local "YYYY-MM-DDTHH:MM" into a Unix time. */
export function modalView(
  form: FormView,
  toEpochSeconds: (isoLocal: string) => number | null,
  t: RenderTexts = dutch,
) {
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: "section", text: mrkdwn(form.intro) });
  for (const field of form.fields) {
    blocks.push({
      type: "input",
      block_id: field.name,
      optional: !field.required,
      label: plain(field.label, limits.inputLabel),
      ...(field.hint ? { hint: plain(field.hint, limits.hint) } : {}),
      element: element(field, toEpochSeconds),
    });
  }
  return {
    type: "modal" as const,
    callback_id: form.id,
    private_metadata: form.context ?? "",
    title: plain(form.title, limits.modalTitle),
    submit: plain(form.submitLabel, limits.modalButton),
    close: plain(t.close, limits.modalButton),
    blocks: blocks.slice(0, limits.viewBlocks),
  };
}

/** The field errors of a form, for `response_action: "errors"` (block_id = field name). */
export function fieldErrors(form: FormView): Record<string, string> {
  return Object.fromEntries(
    form.fields.filter((f) => f.error).map((f) => [f.name, clip(f.error ?? "", 2000)]),
  );
}

type StateValue = {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
  selected_date_time?: number | null;
  selected_user?: string | null;
};

/** A view_submission's state back into neutral form values. */
export function submittedValues(
  state: Record<string, Record<string, StateValue>>,
  toLocal: (epochSeconds: number) => string,
): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const v = actions.value;
    if (!v) continue;
    if (v.selected_options) values[blockId] = v.selected_options.map((o) => o.value);
    else if (v.selected_option !== undefined) values[blockId] = v.selected_option?.value ?? "";
    else if (v.selected_date !== undefined) values[blockId] = v.selected_date ?? "";
    else if (v.selected_date_time !== undefined)
      values[blockId] = v.selected_date_time ? toLocal(v.selected_date_time) : "";
    else if (v.selected_user !== undefined) values[blockId] = v.selected_user ?? "";
    else values[blockId] = v.value ?? "";
  }
  return values;
}
