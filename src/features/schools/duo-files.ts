/*
 * Reading DUO's open-data files exactly as DUO publishes them (see data/duo/README.md):
 * the school file is `;`-separated windows-1252 with CRLF, the pupils file `;`-separated
 * UTF-8 with a BOM, the postcode table `,`-separated. iconv-lite decodes, csv-parse splits.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CsvError, parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { z } from "zod";
import { type Locale, type MessageKey, t } from "../../core/i18n.ts";

export interface DuoFiles {
  schools: string;
  pupils: string;
  regions: string;
}

const dataDir = (file: string) => fileURLToPath(new URL(`../../../data/duo/${file}`, import.meta.url));

/** The copies the project carries in data/duo/ (resolved from this file, not the working directory). */
export const defaultDuoFiles: DuoFiles = {
  schools: dataDir("alle-schoolvestigingen-basisonderwijs.csv"),
  pupils: dataDir("leerlingen-per-schoolvestiging.csv"),
  regions: dataDir("regio-indeling-swv-pc4.csv"),
};

/** An error the import cannot continue after (a missing or wrong file, an unknown SWV); the message is for people. */
export class DuoImportError extends Error {}

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

/** Splits the text into physical lines and those into fields. DUO fields never hold line
 * breaks, so a row is one line: parsed this way a broken quote spoils only its own line,
 * where a whole-file parse would swallow the rows after it. Lines are parsed in blocks
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
      throw new DuoImportError(t(locale, "import.error.fileMissing", { path }));
    throw error;
  }
}

interface Row {
  line: number;
  values: Record<string, string>;
}

/** Reads a file with a header line; rows with broken quotes or the wrong number of columns are set apart. */
function readTable(
  path: string,
  encoding: "windows-1252" | "utf8",
  delimiter: string,
  required: string[],
  locale: Locale,
): { header: string[]; rows: Row[]; malformed: SkippedRow[] } {
  const [head, ...body] = parseLines(readText(path, encoding, locale), delimiter);
  if (!head || !("fields" in head)) throw new DuoImportError(t(locale, "import.error.header", { path }));
  const header = head.fields.map((name) => name.trim());
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length)
    throw new DuoImportError(t(locale, "import.error.columns", { path, columns: missing.join(", ") }));
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

/** The reason for a zod failure: each failing column with its value and what it should be. */
function fieldReason(error: z.ZodError, values: Record<string, string>, locale: Locale): string {
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

// ---------------------------------------------------------------- schools

const schoolRow = z
  .object({
    "BEVOEGD GEZAG NUMMER": z.string().trim().regex(/^\d+$/, "import.expect.boardNumber"),
    INSTELLINGSCODE: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{4}$/, "import.expect.institutionCode"),
    VESTIGINGSCODE: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{6}$/, "import.expect.locationCode"),
    VESTIGINGSNAAM: z.string().trim().min(1, "import.expect.notEmpty"),
    POSTCODE: z
      .string()
      .trim()
      .regex(/^\d{4} [A-Z]{2}$/, "import.expect.postcode"),
    PLAATSNAAM: z.string().trim(),
    GEMEENTENUMMER: z.string().trim(),
    GEMEENTENAAM: z.string().trim(),
    VAKANTIEREGIO: z.string().trim(),
  })
  .refine((r) => r.VESTIGINGSCODE.startsWith(r.INSTELLINGSCODE), {
    path: ["VESTIGINGSCODE"],
    message: "import.expect.locationPrefix",
  });

export interface DuoSchool {
  line: number;
  boardNumber: string;
  institutionCode: string;
  locationCode: string;
  name: string;
  postcode: string;
  /** The first four digits of the postcode: the key of the postcode table. */
  pc4: string;
  place: string;
  municipality: string;
  municipalityCode: string;
  holidayRegion: string;
}

/** A malformed school row; `pc4` when its postcode could still be read (so its SWV can be named). */
export interface MalformedSchoolRow extends SkippedRow {
  pc4?: string;
}

