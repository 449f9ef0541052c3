/** The prompt schedule of one instance of a moment (a moment, a period, a school or case): when to
 * announce, remind, nudge and escalate, each on a working moment of the person who owns it.
 *
 *   const moment = momentByKey("thuiszitters")!;
 *   promptSchedule({ moment, period: periodFor(moment, "2026-12-01"), rules, subjectId: "school-1" })
 *   // [{ step: "announce", at: Tue 1 Dec 09:00, key: "cycle:thuiszitters:2026-2027-Q2:school-1:announce" }, …]
 *
 * Rules of the schedule:
 * - a step lands at 09:00 local on its working day (or at the start of the working hours if later);
 * - a step whose day is not a working day (weekend, holiday, pause, a part-timer's day off) moves
 *   to the first working day after it;
 * - steps never go out of order and never share a day: a later step that would land on or before
 *   the previous one moves to the working day after it; a reminder that would come on or before the
 *   announcement is left out, since the announcement is still fresh then;
 * - the remind/nudge/escalate offsets count the person's working days; a pause does not count
 *   (it only delays delivery), so a pause over the whole period cannot push a reminder into the past. */
import { addDays, atLocal, type LocalDate, parseClock } from "./dates.ts";
import type { CycleMoment, OwnerRole, ReminderPolicy } from "./moments.ts";
import type { Period } from "./periods.ts";
import { addWorkingDays, nextWorkingDay, type WorkingRules } from "./working-time.ts";

export type StepKind = "announce" | "remind" | "nudge" | "escalate";

export interface PromptStep {
  step: StepKind;
  /** The instant to send it. */
  at: Date;
  /** Its local date in the rules' time zone. */
  day: LocalDate;
  /** Who receives it: the moment's owner, or for `escalate` the policy's `escalateTo`. */
  to: OwnerRole;
  /** Stable per instance and step: `cycle:<momentKey>:<periodKey>:<subjectId>:<step>`. */
  key: string;
}

export interface ScheduleInput {
  moment: CycleMoment;
  period: Period;
  /** The owner's rules: time zone, hours, the school's holidays, their working days and pause. */
  rules: WorkingRules;
  /** The instance: a school id (scope school), a case id (opp-case), the SWV or the board. */
  subjectId: string;
  /** The moment's policy unless given (an SWV may set its own). */
  policy?: ReminderPolicy;
  /** Preferred local send time, "09:00" unless given. */
  sendAt?: string;
}

export function idempotencyKey(
  momentKey: string,
  periodKey: string,
  subjectId: string,
  step: StepKind,
): string {
  return `cycle:${momentKey}:${periodKey}:${subjectId}:${step}`;
}

export function promptSchedule(input: ScheduleInput): PromptStep[] {
  const { moment, period, rules, subjectId } = input;
  const policy = input.policy ?? moment.policy;
  const plan: WorkingRules = { ...rules, pausedUntil: null };
  const wanted: [StepKind, LocalDate][] = [];
  if (policy.announce) wanted.push(["announce", period.opens]);
  if (policy.remindBefore > 0)
    wanted.push(["remind", addWorkingDays(period.due, -policy.remindBefore, plan)]);
  if (policy.nudgeAfter > 0) wanted.push(["nudge", addWorkingDays(period.due, policy.nudgeAfter, plan)]);
  if (policy.escalateAfter > 0)
    wanted.push(["escalate", addWorkingDays(period.due, policy.escalateAfter, plan)]);

  const steps: PromptStep[] = [];
  for (const [step, nominal] of wanted) {
    let day = nextWorkingDay(nominal, rules);
    const previous = steps.at(-1)?.day;
    if (previous && day <= previous) {
      if (step === "remind") continue;
      day = nextWorkingDay(addDays(previous, 1), rules);
    }
    steps.push({
      step,
      at: atLocal(day, sendMinutes(rules, input.sendAt), rules.timeZone),
      day,
      to: step === "escalate" ? policy.escalateTo : moment.owner,
      key: idempotencyKey(moment.key, period.key, subjectId, step),
    });
  }
  return steps;
}

/** The send time: the preferred time, but not before the hours start nor at or after they end. */
function sendMinutes(rules: WorkingRules, sendAt = "09:00"): number {
  const start = parseClock(rules.hours.start);
  const preferred = Math.max(parseClock(sendAt), start);
  return preferred < parseClock(rules.hours.end) ? preferred : start;
}
