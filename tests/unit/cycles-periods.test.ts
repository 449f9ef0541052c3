import { describe, expect, it } from "vitest";
import { addDays, isLocalDate } from "../../src/features/cycles/dates.ts";
import { type CycleMoment, MOMENTS, momentByKey } from "../../src/features/cycles/moments.ts";
import {
  nextPeriod,
  periodByKey,
  periodFor,
  periodsOfSchoolYear,
  schoolYearOf,
} from "../../src/features/cycles/periods.ts";

const moment = (key: string): CycleMoment => {
  const m = momentByKey(key);
  if (!m) throw new Error(key);
  return m;
};

describe("the calendar of cycle moments", () => {
  it("holds the moments of the yearly rhythm with their owners, scopes and frequencies", () => {
    expect(MOMENTS.map((m) => [m.key, m.owner, m.scope, m.frequency])).toEqual([
      ["thuiszitters", "ib", "school", "quarterly"],
      ["sop", "directeur", "school", "yearly"],
      ["jaarplan", "ib", "school", "yearly"],
      ["jaarverslag", "ib", "school", "yearly"],
      ["kernpartnergesprek", "swv-consultant", "school", "yearly"],
      ["opp-evaluatie", "ib", "opp-case", "yearly"],
      ["spiegelgesprek", "bestuur", "board", "half-yearly"],
      ["teldatum", "swv-staff", "swv", "yearly"],
      ["groeitelling", "swv-staff", "swv", "yearly"],
    ]);
  });

  it("names every moment in Dutch and English and gives it a sensible policy", () => {
    for (const m of MOMENTS) {
      expect(m.name.nl.length).toBeGreaterThan(3);
      expect(m.name.en.length).toBeGreaterThan(3);
      expect(m.policy.remindBefore).toBeGreaterThan(0);
      expect(m.policy.escalateAfter).toBeGreaterThan(m.policy.nudgeAfter);
      // Moments of the school escalate to its consultant; the SWV's and boards' own go to the bureau.
      const schoolOwned = m.owner === "ib" || m.owner === "directeur";
      expect(m.policy.escalateTo).toBe(schoolOwned ? "swv-consultant" : "swv-staff");
    }
  });

  it("registers thuiszitters in September, December, March and June", () => {
    const opens = periodsOfSchoolYear(moment("thuiszitters"), "2026-2027").map((p) => p.opens.slice(0, 7));
    expect(opens).toEqual(["2026-09", "2026-12", "2027-03", "2027-06"]);
  });

  it("puts teldatum on 1 October and groeitelling on 1 February", () => {
    expect(periodsOfSchoolYear(moment("teldatum"), "2026-2027")[0]?.due).toBe("2026-10-01");
    expect(periodsOfSchoolYear(moment("groeitelling"), "2026-2027")[0]?.due).toBe("2027-02-01");
  });

  it("places the jaarplan at the start and the jaarverslag at the end of the school year", () => {
    const [plan] = periodsOfSchoolYear(moment("jaarplan"), "2026-2027");
    const [report] = periodsOfSchoolYear(moment("jaarverslag"), "2026-2027");
    expect(plan?.opens).toBe("2026-09-01");
    expect(report?.due).toBe("2027-06-30");
  });
});

describe("periods", () => {
  it("gives the school year of a date (1 August to 31 July)", () => {
    expect(schoolYearOf("2026-07-31")).toBe("2025-2026");
    expect(schoolYearOf("2026-08-01")).toBe("2026-2027");
    expect(schoolYearOf("2027-01-15")).toBe("2026-2027");
  });

  it("finds the quarter of a date, with its open and due dates and the next one", () => {
    const thuiszitters = moment("thuiszitters");
    const q2 = periodFor(thuiszitters, "2026-12-01");
    expect(q2).toMatchObject({
      key: "2026-2027-Q2",
      schoolYear: "2026-2027",
      start: "2026-11-01",
      end: "2027-01-31",
      opens: "2026-12-01",
      due: "2026-12-31",
    });
    expect(nextPeriod(thuiszitters, q2)).toMatchObject({ key: "2026-2027-Q3", opens: "2027-03-01" });
    const q4 = periodFor(thuiszitters, "2027-07-31");
    expect(nextPeriod(thuiszitters, q4)).toMatchObject({ key: "2027-2028-Q1", opens: "2027-09-01" });
  });

  it("keys half-yearly and yearly periods", () => {
    expect(periodFor(moment("spiegelgesprek"), "2027-02-01").key).toBe("2026-2027-H2");
    expect(periodFor(moment("spiegelgesprek"), "2026-08-01").key).toBe("2026-2027-H1");
    expect(periodFor(moment("sop"), "2027-05-01").key).toBe("2026-2027");
  });

  it("shows the whole year at a glance for every moment", () => {
    expect(
      periodsOfSchoolYear(moment("thuiszitters"), "2026-2027").map((p) => `${p.key} ${p.opens} ${p.due}`),
    ).toEqual([
      "2026-2027-Q1 2026-09-01 2026-09-30",
      "2026-2027-Q2 2026-12-01 2026-12-31",
      "2026-2027-Q3 2027-03-01 2027-03-31",
      "2026-2027-Q4 2027-06-01 2027-06-30",
    ]);
    expect(periodsOfSchoolYear(moment("spiegelgesprek"), "2026-2027").map((p) => p.key)).toEqual([
      "2026-2027-H1",
      "2026-2027-H2",
    ]);
  });

  it("puts every date in exactly one period, with its window inside it (every day of 10 years)", () => {
    for (const m of MOMENTS) {
      let previous = periodFor(m, "2020-08-01");
      for (let day = "2020-08-01"; day < "2030-08-01"; day = addDays(day, 1)) {
        const p = periodFor(m, day);
        expect(p.start <= day && day <= p.end).toBe(true);
        if (p.key !== previous.key) {
          // Periods follow each other without gaps: today's period is the next of yesterday's.
          expect(nextPeriod(m, previous).key).toBe(p.key);
          expect(p.start).toBe(day);
        }
        previous = p;
      }
      for (const year of ["2025-2026", "2026-2027", "2027-2028"]) {
        for (const p of periodsOfSchoolYear(m, year)) {
          expect(isLocalDate(p.opens) && isLocalDate(p.due)).toBe(true);
          expect(p.start <= p.opens && p.opens < p.due && p.due <= p.end, `${m.key} ${p.key}`).toBe(true);
          expect(periodByKey(m, p.key)).toEqual(p);
        }
      }
    }
  });

  it("does not find a period for a key that does not fit the moment", () => {
    expect(periodByKey(moment("sop"), "2026-2027-Q2")).toBeUndefined();
    expect(periodByKey(moment("thuiszitters"), "nonsense")).toBeUndefined();
  });
});
