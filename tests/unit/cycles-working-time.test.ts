import { describe, expect, it } from "vitest";
import { addDays, dateIn, minutesIn } from "../../src/features/cycles/dates.ts";
import { schoolHolidays } from "../../src/features/cycles/holidays.ts";
import {
  addWorkingDays,
  isWorkingDay,
  isWorkingMoment,
  nextWorkingDay,
  nextWorkingMoment,
  workingRules,
} from "../../src/features/cycles/working-time.ts";

const midden = workingRules({ holidays: schoolHolidays("midden") });
const noord = workingRules({ holidays: schoolHolidays("noord") });
const at = (iso: string) => new Date(iso);

describe("working moments", () => {
  it("are inside working hours (08:30-16:30 local) on a working day", () => {
    // Tuesday 1 December 2026, CET (UTC+1).
    expect(isWorkingMoment(at("2026-12-01T07:29:00Z"), midden)).toBe(false); // 08:29
    expect(isWorkingMoment(at("2026-12-01T07:30:00Z"), midden)).toBe(true); // 08:30
    expect(isWorkingMoment(at("2026-12-01T15:29:00Z"), midden)).toBe(true); // 16:29
    expect(isWorkingMoment(at("2026-12-01T15:30:00Z"), midden)).toBe(false); // 16:30
    expect(isWorkingMoment(at("2026-12-05T09:00:00Z"), midden)).toBe(false); // Saturday
  });

  it("are never on a public holiday", () => {
    expect(isWorkingDay("2027-05-06", midden)).toBe(false); // Hemelvaartsdag
    expect(isWorkingDay("2027-05-17", midden)).toBe(false); // Tweede Pinksterdag
    expect(isWorkingDay("2027-03-26", midden)).toBe(false); // Goede Vrijdag
    expect(isWorkingDay("2027-03-29", midden)).toBe(false); // Tweede Paasdag
    expect(isWorkingDay("2026-05-05", workingRules())).toBe(true); // Bevrijdingsdag outside a lustrum year
    expect(isWorkingDay("2025-05-05", workingRules())).toBe(false); // … and in 2025, a lustrum year
    expect(isWorkingDay("2027-05-06", workingRules({ publicHolidays: [] }))).toBe(true); // own list
  });

  it("are never in the school's own region's holiday", () => {
    // Herfstvakantie 2026: noord 10-18 October, midden 17-25 October.
    expect(isWorkingDay("2026-10-14", noord)).toBe(false);
    expect(isWorkingDay("2026-10-14", midden)).toBe(true);
    expect(isWorkingDay("2026-10-21", noord)).toBe(true);
    expect(isWorkingDay("2026-10-21", midden)).toBe(false);
  });

  it("respect a person's working days and a pause up to and including a date", () => {
    const partTime = workingRules({ workingDays: [1, 2, 4] });
    expect(
      ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map((d) =>
        isWorkingDay(d, partTime),
      ),
    ).toEqual([true, true, false, true, false]);
    const away = workingRules({ pausedUntil: "2026-12-10" });
    expect(isWorkingDay("2026-12-10", away)).toBe(false);
    expect(isWorkingDay("2026-12-11", away)).toBe(true);
  });

  it("resume after the kerstvakantie", () => {
    // Saturday 19 December 2026 is the first day of the holiday; school starts again Monday 4 January.
    expect(nextWorkingMoment(at("2026-12-18T16:00:00Z"), midden)).toEqual(at("2027-01-04T07:30:00Z"));
  });

  it("are the moment itself when it is one, else the start of the next working hours", () => {
    const ten = at("2026-12-01T09:00:00Z");
    expect(nextWorkingMoment(ten, midden)).toBe(ten);
    expect(nextWorkingMoment(at("2026-12-01T05:00:00Z"), midden)).toEqual(at("2026-12-01T07:30:00Z"));
    expect(nextWorkingMoment(at("2026-12-01T17:00:00Z"), midden)).toEqual(at("2026-12-02T07:30:00Z"));
  });

  it("follow summer time: the last Sunday of March 2026", () => {
    // Friday 27 March after hours (CET) -> Monday 30 March 08:30 CEST, which is 06:30 UTC.
    expect(nextWorkingMoment(at("2026-03-27T16:00:00Z"), midden)).toEqual(at("2026-03-30T06:30:00Z"));
    // The night of the change itself (Sunday 29 March, 02:00 jumps to 03:00).
    expect(nextWorkingMoment(at("2026-03-29T01:30:00Z"), midden)).toEqual(at("2026-03-30T06:30:00Z"));
    expect(isWorkingMoment(at("2026-03-30T06:29:00Z"), midden)).toBe(false);
    expect(isWorkingMoment(at("2026-03-30T06:30:00Z"), midden)).toBe(true);
    expect(isWorkingMoment(at("2026-03-27T07:30:00Z"), midden)).toBe(true); // the Friday before, CET
  });

  it("follow winter time: the last Sunday of October 2026", () => {
    // Noord is back from the herfstvakantie: Friday 23 October after hours (CEST) -> Monday 26 October
    // 08:30 CET, which is 07:30 UTC.
    expect(nextWorkingMoment(at("2026-10-23T14:45:00Z"), noord)).toEqual(at("2026-10-26T07:30:00Z"));
    expect(nextWorkingMoment(at("2026-10-25T00:30:00Z"), noord)).toEqual(at("2026-10-26T07:30:00Z"));
    expect(isWorkingMoment(at("2026-10-26T06:45:00Z"), noord)).toBe(false); // 07:45 CET
    expect(isWorkingMoment(at("2026-10-23T06:45:00Z"), noord)).toBe(true); // 08:45 CEST
  });

  it("are never skipped: from any instant of a school year, the next one is the first working moment", () => {
    const partTime = workingRules({ holidays: schoolHolidays("zuid"), workingDays: [1, 2, 4] });
    // Every 11 h 7 min across 2026-2027, so every hour of the day and every weekday comes by.
    for (
      let t = at("2026-08-01T00:00:00Z").getTime();
      t < at("2027-08-01T00:00:00Z").getTime();
      t += 667 * 60_000
    ) {
      for (const rules of [midden, partTime]) {
        const from = new Date(t);
        const next = nextWorkingMoment(from, rules);
        expect(next.getTime()).toBeGreaterThanOrEqual(t);
        expect(isWorkingMoment(next, rules)).toBe(true);
        if (next.getTime() !== t) {
          // It starts the working hours, and no working day lies between.
          expect(minutesIn(next, rules.timeZone)).toBe(8 * 60 + 30);
          const today = dateIn(from, rules.timeZone);
          const firstDay = dateIn(next, rules.timeZone);
          for (let d = addDays(today, 1); d < firstDay; d = addDays(d, 1))
            expect(isWorkingDay(d, rules)).toBe(false);
        }
      }
    }
  });

  it("needs at least one working day", () => {
    expect(() => nextWorkingDay("2026-12-01", workingRules({ workingDays: [] }))).toThrow();
  });
});

