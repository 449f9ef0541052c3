import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvImportError, type SkippedRow } from "../../src/core/csv.ts";
import { importPeople } from "../../src/features/people/csv-import.ts";
import { readPupilCounts, readRegions, readSchools } from "../../src/features/schools/duo-files.ts";
import { openTestDb, type TestDb } from "../support/databases.ts";
import { nastyString, runs, seed, withoutInput } from "../support/fuzz.ts";
import { createWorld, type World } from "../support/world.ts";

// Both CSV imports with broken files: arbitrary bytes, broken quoting, the wrong delimiter, a BOM,
// windows-1252 bytes, huge lines, missing columns. Whatever the file: the import either reports
// or refuses with its own Dutch error (CsvImportError); every skipped row has its line number and
// a Dutch reason; and the good rows mixed in are imported all the same (README: malformed rows
// are skipped and reported by line, every other row is imported).

const dir = mkdtempSync(join(tmpdir(), "knoop-fuzz-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fileOf = (bytes: Uint8Array) => {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
};

const english =
  /\b(the|invalid|expected|required|must|please|unknown|string|number|undefined|NaN|\[object Object\])\b/i;
/** Words of the Dutch reasons and errors (import.* in i18n.ts, importTexts in people/texts.ts). */
const dutch =
  /\b(moet|mag|kolom|kolommen|regel|aanhalingstekens|staat|bestaat|niet|geen|hoort|wijkt|mist|is|geldt|vul|een|van|voor|het|de)\b/i;

/** A reason or error is Dutch: Dutch words, and no English once the values it quotes from the
 * file are taken out. */
function expectDutch(text: string, quoted: string[]) {
  expect(text).toMatch(dutch);
  expect(withoutInput(text, quoted), text).not.toMatch(english);
}

/** The physical line each text starts on, the first on line 1 (a text may hold line breaks). */
function startLines(texts: string[]): number[] {
  const starts: number[] = [];
  let line = 1;
  for (const text of texts) {
    starts.push(line);
    line += (text.match(/\n/g)?.length ?? 0) + 1;
  }
  return starts;
}

/** Skipped rows: each on a line of the file after the header, with a Dutch reason. */
function expectReported(skipped: SkippedRow[], lines: number, quoted: string[]) {
  for (const s of skipped) {
    expect(Number.isInteger(s.line), JSON.stringify(s)).toBe(true);
    expect(s.line).toBeGreaterThanOrEqual(2);
    expect(s.line).toBeLessThanOrEqual(lines);
    expectDutch(s.reason, quoted);
  }
}

/** What a broken line looks like: any text, unbalanced quotes, the other delimiter, a huge line. */
const brokenLine = (delimiter: string, columns: number) =>
  fc.oneof(
    nastyString,
    fc.array(nastyString, { minLength: columns, maxLength: columns }).map((f) => f.join(delimiter)),
    fc.array(nastyString, { minLength: 1, maxLength: columns + 3 }).map((f) => f.join(delimiter)),
    fc
      .array(nastyString, { minLength: columns, maxLength: columns })
      .map((f) => f.join(delimiter === ";" ? "," : ";")),
    fc
      .array(fc.oneof(nastyString, fc.constantFrom('"', '""', '"x"y', 'a"b', '"open')), {
        minLength: columns,
        maxLength: columns,
      })
      .map((f) => f.join(delimiter)),
    fc.constant("x;".repeat(20_000)),
  );

/** The bytes of a file: its lines in an encoding, LF or CRLF, with or without a BOM; or random bytes. */
const bytesOf = (lines: string[], encoding: "utf8" | "windows-1252") =>
  fc
    .record({ crlf: fc.boolean(), bom: fc.boolean(), finalNewline: fc.boolean() })
    .map(({ crlf, bom, finalNewline }) => {
      const text = lines.join(crlf ? "\r\n" : "\n") + (finalNewline ? (crlf ? "\r\n" : "\n") : "");
      const body = iconv.encode(text, encoding);
      return bom && encoding === "utf8" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
    });

/** Runs a reader: its result, or its own error (any other throw fails the property). */
function attempt<T>(read: () => T): T | CsvImportError {
  try {
    return read();
  } catch (error) {
    if (error instanceof CsvImportError) return error;
    throw error;
  }
}

// ------------------------------------------------------------------ DUO

const schoolHeader = [
  "PROVINCIE",
  "BEVOEGD GEZAG NUMMER",
  "INSTELLINGSCODE",
  "VESTIGINGSCODE",
  "VESTIGINGSNAAM",
  "POSTCODE",
  "PLAATSNAAM",
  "GEMEENTENUMMER",
  "GEMEENTENAAM",
  "VAKANTIEREGIO",
];
/** A good school row; `n` makes its codes unique within a file. */
const schoolRow = (n: number) =>
  fc.constantFrom("Bréda", "Sittard-Geleen", "'s-Hertogenbosch", "Ameland").map((place) => {
    const inst = `9${String(n).padStart(3, "0")}`;
    return [
      "Limburg",
      "41234",
      inst,
      `${inst}00`,
      `Basisschool Nummer ${n}`,
      "6131 AA",
      place,
      "1883",
      place,
      "Zuid",
    ];
  });

const schoolFile = fc
  .record({
    header: fc.oneof(
      { weight: 5, arbitrary: fc.constant(schoolHeader) },
      { weight: 1, arbitrary: fc.shuffledSubarray(schoolHeader) },
      { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
    ),
    kinds: fc.array(fc.boolean(), { maxLength: 12 }),
  })
  .chain(({ header, kinds }) =>
    fc
      .tuple(
        ...kinds.map((good, n) =>
          good
            ? schoolRow(n).map((fields) => ({ good: true, text: fields.join(";"), fields }))
            : brokenLine(";", header.length).map((text) => ({ good: false, text, fields: [text] })),
        ),
      )
      .chain((rows) =>
        bytesOf([header.join(";"), ...rows.map((r) => r.text)], "windows-1252").map((bytes) => ({
          header,
          rows,
          bytes,
        })),
      ),
  );

describe("fuzz: the DUO files", () => {
  it("reads any school file into schools and Dutch reasons by line, the good rows all there", () => {
    fc.assert(
      fc.property(schoolFile, ({ header, rows, bytes }) => {
        const result = attempt(() => readSchools(fileOf(bytes)));
        const complete = schoolHeader.every((c) => c === "PROVINCIE" || header.includes(c));
        if (result instanceof CsvImportError) {
          expect(complete && header.join(";") === schoolHeader.join(";")).toBe(false);
          expectDutch(result.message, [dir, ...header]);
          return;
        }
        const quoted = rows.flatMap((r) => r.fields);
        const starts = startLines([header.join(";"), ...rows.map((r) => r.text), ""]);
        expectReported(result.malformed, starts.at(-1) ?? 0, quoted);
        if (header === schoolHeader) {
          // Every good row is read, on its line; a good row that follows a broken one keeps its place.
          const good = rows.flatMap((r, i) => (r.good ? [{ line: starts[i + 1], code: r.fields[3] }] : []));
          for (const g of good)
            expect(result.schools.find((s) => s.line === g.line)?.locationCode, `line ${g.line}`).toBe(
              g.code,
            );
          expect(result.schools.length + result.malformed.length).toBeGreaterThanOrEqual(good.length);
        }
      }),
      { numRuns: runs(150), ...seed() },
    );
  });

  it("reads any pupil file or refuses it in Dutch", () => {
    const header = ["INSTELLINGSCODE", "VESTIGINGSCODE", "LEERLINGEN_2024", "LEERLINGEN_2025"];
    const file = fc
      .tuple(
        fc.oneof(fc.constant(header), fc.shuffledSubarray(header), fc.array(nastyString, { maxLength: 4 })),
        fc.array(
          fc.oneof(
            fc
              .tuple(fc.nat(999), fc.constantFrom("12", "<5", "", "0", "1e3", "-4", "٣", "12 "))
              .map(([n, count]) => `9${n};9${n}00;10;${count}`),
            brokenLine(";", 4),
          ),
          { maxLength: 10 },
        ),
      )
      .chain(([head, lines]) =>
        bytesOf([head.join(";"), ...lines], "utf8").map((bytes) => ({ head, lines, bytes })),
      );
    fc.assert(
      fc.property(file, ({ head, lines, bytes }) => {
        const result = attempt(() => readPupilCounts(fileOf(bytes)));
        if (result instanceof CsvImportError) return expectDutch(result.message, [dir, ...head]);
        const last = startLines([head.join(";"), ...lines, ""]).at(-1) ?? 0;
        expectReported(
          result.malformed,
          last,
          lines.flatMap((l) => [l, ...l.split(";")]),
        );
        for (const count of result.byLocation.values())
          expect(count.suppressed ? count.count === null : Number.isInteger(count.count)).toBe(true);
      }),
      { numRuns: runs(150), ...seed() },
    );
  });

  it("reads a postcode table in full or refuses it in Dutch with the line", () => {
    const file = fc
      .array(
        fc.oneof(
          fc
            .tuple(fc.integer({ min: 1000, max: 9999 }), fc.constantFrom("PO2707", "VO2708", "", "x"))
            .map(([pc, po]) => `${pc},Gemeente,${po},VO2708`),
          brokenLine(",", 4),
        ),
        { maxLength: 8 },
      )
      .chain((lines) =>
        bytesOf(["PC4,GEMEENTE,PO_SWV,VO_SWV", ...lines], "utf8").map((bytes) => ({ lines, bytes })),
      );
    fc.assert(
      fc.property(file, ({ lines, bytes }) => {
        const result = attempt(() => readRegions(fileOf(bytes)));
        const quoted = [dir, ...lines.flatMap((l) => [l, ...l.split(",")])];
        if (result instanceof CsvImportError) {
          expectDutch(result.message, quoted);
          expect(result.message).toMatch(/regel \d+/);
        } else for (const pc4 of result.keys()) expect(pc4).toMatch(/^\d{4}$/);
      }),
      { numRuns: runs(150), ...seed() },
    );
  });
});

// ------------------------------------------------------------------ people

const peopleHeader = ["swv", "naam", "email", "platform", "werkruimte", "gebruiker", "rol", "school"];

describe("fuzz: the people CSV", () => {
  let testDb: TestDb;
  let world: World;
  let swv: string;
  let ws: string;
  let school: string;
  let file = 0;

  beforeAll(async () => {
    testDb = await openTestDb("sqlite");
    world = await createWorld(testDb.db);
    swv = (await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).code;
    ws = (await world.db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } })).externalId;
    school = (await world.db.school.findUniqueOrThrow({ where: { id: world.schools.A } })).locationCode;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("imports the good rows of any file and reports each other row by line in Dutch", async () => {
    const delimiter = fc.constantFrom(";", ",");
    const files = fc
      .tuple(delimiter, fc.array(fc.boolean(), { maxLength: 10 }), fc.boolean())
      .chain(([d, kinds, bom]) =>
        fc.tuple(
          fc.constant(d),
          fc.constant(bom),
          fc.tuple(
            ...kinds.map((good) =>
              good
                ? fc
                    .constantFrom("Anna de Wit", "Jürgen Ölçü", "Zoë 'Zo' Bakker", "李小龙")
                    .map((name) => ({ good: true as const, name }))
                : fc.oneof(
                    brokenLine(d, peopleHeader.length),
                    // a near-valid row with one field wrong
                    fc
                      .tuple(fc.nat(peopleHeader.length - 1), nastyString)
                      .map(([k, v]) => ({ good: false as const, k, v })),
                  ),
            ),
          ),
        ),
      );
    await fc.assert(
      fc.asyncProperty(files, async ([d, bom, rows]) => {
        const n = file++;
        const lines: string[] = [peopleHeader.join(d)];
        const accounts: (string | null)[] = [];
        const quoted: string[] = [dir];
        rows.forEach((row, i) => {
          const user = `f${n}r${i}`;
          const fields = [swv, "Piet Jansen", "", "sandbox", ws, user, "ib", school];
          if (typeof row === "string") {
            lines.push(row);
            accounts.push(null);
            quoted.push(row, ...row.split(d));
          } else if (row.good) {
            fields[1] = row.name;
            lines.push(
              fields
                .map((f) => (f.includes(d) || f.includes('"') ? `"${f.replaceAll('"', '""')}"` : f))
                .join(d),
            );
            accounts.push(user);
          } else {
            const v = row.v.replace(/[\r\n]/g, " ");
            fields[row.k] = v.includes(d) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v;
            lines.push(fields.join(d));
            accounts.push(null); // may be fine (a valid value by chance): not counted either way
            quoted.push(v, fields[row.k] ?? "");
          }
        });
        const text = `${bom ? "\uFEFF" : ""}${lines.join("\n")}\n`;
        let summary: Awaited<ReturnType<typeof importPeople>>;
        try {
          summary = await importPeople(world.db, fileOf(Buffer.from(text, "utf8")), {
            now: world.clock.now(),
          });
        } catch (error) {
          if (!(error instanceof CsvImportError)) throw error;
          expectDutch(error.message, quoted);
          return;
        }
        const starts = startLines([...lines, ""]);
        expectReported(summary.skipped, starts.at(-1) ?? 0, quoted);
        // Every good row was imported: its account is known, with the IB role at school A.
        for (const [i, user] of accounts.entries()) {
          if (!user) continue;
          const line = starts[i + 1];
          expect(
            summary.skipped.map((s) => s.line),
            `line ${line}`,
          ).not.toContain(line);
          const identity = await world.db.chatIdentity.findUnique({
            where: { platform_workspaceId_userId: { platform: "sandbox", workspaceId: ws, userId: user } },
            include: { person: { include: { roles: true } } },
          });
          expect(identity?.person.roles.map((r) => [r.role, r.schoolId])).toEqual([["ib", world.schools.A]]);
        }
      }),
      { numRuns: runs(30), ...seed() },
    );
  });
});
