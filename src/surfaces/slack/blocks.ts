import { manyValues, oneValue } from "../../chat/forms.ts";
import type { Inline } from "../../chat/inline.ts";
import { hasMarks, lines, toInline, toPlain } from "../../chat/inline.ts";
import {
  type Button,
  type Field,
  type FormValues,
  type FormView,
  fileLine,
  type MessageView,
  type Option,
  type Table,
  type Text,
  upgrade,
  type Block as ViewBlock,
  type Visibility,
} from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { limits } from "./limits.ts";

/** Neutral views -> Block Kit, always within Block Kit's limits: long content is
 * shortened visibly (an ellipsis, "… en nog 12 rijen"), never rejected by Slack.
 *
 * User text never becomes mrkdwn: text without marks goes into plain_text elements (Slack
 * parses nothing there); in mrkdwn, plain runs have Slack's control characters escaped
 * (& < >, so no <!channel>, <@U…> or <url|link>) and each of * _ ~ ` wrapped in zero-width
 * spaces, so it cannot open or close a format. */

type Block = { type: string } & Record<string, unknown>;

const plain = (text: string, max: number, emoji = true) => ({
  type: "plain_text" as const,
  text: clip(text, max),
  emoji,
});

/** Shortens to `max` characters (code points), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Slack's three control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const ZWSP = "\u200B";
/** One character of user text as mrkdwn that shows exactly that character. */
const plainChar = (char: string) => (/[*_~`]/.test(char) ? `${ZWSP}${char}${ZWSP}` : escapeMrkdwn(char));

/** Inline text as mrkdwn pieces that may not be cut (a character, a link, a mention, a mark). */
function tokens(text: Text, mention?: (personId: string) => string | undefined): string[] {
  const out: string[] = [];
  const chars = (value: string) => {
    for (const char of value) out.push(plainChar(char));
  };
  for (const run of toInline(text)) {
    if (run.kind === "text" && run.bold) {
      // A bold mark only works around non-blank text on one line.
      run.text.split("\n").forEach((line, i) => {
        if (i) out.push("\n");
        const m = /^(\s*)(.*?)(\s*)$/s.exec(line) ?? ["", "", line, ""];
        chars(m[1] ?? "");
        if (m[2]) {
          out.push("*");
          chars(m[2]);
          out.push("*");
        }
        chars(m[3] ?? "");
      });
    } else if (run.kind === "text") chars(run.text);
    else if (run.kind === "code") {
      out.push("`");
      for (const char of run.text) out.push(char === "`" ? "'" : char === "\n" ? " " : escapeMrkdwn(char));
      out.push("`");
    } else if (run.kind === "link") {
      const url = run.url.replace(/[|<>]/g, (c) => encodeURIComponent(c));
      out.push(`<${url}|${[...run.text].map(plainChar).join("").replace(/\|/g, "¦")}>`);
    } else {
      const id = mention?.(run.personId);
      if (id) out.push(`<@${id}>`);
      else chars(run.name);
    }
  }
  return out;
}

/** Tokens joined within `max` characters, with an ellipsis when something was left out. */
function within(parts: string[], max: number): string {
  let used = 0;
  let out = "";
  for (const [i, part] of parts.entries()) {
    const length = [...part].length;
    const room = i === parts.length - 1 ? max : max - 1;
    if (used + length > room) return `${out}…`;
    out += part;
    used += length;
  }
  return out;
}

const mrkdwn = (text: Text, max: number = limits.sectionText) => ({
  type: "mrkdwn" as const,
  text: within(tokens(text), max),
});

/** Tokens in pieces of at most `max` characters, cut at a line break where one is near. */
function pieces(parts: string[], max: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const part of parts) {
    const size = [...part].length;
    if (length + size > max) {
      const lastBreak = current.lastIndexOf("\n");
      const cut = lastBreak > current.length / 2 ? lastBreak + 1 : current.length;
      out.push(current.slice(0, cut).join(""));
      current = current.slice(cut);
      length = [...current.join("")].length;
    }
    current.push(part);
    length += size;
  }
  if (current.length) out.push(current.join(""));
  return out;
}

