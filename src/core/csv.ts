/*
 * Reading a CSV file with a header line, row by row with physical line numbers, so an import
 * can report each malformed row by its line and import the rest (the DUO import and the
 * people import share it). iconv-lite decodes, csv-parse splits.
 */
import { readFileSync } from "node:fs";
import { CsvError, parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { z } from "zod";
import { type Locale, type MessageKey, t } from "./i18n.ts";

/** An error the import cannot continue after (a missing or wrong file, an unknown SWV); the message is for people. */
export class CsvImportError extends Error {}

/** A row that was not imported: its physical line in the file (1 = the header line) and why. */
export interface SkippedRow {
  line: number;
  reason: string;
}

type ParsedLine = { line: number; raw: string } & ({ fields: string[] } | { quoteColumn: number });

const BLOCK = 250;
const csvOptions = (delimiter: string) => ({ delimiter, record_delimiter: "\n", relax_column_count: true });

function parseOne(raw: string, delimiter: string): { fields: string[] } | { quoteColumn: number } {
  try {
    return { fields: parse(raw, csvOptions(delimiter))[0] ?? [""] };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { quoteColumn: typeof error.column === "number" ? error.column : 0 };
  }
}

/** Splits the text into physical lines and those into fields. Rows are one line each (our
 * files never hold line breaks in a field), so parsed this way a broken quote spoils only its
 * own line, where a whole-file parse would swallow the rows after it. Lines are parsed in blocks
 * (one csv-parse call per line is ten times slower); a block that fails, or in which a
 * quote joined lines, is parsed again line by line. */
function parseLines(text: string, delimiter: string): ParsedLine[] {
  const lines = text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, raw }))
    .filter((l) => l.raw !== "");
  const out: ParsedLine[] = [];
  for (let i = 0; i < lines.length; i += BLOCK) {
    const block = lines.slice(i, i + BLOCK);
    let records: string[][] | undefined;
    try {
      records = parse(block.map((l) => l.raw).join("\n"), csvOptions(delimiter));
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
    }
    if (records?.length === block.length)
      out.push(...block.map((l, k) => ({ ...l, fields: records[k] ?? [] })));
    else for (const l of block) out.push({ ...l, ...parseOne(l.raw, delimiter) });
  }
  return out;
}

function readText(path: string, encoding: "windows-1252" | "utf8", locale: Locale): string {
  try {
    return iconv.decode(readFileSync(path), encoding); // also drops a UTF-8 byte-order mark
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new CsvImportError(t(locale, "import.error.fileMissing", { path }));
    throw error;
  }
}

export interface Row {
  line: number;
  values: Record<string, string>;
}

/** Reads a file with a header line; rows with broken quotes or the wrong number of columns are set apart.
 * `delimiter` "detect": `;` or `,`, whichever the header line has more of (spreadsheets export either). */
export function readTable(
  path: string,
  encoding: "windows-1252" | "utf8",
  delimiter: ";" | "," | "detect",
  required: string[],
  locale: Locale,
): { header: string[]; rows: Row[]; malformed: SkippedRow[] } {
  const text = readText(path, encoding, locale);
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  const separator =
    delimiter !== "detect" ? delimiter : first.split(",").length > first.split(";").length ? "," : ";";
  const [head, ...body] = parseLines(text, separator);
  if (!head || !("fields" in head)) throw new CsvImportError(t(locale, "import.error.header", { path }));
  const header = head.fields.map((name) => name.trim());
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length)
    throw new CsvImportError(t(locale, "import.error.columns", { path, columns: missing.join(", ") }));
  const rows: Row[] = [];
  const malformed: SkippedRow[] = [];
  for (const l of body) {
    if ("quoteColumn" in l) {
      const column = header[l.quoteColumn] ?? String(l.quoteColumn + 1);
      malformed.push({ line: l.line, reason: t(locale, "import.row.quote", { column }) });
    } else if (l.fields.length !== header.length) {
      const reason = t(locale, "import.row.columns", { count: l.fields.length, expected: header.length });
      malformed.push({ line: l.line, reason });
    } else {
      rows.push({
        line: l.line,
        values: Object.fromEntries(header.map((name, k) => [name, l.fields[k] ?? ""])),
      });
    }
  }
  return { header, rows, malformed };
}

/** The reason for a zod failure: each failing column with its value and what it should be.
 * Messages starting with `import.expect.` are i18n keys; others are already translated. */
export function fieldReason(error: z.ZodError, values: Record<string, string>, locale: Locale): string {
  return error.issues
    .map((issue) => {
      const column = String(issue.path[0]);
      const expected = issue.message.startsWith("import.expect.")
        ? t(locale, issue.message as Extract<MessageKey, `import.expect.${string}`>)
        : issue.message;
      return t(locale, "import.row.field", { column, value: values[column] ?? "", expected });
    })
    .join("; ");
}
