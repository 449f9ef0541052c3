import { md } from "../../chat/inline.ts";
import type { Actor } from "../../chat/intents.ts";
import {
  type Button,
  buttons,
  type Fact,
  type FormView,
  facts,
  heading,
  type MessageView,
  message,
  note,
  type Option,
  type Reply,
  say,
  table,
  text,
} from "../../chat/views.ts";
import { formatDate, formatDateTime, isoDay } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import type { SignalRow as Signal } from "../../store/rows.ts";
import { meetingActions } from "../meetings/actions.ts";
import { caseActions } from "./actions.ts";
import {
  type Case,
  type CaseDetails,
  defaultRegisseur,
  type OpeningChoices,
  suggestedPartners,
} from "./service.ts";
import {
  type CaseForm,
  type CaseOutcome,
  type CaseStatus,
  type CaseTexts,
  caseForms,
  caseOutcomes,
} from "./texts.ts";

export function usageReply(t: CaseTexts, args: string[]): Reply {
  return {
    type: "message",
    message: say(args.length ? t.unknownArgs({ args: args.join(" ") }) : undefined, t.usage),
  };
}

const statusOf = (t: CaseTexts, status: string) => t[`status.${status as CaseStatus}`] ?? status;
const formOf = (t: CaseTexts, form: string) => t[`form.${form as CaseForm}`] ?? form;
const roleOf = (roles: Map<string, string>, role: string) => roles.get(role) ?? role;

// ---------------------------------------------------------------- opening

/** "Lotte Peters (Leerplichtambtenaar: De Regenboog; Consultant passend onderwijs: heel SWV)" */
function personLabel(t: CaseTexts, choices: OpeningChoices, personId: string, ib: boolean): string {
  const schools = new Map(choices.schools.map((s) => [s.id, s.name]));
  const mine = choices.assignments.filter((a) => a.personId === personId && (a.role === "ib") === ib);
  const byRole = new Map<string, string[]>();
  for (const a of mine)
    byRole.set(a.role, [
      ...(byRole.get(a.role) ?? []),
      a.schoolId ? (schools.get(a.schoolId) ?? "") : t.swvWide,
    ]);
  const where = [...byRole].map(
    ([role, places]) => `${roleOf(choices.roleNames, role)}: ${places.join(", ")}`,
  );
  return where.length ? `${mine[0]?.name} (${where.join("; ")})` : "";
}

/** The opening form: built for the signal's school, else the actor's first school. The lists hold the
 * IB'ers and kernpartners of all the actor's schools (labelled with their school); the kernpartners of
 * the form's school are preselected. */
export function createForm(t: CaseTexts, choices: OpeningChoices, actor: Actor, signal?: Signal): FormView {
  const schoolId = signal?.schoolId ?? choices.schools[0]?.id ?? "";
  const ibers = [...new Set(choices.assignments.filter((a) => a.role === "ib").map((a) => a.personId))];
  const regisseurs: Option[] = [actor.personId, ...ibers.filter((id) => id !== actor.personId)].map((id) => ({
    value: id,
    label: personLabel(t, choices, id, true) || actor.name,
  }));
  const partnerIds = choices.assignments.filter((a) => a.role !== "ib" && a.personId !== actor.personId);
  const partners: Option[] = [...new Set(partnerIds.map((a) => a.personId))].map((id) => ({
    value: id,
    label: personLabel(t, choices, id, false),
  }));
  return {
    id: caseActions.create,
    title: t.createTitle,
    submitLabel: t.createSubmit,
    context: signal?.id,
    intro: signal ? t.fromSignal : undefined,
    fields: [
      {
        name: "school",
        label: t.school,
        kind: "select",
        required: true,
        options: choices.schools.map((s) => ({ value: s.id, label: s.name })),
        value: schoolId,
      },
      {
        name: "pupilRef",
        label: t.pupilRef,
        kind: "text",
        required: true,
        hint: t.pupilRefHint,
        maxLength: 20,
        value: signal?.pupilRef,
      },
      {
        name: "reason",
        label: t.reason,
        kind: "textarea",
        required: true,
        hint: t.reasonHint,
        maxLength: 1000,
        value: signal?.description,
      },
      {
        name: "form",
        label: t.formField,
        kind: "select",
        required: true,
        options: caseForms.map((f) => ({ value: f, label: formOf(t, f) })),
        value: "verkennend",
      },
      {
        name: "regisseur",
        label: t.regisseur,
        kind: "select",
        required: true,
        hint: t.regisseurHint,
        options: regisseurs,
        value: defaultRegisseur(choices, actor, schoolId),
      },
      {
        name: "consent",
        label: t.consent,
        kind: "select",
        required: true,
        options: [
          { value: "akkoord", label: t.consentGiven },
          { value: "nog-niet", label: t.consentNotYet },
        ],
      },
      { name: "consentDate", label: t.consentDate, kind: "date", hint: t.consentDateHint },
      {
        name: "participants",
        label: t.participants,
        kind: "multiselect",
        hint: t.participantsHint,
        options: partners,
        value: suggestedPartners(choices, actor, schoolId),
      },
    ],
  };
}

