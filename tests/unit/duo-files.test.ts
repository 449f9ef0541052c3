import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import {
  DuoImportError,
  defaultDuoFiles,
  readPupilCounts,
  readRegions,
  readSchools,
} from "../../src/features/schools/duo-files.ts";

const dir = mkdtempSync(join(tmpdir(), "knoop-duo-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The real header, so fixtures have DUO's 31 columns in DUO's order.
const header = iconv.decode(readFileSync(defaultDuoFiles.schools), "windows-1252").split("\r\n")[0] ?? "";
const columns = header.split(";");
const defaults: Record<string, string> = {
  "BEVOEGD GEZAG NUMMER": "41516",
  INSTELLINGSCODE: "99ZZ",
  VESTIGINGSCODE: "99ZZ00",
  VESTIGINGSNAAM: "De Proefschool",
  POSTCODE: "6131 AA",
  PLAATSNAAM: "SITTARD",
  GEMEENTENUMMER: "1883",
  GEMEENTENAAM: "SITTARD-GELEEN",
  VAKANTIEREGIO: "Zuid",
};
const row = (values: Record<string, string> = {}) =>
  columns.map((c) => values[c] ?? defaults[c] ?? " ").join(";");
const code = (n: number) => ({
  INSTELLINGSCODE: "99ZZ",
  VESTIGINGSCODE: `99ZZ${String(n).padStart(2, "0")}`,
});

/** Writes a school file as DUO does: windows-1252, CRLF. */
function schoolFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, iconv.encode(`${[header, ...lines].join("\r\n")}\r\n`, "windows-1252"));
  return path;
}

describe("readSchools", () => {
  it("decodes windows-1252: accents and quotes come out right", () => {
    const path = schoolFile("accents.csv", [
      row({ ...code(0), VESTIGINGSNAAM: "Mienskipsskoalle De Legeaën" }),
      row({ ...code(1), VESTIGINGSNAAM: '"Basisschool ""De Maasparel"""' }),
    ]);
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from([0xeb]))).toBe(true); // ë as one windows-1252 byte
    expect(bytes.includes(Buffer.from("ë", "utf8"))).toBe(false);
    const { schools, malformed } = readSchools(path);
    expect(malformed).toEqual([]);
    expect(schools.map((s) => s.name)).toEqual(["Mienskipsskoalle De Legeaën", 'Basisschool "De Maasparel"']);
    expect(schools[0]).toMatchObject({ line: 2, locationCode: "99ZZ00", pc4: "6131", boardNumber: "41516" });
  });

  it("reads the real file: 6,122 locations, none malformed, names with ë and quotes intact", () => {
    const { schools, malformed } = readSchools(defaultDuoFiles.schools);
    expect(schools).toHaveLength(6122);
    expect(malformed).toEqual([]);
    const byCode = new Map(schools.map((s) => [s.locationCode, s]));
    expect(byCode.get("08YS00")?.name).toBe("Dr. Ariëns Daltonschool");
    expect(byCode.get("07WN00")?.name).toBe("CBS Het Mozaïek");
    expect(byCode.get("04NA00")?.name).toBe('Algemeen Bijzondere basisschool "de Fluessen"');
    expect(byCode.get("03BR00")).toMatchObject({
      line: 2168,
      place: "BEEK LB",
      municipality: "BEEK",
      municipalityCode: "0888",
      holidayRegion: "Zuid",
    });
  });

  it("reports malformed rows with their physical line numbers and a reason naming the field", () => {
    const fields = row(code(2)).split(";");
    const path = schoolFile("broken.csv", [
      row(code(1)), // 2
      [...fields.slice(0, 5), ...fields.slice(6)].join(";"), // 3: a field missing
      row(code(3)), // 4
      row({ INSTELLINGSCODE: "99ZZ", VESTIGINGSCODE: "98ZZ04" }), // 5: does not start with the instellingscode
      row({ ...code(5), VESTIGINGSNAAM: 'De "Kring' }), // 6: a quote in the middle of a field
      row({ ...code(6), VESTIGINGSNAAM: '"De Kring' }), // 7: a quote that never closes
      row(code(7)), // 8
      row({ ...code(8), VESTIGINGSNAAM: " " }), // 9: empty name
      row({ ...code(9), POSTCODE: "6131AA" }), // 10
      row(code(1)), // 11: the same location as line 2
      "", // 12: an empty line is not a row
      row({ ...code(10), "BEVOEGD GEZAG NUMMER": "4151A", INSTELLINGSCODE: "99zz" }), // 13: two bad fields
      row(code(11)), // 14
    ]);
    const { schools, malformed } = readSchools(path);
    expect(schools.map((s) => s.line)).toEqual([2, 4, 8, 14]);
    expect(malformed.map((m) => m.line)).toEqual([3, 5, 6, 7, 9, 10, 11, 13]);
    const reason = (line: number) => malformed.find((m) => m.line === line)?.reason;
    expect(reason(3)).toBe("30 kolommen in plaats van 31");
    expect(reason(5)).toBe('VESTIGINGSCODE "98ZZ04" moet met de INSTELLINGSCODE beginnen');
    expect(reason(6)).toBe("aanhalingstekens kloppen niet in kolom VESTIGINGSNAAM");
    expect(reason(7)).toBe("aanhalingstekens kloppen niet in kolom VESTIGINGSNAAM");
    expect(reason(9)).toBe('VESTIGINGSNAAM " " mag niet leeg zijn');
    expect(reason(10)).toBe('POSTCODE "6131AA" moet een postcode als 6131 AA zijn');
    expect(reason(11)).toBe('VESTIGINGSCODE "99ZZ01" staat al op regel 2');
    expect(reason(13)).toContain('BEVOEGD GEZAG NUMMER "4151A" moet uit cijfers bestaan');
    expect(reason(13)).toContain('INSTELLINGSCODE "99zz" moet 4 tekens zijn');
    // A row whose postcode can be read can still be placed in an SWV.
    expect(malformed.find((m) => m.line === 5)?.pc4).toBe("6131");
    expect(malformed.find((m) => m.line === 3)?.pc4).toBeUndefined();
  });

  it("a broken quote spoils only its own line, also across the parser's blocks", () => {
    // 600 rows with unique codes; five of them broken, around the parser's blocks of 250 lines.
    const rows = Array.from({ length: 600 }, (_, i) => {
      const inst = (36 ** 3 + i).toString(36).toUpperCase(); // "1000", "1001", …
      return row({ INSTELLINGSCODE: inst, VESTIGINGSCODE: `${inst}00` });
    });
    const broken = new Map<number, string>([
      [2, '"opens here;and never closes'],
      [250, 'De "Kring'],
      [251, '"De Kring'],
      [252, 'twee""quotes'],
      [601, '"De Kring'],
    ]);
    for (const [line, name] of broken) rows[line - 2] = rows[line - 2]?.replace("De Proefschool", name) ?? "";
    const { schools, malformed } = readSchools(schoolFile("blocks.csv", rows));
    expect(malformed.map((m) => m.line)).toEqual([...broken.keys()]);
    expect(schools).toHaveLength(600 - broken.size);
    expect(schools.at(-1)?.line).toBe(600);
  });

  it("names the file when it does not exist, and the columns when it is not a DUO school file", () => {
    expect(() => readSchools(join(dir, "nope.csv"))).toThrow(DuoImportError);
    expect(() => readSchools(join(dir, "nope.csv"))).toThrow(/^Bestand niet gevonden: .*nope\.csv$/);
    const other = join(dir, "other.csv");
    writeFileSync(other, "A;B\r\n1;2\r\n");
    expect(() => readSchools(other)).toThrow(/mist de kolom\(men\) BEVOEGD GEZAG NUMMER, INSTELLINGSCODE/);
  });
});

