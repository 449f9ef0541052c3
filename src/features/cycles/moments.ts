/** The yearly rhythm of an SWV as data: which cycle moments exist, who owns them, when each period
 * opens and is due, and how the bot reminds. Pure data; periods.ts turns it into dates, schedule.ts
 * into prompts. The table is the default; an SWV may later change windows or policies per moment. */

/** Where the owner sits: a role at the school, or at the SWV / board level. */
export type OwnerRole = "ib" | "directeur" | "swv-consultant" | "swv-staff" | "bestuur";

/** One instance of the moment exists per school, per case with an OPP, per SWV or per school board. */
export type MomentScope = "school" | "opp-case" | "swv" | "board";

/** How often a period comes round within the school year (1 August to 31 July). */
export type Frequency = "quarterly" | "half-yearly" | "yearly";

/** "MM-DD". Months 08-12 fall in the first calendar year of the school year, 01-07 in the second. */
export type MonthDay = string;

/** When a period opens (announce) and is due, as days in the school year. */
export interface Window {
  opens: MonthDay;
  due: MonthDay;
}

export interface ReminderPolicy {
  /** Announce on the day the period opens. */
  announce: boolean;
  /** Remind this many working days before the due date (0: no reminder). */
  remindBefore: number;
  /** Nudge this many working days after the due date when not answered (0: no nudge). */
  nudgeAfter: number;
  /** Escalate this many working days after the due date when still not answered (0: never). */
  escalateAfter: number;
  /** Who hears about the escalation: the school's consultant, or the SWV bureau for SWV-level moments. */
  escalateTo: OwnerRole;
}

export type MomentKey =
  | "thuiszitters"
  | "sop"
  | "jaarplan"
  | "jaarverslag"
  | "kernpartnergesprek"
  | "opp-evaluatie"
  | "spiegelgesprek"
  | "teldatum"
  | "groeitelling";

export interface CycleMoment {
  key: MomentKey;
  name: { nl: string; en: string };
  owner: OwnerRole;
  scope: MomentScope;
  frequency: Frequency;
  /** One window per period, in school-year order (4 for quarterly, 2 for half-yearly, 1 for yearly). */
  windows: readonly Window[];
  policy: ReminderPolicy;
}

/** The default for school-level check-ins. Why these numbers:
 * - announce at open, so the owner can plan the work in their own week;
 * - one reminder 3 working days before the due date: enough time to still do it, and only one,
 *   because bot fatigue (people muting the bot) is what check-in users complain about most;
 * - a nudge 2 working days after the due date, for what simply slipped;
 * - escalation to the school's consultant after 5 working days overdue: a school week. Daily
 *   stand-up bots escalate after 2 days, but these are monthly tasks, and an escalation costs the
 *   consultant's attention, so it should mean something. */
export const DEFAULT_POLICY: ReminderPolicy = {
  announce: true,
  remindBefore: 3,
  nudgeAfter: 2,
  escalateAfter: 5,
  escalateTo: "swv-consultant",
};

/** Moments owned by the SWV or a board escalate to the bureau, not to a school's consultant. */
const SWV_POLICY: ReminderPolicy = { ...DEFAULT_POLICY, escalateTo: "swv-staff" };

/** DUO's count dates are fixed: remind a week ahead and chase the next day, no waiting. */
const COUNT_DATE_POLICY: ReminderPolicy = {
  announce: true,
  remindBefore: 5,
  nudgeAfter: 1,
  escalateAfter: 3,
  escalateTo: "swv-staff",
};

export const MOMENTS: readonly CycleMoment[] = [
  {
    // Quarterly, in the registration months of the quality framework; due at the end of the month
    // so that a school coming back from the summer (zuid can be back only in September) still has weeks.
    key: "thuiszitters",
    name: { nl: "Thuiszittersregistratie", en: "Registration of pupils out of school" },
    owner: "ib",
    scope: "school",
    frequency: "quarterly",
    windows: [
      { opens: "09-01", due: "09-30" },
      { opens: "12-01", due: "12-31" },
      { opens: "03-01", due: "03-31" },
      { opens: "06-01", due: "06-30" },
    ],
    policy: DEFAULT_POLICY,
  },
  {
    // The SOP is checked in spring, so that next year's support offer is in it before the summer.
    key: "sop",
    name: { nl: "SOP-update (schoolondersteuningsprofiel)", en: "School support profile update" },
    owner: "directeur",
    scope: "school",
    frequency: "yearly",
    windows: [{ opens: "03-01", due: "06-15" }],
    policy: DEFAULT_POLICY,
  },
  {
    // The plan for the year is written in the first weeks, before the herfstvakantie.
    key: "jaarplan",
    name: { nl: "Jaarplan ondersteuning", en: "Annual support plan" },
    owner: "ib",
    scope: "school",
    frequency: "yearly",
    windows: [{ opens: "09-01", due: "10-31" }],
    policy: DEFAULT_POLICY,
  },
  {
    // Evaluation of the year with the consultant, before the earliest summer holiday (early July).
    key: "jaarverslag",
    name: { nl: "Jaarverslag en jaarplangesprek", en: "Annual report and review meeting" },
    owner: "ib",
    scope: "school",
    frequency: "yearly",
    windows: [{ opens: "05-01", due: "06-30" }],
    policy: DEFAULT_POLICY,
  },
  {
    // The consultant meets each school and its kernpartners in the first half of the autumn term.
    key: "kernpartnergesprek",
    name: { nl: "Kernpartnergesprek", en: "Core partner meeting" },
    owner: "swv-consultant",
    scope: "school",
    frequency: "yearly",
    windows: [{ opens: "09-01", due: "10-31" }],
    policy: SWV_POLICY,
  },
  {
    // At least yearly per case with an OPP; placed before the summer so the plan for next year is set.
    key: "opp-evaluatie",
    name: { nl: "OPP-evaluatie met ouders", en: "OPP review with parents" },
    owner: "ib",
    scope: "opp-case",
    frequency: "yearly",
    windows: [{ opens: "02-01", due: "06-15" }],
    policy: DEFAULT_POLICY,
  },
  {
    // Half-yearly board conversation: one before the kerstvakantie, one before the summer.
    key: "spiegelgesprek",
    name: { nl: "Spiegelgesprek bestuur", en: "Board reflection meeting" },
    owner: "bestuur",
    scope: "board",
    frequency: "half-yearly",
    windows: [
      { opens: "10-01", due: "12-15" },
      { opens: "04-01", due: "06-30" },
    ],
    policy: SWV_POLICY,
  },
  {
    // DUO counts on 1 October: registrations must be right on that day.
    key: "teldatum",
    name: { nl: "Teldatum 1 oktober", en: "Count date 1 October" },
    owner: "swv-staff",
    scope: "swv",
    frequency: "yearly",
    windows: [{ opens: "09-15", due: "10-01" }],
    policy: COUNT_DATE_POLICY,
  },
  {
    key: "groeitelling",
    name: { nl: "Groeitelling 1 februari", en: "Growth count 1 February" },
    owner: "swv-staff",
    scope: "swv",
    frequency: "yearly",
    windows: [{ opens: "01-15", due: "02-01" }],
    policy: COUNT_DATE_POLICY,
  },
];

export function momentByKey(key: string): CycleMoment | undefined {
  return MOMENTS.find((m) => m.key === key);
}

/** How many periods a school year has for a frequency. */
export function periodsPerYear(frequency: Frequency): number {
  return frequency === "quarterly" ? 4 : frequency === "half-yearly" ? 2 : 1;
}
