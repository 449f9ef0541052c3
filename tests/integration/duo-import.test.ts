import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { defaultDuoFiles } from "../../src/features/schools/duo-files.ts";
import { type ImportSummary, importDuo } from "../../src/features/schools/duo-import.ts";
import { describeEachDatabase } from "../support/databases.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "knoop-duo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ------------------------------------------------ the expected figures, derived from the raw files another way

const lines = (path: string, encoding: string) => iconv.decode(readFileSync(path), encoding).split("\r\n");
const schoolLines = lines(defaultDuoFiles.schools, "windows-1252");
const head = (schoolLines[0] ?? "").split(";");
const col = (name: string) => head.indexOf(name);
// No field holds a `;` inside quotes (every line has exactly the header's 31 fields),
// so splitting on `;` is a valid, independent reading of the file.
const schoolRows = schoolLines
  .map((text, i) => ({ line: i + 1, text, f: text.split(";") }))
  .filter((r) => r.line > 1 && r.text !== "");
const regionOf = new Map(
  lines(defaultDuoFiles.regions, "utf8")
    .slice(1)
    .map((l) => l.split(","))
    .map((p) => [p[0], p[p.length - 2]]), // PO_SWV counted from the end: GEMEENTE may hold a comma
);
const pupilLines = lines(defaultDuoFiles.pupils, "utf8");
const newest = new Map(
  pupilLines
    .slice(1)
    .map((l) => l.split(";"))
    .map((p) => [p[1], p.at(-1)]),
);

function expected(code: string) {
  const rows = schoolRows.filter((r) => regionOf.get(r.f[col("POSTCODE")]?.slice(0, 4)) === code);
  const pupil = (r: (typeof rows)[number]) => newest.get(r.f[col("VESTIGINGSCODE")]);
  return {
    rows,
    codes: rows.map((r) => r.f[col("VESTIGINGSCODE")] ?? "").sort(),
    boards: new Set(rows.map((r) => r.f[col("BEVOEGD GEZAG NUMMER")])),
    withCount: rows.filter((r) => /^\d+$/.test(pupil(r) ?? "")).length,
    suppressed: rows.filter((r) => pupil(r) === "<5").length,
    missing: rows.filter((r) => pupil(r) === undefined).length,
    without: schoolRows.filter((r) => !regionOf.get(r.f[col("POSTCODE")]?.slice(0, 4))?.startsWith("PO"))
      .length,
  };
}

/** A copy of the school file, still windows-1252 and CRLF, with `edit` applied to its lines. */
function copyOfSchoolFile(name: string, edit: (lines: string[]) => string[]): string {
  const path = join(dir, name);
  writeFileSync(path, iconv.encode(edit([...schoolLines]).join("\r\n"), "windows-1252"));
  return path;
}

const po3104 = expected("PO3104");
const po2001 = expected("PO2001");

it("derives the expected figures from files that split naively", () => {
  expect(schoolRows.every((r) => r.f.length === head.length)).toBe(true);
  expect(pupilLines.every((l) => l === "" || l.split(";").length === 38)).toBe(true);
  expect(pupilLines[0]?.split(";").at(-1)).toBe("LEERLINGEN_2025");
  expect(schoolRows).toHaveLength(6122);
  expect(po3104.rows).toHaveLength(35);
  expect(po2001.rows).toHaveLength(267);
});

function expectCounts(s: ImportSummary, e: ReturnType<typeof expected>) {
  expect(s.schools.inFile).toBe(e.rows.length);
  expect(s.pupilCounts).toEqual({
    year: 2025,
    withCount: e.withCount,
    suppressed: e.suppressed,
    missing: e.missing,
    skipped: [],
  });
  expect(s.rowsWithoutSwv).toBe(e.without);
  expect(s.rowsOtherSwv).toBe(schoolRows.length - e.rows.length - e.without);
}

