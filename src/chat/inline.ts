/** Inline text: runs of plain text, bold, code, links and mentions. Each renderer turns the
 * runs into its own syntax (Slack mrkdwn, Adaptive Card markdown, HTML) and escapes the text
 * of every run, so user content never becomes markup. */

export type Run =
  | { kind: "text"; text: string; bold?: true }
  | { kind: "code"; text: string }
  | { kind: "link"; url: string; text: string }
  /** A person Knoop knows; surfaces that can mention them do, others show the name. */
  | { kind: "mention"; personId: string; name: string };

export type Inline = readonly Run[];

/** What views accept wherever text is shown: a string is always plain text, never markup. */
export type Text = string | Inline;

const isInline = (value: unknown): value is Inline => Array.isArray(value);

/** Inline text from a template whose literal parts are trusted markup (`*bold*`, `` `code` ``)
 * and whose interpolated values are plain text (or inline text built the same way):
 *   md`Casus *${code}* is geopend door ${name}.` */
export function md(literals: TemplateStringsArray, ...values: (string | number | Inline)[]): Inline {
  const runs: Run[] = [];
  let bold = false;
  let code = false;
  const push = (text: string) => {
    if (!text) return;
    runs.push(
      code ? { kind: "code", text } : bold ? { kind: "text", text, bold: true } : { kind: "text", text },
    );
  };
  literals.forEach((literal, i) => {
    let buffer = "";
    for (const char of literal) {
      if (char === "`" || (char === "*" && !code)) {
        push(buffer);
        buffer = "";
        if (char === "`") code = !code;
        else bold = !bold;
      } else buffer += char;
    }
    push(buffer);
    if (i >= values.length) return;
    const value = values[i];
    if (isInline(value)) {
      // Nested inline text keeps its own marks; inside `code` or *bold* it takes that mark too.
      for (const run of value) {
        if (code) push(textOfRun(run));
        else if (bold && run.kind === "text") runs.push({ ...run, bold: true });
        else runs.push(run);
      }
    } else push(String(value ?? ""));
  });
  return merge(runs);
}

/** Adjacent plain runs with the same marks as one run (keeps renderers' output short). */
function merge(runs: Run[]): Inline {
  const out: Run[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    if (last && last.kind === run.kind && (last.kind === "text" || last.kind === "code")) {
      const prev = last as { kind: string; text: string; bold?: true };
      const next = run as { kind: string; text: string; bold?: true };
      if (prev.bold === next.bold) {
        out[out.length - 1] = { ...(last as Run), text: prev.text + next.text } as Run;
        continue;
      }
    }
    out.push(run);
  }
  return out;
}

/** Plain text as inline text (one run). */
export const plain = (text: string): Inline => (text ? [{ kind: "text", text }] : []);

/** A link; only http(s) addresses (anything else is shown as plain text). */
export function link(url: string, text: string): Inline {
  return /^https?:\/\/[^\s]+$/i.test(url) ? [{ kind: "link", url, text: text || url }] : plain(text || url);
}

export const mention = (personId: string, name: string): Inline => [{ kind: "mention", personId, name }];

/** Text as inline runs (a string becomes one plain run). */
export const toInline = (text: Text | undefined): Inline =>
  text === undefined ? [] : isInline(text) ? text : plain(text);

/** Several texts as lines of one inline text. */
export function lines(...parts: (Text | undefined)[]): Inline {
  const runs: Run[] = [];
  parts
    .filter((p) => p !== undefined)
    .forEach((part, i) => {
      if (i) runs.push({ kind: "text", text: "\n" });
      runs.push(...toInline(part));
    });
  return merge(runs);
}

const textOfRun = (run: Run) => (run.kind === "mention" ? run.name : run.text);

/** The text without marks (for notifications, logs of non-pupil texts, tests). */
export const toPlain = (text: Text | undefined): string =>
  text === undefined ? "" : isInline(text) ? text.map(textOfRun).join("") : text;

/** Whether the text has anything but plain runs (a renderer may then pick a plain-text element). */
export const hasMarks = (text: Inline): boolean =>
  text.some((run) => run.kind !== "text" || run.bold === true);
