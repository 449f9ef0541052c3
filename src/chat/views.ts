/** The neutral UI language features build; each surface renders it (Block Kit,
 * Adaptive Cards, HTML). A renderer never decides content; a feature never knows
 * the platform. A message is an ordered list of blocks, shown in that order. */
import { type Inline, lines, md, type Text, toInline, toPlain } from "./inline.ts";

export type { Inline, Text } from "./inline.ts";

export interface Fact {
  label: string;
  /** Plain text (user content is shown as is). */
  value: string;
}

export interface Confirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export interface Button {
  /** The action name the router dispatches on (e.g. "signal.take"). */
  action: string;
  label: string;
  /** Opaque value carried back with the action (e.g. an id). */
  value?: string;
  style?: "primary" | "danger";
  /** The action answers with a form (Teams renders it as task/fetch, not Action.Execute). */
  opensForm?: boolean;
  /** Ask before acting (Slack confirm dialog, sandbox confirm()). */
  confirm?: Confirm;
}

export interface Table {
  columns: string[];
  /** Plain text cells. */
  rows: string[][];
}

declare const countBrand: unique symbol;
/** Zero or a number of 5 or more. For 1 to 4 only the marker "<5" travels (small numbers identify
 * pupils); zero is no pupil and is shown. */
export type Count = number & { readonly [countBrand]: true };
export type ChartValue = Count | "<5" | "x";
export const SUPPRESSED = "<5" as const;
/** A value not shown so that another small one cannot be worked out (it may be 5 or more). */
export const NOT_SHOWN = "x" as const;

/** The only way to a chart value: a count of 1 to 4 (or anything not a count) becomes "<5". */
export function count(n: number): ChartValue {
  return n === 0 || (Number.isFinite(n) && n >= 5) ? (n as Count) : SUPPRESSED;
}

export interface ChartSeries {
  name: string;
  values: ChartValue[];
}

/** How a chart is drawn: grouped bars (a breakdown), horizontal bars (long category names, e.g.
 * schools), a line per series (a trend) or stacked bars (parts of a whole). */
export type ChartShape = "bar" | "hbar" | "line" | "stacked";
export const CHART_SHAPES: readonly ChartShape[] = ["bar", "hbar", "line", "stacked"];

export interface ChartBlock {
  kind: "chart";
  /** Bars when not given. */
  shape?: ChartShape;
  title: string;
  categories: string[];
  series: ChartSeries[];
  unit: string;
  /** The same numbers as a table, for surfaces (and people) that do not draw charts. */
  table: Table;
}

/** The most a file block carries (its bytes): outbox rows and Slack's upload stay small. A
 * larger export is the feature's business (e.g. split it, or offer a narrower period). */
export const MAX_FILE_BYTES = 1_000_000;

/** A file to hand over (e.g. a CSV export): Slack uploads it into the conversation, the sandbox
 * offers a download link. `data` is always a string, so a view survives its JSON round trip in
 * the outbox: text as is (`encoding: "utf8"`), binary content base64 (`encoding: "base64"`).
 * Build it with `file(...)`, read the bytes with `fileBytes(...)`. */
export interface FileBlock {
  kind: "file";
  /** The file name shown and offered for download, without a path (e.g. "digest-2026-Q4.csv"). */
  name: string;
  /** e.g. "text/csv", "image/png". */
  mediaType: string;
  encoding: "utf8" | "base64";
  data: string;
  /** What the file is, shown with it (defaults to the name). */
  title?: string;
}

export type Block =
  | { kind: "heading"; text: string }
  | { kind: "text"; text: Inline }
  | { kind: "facts"; facts: Fact[] }
  | ({ kind: "table" } & Table)
  | ChartBlock
  | FileBlock
  | { kind: "buttons"; buttons: Button[] }
  /** A quiet line (e.g. "Alleen zichtbaar voor jou"). */
  | { kind: "note"; text: Inline }
  | { kind: "divider" };

export const VIEW_VERSION = 2;