describeEachDatabase("DUO import", (get) => {
  const activeCodes = async (code: string) =>
    (
      await get().db.school.findMany({
        where: { swv: { code }, active: true },
        select: { locationCode: true },
        orderBy: { locationCode: "asc" },
      })
    ).map((s) => s.locationCode);

  it("imports PO3104 and then PO2001 from the real files", async () => {
    const { db } = get();
    const progress: [number, number][] = [];
    const a = await importDuo(db, {
      swvCode: "PO3104",
      onProgress: (done, total) => progress.push([done, total]),
    });
    expectCounts(a, po3104);
    expect(a.swv).toEqual({
      code: "PO3104",
      name: "Samenwerkingsverband PO3104 (Beek, Schinnen, Sittard-Geleen, Stein)",
      created: true,
      renamed: false,
    });
    expect(a.schools).toEqual({
      inFile: 35,
      created: 35,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
      deactivationHeld: [],
    });
    expect(a.boards).toEqual({ created: po3104.boards.size, updated: 0, unchanged: 0 });
    expect(a.skipped).toEqual([]);
    expect(a.changes).toBe(35 + po3104.boards.size + 1);
    expect(progress.at(-1)).toEqual([35, 35]);

    const b = await importDuo(db, { swvCode: "PO2001" });
    expectCounts(b, po2001);
    expect(b.swv.name).toBe("Samenwerkingsverband PO2001 (Appingedam, Bedum, Bellingwedde, De Marne e.a.)");
    expect(b.schools).toMatchObject({ inFile: 267, created: 267, updated: 0, unchanged: 0, deactivated: 0 });
    const shared = [...po2001.boards].filter((n) => po3104.boards.has(n)).length;
    expect(b.boards).toEqual({ created: po2001.boards.size - shared, updated: 0, unchanged: shared });

    expect(await activeCodes("PO3104")).toEqual(po3104.codes);
    expect(await activeCodes("PO2001")).toEqual(po2001.codes);
    const kring = await db.school.findUniqueOrThrow({
      where: { locationCode: "03BR00" },
      include: { board: true },
    });
    expect(kring).toMatchObject({
      institutionCode: "03BR",
      name: "Basisschool De Kring",
      postcode: "6191 PD",
      place: "BEEK LB",
      municipality: "BEEK",
      municipalityCode: "0888",
      holidayRegion: "Zuid",
      pupilCount: 118,
      pupilCountSuppressed: false,
      pupilCountYear: 2025,
      active: true,
    });
    expect(kring.board).toMatchObject({ duoNumber: "83280", name: "Bevoegd gezag 83280" });
    const mozaiek = await db.school.findUniqueOrThrow({ where: { locationCode: "07WN00" } });
    expect(mozaiek).toMatchObject({ name: "CBS Het Mozaïek", place: "STADSKANAAL" });
    // In the school file, absent from the pupils file: no count, and not suppressed either.
    const kitaab = await db.school.findUniqueOrThrow({ where: { locationCode: "32LC00" } });
    expect(kitaab).toMatchObject({ pupilCount: null, pupilCountSuppressed: false, pupilCountYear: null });
  });

  it("a second run of both changes nothing", async () => {
    for (const [code, e] of [
      ["PO3104", po3104],
      ["PO2001", po2001],
    ] as const) {
      const s = await importDuo(get().db, { swvCode: code });
      expect(s.changes).toBe(0);
      expect(s.swv.created).toBe(false);
      expect(s.schools).toMatchObject({ created: 0, updated: 0, deactivated: 0, unchanged: e.rows.length });
      expect(s.boards).toEqual({ created: 0, updated: 0, unchanged: e.boards.size });
    }
  });

  it("a file with three broken rows imports all other rows and names the three lines", async () => {
    const e = expected("PO3105");
    const [x, y, z] = [e.rows[3], e.rows[20], e.rows[40]].map((r) => r?.line ?? 0) as [
      number,
      number,
      number,
    ];
    const path = copyOfSchoolFile("three-broken.csv", (all) => {
      const fields = (all[x - 1] ?? "").split(";");
      all[x - 1] = [...fields.slice(0, 5), ...fields.slice(6)].join(";"); // a field missing
      all[y - 1] = (all[y - 1] ?? "").replace(/;(\w{4})(\w\w);/, ";$1;"); // VESTIGINGSCODE cut to 4 characters
      all[z - 1] = (all[z - 1] ?? "").replace(/;([^;"]+?) ([^;"]+);/, ';$1 "$2;'); // a quote inside a field
      return all;
    });
    const s = await importDuo(get().db, { swvCode: "PO3105", files: { schools: path } });
    expect(s.skipped.map((k) => k.line)).toEqual([x, y, z]);
    expect(s.skipped[0]?.reason).toBe("30 kolommen in plaats van 31");
    expect(s.skipped[1]?.reason).toMatch(/^VESTIGINGSCODE "\w{4}" moet 6 tekens zijn/);
    expect(s.skipped[1]?.swv).toBe("PO3105");
    expect(s.skipped[2]?.reason).toMatch(/^aanhalingstekens kloppen niet in kolom /);
    expect(s.schools).toMatchObject({
      inFile: e.rows.length - 3,
      created: e.rows.length - 3,
      deactivated: 0,
    });
    const brokenCodes = [x, y, z].map((line) => schoolRows[line - 2]?.f[col("VESTIGINGSCODE")]);
    expect(await activeCodes("PO3105")).toEqual(e.codes.filter((c) => !brokenCodes.includes(c)));

    const repaired = await importDuo(get().db, { swvCode: "PO3105" });
    expect(repaired.schools).toMatchObject({ created: 3, unchanged: e.rows.length - 3, deactivated: 0 });
    expect(await activeCodes("PO3105")).toEqual(e.codes);
  });

  it("marks a school missing from a newer file inactive, never deletes it, and reactivates it", async () => {
    const { db } = get();
    const kring = schoolRows.find((r) => r.f[col("VESTIGINGSCODE")] === "03BR00")?.line ?? 0;
    const newer = copyOfSchoolFile("newer.csv", (all) => all.filter((_, i) => i !== kring - 1));
    const gone = await importDuo(db, { swvCode: "PO3104", files: { schools: newer } });
    expect(gone.schools).toMatchObject({ inFile: 34, created: 0, updated: 0, unchanged: 34, deactivated: 1 });
    expect(gone.changes).toBe(1);
    expect(await db.school.findUnique({ where: { locationCode: "03BR00" } })).toMatchObject({
      active: false,
    });
    expect(await activeCodes("PO3104")).toEqual(po3104.codes.filter((c) => c !== "03BR00"));

    const back = await importDuo(db, { swvCode: "PO3104" });
    expect(back.schools).toMatchObject({ created: 0, updated: 1, unchanged: 34, deactivated: 0 });
    expect(await activeCodes("PO3104")).toEqual(po3104.codes);
    expect((await importDuo(db, { swvCode: "PO3104" })).changes).toBe(0);
  });

  it("does not deactivate while a broken row may be the missing school", async () => {
    const kring = schoolRows.find((r) => r.f[col("VESTIGINGSCODE")] === "03BR00")?.line ?? 0;
    const path = copyOfSchoolFile("kring-broken.csv", (all) =>
      all.map((l, i) => (i === kring - 1 ? l.replace("De Kring", 'De "Kring') : l)),
    );
    const s = await importDuo(get().db, { swvCode: "PO3104", files: { schools: path } });
    expect(s.skipped.map((k) => k.line)).toEqual([kring]);
    expect(s.schools).toMatchObject({ inFile: 34, deactivated: 0, deactivationHeld: ["03BR00"] });
    expect(s.changes).toBe(0);
    expect(await activeCodes("PO3104")).toEqual(po3104.codes);
  });

  it("keeps the name on a rerun and changes it with --name", async () => {
    const { db } = get();
    const renamed = await importDuo(db, { swvCode: "PO3104", swvName: "SWV Westelijke Mijnstreek" });
    expect(renamed.swv).toMatchObject({ name: "SWV Westelijke Mijnstreek", renamed: true });
    expect(renamed.changes).toBe(1);
    const again = await importDuo(db, { swvCode: "PO3104" });
    expect(again.swv).toMatchObject({ name: "SWV Westelijke Mijnstreek", renamed: false });
    expect(again.changes).toBe(0);
  });

  it("refuses an SWV code that is not in the postcode table, with a Dutch message", async () => {
    await expect(importDuo(get().db, { swvCode: "PO9999" })).rejects.toThrow(
      "Samenwerkingsverband PO9999 komt niet voor in de postcodetabel",
    );
    await expect(importDuo(get().db, { swvCode: "VO3103" })).rejects.toThrow(/alleen basisscholen/);
  });
});

