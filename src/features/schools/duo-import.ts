import { type Locale, t } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { ensureSwv } from "../swv/defaults.ts";
import {
  type DuoFiles,
  DuoImportError,
  type DuoSchool,
  defaultDuoFiles,
  type MalformedSchoolRow,
  type PupilCount,
  readPupilCounts,
  readRegions,
  readSchools,
  type SkippedRow,
} from "./duo-files.ts";

export interface ImportOptions {
  swvCode: string;
  files?: Partial<DuoFiles>;
  /** Sets (or changes) the SWV's name; without it a new SWV gets a name made from its municipalities. */
  swvName?: string;
  /** The language of the reasons in `skipped` and of error messages. */
  locale?: Locale;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  swv: { code: string; name: string; created: boolean; renamed: boolean };
  schools: {
    /** Valid rows of this SWV in the file. */
    inFile: number;
    created: number;
    updated: number;
    unchanged: number;
    deactivated: number;
    /** Schools missing from the file but left active, because malformed rows may be theirs. */
    deactivationHeld: string[];
  };
  boards: { created: number; updated: number; unchanged: number };
  pupilCounts: {
    year: number;
    withCount: number;
    suppressed: number;
    missing: number;
    skipped: SkippedRow[];
  };
  /** Every malformed row of the school file; `swv` is null when its postcode could not be read. */
  skipped: (SkippedRow & { swv: string | null })[];
  rowsOtherSwv: number;
  /** Valid rows whose PC4 is not in the postcode table (or has no PO samenwerkingsverband there). */
  rowsWithoutSwv: number;
  linesWithoutSwv: number[];
  /** Created, updated and deactivated schools and boards, plus 1 when the SWV was created or renamed. */
  changes: number;
  durationMs: number;
}

const BATCH = 200;

/** The fields a DUO row sets on a School. */
type SchoolFields = {
  institutionCode: string;
  name: string;
  postcode: string;
  place: string;
  municipality: string;
  municipalityCode: string;
  holidayRegion: string;
  pupilCount: number | null;
  pupilCountSuppressed: boolean;
  pupilCountYear: number | null;
  active: boolean;
  swvId: string;
  boardId: string;
};

/** "Samenwerkingsverband PO2001 (Appingedam, Bedum, Bellingwedde, De Marne e.a.)": stored data, so Dutch. */
export function defaultSwvName(code: string, municipalities: string[]): string {
  const names = [...new Set(municipalities)].sort((a, b) => a.localeCompare(b, "nl"));
  const list = names.length > 4 ? `${names.slice(0, 4).join(", ")} e.a.` : names.join(", ");
  return list ? `Samenwerkingsverband ${code} (${list})` : `Samenwerkingsverband ${code}`;
}

/**
 * Imports the schools of one SWV from DUO's files: upserts the SWV, its boards and its schools,
 * marks schools that left the file inactive (never deletes) and writes only what changed, so a
 * second run reports 0 changes.
 */