export interface MessageView {
  version: typeof VIEW_VERSION;
  blocks: Block[];
  /** A shared message (case space, channel) whose readers may each see their own view of it: a
   * surface that can show per-person views (Teams: `refresh` with `userIds`) asks the core for
   * each reader's view with this action intent; the core decides what that reader may see (an
   * outsider gets the neutral message). A view so rendered carries it too: it is never shown to
   * anyone but its reader. Surfaces without per-person views show the message as it is. */
  personal?: { action: string; value: string };
}

/** The same message, marked as having a per-person view (see MessageView.personal). */
export const personalised = (view: MessageView, action: string, value: string): MessageView => ({
  ...view,
  personal: { action, value },
});

// ---------------------------------------------------------------- building

export const heading = (text: string): Block => ({ kind: "heading", text });
export const text = (...parts: (Text | undefined)[]): Block => ({ kind: "text", text: lines(...parts) });
export const facts = (list: Fact[]): Block => ({ kind: "facts", facts: list });
export const table = (t: Table): Block => ({ kind: "table", ...t });
export const buttons = (list: Button[]): Block => ({ kind: "buttons", buttons: list });
export const note = (t: Text | undefined): Block => ({ kind: "note", text: toInline(t) });
export const divider: Block = { kind: "divider" };

/** A chart with its table fallback; every value goes through `count` again, so a value below 5
 * cannot slip through a cast either. */
export function chart(c: {
  title: string;
  categories: string[];
  series: { name: string; values: (number | ChartValue)[] }[];
  unit: string;
  shape?: ChartShape;
}): ChartBlock {
  const series = c.series.map((s) => ({
    name: s.name,
    values: s.values.map((v) => (v === SUPPRESSED || v === NOT_SHOWN ? v : count(Number(v)))),
  }));
  return {
    kind: "chart",
    ...(c.shape && CHART_SHAPES.includes(c.shape) ? { shape: c.shape } : {}),
    title: c.title,
    categories: c.categories,
    series,
    unit: c.unit,
    table: {
      columns: ["", ...series.map((s) => (c.unit ? `${s.name} (${c.unit})` : s.name))],
      rows: c.categories.map((cat, i) => [cat, ...series.map((s) => String(s.values[i] ?? ""))]),
    },
  };
}

/** Thrown when a file is larger than MAX_FILE_BYTES (a programming error: features check size first). */
export class FileTooLarge extends RangeError {
  constructor(
    readonly fileName: string,
    readonly bytes: number,
  ) {
    super(`file ${fileName} has ${bytes} bytes, more than ${MAX_FILE_BYTES}`);
  }
}

/** A safe file name: no path, no control characters, at most 100 characters, never empty. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const unsafe = (c: string) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '"<>|:*?'.includes(c);
  const clean = [...base]
    .map((c) => (unsafe(c) ? "_" : c))
    .join("")
    .trim();
  return [...clean].slice(-100).join("").replace(/^\.+/, "") || "bestand";
}

const mediaTypeOf = (type: string) =>
  /^[a-z]+\/[a-z0-9][a-z0-9.+-]*(;\s*charset=[a-z0-9-]+)?$/i.test(type)
    ? type.toLowerCase()
    : "application/octet-stream";

/** A file block: text (a string, kept as UTF-8) or binary content (a Uint8Array, kept as base64).
 * Throws FileTooLarge beyond MAX_FILE_BYTES. */
export function file(f: {
  name: string;
  mediaType: string;
  data: string | Uint8Array;
  title?: string;
}): FileBlock {
  const binary = typeof f.data !== "string";
  const bytes = binary ? (f.data as Uint8Array).byteLength : Buffer.byteLength(f.data as string, "utf8");
  const name = safeName(f.name);
  if (bytes > MAX_FILE_BYTES) throw new FileTooLarge(name, bytes);
  return {
    kind: "file",
    name,
    mediaType: mediaTypeOf(f.mediaType),
    encoding: binary ? "base64" : "utf8",
    data: binary ? Buffer.from(f.data as Uint8Array).toString("base64") : (f.data as string),
    ...(f.title ? { title: f.title } : {}),
  };
}

/** The bytes of a file block. */
export const fileBytes = (f: FileBlock): Uint8Array =>
  f.encoding === "base64"
    ? new Uint8Array(Buffer.from(f.data, "base64"))
    : new Uint8Array(Buffer.from(f.data, "utf8"));

