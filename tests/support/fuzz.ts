import fc from "fast-check";
import { expect } from "vitest";
import type { Reply } from "../../src/chat/views.ts";
import { plainText } from "../../src/chat/views.ts";
import { createLogger, type Logger } from "../../src/core/logger.ts";

/** Cases per property: the suite's CI default, or FUZZ_RUNS for a bigger (or smaller) run. */
export function runs(ciDefault: number): number {
  const wanted = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : ciDefault;
}

/** A test's timeout for a property of `ciDefault` cases: the config's 30 s at the CI default,
 * longer in proportion with a bigger FUZZ_RUNS (a 2,000-sequence run takes minutes). */
export function timeoutFor(ciDefault: number): number {
  return Math.max(30_000, Math.ceil((30_000 * runs(ciDefault)) / ciDefault));
}

/** A seed from FUZZ_SEED to replay a failure fast-check reported; else fast-check picks one. */
export const seed = (): { seed?: number } =>
  process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};

/** Characters that break naive text handling: NUL, zero-width and RTL marks, lone surrogates,
 * combining marks, case mappings that change the length, emoji sequences, every kind of space. */
export const nastyChars = [
  "\u0000",
  "\u0007",
  "\u200b",
  "\u200f",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ud800",
  "\udfff",
  "e\u0301",
  "İ",
  "ß",
  "ﬃ",
  "Σ",
  "א",
  "ع",
  "😀",
  "👩‍👩‍👧",
  "🇳🇱",
  "\u00a0",
  "\u2009",
  "\u3000",
  "\u2028",
  "\t",
  "\n",
  "\r\n",
  "\u000b",
  "\u001f",
  "`",
  "*",
  "_",
  "<",
  ">",
  "&",
  "&amp;",
  '"',
  "'",
  "\\",
  "%s",
  "${x}",
  "__proto__",
  "constructor",
  "toString",
];

/** Values people (or forged payloads) send where a word, code, date or number is expected. */
export const nastyWords = [
  "",
  " ",
  "K-2026-0042",
  "k-2026-0001",
  "K-0000-0000",
  "K-9999-9999",
  "K-2026-00420",
  "K-2026-",
  "2027-03-15",
  "2026-02-29",
  "2027-02-30",
  "2027-13-01",
  "0000-01-01",
  "9999-12-31",
  "15-03-2027",
  "15/3/2027",
  "3/15/2027",
  "2027-03-15T10:00",
  "2027-03-15T10:00:00Z",
  "morgen",
  "maandag",
  "25:00",
  "09:60",
  "9:5",
  "0",
  "-1",
  "1e3",
  "0x10",
  "Infinity",
  "99999999999999999999",
  "41234",
  "99999",
  "null",
  "true",
  "[]",
  "{}",
  "x".repeat(10_000),
  "é".repeat(5001),
  "😀".repeat(3000),
];

/** One nasty character, a nasty word, or a short mix. */
const nastyUnit = fc.oneof(fc.constantFrom(...nastyChars), fc.string({ maxLength: 3 }));

/** Any string worth throwing at a parser: arbitrary unicode (lone surrogates too), the nasty words,
 * mixes of nasty characters, and now and then a very long one. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom(...nastyWords) },
  { weight: 3, arbitrary: fc.array(nastyUnit, { maxLength: 8 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 5 }).map((s) => s.repeat(3000)) },
);

/** A logger that keeps what handlers log as errors: a crash inside a handler is logged and
 * answered with the generic apology, so the log is where a fuzz run finds it. */
export function recordingLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = createLogger("error", { write: (line: string) => void errors.push(line) });
  return { logger, errors };
}

/** Every text of a reply a person could see: messages, form titles, intros, labels and errors. */
export function visibleText(reply: Reply): string {
  switch (reply.type) {
    case "message":
    case "update":
      return plainText(reply.message);
    case "done":
      return reply.message ? plainText(reply.message) : "";
    case "page":
      return reply.messages.map(plainText).join("\n");
    case "form":
    case "invalid": {
      const f = reply.form;
      const intro =
        f.intro === undefined ? "" : typeof f.intro === "string" ? f.intro : JSON.stringify(f.intro);
      return [
        f.title,
        f.submitLabel,
        intro,
        ...f.fields.flatMap((x) => [x.label, x.hint ?? "", x.error ?? ""]),
      ]
        .filter(Boolean)
        .join("\n");
    }
  }
}

/** Words that mark English (zod's defaults, our English texts, JavaScript's own errors). */
const english =
  /\b(the|invalid|expected|required|received|must|please|unknown|something went wrong|too (?:long|many)|string|number|array|object)\b/i;
/** What only a bug shows: JavaScript's renderings of missing or broken values, a stack frame. */
const broken = /undefined|\[object Object\]|\bNaN\b|\n\s+at \S+ \(|TypeError|RangeError|SyntaxError|prisma/i;
/** The generic apology of the router: a handler crashed. */
export const APOLOGY = "Er ging iets mis aan onze kant";

/** The text with what the person sent taken out (a reply may quote it: "Onbekend commando x").
 * Only quotes of 3 characters or more: shorter ones cannot hold an English word of the checks. */
export function withoutInput(text: string, inputs: readonly string[]): string {
  let out = text;
  for (const input of [...inputs].sort((a, b) => b.length - a.length)) {
    const trimmed = input.trim();
    if (trimmed.length >= 3) {
      out = out.split(trimmed).join(" ");
      out = out.split(trimmed.toLowerCase()).join(" ");
    }
  }
  return out;
}

/** A reply that is Dutch and whole: no crash, no English, no broken rendering. */
export function expectDutch(reply: Reply, inputs: readonly string[] = []): void {
  const shown = withoutInput(visibleText(reply), inputs);
  if (reply.type !== "done") expect(shown.trim(), "the reply says something").not.toBe("");
  expect(shown).not.toContain(APOLOGY);
  for (const pattern of [broken, english]) {
    const found = pattern.exec(shown);
    const around = found ? shown.slice(Math.max(0, found.index - 60), found.index + 60) : undefined;
    expect(around, `"${found?.[0]}" in the reply`).toBeUndefined();
  }
}