export async function importDuo(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now(); // a duration, not a point in time: no Clock needed
  const locale = options.locale ?? "nl";
  const code = options.swvCode;
  const files: DuoFiles = {
    schools: options.files?.schools ?? defaultDuoFiles.schools,
    pupils: options.files?.pupils ?? defaultDuoFiles.pupils,
    regions: options.files?.regions ?? defaultDuoFiles.regions,
  };

  const regions = readRegions(files.regions, locale);
  const ownRegions = [...regions.values()].filter((r) => r.po === code);
  if (!ownRegions.length) {
    const isVo = [...regions.values()].some((r) => r.vo === code);
    throw new DuoImportError(t(locale, isVo ? "import.error.voSwv" : "import.error.unknownSwv", { code }));
  }
  const { schools: rows, malformed } = readSchools(files.schools, locale);
  const pupils = readPupilCounts(files.pupils, locale);

  const swvOf = (m: MalformedSchoolRow) => (m.pc4 && regions.get(m.pc4)?.po) || null;
  const own: DuoSchool[] = [];
  let rowsOtherSwv = 0;
  const linesWithoutSwv: number[] = [];
  for (const row of rows) {
    const swv = regions.get(row.pc4)?.po;
    if (swv === code) own.push(row);
    else if (swv) rowsOtherSwv++;
    else linesWithoutSwv.push(row.line);
  }

  // The SWV: a rerun keeps its name unless --name asks for another.
  const swv = await db.$transaction(async (tx) => {
    const wanted = options.swvName?.trim();
    const fallback = defaultSwvName(
      code,
      ownRegions.map((r) => r.municipality),
    );
    const { id, created } = await ensureSwv(tx, code, wanted || fallback);
    const { name } = await tx.swv.findUniqueOrThrow({ where: { id }, select: { name: true } });
    if (!wanted || name === wanted) return { id, code, name, created, renamed: false };
    await tx.swv.update({ where: { id }, data: { name: wanted } });
    return { id, code, name: wanted, created, renamed: true };
  });

  // Boards: DUO gives only the number, so a board's name is set when it is created and never
  // overwritten (a real name entered later must survive the next import).
  const boardNumbers = [...new Set(own.map((s) => s.boardNumber))];
  const boardIds = new Map(
    (
      await db.board.findMany({
        where: { duoNumber: { in: boardNumbers } },
        select: { id: true, duoNumber: true },
      })
    ).map((b) => [b.duoNumber, b.id]),
  );
  const newBoards = boardNumbers.filter((n) => !boardIds.has(n));
  if (newBoards.length) {
    const created = await db.board.createManyAndReturn({
      data: newBoards.map((n) => ({ duoNumber: n, name: `Bevoegd gezag ${n}` })),
      select: { id: true, duoNumber: true },
    });
    for (const b of created) boardIds.set(b.duoNumber, b.id);
  }

  // Schools: everything of this SWV plus anything the file assigns to it from elsewhere, loaded once.
  const existing = new Map(
    (
      await db.school.findMany({
        where: { OR: [{ swvId: swv.id }, { locationCode: { in: own.map((s) => s.locationCode) } }] },
      })
    ).map((s) => [s.locationCode, s]),
  );
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const pupilCounts = {
    year: pupils.year,
    withCount: 0,
    suppressed: 0,
    missing: 0,
    skipped: pupils.malformed,
  };
  const total = own.length;
  options.onProgress?.(0, total);
  for (let i = 0; i < total; i += BATCH) {
    const creates: (SchoolFields & { locationCode: string })[] = [];
    const updates = [];
    for (const row of own.slice(i, i + BATCH)) {
      const pupil: PupilCount | undefined = pupils.byLocation.get(row.locationCode);
      if (!pupil) pupilCounts.missing++;
      else if (pupil.suppressed) pupilCounts.suppressed++;
      else pupilCounts.withCount++;
      const wanted: SchoolFields = {
        institutionCode: row.institutionCode,
        name: row.name,
        postcode: row.postcode,
        place: row.place,
        municipality: row.municipality,
        municipalityCode: row.municipalityCode,
        holidayRegion: row.holidayRegion,
        pupilCount: pupil?.count ?? null,
        pupilCountSuppressed: pupil?.suppressed ?? false,
        pupilCountYear: pupil ? pupils.year : null,
        active: true,
        swvId: swv.id,
        boardId: boardIds.get(row.boardNumber) as string,
      };
      const current = existing.get(row.locationCode);
      if (!current) {
        counts.created++;
        creates.push({ locationCode: row.locationCode, ...wanted });
        continue;
      }
      const changed = Object.fromEntries(
        Object.entries(wanted).filter(([key, value]) => current[key as keyof SchoolFields] !== value),
      );
      if (Object.keys(changed).length === 0) counts.unchanged++;
      else {
        counts.updated++;
        updates.push(db.school.update({ where: { id: current.id }, data: changed, select: { id: true } }));
      }
    }
    if (creates.length || updates.length)
      await db.$transaction([db.school.createMany({ data: creates }), ...updates]);
    options.onProgress?.(Math.min(i + BATCH, total), total);
  }

  // Schools of this SWV that are no longer in the file: inactive, never deleted. A school that is
  // missing only because its row is broken has not closed, and a broken row cannot always be
  // identified, so nothing is deactivated while the file has malformed rows that may be this SWV's.
  const skipped = malformed.map((m) => ({ line: m.line, reason: m.reason, swv: swvOf(m) }));
  const inFile = new Set(own.map((s) => s.locationCode));
  const gone = [...existing.values()].filter(
    (s) => s.swvId === swv.id && s.active && !inFile.has(s.locationCode),
  );
  const hold = skipped.some((m) => m.swv === code || m.swv === null);
  const toDeactivate = hold ? [] : gone;
  if (toDeactivate.length)
    await db.school.updateMany({
      where: { id: { in: toDeactivate.map((s) => s.id) } },
      data: { active: false },
    });

  const boards = { created: newBoards.length, updated: 0, unchanged: boardNumbers.length - newBoards.length };
  const schools = {
    inFile: own.length,
    ...counts,
    deactivated: toDeactivate.length,
    deactivationHeld: hold ? gone.map((s) => s.locationCode) : [],
  };
  const swvChanged = swv.created || swv.renamed ? 1 : 0;
  return {
    swv: { code, name: swv.name, created: swv.created, renamed: swv.renamed },
    schools,
    boards,
    pupilCounts,
    skipped,
    rowsOtherSwv,
    rowsWithoutSwv: linesWithoutSwv.length,
    linesWithoutSwv,
    changes:
      schools.created + schools.updated + schools.deactivated + boards.created + boards.updated + swvChanged,
    durationMs: Math.round(performance.now() - started),
  };
}
