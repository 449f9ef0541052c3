import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import advice from "../../data/holidays/nl-schoolvakanties.json" with { type: "json" };
import { addDays, weekday } from "../../src/features/cycles/dates.ts";
import {
  adviceSchoolYears,
  advisedHolidays,
  easterSunday,
  HOLIDAY_REGIONS,
  overrideProblems,
  publicDaysOff,
  publicHolidays,
  regionFromDuo,
  schoolHolidays,
} from "../../src/features/cycles/holidays.ts";

describe("Easter and the public holidays", () => {
  it("finds Easter Sunday on the known dates", () => {
    const known: Record<number, string> = {
      1818: "1818-03-22",
      1943: "1943-04-25",
      2000: "2000-04-23",
      2019: "2019-04-21",
      2024: "2024-03-31",
      2025: "2025-04-20",
      2026: "2026-04-05",
      2027: "2027-03-28",
      2028: "2028-04-16",
      2038: "2038-04-25",
      2285: "2285-03-22",
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });

  it("always puts Easter on a Sunday between 22 March and 25 April", () => {
    for (let year = 1900; year <= 2300; year++) {
      const easter = easterSunday(year);
      expect(weekday(easter)).toBe(7);
      expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
    }
  });

  it("lists the Dutch public holidays of 2026", () => {
    expect(publicHolidays(2026).map((h) => `${h.date} ${h.name.nl}`)).toEqual([
      "2026-01-01 Nieuwjaarsdag",
      "2026-04-03 Goede Vrijdag",
      "2026-04-05 Eerste Paasdag",
      "2026-04-06 Tweede Paasdag",
      "2026-04-27 Koningsdag",
      "2026-05-05 Bevrijdingsdag",
      "2026-05-14 Hemelvaartsdag",
      "2026-05-24 Eerste Pinksterdag",
      "2026-05-25 Tweede Pinksterdag",
      "2026-12-25 Eerste Kerstdag",
      "2026-12-26 Tweede Kerstdag",
    ]);
  });

  it("moves Koningsdag to 26 April when the 27th is a Sunday", () => {
    expect(publicHolidays(2025).find((h) => h.key === "koningsdag")?.date).toBe("2025-04-26");
    expect(publicHolidays(2031).find((h) => h.key === "koningsdag")?.date).toBe("2031-04-26");
    expect(publicHolidays(2027).find((h) => h.key === "koningsdag")?.date).toBe("2027-04-27");
  });

  it("makes Bevrijdingsdag a day off in lustrum years only, and says so", () => {
    const liberation = (year: number) => publicHolidays(year).find((h) => h.key === "bevrijdingsdag");
    expect(liberation(2025)).toMatchObject({
      dayOff: true,
      name: { nl: "Bevrijdingsdag (lustrum: vrije dag)" },
    });
    expect(liberation(2030)?.dayOff).toBe(true);
    expect(liberation(2026)?.dayOff).toBe(false);
    expect(publicDaysOff(2026)).not.toContain("2026-05-05");
    expect(publicDaysOff(2030)).toContain("2030-05-05");
  });

  it("keeps Ascension on a Thursday and Whit Monday on a Monday, every year", () => {
    for (let year = 2000; year <= 2100; year++) {
      const h = publicHolidays(year);
      expect(weekday(h.find((d) => d.key === "hemelvaartsdag")?.date ?? "")).toBe(4);
      expect(weekday(h.find((d) => d.key === "tweede-pinksterdag")?.date ?? "")).toBe(1);
      expect(weekday(h.find((d) => d.key === "goede-vrijdag")?.date ?? "")).toBe(5);
    }
  });
});

describe("the advised school holidays", () => {
  it("names its source, the date it was taken in, and that it is advice to check", () => {
    expect(advice.source.dataset).toContain("schoolholidays");
    expect(advice.recordedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(advice.note.nl).toContain("rijksoverheid.nl");
    expect(advice.note.en).toContain("rijksoverheid.nl");
    expect(adviceSchoolYears()).toEqual(["2025-2026", "2026-2027"]);
  });

  it("gives every region the five holidays of both school years, Saturday to Sunday", () => {
    for (const region of HOLIDAY_REGIONS) {
      const holidays = advisedHolidays(region);
      expect(holidays.map((h) => `${h.schoolYear} ${h.kind}`)).toEqual(
        ["2025-2026", "2026-2027"].flatMap((y) =>
          ["herfst", "kerst", "voorjaar", "mei", "zomer"].map((k) => `${y} ${k}`),
        ),
      );
      for (const h of holidays) {
        expect(weekday(h.start), `${region} ${h.kind} ${h.start}`).toBe(6);
        expect(weekday(h.end), `${region} ${h.kind} ${h.end}`).toBe(7);
        // Six weeks of summer; the others one week (kerst two).
        const weeks = { zomer: 6, kerst: 2 }[h.kind as string] ?? 1;
        expect(addDays(h.start, weeks * 7 + 1)).toBe(h.end);
      }
    }
  });

  it("staggers the summer over the three regions and shares kerst and mei", () => {
    for (const year of ["2025-2026", "2026-2027"]) {
      const of = (kind: string) =>
        HOLIDAY_REGIONS.map(
          (r) => advisedHolidays(r).find((h) => h.schoolYear === year && h.kind === kind)?.start,
        );
      expect(new Set(of("zomer")).size).toBe(3);
      expect(new Set(of("kerst")).size).toBe(1);
      expect(new Set(of("mei")).size).toBe(1);
    }
    expect(
      advisedHolidays("zuid").find((h) => h.kind === "zomer" && h.schoolYear === "2026-2027"),
    ).toMatchObject({
      start: "2027-07-24",
      end: "2027-09-05",
    });
  });

  it("reads the source's timestamps as days in Amsterdam", () => {
    const file = {
      schoolyears: [
        {
          content: [
            {
              schoolyear: "2026 - 2027",
              vacations: [
                {
                  type: "Herfstvakantie ",
                  regions: [
                    {
                      region: "noord",
                      startdate: "2026-10-09T22:00:00.000Z",
                      enddate: "2026-10-18T00:00:00.000Z",
                    },
                  ],
                },
                {
                  type: "Kerstvakantie",
                  regions: [
                    {
                      region: "heel Nederland",
                      startdate: "2026-12-18T23:00:00.000Z",
                      enddate: "2027-01-03",
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(
      advisedHolidays("noord", file).map((h) => `${h.schoolYear} ${h.kind} ${h.start} ${h.end}`),
    ).toEqual(["2026-2027 herfst 2026-10-10 2026-10-18", "2026-2027 kerst 2026-12-19 2027-01-03"]);
    expect(advisedHolidays("midden", file).map((h) => h.kind)).toEqual(["kerst"]);
  });

  it("maps every VAKANTIEREGIO of DUO's school file to a region", () => {
    const text = iconv.decode(
      readFileSync(new URL("../../data/duo/alle-schoolvestigingen-basisonderwijs.csv", import.meta.url)),
      "win1252",
    );
    const values = new Set(
      text
        .split("\r\n")
        .slice(1)
        .filter((line) => line.trim())
        .map((line) => line.split(";").at(-1) ?? ""),
    );
    expect([...values].sort()).toEqual(["Midden", "Noord", "Zuid"]);
    for (const value of values) expect(regionFromDuo(value)).not.toBeNull();
    expect(regionFromDuo("Noord")).toBe("noord");
    expect(regionFromDuo(" zuid ")).toBe("zuid");
    expect(regionFromDuo("Oost")).toBeNull();
    expect(regionFromDuo(null)).toBeNull();
  });
});

describe("an SWV's own holidays", () => {
  const carnival = {
    schoolYear: "2026-2027",
    kind: "voorjaar",
    start: "2027-02-06",
    end: "2027-02-14",
    name: { nl: "Carnavalsvakantie", en: "Carnival holiday" },
  };

  it("replace the advised range of the same kind and school year", () => {
    const holidays = schoolHolidays("zuid", [carnival]);
    const spring = holidays.filter((h) => h.schoolYear === "2026-2027" && h.kind === "voorjaar");
    expect(spring).toEqual([{ ...carnival, origin: "swv" }]);
    // The other school year keeps its advice.
    expect(holidays.find((h) => h.schoolYear === "2025-2026" && h.kind === "voorjaar")?.origin).toBe(
      "advies",
    );
    expect(holidays).toHaveLength(10);
  });

  it("are added when they are of a kind of their own, in date order", () => {
    const studyDay = { schoolYear: "2026-2027", kind: "studiedagen", start: "2026-11-23", end: "2026-11-24" };
    const holidays = schoolHolidays("midden", [studyDay]);
    expect(holidays).toHaveLength(11);
    const i = holidays.findIndex((h) => h.kind === "studiedagen");
    expect(holidays[i - 1]?.kind).toBe("herfst");
    expect(holidays[i + 1]?.kind).toBe("kerst");
    expect(holidays[i]?.name).toEqual({ nl: "studiedagen", en: "studiedagen" });
  });

  it("are refused with a reason in Dutch and English when malformed", () => {
    expect(overrideProblems(carnival, "nl")).toEqual([]);
    expect(overrideProblems({ ...carnival, end: "2027-02-30" }, "nl")).toEqual([
      "Einde is geen geldige datum: vul die in als JJJJ-MM-DD, bijvoorbeeld 2027-02-06 (nu: 2027-02-30).",
    ]);
    expect(overrideProblems({ ...carnival, end: "2027-02-01" }, "en")).toEqual([
      "The holiday ends (2027-02-01) before it starts (2027-02-06): swap the dates.",
    ]);
    expect(overrideProblems({ ...carnival, schoolYear: "2026/27" }, "nl")).toEqual([
      "2026/27 is geen schooljaar: schrijf het als 2026-2027.",
    ]);
    expect(overrideProblems({ ...carnival, schoolYear: "2025-2026" }, "nl")).toEqual([
      "Deze vakantie valt niet in schooljaar 2025-2026 (1 augustus t/m 31 juli).",
    ]);
    expect(overrideProblems({ ...carnival, end: "2027-06-01" }, "en")).toEqual([
      "A holiday of more than 8 weeks is surely a typo: check the dates.",
    ]);
    expect(overrideProblems({ ...carnival, kind: "Voorjaars Vakantie" }, "nl")).toHaveLength(1);
  });
});