describe("npm run import:duo", () => {
  const run = (args: string[], databaseUrl: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
    delete env.LOCALE;
    return spawnSync(join(root, "node_modules/.bin/tsx"), ["scripts/import-duo.ts", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
    });
  };

  it("--json prints one JSON object with the summary, and nothing else", () => {
    const url = `file:${join(dir, "cli.db")}`;
    const out = run(["--swv", "PO3104", "--json"], url);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(out.stdout.trim().split("\n")).toHaveLength(1);
    const s = JSON.parse(out.stdout) as ImportSummary;
    expectCounts(s, po3104);
    expect(s.schools).toMatchObject({ created: 35, updated: 0, unchanged: 0, deactivated: 0 });
    expect(s.boards.created).toBe(po3104.boards.size);

    const again = JSON.parse(run(["--swv", "PO3104", "--json"], url).stdout) as ImportSummary;
    expect(again.changes).toBe(0);
    expect(again.schools.unchanged).toBe(35);
  }, 60_000);

  it("without --json prints the Dutch summary", () => {
    const out = run(["--swv", "PO3104"], `file:${join(dir, "cli.db")}`);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("Scholen: 35 in het bestand; 0 nieuw, 0 bijgewerkt, 35 ongewijzigd");
    expect(out.stdout).toContain("Geen wijzigingen");
  }, 60_000);

  it("a bad --swv exits 2 with the Dutch usage; an unknown SWV exits 1", () => {
    const bad = run(["--swv", "XX12"], `file:${join(dir, "cli-bad.db")}`);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--swv ontbreekt of is ongeldig (XX12)");
    expect(bad.stderr).toContain("Gebruik: npm run import:duo -- --swv PO3104");
    expect(run([], `file:${join(dir, "cli-bad.db")}`).status).toBe(2);
    const unknown = run(["--swv", "PO9999", "--json"], `file:${join(dir, "cli-bad.db")}`);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("PO9999 komt niet voor in de postcodetabel");
  }, 60_000);
});
