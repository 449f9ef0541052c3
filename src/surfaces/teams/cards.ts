/** The Adaptive Card renderer (cards of version 1.5, what Teams renders). User text never becomes
 * markup: every text travels in RichTextBlock TextRuns, which Adaptive Cards never parse as
 * markdown; only the run's own marks (bold, code, link) become formatting. */
import type { Inline } from "../../chat/inline.ts";
import {
  type Block,
  type Button,
  type ChartBlock,
  type Field,
  type FormView,
  type MessageView,
  type Table,
  upgrade,
} from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { teamsTexts } from "./texts.ts";

export type Json = Record<string, unknown>;
export type Card = Json & { type: "AdaptiveCard"; version: "1.5"; body: Json[] };

export const CARD_VERSION = "1.5";
const MAX_ACTIONS = 5;
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** What a Action.Execute or task/fetch carries: the action name (the router's) and its value. */
export interface ActionData {
  verb: string;
  value?: string;
  /** On a form button of a card sent to the 1:1 chat for a command typed in a team or chat: that
   * team or chat, whose members a people pick lists (see members.ts). */
  from?: string;
}

/** What a dialog's submit carries besides the inputs (which Teams merges into the same object, so
 * under one key no field uses): the form, its context and its field kinds (so multiselect and
 * date-and-time inputs can be read back). */
export interface FormData {
  verb: string;
  /** `origin`: the team or chat whose members a people pick lists (see members.ts). */
  knoop: { form: string; context?: string; kinds: Record<string, Field["kind"]>; origin?: string };
}

/** Verb of the card Knoop sends when a typed command answers with a form (a typed message
 * cannot open a dialog in Teams): its button opens the form by running the command again. */
export const OPEN_COMMAND_FORM = "knoop.form";
/** Verb of every dialog's submit. */
export const SUBMIT_FORM = "knoop.submit";

const card = (body: Json[], extra: Json = {}): Card => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: CARD_VERSION,
  body,
  ...extra,
});

/** Inline runs as TextRuns (links open, code is monospace, mentions show the name). */
function runs(text: Inline, style: Json = {}): Json[] {
  return text.map((run): Json => {
    if (run.kind === "code") return { type: "TextRun", text: run.text, ...style, fontType: "Monospace" };
    if (run.kind === "link")
      return {
        type: "TextRun",
        text: run.text,
        ...style,
        selectAction: { type: "Action.OpenUrl", url: run.url },
      };
    if (run.kind === "mention") return { type: "TextRun", text: run.name, ...style, weight: "Bolder" };
    return { type: "TextRun", text: run.text, ...style, ...(run.bold ? { weight: "Bolder" } : {}) };
  });
}

/** One RichTextBlock per line (a TextRun's newline is not shown everywhere). */
function richText(text: Inline, style: Json = {}, block: Json = {}): Json[] {
  const lines: Inline[] = [[]];
  for (const run of text) {
    if (run.kind !== "text" || !run.text.includes("\n")) {
      (lines.at(-1) as Inline[number][]).push(run);
      continue;
    }
    run.text.split("\n").forEach((part, i) => {
      if (i) lines.push([]);
      if (part) (lines.at(-1) as Inline[number][]).push({ ...run, text: part });
    });
  }
  return lines
    .filter((line) => line.length)
    .map((line, i) => ({
      type: "RichTextBlock",
      inlines: runs(line, style),
      ...(i ? { spacing: "None" } : {}),
      ...block,
    }));
}

const plainRich = (text: string, style: Json = {}, block: Json = {}) =>
  richText(text ? [{ kind: "text", text }] : [], style, block);

function tableElement(t: Table): Json {
  const cell = (text: string, bold = false) => ({
    type: "TableCell",
    items: text ? plainRich(text, bold ? { weight: "Bolder" } : {}) : [{ type: "TextBlock", text: " " }],
  });
  return {
    type: "Table",
    columns: t.columns.map(() => ({ width: 1 })),
    firstRowAsHeader: true,
    rows: [t.columns, ...t.rows].map((row, i) => ({
      type: "TableRow",
      cells: t.columns.map((_, c) => cell(row[c] ?? "", i === 0)),
    })),
  };
}

/** A native Teams chart (Chart.VerticalBar for one series, Chart.Line for several) with a fallback
 * for clients without charts; the table follows it always. A series with a suppressed value (<5)
 * cannot be drawn honestly: then only the table is shown. */