export function createdReply(t: CaseTexts, c: Case): Reply {
  return {
    type: "done",
    message: message(
      text(t.created({ code: c.code })),
      buttons([{ action: caseActions.show, label: t.show, value: c.id, style: "primary" }]),
    ),
  };
}

// ---------------------------------------------------------------- the status card

export interface CardViewer {
  locale: Locale;
  timezone: string;
  now: Date;
  isRegisseur: boolean;
  /** A participant (or the regisseur): may change the case; case-readers only read. */
  canWrite: boolean;
}

/** Before consent: that the case exists, its code, status and regisseur; nothing about the pupil. */
export function limitedCard(t: CaseTexts, c: Case, regisseur: string): MessageView {
  return message(
    heading(t.cardTitle({ code: c.code })),
    text(t.limitedNote),
    facts([
      { label: t.code, value: c.code },
      { label: t.colStatus, value: statusOf(t, c.status) },
      { label: t.regisseur, value: regisseur },
    ]),
  );
}

const isLate = (due: Date, now: Date, timezone: string) => isoDay(due, timezone) < isoDay(now, timezone);

export function fullCard(t: CaseTexts, c: Case, d: CaseDetails, v: CardViewer): MessageView {
  const date = (at: Date) => formatDate(at, v.locale, v.timezone);
  const list: Fact[] = [
    { label: t.code, value: c.code },
    { label: t.school, value: d.school },
    { label: t.pupil, value: c.pupilRef },
    { label: t.formField, value: formOf(t, c.form) },
    { label: t.colStatus, value: statusOf(t, c.status) },
    { label: t.regisseur, value: d.names.get(c.regisseurId) ?? "" },
    { label: t.consent, value: c.consentDate ? date(c.consentDate) : t.consentNotRecorded },
    {
      label: t.participants,
      value: d.participants.map((p) => `${p.name} (${roleOf(d.roles, p.role)})`).join(", "),
    },
  ];
  if (d.meetings) list.push({ label: t.meetings, value: d.meetings });
  if (c.outcome)
    list.push({ label: t.outcomeField, value: t[`outcome.${c.outcome as CaseOutcome}`] ?? c.outcome });
  if (c.evaluation) list.push({ label: t.evaluation, value: c.evaluation });
  const goals = d.goals.length ? d.goals.map((g) => `• ${g.text}`) : [t.noGoals];
  const notes = d.notes.map((n) => `• ${date(n.createdAt)}, ${d.names.get(n.authorId) ?? ""}: ${n.text}`);
  const rows = d.actions.map((a) => [
    a.description,
    d.names.get(a.ownerId) ?? "",
    isLate(a.dueDate, v.now, v.timezone) ? `${date(a.dueDate)} (${t.overdue})` : date(a.dueDate),
  ]);
  // Each section in its order: "Open afspraken" sits right above its table.
  return message(
    heading(t.cardTitle({ code: c.code })),
    facts(list),
    text(md`*${t.reason}*`, c.reason),
    text(md`*${t.goals}*`, ...goals),
    notes.length > 0 && text(md`*${t.notes}*`, ...notes),
    text(md`*${t.openActions}*`, rows.length ? undefined : t.noActions),
    rows.length > 0 && table({ columns: [t.colAction, t.colOwner, t.colDue], rows }),
    buttons(cardButtons(t, c, v)),
  );
}

function cardButtons(t: CaseTexts, c: Case, v: CardViewer): Button[] {
  const timeline: Button = { action: caseActions.timeline, label: t.timeline, value: c.id };
  if (c.closedAt) return [timeline];
  const b = (action: string, label: string, when: boolean): Button[] =>
    when ? [{ action, label, value: c.id, opensForm: true }] : [];
  return [
    ...b(caseActions.goalAdd, t.addGoal, v.canWrite),
    ...b(caseActions.actionAdd, t.addAction, v.canWrite),
    ...b(caseActions.noteAdd, t.addNote, v.canWrite),
    ...b(meetingActions.propose, t.proposeMeeting, v.isRegisseur),
    ...b(caseActions.participantAdd, t.addParticipant, v.canWrite),
    ...b(caseActions.consent, t.recordConsent, v.isRegisseur && !c.consentDate),
    ...b(caseActions.status, t.changeStatus, v.isRegisseur),
    ...b(caseActions.close, t.close, v.isRegisseur),
    timeline,
  ];
}

// ---------------------------------------------------------------- lists

export interface ListRow {
  case: Case;
  full: boolean;
  /** null before consent: the school is not shown then. */
  school: string | null;
  regisseur: string;
  next?: { dueDate: Date };
}