describe("adding working days", () => {
  it("skips weekends, holidays and public holidays", () => {
    expect(addWorkingDays("2026-12-18", 1, midden)).toBe("2027-01-04"); // over kerst
    expect(addWorkingDays("2026-12-31", -3, midden)).toBe("2026-12-16"); // back from inside kerst
    expect(addWorkingDays("2027-05-05", 1, midden)).toBe("2027-05-07"); // over Hemelvaart
    expect(addWorkingDays("2026-12-01", 0, midden)).toBe("2026-12-01");
  });

  it("counts only a part-timer's own days", () => {
    const partTime = workingRules({ workingDays: [1, 2, 4] });
    expect(addWorkingDays("2026-11-30", 3, partTime)).toBe("2026-12-07"); // Tue, Thu, Mon
    expect(addWorkingDays("2026-12-07", -3, partTime)).toBe("2026-11-30");
  });

  it("goes back to where it started, from any working day of the year", () => {
    for (let d = "2026-08-01"; d < "2027-08-01"; d = addDays(d, 1)) {
      if (!isWorkingDay(d, midden)) continue;
      for (const n of [1, 3, 5]) {
        const later = addWorkingDays(d, n, midden);
        expect(later > d && isWorkingDay(later, midden)).toBe(true);
        expect(addWorkingDays(later, -n, midden)).toBe(d);
      }
    }
  });
});