function chartElements(c: ChartBlock, locale: Locale): Json[] {
  const t = teamsTexts(locale);
  const table = tableElement(c.table);
  const drawable = c.series.every((s) => s.values.every((v) => typeof v === "number"));
  if (!drawable || !c.series.length) return [...plainRich(c.title, { weight: "Bolder" }), table];
  const fallback = { type: "TextBlock", text: t.chartFallback, wrap: true, isSubtle: true };
  const chart =
    c.series.length === 1
      ? {
          type: "Chart.VerticalBar",
          title: c.title,
          data: c.categories.map((x, i) => ({ x, y: Number(c.series[0]?.values[i] ?? 0) })),
          fallback,
        }
      : {
          type: "Chart.Line",
          title: c.title,
          data: c.series.map((s) => ({
            legend: s.name,
            values: c.categories.map((x, i) => ({ x, y: Number(s.values[i] ?? 0) })),
          })),
          fallback,
        };
  return [chart, table];
}

function action(b: Button, locale: Locale): Json {
  const style =
    b.style === "primary" ? { style: "positive" } : b.style === "danger" ? { style: "destructive" } : {};
  const data: ActionData = { verb: b.action, ...(b.value !== undefined ? { value: b.value } : {}) };
  const act = b.opensForm
    ? { type: "Action.Submit", title: b.label, data: { ...data, msteams: { type: "task/fetch" } }, ...style }
    : { type: "Action.Execute", title: b.label, verb: b.action, data, ...style };
  if (!b.confirm) return act;
  // Adaptive Cards have no confirmation dialog: the button shows the question with the real button.
  const t = teamsTexts(locale);
  return {
    type: "Action.ShowCard",
    title: b.label,
    ...style,
    card: card(
      [
        ...plainRich(b.confirm.title, { weight: "Bolder" }),
        ...plainRich(b.confirm.text),
        ...plainRich(t.confirmDeny({ deny: b.confirm.deny }), { isSubtle: true }),
      ],
      { actions: [{ ...act, title: b.confirm.confirm }] },
    ),
  };
}

function elements(block: Block, locale: Locale): Json[] {
  switch (block.kind) {
    case "heading":
      return plainRich(block.text, { weight: "Bolder", size: "Medium" });
    case "text":
      return richText(block.text);
    case "note":
      return richText(block.text, { isSubtle: true, size: "Small" });
    case "facts":
      return [
        {
          type: "Table",
          showGridLines: false,
          firstRowAsHeader: false,
          columns: [{ width: 1 }, { width: 2 }],
          rows: block.facts.map((f) => ({
            type: "TableRow",
            cells: [
              { type: "TableCell", items: plainRich(f.label, { weight: "Bolder" }) },
              { type: "TableCell", items: f.value ? plainRich(f.value) : [{ type: "TextBlock", text: " " }] },
            ],
          })),
        },
      ];
    case "table":
      return [tableElement(block)];
    case "chart":
      return chartElements(block, locale);
    case "buttons": {
      // Teams shows at most 5 actions in a row (hosts drop the rest): rows of 5.
      const rows: Json[] = [];
      for (let i = 0; i < block.buttons.length; i += MAX_ACTIONS)
        rows.push({
          type: "ActionSet",
          actions: block.buttons.slice(i, i + MAX_ACTIONS).map((b) => action(b, locale)),
          ...(i ? { spacing: "Small" } : {}),
        });
      return rows;
    }
    case "divider":
      return [{ type: "Container", separator: true, spacing: "Medium", items: [] }];
    case "file":
      // A bot cannot attach a file to a Teams card: the card names it (see README, Teams).
      return plainRich(`📎 ${block.title ?? block.name} (${block.name})`, { isSubtle: true });
  }
}

/** A message view as one Adaptive Card, blocks in their order. `extra`: e.g. a `refresh`. */
export function messageCard(view: MessageView, locale: Locale, extra: Json = {}): Card {
  return card(
    upgrade(view).blocks.flatMap((b) => elements(b, locale)),
    extra,
  );
}

/** The card with each button that opens a form marked with the team or chat it answers
 * (ActionData.from). */
export function withOrigin(content: Card, origin: string | undefined): Card {
  if (!origin) return content;
  const mark = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(mark);
    if (!node || typeof node !== "object") return node;
    const n = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mark(v)])) as Json;
    const data = n.data as Json | undefined;
    if (n.type === "Action.Submit" && (data?.msteams as Json | undefined)?.type === "task/fetch")
      n.data = { ...data, from: origin };
    return n;
  };
  return mark(content) as Card;
}

/** The activity that carries a card (with a plain-text summary for notifications). */
export function cardActivity(content: Card, summary: string): Json {
  return {
    type: "message",
    summary: summary.slice(0, 200),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content }],
  };
}

// ---------------------------------------------------------------- forms (dialogs)

