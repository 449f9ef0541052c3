import { describe, expect, it } from "vitest";
import { dateIn, minutesIn, weekday } from "../../src/features/cycles/dates.ts";
import {
  HOLIDAY_REGIONS,
  type HolidayRegion,
  publicDaysOff,
  type SchoolHoliday,
  schoolHolidays,
} from "../../src/features/cycles/holidays.ts";
import { type CycleMoment, MOMENTS, momentByKey } from "../../src/features/cycles/moments.ts";
import { periodFor, periodsOfSchoolYear } from "../../src/features/cycles/periods.ts";
import { type PromptStep, promptSchedule } from "../../src/features/cycles/schedule.ts";
import { type WorkingRules, workingRules } from "../../src/features/cycles/working-time.ts";

const thuiszitters = momentByKey("thuiszitters") as CycleMoment;
const rulesOf = (region: HolidayRegion, extra: Partial<WorkingRules> = {}) =>
  workingRules({ holidays: schoolHolidays(region), ...extra });
const local = (s: PromptStep) =>
  `${s.step} ${s.day} ${String(Math.floor(minutesIn(s.at, "Europe/Amsterdam") / 60)).padStart(2, "0")}:${String(minutesIn(s.at, "Europe/Amsterdam") % 60).padStart(2, "0")}`;

/** Everything that must hold for any schedule. */
function expectSound(steps: PromptStep[], rules: WorkingRules, holidays: SchoolHoliday[]) {
  for (const [i, s] of steps.entries()) {
    const day = dateIn(s.at, "Europe/Amsterdam");
    expect(day).toBe(s.day);
    expect(weekday(day), `${s.key} on a weekend`).toBeLessThan(6);
    expect(rules.workingDays).toContain(weekday(day));
    expect(publicDaysOff(Number(day.slice(0, 4))), `${s.key} on a public holiday`).not.toContain(day);
    const inHoliday = holidays.find((h) => h.start <= day && day <= h.end);
    expect(inHoliday, `${s.key} on ${day} in ${inHoliday?.name.nl}`).toBeUndefined();
    if (rules.pausedUntil) expect(day > rules.pausedUntil).toBe(true);
    expect(minutesIn(s.at, "Europe/Amsterdam")).toBe(9 * 60);
    const previous = steps[i - 1];
    if (previous) expect(s.at.getTime()).toBeGreaterThan(previous.at.getTime());
  }
}

describe("the prompt schedule of the thuiszitters registration, school year 2026-2027", () => {
  for (const region of HOLIDAY_REGIONS) {
    it(`keeps every step in ${region} on a working day, in order, at 09:00`, () => {
      const rules = rulesOf(region);
      const periods = periodsOfSchoolYear(thuiszitters, "2026-2027");
      const all = periods.flatMap((period) =>
        promptSchedule({ moment: thuiszitters, period, rules, subjectId: "school-1" }),
      );
      expect(all).toHaveLength(16);
      expectSound(all, rules, schoolHolidays(region));
      expect(new Set(all.map((s) => s.key)).size).toBe(16);
      // December: announced after the herfstvakantie and before the kerstvakantie.
      const holidays = schoolHolidays(region).filter((h) => h.schoolYear === "2026-2027");
      const autumn = holidays.find((h) => h.kind === "herfst");
      const christmas = holidays.find((h) => h.kind === "kerst");
      const december = all.find((s) => s.key === "cycle:thuiszitters:2026-2027-Q2:school-1:announce");
      expect(december && autumn && christmas).toBeTruthy();
      expect((december?.day ?? "") > (autumn?.end ?? "")).toBe(true);
      expect((december?.day ?? "") < (christmas?.start ?? "")).toBe(true);
    });
  }

  it("reminds before the kerstvakantie and nudges after it when December's due date falls inside it", () => {
    const period = periodFor(thuiszitters, "2026-12-01");
    const steps = promptSchedule({
      moment: thuiszitters,
      period,
      rules: rulesOf("midden"),
      subjectId: "school-1",
    });
    expect(steps.map(local)).toEqual([
      "announce 2026-12-01 09:00",
      "remind 2026-12-16 09:00", // 3 working days before 31 December, counted back from inside kerst
      "nudge 2027-01-05 09:00", // 2 working days after it
      "escalate 2027-01-08 09:00", // 5 working days after it
    ]);
    expect(steps.map((s) => s.to)).toEqual(["ib", "ib", "ib", "swv-consultant"]);
    expect(steps[0]?.at).toEqual(new Date("2026-12-01T08:00:00Z")); // 09:00 CET
    expect(steps.map((s) => s.key)).toEqual([
      "cycle:thuiszitters:2026-2027-Q2:school-1:announce",
      "cycle:thuiszitters:2026-2027-Q2:school-1:remind",
      "cycle:thuiszitters:2026-2027-Q2:school-1:nudge",
      "cycle:thuiszitters:2026-2027-Q2:school-1:escalate",
    ]);
  });

  it("sends at 09:00 local in summer time and in winter time", () => {
    const rules = rulesOf("noord");
    const [september] = promptSchedule({
      moment: thuiszitters,
      period: periodFor(thuiszitters, "2026-09-01"),
      rules,
      subjectId: "s",
    });
    expect(september?.at).toEqual(new Date("2026-09-01T07:00:00Z")); // 09:00 CEST
    const [march] = promptSchedule({
      moment: thuiszitters,
      period: periodFor(thuiszitters, "2027-03-01"),
      rules,
      subjectId: "s",
    });
    expect(march?.at).toEqual(new Date("2027-03-01T08:00:00Z")); // 09:00 CET
  });

  it("moves every step after a pause", () => {
    const rules = rulesOf("zuid", { pausedUntil: "2026-12-10" });
    const steps = promptSchedule({
      moment: thuiszitters,
      period: periodFor(thuiszitters, "2026-12-01"),
      rules,
      subjectId: "s",
    });
    expect(steps[0]).toMatchObject({ step: "announce", day: "2026-12-11" });
    expectSound(steps, rules, schoolHolidays("zuid"));
  });

  it("gives a part-timer steps only on their own days", () => {
    const rules = rulesOf("midden", { workingDays: [1, 2, 4] });
    const steps = periodsOfSchoolYear(thuiszitters, "2026-2027").flatMap((period) =>
      promptSchedule({ moment: thuiszitters, period, rules, subjectId: "s" }),
    );
    expect(steps).toHaveLength(16);
    for (const s of steps) expect([1, 2, 4]).toContain(weekday(s.day));
    expectSound(steps, rules, schoolHolidays("midden"));
    // Wednesday 30 September 2026 is due; the reminder 3 of her working days before is Thursday 24th.
    const q1 = promptSchedule({
      moment: thuiszitters,
      period: periodFor(thuiszitters, "2026-09-01"),
      rules,
      subjectId: "s",
    });
    expect(q1.map(local)).toEqual([
      "announce 2026-09-01 09:00",
      "remind 2026-09-24 09:00",
      "nudge 2026-10-05 09:00",
      "escalate 2026-10-12 09:00",
    ]);
  });

  it("moves a step that falls in an SWV's own holiday to the first working day after it", () => {
    const holidays = schoolHolidays("zuid", [
      { schoolYear: "2026-2027", kind: "studieweek", start: "2026-12-01", end: "2026-12-04" },
    ]);
    const rules = workingRules({ holidays });
    const [announce] = promptSchedule({
      moment: thuiszitters,
      period: periodFor(thuiszitters, "2026-12-01"),
      rules,
      subjectId: "s",
    });
    expect(announce?.day).toBe("2026-12-07");
  });
});