export function readSchools(
  path: string,
  locale: Locale = "nl",
): { schools: DuoSchool[]; malformed: MalformedSchoolRow[] } {
  const table = readTable(path, "windows-1252", ";", Object.keys(schoolRow.shape), locale);
  const malformed: MalformedSchoolRow[] = [...table.malformed];
  const schools: DuoSchool[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of table.rows) {
    const pc4 = /^\s*(\d{4}) [A-Z]{2}\s*$/.exec(values.POSTCODE ?? "")?.[1];
    const parsed = schoolRow.safeParse(values);
    if (!parsed.success) {
      malformed.push({ line, pc4, reason: fieldReason(parsed.error, values, locale) });
      continue;
    }
    const r = parsed.data;
    const first = seen.get(r.VESTIGINGSCODE);
    if (first !== undefined) {
      const reason = t(locale, "import.row.duplicate", { value: r.VESTIGINGSCODE, line: first });
      malformed.push({ line, pc4, reason });
      continue;
    }
    seen.set(r.VESTIGINGSCODE, line);
    schools.push({
      line,
      boardNumber: r["BEVOEGD GEZAG NUMMER"],
      institutionCode: r.INSTELLINGSCODE,
      locationCode: r.VESTIGINGSCODE,
      name: r.VESTIGINGSNAAM,
      postcode: r.POSTCODE,
      pc4: r.POSTCODE.slice(0, 4),
      place: r.PLAATSNAAM,
      municipality: r.GEMEENTENAAM,
      municipalityCode: r.GEMEENTENUMMER,
      holidayRegion: r.VAKANTIEREGIO,
    });
  }
  malformed.sort((a, b) => a.line - b.line);
  return { schools, malformed };
}

// ---------------------------------------------------------------- pupil counts

export interface PupilCount {
  /** null when DUO suppressed it ("<5"). */
  count: number | null;
  suppressed: boolean;
}

export interface PupilCounts {
  /** The newest LEERLINGEN_<year> column of the file. */
  year: number;
  /** By VESTIGINGSCODE; a location without a value that year is absent. */
  byLocation: Map<string, PupilCount>;
  malformed: SkippedRow[];
}

export function readPupilCounts(path: string, locale: Locale = "nl"): PupilCounts {
  const table = readTable(path, "utf8", ";", ["VESTIGINGSCODE"], locale);
  const years = table.header.flatMap((name) => /^LEERLINGEN_(\d{4})$/.exec(name)?.[1] ?? []).map(Number);
  if (!years.length) throw new DuoImportError(t(locale, "import.error.noYear", { path }));
  const year = Math.max(...years);
  const column = `LEERLINGEN_${year}`;
  const byLocation = new Map<string, PupilCount>();
  const malformed = [...table.malformed];
  for (const { line, values } of table.rows) {
    const value = (values[column] ?? "").trim();
    const code = (values.VESTIGINGSCODE ?? "").trim();
    if (value === "<5") byLocation.set(code, { count: null, suppressed: true });
    else if (/^\d+$/.test(value)) byLocation.set(code, { count: Number(value), suppressed: false });
    else if (value !== "") {
      const expected = t(locale, "import.expect.pupilCount");
      malformed.push({ line, reason: t(locale, "import.row.field", { column, value, expected }) });
    }
  }
  return { year, byLocation, malformed };
}

// ---------------------------------------------------------------- the postcode table

export interface Region {
  municipality: string;
  /** The PO samenwerkingsverband; null for the few postcodes without one (e.g. "Europoort"). */
  po: string | null;
  vo: string | null;
}

/** The postcode table by PC4. It must be readable in full: a broken line would misplace schools silently. */
export function readRegions(path: string, locale: Locale = "nl"): Map<string, Region> {
  const table = readTable(path, "utf8", ",", ["PC4", "GEMEENTE", "PO_SWV", "VO_SWV"], locale);
  const broken = table.malformed[0];
  if (broken) throw new DuoImportError(t(locale, "import.error.regionRow", { path, ...broken }));
  const regions = new Map<string, Region>();
  for (const { line, values } of table.rows) {
    const pc4 = (values.PC4 ?? "").trim();
    if (!/^\d{4}$/.test(pc4)) {
      const expected = t(locale, "import.expect.postcode");
      const reason = t(locale, "import.row.field", { column: "PC4", value: pc4, expected });
      throw new DuoImportError(t(locale, "import.error.regionRow", { path, line, reason }));
    }
    const po = (values.PO_SWV ?? "").trim();
    const vo = (values.VO_SWV ?? "").trim();
    regions.set(pc4, {
      municipality: (values.GEMEENTE ?? "").trim(),
      po: /^PO\d{4}$/.test(po) ? po : null,
      vo: /^VO\d{4}$/.test(vo) ? vo : null,
    });
  }
  return regions;
}