const joinDateTime = (date: string, time: string) => (date && time ? `${date}T${time}` : date);

function input(field: Field, locale: Locale): Json[] {
  const t = teamsTexts(locale);
  const base = {
    id: field.name,
    label: field.label,
    ...(field.required ? { isRequired: true, errorMessage: t.required } : {}),
  };
  const one = Array.isArray(field.value) ? (field.value[0] ?? "") : (field.value ?? "");
  const choices = (field.options ?? []).map((o) => ({ title: o.label, value: o.value }));
  const searchable = choices.length > 10 ? { style: "filtered" } : {};
  switch (field.kind) {
    case "text":
    case "textarea":
      return [
        {
          type: "Input.Text",
          ...base,
          ...(field.kind === "textarea" ? { isMultiline: true } : {}),
          ...(field.maxLength ? { maxLength: field.maxLength } : {}),
          ...(field.placeholder ? { placeholder: field.placeholder } : {}),
          ...(one ? { value: one } : {}),
        },
      ];
    case "select":
    case "person":
      return [{ type: "Input.ChoiceSet", ...base, choices, ...searchable, ...(one ? { value: one } : {}) }];
    case "multiselect": {
      const many = Array.isArray(field.value) ? field.value : field.value ? [field.value] : [];
      return [
        {
          type: "Input.ChoiceSet",
          ...base,
          isMultiSelect: true,
          choices,
          ...searchable,
          ...(many.length ? { value: many.join(",") } : {}),
        },
      ];
    }
    case "date":
      return [{ type: "Input.Date", ...base, ...(one ? { value: one.slice(0, 10) } : {}) }];
    case "time":
      return [{ type: "Input.Time", ...base, ...(one ? { value: one.slice(0, 5) } : {}) }];
    case "datetime": {
      const [date = "", time = ""] = one.split("T");
      return [
        { type: "Input.Date", ...base, ...(date ? { value: date } : {}) },
        {
          type: "Input.Time",
          id: `${field.name}__time`,
          label: t.timeOf({ label: field.label }),
          ...(field.required ? { isRequired: true, errorMessage: t.required } : {}),
          ...(time ? { value: time.slice(0, 5) } : {}),
        },
      ];
    }
    case "number":
      return [
        {
          type: "Input.Number",
          ...base,
          ...(field.min !== undefined ? { min: field.min } : {}),
          ...(field.max !== undefined ? { max: field.max } : {}),
          ...(one !== "" && Number.isFinite(Number(one)) ? { value: Number(one) } : {}),
        },
      ];
    case "toggle":
      return [
        {
          type: "Input.Toggle",
          id: field.name,
          title: field.label,
          valueOn: "on",
          valueOff: "",
          value: one === "on" ? "on" : "",
        },
      ];
  }
}

/** A form as the card of a dialog: each field with its hint, and its error under it. */
export function formCard(form: FormView, locale: Locale, origin?: string): Card {
  const body: Json[] = [];
  if (form.intro !== undefined)
    body.push(
      ...richText(typeof form.intro === "string" ? [{ kind: "text", text: form.intro }] : form.intro),
    );
  for (const field of form.fields) {
    body.push(...input(field, locale));
    if (field.hint)
      body.push(...plainRich(field.hint, { isSubtle: true, size: "Small" }, { spacing: "None" }));
    if (field.error) body.push(...plainRich(field.error, { color: "Attention" }, { spacing: "None" }));
  }
  const data: FormData = {
    verb: SUBMIT_FORM,
    knoop: {
      form: form.id,
      ...(form.context !== undefined ? { context: form.context } : {}),
      ...(origin ? { origin } : {}),
      kinds: Object.fromEntries(form.fields.map((f) => [f.name, f.kind])),
    },
  };
  return card(body, { actions: [{ type: "Action.Submit", title: form.submitLabel, data }] });
}

/** The inputs of a dialog's submit as form values: multiselects as lists, date and time as one. */
export function formValues(
  data: Json,
  kinds: Record<string, Field["kind"]>,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const raw = data[name];
    const value = raw === undefined || raw === null ? "" : String(raw);
    if (kind === "multiselect") values[name] = value ? value.split(",").filter(Boolean) : [];
    else if (kind === "datetime") values[name] = joinDateTime(value, String(data[`${name}__time`] ?? ""));
    else values[name] = value;
  }
  return values;
}

/** A dialog (task module) showing this form. */
export function dialogOf(form: FormView, locale: Locale, origin?: string) {
  return {
    title: form.title.slice(0, 100),
    width: "medium" as const,
    height: "large" as const,
    card: { contentType: CARD_CONTENT_TYPE, content: formCard(form, locale, origin) },
  };
}