/** A text block as sections: plain_text when it has no marks (nothing is parsed), else mrkdwn. */
function textSections(text: Inline): Block[] {
  const marked = hasMarks(text);
  const parts = marked ? tokens(text) : [...toPlain(text)];
  return pieces(parts, limits.sectionText).map((piece) => ({
    type: "section",
    text: marked ? { type: "mrkdwn", text: piece } : { type: "plain_text", text: piece, emoji: false },
  }));
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
  // In a code block only a backtick (closing the fence) and Slack's control characters matter.
  const lines = [line(table.columns), ...table.rows.map(line)].map((l) =>
    escapeMrkdwn(l).replace(/`/g, `${ZWSP}\`${ZWSP}`),
  );
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
  /** The line where a file block stands (the file itself is uploaded into the conversation). */
  attached: (file: string) => string;
}

export const dutch: RenderTexts = {
  moreRows: (n) => `… en nog ${n} ${n === 1 ? "rij" : "rijen"}`,
  shortened: "… (ingekort: vraag de volledige gegevens op in Knoop)",
  close: "Annuleren",
  attached: (file) => `Bijlage: ${file}`,
};

export const english: RenderTexts = {
  moreRows: (n) => `… and ${n} more ${n === 1 ? "row" : "rows"}`,
  shortened: "… (shortened: ask Knoop for the full details)",
  close: "Cancel",
  attached: (file) => `Attachment: ${file}`,
};

export const renderTexts = (locale: Locale): RenderTexts => (locale === "en" ? english : dutch);

function buttonElement(b: Button, index: number): Block {
  return {
    type: "button",
    action_id: actionId(b.action, index),
    text: plain(b.label, limits.buttonText),
    ...(b.value !== undefined ? { value: clip(b.value, limits.buttonValue) } : {}),
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm
      ? {
          confirm: {
            title: plain(b.confirm.title, limits.confirmTitle),
            text: plain(b.confirm.text, limits.confirmText),
            confirm: plain(b.confirm.confirm, limits.confirmButton),
            deny: plain(b.confirm.deny, limits.confirmButton),
            ...(b.style === "danger" ? { style: "danger" } : {}),
          },
        }
      : {}),
  };
}

/** A chart's PNG uploaded to Slack (files.uploadV2 without a channel), shown by an image block. */
export interface ChartImage {
  fileId: string;
  alt: string;
}

function blocksOf(block: ViewBlock, t: RenderTexts, image?: ChartImage): Block[] {
  switch (block.kind) {
    case "heading":
      return [{ type: "header", text: plain(block.text, limits.headerText) }];
    case "text":
      return textSections(block.text);
    case "facts": {
      const out: Block[] = [];
      for (let i = 0; i < block.facts.length; i += limits.sectionFields)
        out.push({
          type: "section",
          fields: block.facts.slice(i, i + limits.sectionFields).map((f) => ({
            type: "mrkdwn",
            text: within(["*", ...tokens(f.label), "*", "\n", ...tokens(f.value)], limits.fieldText),
          })),
        });
      return out;
    }
    case "table":
      return [{ type: "section", text: { type: "mrkdwn", text: tableText(block, t.moreRows) } }];
    case "chart": {
      // The chart's PNG (uploaded by the port) with the title, else the title as text; the table
      // that travels with every chart comes right after it either way.
      const table = { type: "section", text: { type: "mrkdwn", text: tableText(block.table, t.moreRows) } };
      if (image)
        return [
          {
            type: "image",
            slack_file: { id: image.fileId },
            alt_text: clip(image.alt, limits.imageAltText),
            title: plain(block.title, limits.imageTitle, false),
          },
          table,
        ];
      return [
        { type: "section", text: { type: "mrkdwn", text: within(["*", ...tokens(block.title), "*"], 3000) } },
        table,
      ];
    }
    case "buttons": {
      const out: Block[] = [];
      for (let i = 0; i < block.buttons.length; i += limits.actionsElements)
        out.push({
          type: "actions",
          elements: block.buttons.slice(i, i + limits.actionsElements).map((b, j) => buttonElement(b, i + j)),
        });
      return out;
    }
    case "note":
      return [{ type: "context", elements: [mrkdwn(block.text)] }];
    case "divider":
      return [{ type: "divider" }];
    case "file":
      // Block Kit has no block for an uploaded file: the port uploads it into the conversation
      // (files.uploadV2) right after the message; the message says it is there.
      return [{ type: "context", elements: [mrkdwn(`📎 ${t.attached(fileLine(block))}`)] }];
  }
}

/** The notification text (Slack's `text` beside the blocks): heading and text, escaped like the
 * blocks (Slack parses mentions and links in it too). Never empty: Slack refuses "no_text". */
function fallbackText(view: MessageView): string {
  const title = view.blocks.find((b) => b.kind === "heading")?.text;
  const body = lines(...view.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : [])));
  const parts = [...(title ? tokens(body.length ? `${title}: ` : title) : []), ...tokens(body)];
  return parts.length ? within(parts, 3000) : " ";
}

