/** The indicator catalogue: what a board digest reports, as data. Each indicator has a key, a Dutch
 * (and English) name and definition, its source data, unit, the norm where a seed gives one (and
 * which seed: /work/shared/seeds, see the README's "Board digests"), and which direction is good.
 * `shown` turns the raw measures into what may be shown (suppression.ts): never a count of 1-4. */
import type { Measures } from "./measure.ts";
import type { Spread } from "./stats.ts";
import { type ShownCount, showCount, showPercent, showRate, showStat } from "./suppression.ts";

export type Shown = ShownCount | null;
export type Unit = "aantal" | "dagen" | "procent" | "per1000";
export type Group = "signalen" | "casussen" | "doorlooptijden" | "thuiszitters" | "cyclus" | "checkins";

export interface Norm {
  /** The value to reach (min) or not to exceed (max). */
  target: number;
  kind: "min" | "max";
  text: { nl: string; en: string };
  /** The seed document the norm comes from (file name in the seeds folder). */
  seed: string;
}

export interface Indicator {
  key: string;
  group: Group;
  name: { nl: string; en: string };
  definition: { nl: string; en: string };
  source: string;
  unit: Unit;
  good: "hoger" | "lager" | "geen";
  norm?: Norm;
  shown(m: Measures): Shown;
  /** For a count: the exact count (suppressed across the school boards, digest.ts). */
  count?(m: Measures): number;
  /** For a rate, percentage or statistic: the counts it is computed from, by cell name (a count
   * indicator's key names that count's cell). Suppressed across the boards with the counts; the
   * value is shown only when every one of them is (digest.ts). */
  basis?(m: Measures): Record<string, number>;
}

/** A percentage rests on its numerator, its denominator and their difference. */
const percentBasis = (key: string, part: number, whole: number): Record<string, number> => ({
  [`${key}.part`]: part,
  [`${key}.whole`]: whole,
  [`${key}.rest`]: whole - part,
});

const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);

export const SEEDS = {
  deVerbinding: "001_fe4894765b85cf96.txt",
  kindante: "003_81f5d535ad823510.txt",
  kennemerland: "004_72de306ec6face60.txt",
} as const;

function lead(
  key: string,
  base: { nl: string; en: string },
  def: { nl: string; en: string },
  source: string,
  pick: (m: Measures) => Spread,
  group: Group = "doorlooptijden",
  /** The count the statistic rests on, when the digest shows it (else its own cell). */
  basisKey = `${key}.n`,
): Indicator[] {
  const stat = (name: "median" | "p80" | "mean", nl: string, en: string): Indicator => ({
    key: `${key}.${name}`,
    group,
    name: { nl: `${base.nl} (${nl})`, en: `${base.en} (${en})` },
    definition: def,
    source,
    unit: "dagen",
    good: "lager",
    shown: (m) => showStat(pick(m)[name], pick(m).n),
    basis: (m) => ({ [basisKey]: pick(m).n }),
  });
  return [
    stat("median", "mediaan", "median"),
    stat("p80", "80e percentiel", "80th percentile"),
    stat("mean", "gemiddelde", "mean"),
  ];
}

