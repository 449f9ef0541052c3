/*
 * Reading DUO's open-data files exactly as DUO publishes them (see data/duo/README.md):
 * the school file is `;`-separated windows-1252 with CRLF, the pupils file `;`-separated
 * UTF-8 with a BOM, the postcode table `,`-separated. iconv-lite decodes, csv-parse splits.
 */
import { z } from "zod";
import { CsvImportError, fieldReason, readTable, type SkippedRow } from "../../core/csv.ts";
import { type Locale, t } from "../../core/i18n.ts";
import { projectPath } from "../../core/paths.ts";

/** The generic reading lives in core/csv.ts (the people import uses it too); the old names stay. */
export { CsvImportError as DuoImportError, type SkippedRow } from "../../core/csv.ts";

export interface DuoFiles {
  schools: string;
  pupils: string;
  regions: string;
}

const dataDir = (file: string) => projectPath("data/duo", file);

/** The copies the project carries in data/duo/ (resolved from this file, not the working directory). */
export const defaultDuoFiles: DuoFiles = {
  schools: dataDir("alle-schoolvestigingen-basisonderwijs.csv"),
  pupils: dataDir("leerlingen-per-schoolvestiging.csv"),
  regions: dataDir("regio-indeling-swv-pc4.csv"),
};

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
  if (!years.length) throw new CsvImportError(t(locale, "import.error.noYear", { path }));
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
  if (broken) throw new CsvImportError(t(locale, "import.error.regionRow", { path, ...broken }));
  const regions = new Map<string, Region>();
  for (const { line, values } of table.rows) {
    const pc4 = (values.PC4 ?? "").trim();
    if (!/^\d{4}$/.test(pc4)) {
      const expected = t(locale, "import.expect.postcode");
      const reason = t(locale, "import.row.field", { column: "PC4", value: pc4, expected });
      throw new CsvImportError(t(locale, "import.error.regionRow", { path, line, reason }));
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