/** A file read back from JSON goes through `file` again (name, type and size checked); one that
 * does not pass is left out (it cannot have been built by `file`). */
function storedFile(b: FileBlock): FileBlock | undefined {
  if (typeof b.name !== "string" || typeof b.data !== "string") return undefined;
  try {
    const data = b.encoding === "base64" ? new Uint8Array(Buffer.from(b.data, "base64")) : b.data;
    return file({
      name: b.name,
      mediaType: String(b.mediaType),
      data,
      ...(b.title ? { title: String(b.title) } : {}),
    });
  } catch {
    return undefined;
  }
}

/** The line a file stands for in plain text: "title (name)", or the name. */
export const fileLine = (f: FileBlock): string =>
  f.title && f.title !== f.name ? `${f.title} (${f.name})` : f.name;

/** A message of these blocks; empty ones (no facts, no rows, no buttons, no text) are left out. */
export function message(...blocks: (Block | undefined | false)[]): MessageView {
  return {
    version: VIEW_VERSION,
    blocks: blocks.filter((b): b is Block => Boolean(b) && !isEmpty(b as Block)),
  };
}

function isEmpty(b: Block): boolean {
  switch (b.kind) {
    case "text":
    case "note":
      return b.text.length === 0;
    case "heading":
      return !b.text;
    case "facts":
      return !b.facts.length;
    case "buttons":
      return !b.buttons.length;
    default:
      return false;
  }
}

/** A message that is just a text (the usual short answer). */
export const say = (...parts: (Text | undefined)[]): MessageView => message(text(...parts));

// ---------------------------------------------------------------- reading

/** The text blocks as plain text, one per line (what a short answer says). Readers take a
 * missing view too (tests read replies that may not be messages). */
export const textOf = (view: MessageView | undefined): string =>
  blocksOf(view)
    .flatMap((b) => (b.kind === "text" ? [toPlain(b.text)] : b.kind === "file" ? [fileLine(b)] : []))
    .join("\n");

export const filesOf = (view: MessageView | undefined): FileBlock[] =>
  blocksOf(view).flatMap((b) => (b.kind === "file" ? [b] : []));

const blocksOf = (view: MessageView | undefined): Block[] => (view ? upgrade(view).blocks : []);

export const headingOf = (view: MessageView | undefined): string | undefined =>
  blocksOf(view).find((b) => b.kind === "heading")?.text;

export const factsOf = (view: MessageView | undefined): Fact[] =>
  blocksOf(view).flatMap((b) => (b.kind === "facts" ? b.facts : []));

export const tableOf = (view: MessageView | undefined): Table | undefined => {
  const b = blocksOf(view).find((x) => x.kind === "table");
  return b?.kind === "table" ? { columns: b.columns, rows: b.rows } : undefined;
};

export const buttonsOf = (view: MessageView | undefined): Button[] =>
  blocksOf(view).flatMap((b) => (b.kind === "buttons" ? b.buttons : []));

/** The whole message as plain text: the fallback for notifications and surfaces without blocks. */
export function plainText(view: MessageView | undefined): string {
  const out: string[] = [];
  for (const b of blocksOf(view)) {
    if (b.kind === "heading") out.push(b.text);
    else if (b.kind === "text" || b.kind === "note") out.push(toPlain(b.text));
    else if (b.kind === "facts") out.push(...b.facts.map((f) => `${f.label}: ${f.value}`));
    else if (b.kind === "file") out.push(fileLine(b));
    else if (b.kind === "table" || b.kind === "chart") {
      const t = b.kind === "chart" ? b.table : b;
      if (b.kind === "chart") out.push(b.title);
      out.push(...[t.columns, ...t.rows].map((r) => r.join(" · ")));
    }
  }
  return out.filter(Boolean).join("\n");
}

// ---------------------------------------------------------------- stored views

/** The fixed-slot view of version 1, as it may still sit in the outbox or the sandbox store. */
interface LegacyView {
  text?: string;
  title?: string;
  facts?: Fact[];
  table?: Table;
  buttons?: Button[];
  note?: string;
}