export const INDICATORS: readonly Indicator[] = [
  {
    key: "signals.new",
    group: "signalen",
    name: { nl: "Nieuwe signalen", en: "New signals" },
    definition: {
      nl: "Signalen die in de periode zijn geregistreerd (alle domeinen).",
      en: "Signals registered in the period (all domains).",
    },
    source: "Signal.createdAt",
    unit: "aantal",
    good: "geen",
    count: (m) => sum(m.signals.new),
    shown: (m) => showCount(sum(m.signals.new)),
  },
  {
    key: "signals.open",
    group: "signalen",
    name: { nl: "Openstaande signalen", en: "Open signals" },
    definition: {
      nl: "Signalen die aan het eind van de periode nog niet zijn afgehandeld of omgezet in een knooppunt.",
      en: "Signals not yet handled or turned into a case at the end of the period.",
    },
    source: "Signal, SignalEvent (closed, omgezet)",
    unit: "aantal",
    good: "lager",
    count: (m) => sum(m.signals.open),
    shown: (m) => showCount(sum(m.signals.open)),
  },
  {
    key: "signals.handled",
    group: "signalen",
    name: { nl: "Afgehandelde signalen", en: "Handled signals" },
    definition: {
      nl: "Signalen die in de periode zijn afgehandeld of omgezet in een knooppunt.",
      en: "Signals handled or turned into a case in the period.",
    },
    source: "SignalEvent (closed, omgezet)",
    unit: "aantal",
    good: "geen",
    count: (m) => sum(m.signals.handled),
    shown: (m) => showCount(sum(m.signals.handled)),
  },
  {
    key: "cases.opened",
    group: "casussen",
    name: { nl: "Geopende knooppunten", en: "Cases opened" },
    definition: {
      nl: "Knooppuntcasussen die in de periode zijn geopend (verkennend en formeel).",
      en: "Knooppunt cases opened in the period.",
    },
    source: "Case.createdAt, Case.form",
    unit: "aantal",
    good: "geen",
    count: (m) => sum(m.cases.opened),
    shown: (m) => showCount(sum(m.cases.opened)),
  },
  {
    key: "cases.closed",
    group: "casussen",
    name: { nl: "Afgesloten knooppunten", en: "Cases closed" },
    definition: {
      nl: "Knooppuntcasussen die in de periode zijn afgesloten, naar uitkomst.",
      en: "Cases closed in the period, by outcome.",
    },
    source: "Case.closedAt, Case.outcome",
    unit: "aantal",
    good: "geen",
    count: (m) => sum(m.cases.closed),
    shown: (m) => showCount(sum(m.cases.closed)),
  },
  {
    key: "cases.open",
    group: "casussen",
    name: { nl: "Lopende knooppunten", en: "Open cases" },
    definition: {
      nl: "Knooppuntcasussen die aan het eind van de periode nog lopen.",
      en: "Cases still open at the end of the period.",
    },
    source: "Case.createdAt, Case.closedAt",
    unit: "aantal",
    good: "geen",
    count: (m) => sum(m.cases.open),
    shown: (m) => showCount(sum(m.cases.open)),
  },
  {
    key: "actions.overdue",
    group: "casussen",
    name: { nl: "Verlopen afspraken", en: "Overdue actions" },
    definition: {
      nl: "Afspraken in casussen waarvan de datum aan het eind van de periode verstreken is zonder dat ze zijn afgerond.",
      en: "Case actions past their due date and not done at the end of the period.",
    },
    source: "CaseAction.dueDate, CaseAction.doneAt",
    unit: "aantal",
    good: "lager",
    count: (m) => m.overdueActions,
    shown: (m) => showCount(m.overdueActions),
  },
  ...lead(
    "lead.signalToCase",
    { nl: "Van signaal tot knooppunt", en: "Signal to case" },
    {
      nl: "Dagen van het signaal tot het openen van de knooppuntcasus, voor casussen die in de periode uit een signaal zijn geopend.",
      en: "Days from the signal to the opening of its case, for cases opened from a signal in the period.",
    },
    "Signal.createdAt, Case.createdAt",
    (m) => m.lead.signalToCase,
  ),
  ...lead(
    "lead.caseToMeeting",
    { nl: "Van casus tot eerste overleg", en: "Case to first meeting" },
    {
      nl: "Dagen van het openen van de casus tot het eerste bevestigde overleg, voor casussen waarvan het eerste overleg in de periode is bevestigd.",
      en: "Days from opening a case to its first confirmed meeting, for first meetings confirmed in the period.",
    },
    "Case.createdAt, CaseEvent meeting.confirmed",
    (m) => m.lead.caseToMeeting,
  ),
  ...lead(
    "lead.caseDuration",
    { nl: "Duur van een casus", en: "Case duration" },
    {
      nl: "Dagen van openen tot afsluiten, voor casussen die in de periode zijn afgesloten.",
      en: "Days from opening to closing, for cases closed in the period.",
    },
    "Case.createdAt, Case.closedAt",
    (m) => m.lead.caseDuration,
    "doorlooptijden",
    "cases.closed",
  ),
  ...lead(
    "lead.scheduling",
    { nl: "Plannen van een overleg", en: "Meeting scheduling time" },
    {
      nl: "Dagen van het voorstel van tijden tot de bevestiging, voor overleggen die in de periode zijn bevestigd.",
      en: "Days from proposing times to confirming, for meetings confirmed in the period.",
    },
    "Meeting.createdAt, CaseEvent meeting.confirmed",
    (m) => m.lead.scheduling,
  ),
  {
    key: "thuiszitters.current",
    group: "thuiszitters",
    name: { nl: "Thuiszitters", en: "Pupils out of school" },
    definition: {
      nl: "Thuiszitters die aan het eind van de periode geregistreerd en niet beëindigd zijn.",
      en: "Registered pupils out of school not ended at the end of the period.",
    },
    source: "Thuiszitter (thuiszittersregistratie)",
    unit: "aantal",
    good: "lager",
    count: (m) => m.thuiszitters.current,
    shown: (m) => showCount(m.thuiszitters.current),
  },
  {
    key: "thuiszitters.per1000",
    group: "thuiszitters",
    name: { nl: "Thuiszitters per 1.000 leerlingen", en: "Out of school per 1,000 pupils" },
    definition: {
      nl: "Thuiszitters aan het eind van de periode per 1.000 leerlingen (DUO-leerlingtelling van de scholen).",
      en: "Pupils out of school per 1,000 pupils (DUO pupil counts of the schools).",
    },
    source: "Thuiszitter, School.pupilCount (DUO)",
    unit: "per1000",
    good: "lager",
    shown: (m) => showRate(m.thuiszitters.current, m.thuiszitters.pupils, 1000),
    basis: (m) => ({ "thuiszitters.current": m.thuiszitters.current }),
  },
  {
    key: "thuiszitters.new",
    group: "thuiszitters",
    name: { nl: "Nieuwe thuiszitters", en: "New pupils out of school" },
    definition: {
      nl: "Thuiszitters die in de periode zijn gemeld.",
      en: "Pupils out of school reported in the period.",
    },
    source: "Thuiszitter.reportedOn",
    unit: "aantal",
    good: "lager",
    count: (m) => m.thuiszitters.new,
    shown: (m) => showCount(m.thuiszitters.new),
  },
  {
    key: "thuiszitters.ended",
    group: "thuiszitters",
    name: { nl: "Beëindigde thuiszittersituaties", en: "Ended out-of-school situations" },
    definition: {
      nl: "Thuiszitters van wie de situatie in de periode is beëindigd.",
      en: "Pupils whose out-of-school situation ended in the period.",
    },
    source: "Thuiszitter.endedOn",
    unit: "aantal",
    good: "hoger",
    count: (m) => m.thuiszitters.ended,
    shown: (m) => showCount(m.thuiszitters.ended),
  },
  {
    key: "thuiszitters.place6w",
    group: "thuiszitters",
    name: { nl: "Binnen 6 weken een passende plek", en: "A fitting place within 6 weeks" },
    definition: {
      nl: "Deel van de thuiszitters wier termijn van 6 weken na melding in de periode afliep, dat op die dag een volledig onderwijsaanbod had of niet meer thuiszat.",
      en: "Share of pupils whose 6-week term after the report ended in the period who had a full offer (or were no longer out of school) by then.",
    },
    source: "Thuiszitter.reportedOn, ThuiszitterEvent (offer)",
    unit: "procent",
    good: "hoger",
    norm: {
      target: 100,
      kind: "min",
      text: { nl: "binnen 6 weken een passende onderwijsplek", en: "a fitting place within 6 weeks" },
      seed: SEEDS.deVerbinding,
    },
    shown: (m) => showPercent(m.thuiszitters.placeMet, m.thuiszitters.placeDue),
    basis: (m) => percentBasis("thuiszitters.place6w", m.thuiszitters.placeMet, m.thuiszitters.placeDue),
  },
  {
    key: "thuiszitters.opp6w",
    group: "thuiszitters",
    name: { nl: "Binnen 6 weken een OPP", en: "An OPP within 6 weeks" },
    definition: {
      nl: "Deel van de thuiszitters wier termijn van 6 weken na melding in de periode afliep, met een ontwikkelingsperspectiefplan.",
      en: "Share of pupils whose 6-week term ended in the period with a development plan (OPP).",
    },
    source: "Thuiszitter.opp",
    unit: "procent",
    good: "hoger",
    norm: {
      target: 100,
      kind: "min",
      text: { nl: "100% heeft binnen 6 weken een OPP", en: "100% have an OPP within 6 weeks" },
      seed: SEEDS.deVerbinding,
    },
    shown: (m) => showPercent(m.thuiszitters.oppMet, m.thuiszitters.oppDue),
    basis: (m) => percentBasis("thuiszitters.opp6w", m.thuiszitters.oppMet, m.thuiszitters.oppDue),
  },
  {
    key: "thuiszitters.longest",
    group: "thuiszitters",
    name: { nl: "Langste duur thuiszitten", en: "Longest time out of school" },
    definition: {
      nl: "Dagen sinds het begin van het verzuim van de langst thuiszittende leerling aan het eind van de periode.",
      en: "Days since the absence began for the longest current case at the end of the period.",
    },
    source: "Thuiszitter.absentSince",
    unit: "dagen",
    good: "lager",
    shown: (m) => showStat(m.thuiszitters.longestDays, m.thuiszitters.current),
    basis: (m) => ({ "thuiszitters.current": m.thuiszitters.current }),
  },
  {
    key: "thuiszitters.beyond3m",
    group: "thuiszitters",
    name: { nl: "Langer dan 3 maanden zonder aanbod", en: "Over 3 months without an offer" },
    definition: {
      nl: "Thuiszitters die aan het eind van de periode meer dan 3 maanden na melding nog geen onderwijsaanbod hebben.",
      en: "Pupils out of school without any offer more than 3 months after the report.",
    },
    source: "Thuiszitter.reportedOn, offer",
    unit: "aantal",
    good: "lager",
    norm: {
      target: 0,
      kind: "max",
      text: {
        nl: "geen leerling langer dan 3 maanden zonder onderwijsaanbod",
        en: "no pupil without an offer for more than 3 months",
      },
      seed: SEEDS.kennemerland,
    },
    count: (m) => m.thuiszitters.beyond3m,
    shown: (m) => showCount(m.thuiszitters.beyond3m),
  },
  {
    key: "cycles.sop",
    group: "cyclus",
    name: { nl: "Scholen met een actueel SOP", en: "Schools with a current SOP" },
    definition: {
      nl: "Deel van de scholen dat de SOP-update in dit of het vorige schooljaar heeft afgerond.",
      en: "Share of schools that completed the SOP update this or last school year.",
    },
    source: "CycleInstance sop",
    unit: "procent",
    good: "hoger",
    norm: { target: 75, kind: "min", text: { nl: "norm 75%", en: "norm 75%" }, seed: SEEDS.kindante },
    shown: (m) => showPercent(m.cycles.sopCurrent, m.cycles.schools),
    basis: (m) => percentBasis("cycles.sop", m.cycles.sopCurrent, m.cycles.schools),
  },
  {
    key: "cycles.jaarplangesprek",
    group: "cyclus",
    name: { nl: "Jaarplangesprekken gehouden", en: "Annual review meetings held" },
    definition: {
      nl: "Deel van de jaarplangesprekken (jaarverslag) met een vervaldatum in de 12 maanden tot het eind van de periode dat is gehouden.",
      en: "Share of annual review meetings due in the 12 months to the period's end that were held.",
    },
    source: "CycleInstance jaarverslag",
    unit: "procent",
    good: "hoger",
    norm: {
      target: 100,
      kind: "min",
      text: { nl: "jaarlijks met elke school", en: "yearly with every school" },
      seed: SEEDS.deVerbinding,
    },
    shown: (m) => showPercent(m.cycles.jaarplanHeld, m.cycles.jaarplanDue),
    basis: (m) => percentBasis("cycles.jaarplangesprek", m.cycles.jaarplanHeld, m.cycles.jaarplanDue),
  },
  {
    key: "cycles.registrationOnTime",
    group: "cyclus",
    name: { nl: "Thuiszittersregistraties op tijd", en: "Registrations on time" },
    definition: {
      nl: "Deel van de kwartaalregistraties van thuiszitters (12 maanden tot het eind van de periode) dat op tijd is ingeleverd.",
      en: "Share of the quarterly registrations (12 months to the period's end) returned on time.",
    },
    source: "CycleInstance thuiszitters",
    unit: "procent",
    good: "hoger",
    norm: {
      target: 100,
      kind: "min",
      text: { nl: "elk kwartaal aangeleverd", en: "returned every quarter" },
      seed: SEEDS.deVerbinding,
    },
    shown: (m) => showPercent(m.cycles.regOnTime, m.cycles.regDue),
    basis: (m) => percentBasis("cycles.registrationOnTime", m.cycles.regOnTime, m.cycles.regDue),
  },
  {
    key: "checkins.response",
    group: "checkins",
    name: { nl: "Respons op check-ins", en: "Check-in response rate" },
    definition: {
      nl: "Deel van de check-ins met een vervaldatum in de periode dat voor het eind van de periode is beantwoord.",
      en: "Share of check-ins due in the period answered by its end.",
    },
    source: "CycleInstance",
    unit: "procent",
    good: "hoger",
    shown: (m) => showPercent(m.checkins.answered, m.checkins.due),
    basis: (m) => percentBasis("checkins.response", m.checkins.answered, m.checkins.due),
  },
  ...lead(
    "checkins.timeToAnswer",
    { nl: "Tijd tot antwoord op een check-in", en: "Time to answer a check-in" },
    {
      nl: "Dagen van het openen van een check-in tot het antwoord, voor check-ins met een vervaldatum in de periode.",
      en: "Days from a check-in opening to its answer.",
    },
    "CycleInstance.opensOn, answeredAt",
    (m) => m.checkins.timeToAnswer,
    "checkins",
  ).filter((i) => !i.key.endsWith(".mean")),
];

export const indicatorByKey = (key: string) => INDICATORS.find((i) => i.key === key);

/** Whether a shown value meets its norm: null when it cannot be told (hidden, no data). */
export function meetsNorm(norm: Norm, value: Shown): boolean | null {
  if (value === null) return null;
  // "<5" is 1 to 4: above a maximum of 0, and below any minimum of 5 or more.
  if (value === "<5") return norm.kind === "max" ? norm.target >= 4 : norm.target <= 1;
  return norm.kind === "min" ? value >= norm.target : value <= norm.target;
}