/** How a reply message is posted: for everyone in the channel, or only for the actor. */
export const responseType = (visibility: Visibility | undefined) =>
  visibility === "everyone" ? ("in_channel" as const) : ("ephemeral" as const);

/** A message: its blocks in the order the feature built them. */
export function messageBlocks(
  stored: MessageView,
  t: RenderTexts = dutch,
  maxBlocks: number = limits.messageBlocks,
  /** The uploaded PNG of each chart block, in the order of the charts (none: charts as text). */
  images: (ChartImage | undefined)[] = [],
) {
  const view = upgrade(stored);
  const text = fallbackText(view);
  let index = 0;
  let charts = 0;
  const blocks: Block[] = view.blocks.flatMap((b) => {
    const out = blocksOf(b, t, b.kind === "chart" ? images[charts++] : undefined);
    // Buttons of several button blocks still need distinct action ids within the message.
    if (b.kind === "buttons") {
      for (const actions of out)
        actions.elements = (actions.elements as Block[]).map((e) => ({
          ...e,
          action_id: actionId(actionName(String(e.action_id)), index++),
        }));
    }
    return out;
  });
  if (blocks.length > maxBlocks) {
    // Keep the buttons (the way to act) and say that the rest was shortened.
    const actions = blocks.filter((b) => b.type === "actions");
    const room = Math.max(0, maxBlocks - actions.length - 1);
    const content = blocks.filter((b) => b.type !== "actions").slice(0, room);
    return {
      text,
      blocks: [...content, { type: "context", elements: [mrkdwn(t.shortened)] }, ...actions].slice(
        0,
        maxBlocks,
      ),
    };
  }
  return { text, blocks };
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

/** A select with more options than a static select may carry: rendered as an external_select,
 * whose options Slack asks for as the user types (answered from the OptionsCache). */
export const loadsAsYouType = (list: readonly Option[]) => list.length > limits.selectOptions;

/** The input element for a field, with its current value as the initial value. */
function element(field: Field, timezoneOffsetSeconds: (isoLocal: string) => number | null): Block {
  const value = field.value;
  const one = oneValue(value);
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
      if (loadsAsYouType(list) || list.length === 0)
        return { ...base, type: "external_select", min_query_length: 0, ...chosen };
      return { ...base, type: "static_select", options: options(list), ...chosen };
    }
    case "multiselect": {
      const picked = list.filter((o) => manyValues(value).includes(o.value));
      const chosen = picked.length ? { initial_options: options(picked) } : {};
      if (loadsAsYouType(list) || list.length === 0)
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
    case "number":
      return {
        ...base,
        type: "number_input",
        is_decimal_allowed: false,
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
        ...(/^-?\d+$/.test(one) ? { initial_value: one } : {}),
      };
    case "time":
      return { ...base, type: "timepicker", ...(/^\d{2}:\d{2}$/.test(one) ? { initial_time: one } : {}) };
    case "toggle": {
      const option = { text: plain(field.label, limits.optionText), value: "on" };
      return {
        action_id: "value",
        type: "checkboxes",
        options: [option],
        ...(one === "on" ? { initial_options: [option] } : {}),
      };
    }
  }
}

/** A form as a modal. `toEpochSeconds` turns a local "YYYY-MM-DDTHH:MM" into a Unix time. */
export function modalView(
  form: FormView,
  toEpochSeconds: (isoLocal: string) => number | null,
  t: RenderTexts = dutch,
) {
  const blocks: Block[] = [];
  if (form.intro) blocks.push(...textSections(toInline(form.intro)));
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
  selected_time?: string | null;
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
    // A toggle is one checkbox: "on" or "".
    if (v.type === "checkboxes") values[blockId] = v.selected_options?.length ? "on" : "";
    else if (v.selected_options) values[blockId] = v.selected_options.map((o) => o.value);
    else if (v.selected_time !== undefined) values[blockId] = v.selected_time ?? "";
    else if (v.selected_option !== undefined) values[blockId] = v.selected_option?.value ?? "";
    else if (v.selected_date !== undefined) values[blockId] = v.selected_date ?? "";
    else if (v.selected_date_time !== undefined)
      values[blockId] = v.selected_date_time ? toLocal(v.selected_date_time) : "";
    else if (v.selected_user !== undefined) values[blockId] = v.selected_user ?? "";
    else values[blockId] = v.value ?? "";
  }
  return values;
}