/** One page of the list; `next`: the cursor of the *meer* button, `total`: all the actor's cases. */
export function listView(
  t: CaseTexts,
  page: { rows: ListRow[]; next: string | null; total: number },
  locale: Locale,
  timezone: string,
  now: Date,
): MessageView {
  const { rows, total } = page;
  if (!rows.length) return message(heading(t.listTitle), text(t.listEmpty));
  const next = (r: ListRow) => {
    if (!r.next) return "—";
    const due = formatDate(r.next.dueDate, locale, timezone);
    return isLate(r.next.dueDate, now, timezone) ? `${due} (${t.overdue})` : due;
  };
  return message(
    heading(t.listTitle),
    text(t.listNote),
    table({
      columns: [t.colCode, t.colSchool, t.colPupil, t.colStatus, t.colRegisseur, t.colNext],
      rows: rows.map((r) => [
        r.case.code,
        r.school ?? t.hidden,
        r.full ? r.case.pupilRef : t.hidden,
        statusOf(t, r.case.status),
        r.regisseur,
        next(r),
      ]),
    }),
    page.next !== null && note(t.listMoreNote({ total })),
    page.next !== null && buttons([{ action: caseActions.listMore, label: t.listMore, value: page.next }]),
  );
}

export function timelineView(
  t: CaseTexts,
  c: Case,
  /** Each event as the reader reads it (`describeEvent`, events.ts). */
  events: { text: string; createdAt: Date; actor: string | null }[],
  locale: Locale,
  timezone: string,
): MessageView {
  return message(
    heading(t.timelineTitle({ code: c.code })),
    table({
      columns: [t.colWhen, t.colWho, t.colWhat],
      rows: events.map((e) => [formatDateTime(e.createdAt, locale, timezone), e.actor ?? t.system, e.text]),
    }),
    buttons([{ action: caseActions.show, label: t.show, value: c.id }]),
  );
}

// ---------------------------------------------------------------- in-case forms

function caseFormView(
  t: CaseTexts,
  c: Case,
  id: string,
  title: string,
  fields: FormView["fields"],
): FormView {
  return { id, title, submitLabel: t.save, context: c.id, intro: t.cardTitle({ code: c.code }), fields };
}

export function goalForm(t: CaseTexts, c: Case): FormView {
  return caseFormView(t, c, caseActions.goalAdd, t.addGoal, [
    { name: "text", label: t.goalText, kind: "textarea", required: true, maxLength: 500 },
  ]);
}

export function noteForm(t: CaseTexts, c: Case): FormView {
  return caseFormView(t, c, caseActions.noteAdd, t.addNote, [
    { name: "text", label: t.noteText, kind: "textarea", required: true, hint: t.noteHint, maxLength: 2000 },
  ]);
}

export function actionForm(t: CaseTexts, c: Case, owners: Option[]): FormView {
  return caseFormView(t, c, caseActions.actionAdd, t.addAction, [
    { name: "description", label: t.actionDescription, kind: "textarea", required: true, maxLength: 500 },
    {
      name: "owner",
      label: t.actionOwner,
      kind: "select",
      required: true,
      options: owners,
      value: owners.length === 1 ? owners[0]?.value : undefined,
      hint: c.consentDate ? undefined : t.actionOwnerHint,
    },
    { name: "due", label: t.actionDue, kind: "date", required: true },
  ]);
}

export function participantForm(t: CaseTexts, c: Case, partners: Option[]): FormView {
  return caseFormView(t, c, caseActions.participantAdd, t.addParticipant, [
    {
      name: "people",
      label: t.addParticipantsField,
      kind: "multiselect",
      pick: "person",
      required: true,
      options: partners,
    },
  ]);
}

export function consentForm(t: CaseTexts, c: Case): FormView {
  return caseFormView(t, c, caseActions.consent, t.consentTitle, [
    { name: "date", label: t.consentDate, kind: "date", required: true },
  ]);
}

export function statusForm(t: CaseTexts, c: Case): FormView {
  const options = caseForms.map((s) => ({ value: s, label: statusOf(t, s) }));
  return caseFormView(t, c, caseActions.status, t.changeStatus, [
    { name: "status", label: t.newStatus, kind: "select", required: true, options, value: c.status },
  ]);
}

export function closeForm(t: CaseTexts, c: Case): FormView {
  const options = caseOutcomes.map((o) => ({ value: o, label: t[`outcome.${o}`] }));
  return {
    ...caseFormView(t, c, caseActions.close, t.closeTitle, [
      { name: "outcome", label: t.outcomeField, kind: "select", required: true, options },
      {
        name: "evaluation",
        label: t.evaluation,
        kind: "textarea",
        required: true,
        hint: t.evaluationHint,
        maxLength: 1000,
      },
    ]),
    intro: `${t.cardTitle({ code: c.code })}. ${t.closeIntro}`,
  };
}