/** Version 1's "*bold*" and "`code`" in a trusted string, as inline text. */
function legacyInline(value: string): Inline {
  const parts = value.split(/(`[^`\n]+`|\*[^*\n]+\*)/);
  return parts.flatMap((p) =>
    /^`[^`\n]+`$/.test(p)
      ? md`\`${p.slice(1, -1)}\``
      : /^\*[^*\n]+\*$/.test(p)
        ? md`*${p.slice(1, -1)}*`
        : toInline(p),
  );
}

/** A stored view in the current version: views written before blocks (version 1, fixed slots)
 * are upgraded, in the order version 1 rendered its slots. */
export function upgrade(stored: MessageView | LegacyView): MessageView {
  if ((stored as MessageView).version === VIEW_VERSION && Array.isArray((stored as MessageView).blocks)) {
    const view = stored as MessageView;
    // A chart read back from JSON is a chart again only through `chart` (small counts suppressed),
    // a file only through `file` (name, type and size checked).
    if (!view.blocks.some((b) => b.kind === "chart" || b.kind === "file")) return view;
    return {
      ...view,
      blocks: view.blocks.flatMap((b): Block[] => {
        if (b.kind === "chart") return [chart(b)];
        if (b.kind === "file") return [storedFile(b)].filter((f): f is FileBlock => f !== undefined);
        return [b];
      }),
    };
  }
  const v = stored as LegacyView;
  return message(
    v.title ? heading(v.title) : undefined,
    v.text ? { kind: "text", text: legacyInline(v.text) } : undefined,
    v.facts ? facts(v.facts) : undefined,
    v.table ? table(v.table) : undefined,
    v.note ? { kind: "note", text: legacyInline(v.note) } : undefined,
    v.buttons ? buttons(v.buttons) : undefined,
  );
}

// ---------------------------------------------------------------- forms

export interface Option {
  value: string;
  label: string;
}

export type FieldKind =
  | "text"
  | "textarea"
  | "select"
  | "multiselect"
  | "date"
  | "datetime"
  | "person"
  | "number"
  | "time"
  | "toggle";

export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Help under the field (e.g. what to enter as a pupil reference). */
  hint?: string;
  placeholder?: string;
  /** For select/multiselect/person: the choices. Long lists are searchable on every surface. */
  options?: Option[];
  /** The current value (kept when the form comes back with errors). A toggle is "on" or absent. */
  value?: string | string[];
  /** The validation error shown at the field. */
  error?: string;
  /** For text/textarea: the longest value; drives the renderers' limit and the zod rule. */
  maxLength?: number;
  /** For number: the bounds. */
  min?: number;
  max?: number;
  /** A pick of people, for surfaces that list the people of the conversation themselves (Teams:
   * the team's or chat's members, see person-choices.ts): "person" when a value is a Knoop person
   * id (only the `options` the feature allows), "account" when it is a chat account not linked to
   * anyone yet (the feature adds a person for it). */
  pick?: "person" | "account";
}

export interface FormView {
  /** The submission name the router dispatches on (e.g. "signal.create"). */
  id: string;
  title: string;
  submitLabel: string;
  /** Opaque state carried back with the submission (e.g. the signal a case is opened from). */
  context?: string;
  /** Text shown above the fields. */
  intro?: Text;
  fields: Field[];
}

export type FormValues = Record<string, string | string[] | undefined>;

/** Who sees a message reply: only the actor (Slack ephemeral; Teams has none in channels, so a
 * DM), or everyone where the intent came from. */
export type Visibility = "private" | "everyone";

/** What a handler asks the surface to do right away, in answer to the intent. */
export type Reply =
  /** A message to the actor where they are; private unless said otherwise. */
  | { type: "message"; message: MessageView; visibility?: Visibility }
  /** Open a form (Slack modal, Teams task module, sandbox dialog). */
  | { type: "form"; form: FormView }
  /** The submitted form has errors: show it again with the values and errors at the fields. */
  | { type: "invalid"; form: FormView }
  /** Replace the message whose button was clicked. */
  | { type: "update"; message: MessageView }
  /** Close the form; optionally tell the actor something. */
  | { type: "done"; message?: MessageView }
  /** A personal page (answer to a page intent): its sections in order. */
  | { type: "page"; messages: MessageView[] };