describe("the order of the steps", () => {
  const period = periodFor(thuiszitters, "2026-12-01");
  const rules = rulesOf("midden");

  it("leaves out a reminder that would come on or before the announcement", () => {
    const policy = { ...thuiszitters.policy, remindBefore: 30 };
    const steps = promptSchedule({ moment: thuiszitters, period, rules, subjectId: "s", policy });
    expect(steps.map((s) => s.step)).toEqual(["announce", "nudge", "escalate"]);
  });

  it("puts an escalation after the nudge even when the policy gives them the same day", () => {
    const policy = { ...thuiszitters.policy, nudgeAfter: 2, escalateAfter: 2 };
    const steps = promptSchedule({ moment: thuiszitters, period, rules, subjectId: "s", policy });
    expect(steps.map(local).slice(2)).toEqual(["nudge 2027-01-05 09:00", "escalate 2027-01-06 09:00"]);
  });

  it("leaves out the steps a policy switches off", () => {
    const policy = { ...thuiszitters.policy, announce: false, nudgeAfter: 0, escalateAfter: 0 };
    expect(
      promptSchedule({ moment: thuiszitters, period, rules, subjectId: "s", policy }).map((s) => s.step),
    ).toEqual(["remind"]);
  });

  it("sends at the start of the working hours when they start after 09:00", () => {
    const late = workingRules({
      holidays: schoolHolidays("midden"),
      hours: { start: "10:00", end: "15:00" },
    });
    const [announce] = promptSchedule({ moment: thuiszitters, period, rules: late, subjectId: "s" });
    expect(minutesIn(announce?.at ?? new Date(), "Europe/Amsterdam")).toBe(10 * 60);
  });
});

describe("every moment, region and school year", () => {
  it("has a sound schedule for every period, also for a part-timer with a pause", () => {
    let count = 0;
    for (const region of HOLIDAY_REGIONS) {
      const holidays = schoolHolidays(region);
      for (const rules of [
        rulesOf(region),
        rulesOf(region, { workingDays: [2, 4], pausedUntil: "2026-11-20" }),
      ]) {
        for (const moment of MOMENTS) {
          for (const year of ["2025-2026", "2026-2027"]) {
            for (const period of periodsOfSchoolYear(moment, year)) {
              const steps = promptSchedule({ moment, period, rules, subjectId: "x" });
              expect(steps.length).toBeGreaterThanOrEqual(3);
              expectSound(steps, rules, holidays);
              count += steps.length;
            }
          }
        }
      }
    }
    expect(count).toBeGreaterThan(300);
  });
});