describe("readPupilCounts", () => {
  it("takes the newest year, reads <5 as suppressed and leaves absent locations without a count", () => {
    const path = join(dir, "pupils.csv");
    const text = [
      // VESTIGINGSCODE first: a byte-order mark left in place would break this column name.
      "VESTIGINGSCODE;NAAM_VESTIGING;LEERLINGEN_2025;LEERLINGEN_2023;LEERLINGEN_2024",
      '99ZZ00;"BS ""De Kring""";<5;12;8',
      "99ZZ01;Twee;123;100;<5",
      "99ZZ02;Drie;;40;41",
      "99ZZ03;Vier;veel;1;2",
      "99ZZ04;Vijf;0;1;2",
    ].join("\r\n");
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, "utf8")]));
    const pupils = readPupilCounts(path);
    expect(pupils.year).toBe(2025);
    expect(pupils.byLocation.get("99ZZ00")).toEqual({ count: null, suppressed: true });
    expect(pupils.byLocation.get("99ZZ01")).toEqual({ count: 123, suppressed: false });
    expect(pupils.byLocation.get("99ZZ04")).toEqual({ count: 0, suppressed: false });
    expect(pupils.byLocation.has("99ZZ02")).toBe(false);
    expect(pupils.byLocation.has("99ZZ09")).toBe(false);
    expect(pupils.malformed).toEqual([
      { line: 5, reason: 'LEERLINGEN_2025 "veel" moet een aantal of <5 zijn' },
    ]);
  });

  it("reads the real file (UTF-8 with BOM): 2025 is the newest year", () => {
    const pupils = readPupilCounts(defaultDuoFiles.pupils);
    expect(pupils.year).toBe(2025);
    expect(pupils.malformed).toEqual([]);
    expect(pupils.byLocation.get("03BR00")).toEqual({ count: 118, suppressed: false });
    expect(pupils.byLocation.get("32GR00")).toEqual({ count: null, suppressed: true });
    expect(pupils.byLocation.has("32LC00")).toBe(false);
  });
});

describe("readRegions", () => {
  it("reads the postcode table, quoted municipalities included", () => {
    const regions = readRegions(defaultDuoFiles.regions);
    expect(regions.size).toBe(4046);
    expect(regions.get("6131")).toEqual({ municipality: "Sittard-Geleen", po: "PO3104", vo: "VO3104" });
    expect(regions.get("5671")?.municipality).toBe("Nuenen, Gerwen en Nederwetten");
    expect(regions.get("3197")?.po).toBeNull(); // "Europoort" is no samenwerkingsverband
  });
});
