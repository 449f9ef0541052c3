import { z } from "zod";
import { manyValues, oneValue, textRule } from "../../chat/forms.ts";
import type { Actor } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { buttons, heading, type MessageView, message, say, text } from "../../chat/views.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { formatDate, isoDay, parseLocal } from "../../core/format.ts";
import { type Locale, localeOr } from "../../core/i18n.ts";
import { enqueue, post, sendDm } from "../../jobs/outbox.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db, Tx } from "../../store/client.ts";
import { inOrder, newestFirst, PAGE_SIZE, pageOfKeys } from "../../store/pages.ts";
import type { CaseRow as Case } from "../../store/rows.ts";
import { audit, auditMany } from "../audit/audit.ts";
import { cancelMeetingsOfCase } from "../meetings/service.ts";
import { describeMeetings } from "../meetings/summary.ts";
import { updateMessage } from "../messages.ts";
import { hasRole, namesOf, roleNames, schoolsOf } from "../people/lookup.ts";
import { convertSignalToCase, loadSignalForActor, pupilRefSchema } from "../signals/service.ts";
import { isOpen } from "../signals/states.ts";
import { kernpartnerRoles } from "../swv/defaults.ts";
import { accessIn, accessTexts, auditWrite } from "./access.ts";
import { caseActions } from "./actions.ts";
import { ensureCaseCounter, nextCaseCode } from "./code.ts";
import { type CaseEventData, describeEvent, recordCaseEvent } from "./events.ts";
import {
  type CaseEventType,
  type CaseForm,
  type CaseOutcome,
  type CaseTexts,
  caseForms,
  caseTexts,
} from "./texts.ts";

export type { Case };

// ---------------------------------------------------------------- input rules (zod, Dutch messages)

const one = oneValue;
const many = manyValues;

export const rules = {
  /** A required text of at most `max` characters (prefer `textRule` with the form's field). */
  text: (t: CaseTexts, max: number) =>
    textRule({ name: "", label: "", kind: "text", required: true, maxLength: max }, t),
  choice: <T extends string>(t: CaseTexts, allowed: readonly T[], message = t.choose) =>
    z.preprocess(
      one,
      z
        .string()
        .refine((v) => allowed.includes(v as T), message)
        .transform((v) => v as T),
    ),
  choices: (t: CaseTexts, allowed: readonly string[], message = t.choose) =>
    z.preprocess(
      many,
      z.array(z.string()).refine((ids) => ids.every((id) => allowed.includes(id)), message),
    ),
  /** The signals feature's rule: a pupil number or initials + birth year, never a name. */
  pupilRef: (locale: Locale) => z.preprocess(one, pupilRefSchema(locale)),
  /** A calendar day (YYYY-MM-DD) in the time zone; "past": today or before, "future": today or
   * after; and within `bounds` (YYYY-MM-DD, inclusive): every date field has both ends. */
  day: (
    t: CaseTexts,
    timezone: string,
    now: Date,
    allow: "past" | "future",
    bounds: { from?: string; until?: string },
    required = t.required,
  ) => {
    const today = isoDay(now, timezone);
    const from = bounds.from ?? today;
    const until = bounds.until ?? today;
    return z
      .preprocess(
        one,
        z
          .string()
          .trim()
          .min(1, required)
          .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parseLocal(v, timezone) !== null, t.badDate)
          .refine(
            (v) => (allow === "past" ? v <= today : v >= today),
            allow === "past" ? t.futureDate : t.pastDate,
          )
          .refine((v) => v >= from, t.tooEarly({ date: from }))
          .refine((v) => v <= until, t.tooLate({ date: until })),
      )
      .transform((v) => parseLocal(v, timezone) as Date);
  },
  /** Parental consent: not in the future, and not before the school year (from 1 August) before
   * the one in which the case was opened. */
  consentDay: (t: CaseTexts, timezone: string, now: Date, openedAt: Date, required = t.required) =>
    rules.day(t, timezone, now, "past", { from: consentFrom(openedAt, timezone) }, required),
  /** An action's due date: from today up to two years ahead. */
  dueDay: (t: CaseTexts, timezone: string, now: Date) =>
    rules.day(t, timezone, now, "future", { until: yearsAhead(now, timezone, 2) }),
};

/** 1 August of the school year before the one `openedAt` falls in (a school year starts 1 August). */
export function consentFrom(openedAt: Date, timezone: string): string {
  const [year = 0, month = 0] = isoDay(openedAt, timezone).split("-").map(Number);
  const schoolYear = month >= 8 ? year : year - 1;
  return `${schoolYear - 1}-08-01`;
}

function yearsAhead(now: Date, timezone: string, years: number): string {
  const today = isoDay(now, timezone);
  return `${Number(today.slice(0, 4)) + years}${today.slice(4)}`;
}

// ---------------------------------------------------------------- opening a case

/** Roles with which someone may open a case at a school (board members and beheerders may not). */
const openerRoles = ["ib", "directeur", ...kernpartnerRoles, "swv-staff"];

export function mayOpenAt(actor: Actor, schoolId: string): boolean {
  return actor.roles.some(
    (r) => openerRoles.includes(r.role) && (r.schoolId === schoolId || r.schoolId === null),
  );
}

/** An IB'er or kernpartner assignment at one of the form's schools (schoolId null: SWV-wide). */
export interface Assignment {
  personId: string;
  name: string;
  role: string;
  schoolId: string | null;
}

export interface OpeningChoices {
  schools: { id: string; name: string }[];
  assignments: Assignment[];
  roleNames: Map<string, string>;
}

/** What the opening form offers: the schools where the actor may open a case (or the signal's
 * school), and the IB'ers and kernpartners of those schools or the whole SWV. */
export async function openingChoices(ctx: Context, signalSchoolId?: string): Promise<OpeningChoices> {
  const { db, actor } = ctx;
  const schools = signalSchoolId
    ? await db.school.findMany({ where: { id: signalSchoolId }, select: { id: true, name: true } })
    : (await schoolsOf(db, actor)).filter((s) => mayOpenAt(actor, s.id));
  const rows = await db.roleAssignment.findMany({
    where: {
      swvId: actor.swvId,
      role: { in: ["ib", ...kernpartnerRoles] },
      OR: [{ schoolId: { in: schools.map((s) => s.id) } }, { schoolId: null }],
    },
    select: { role: true, schoolId: true, person: { select: { id: true, displayName: true } } },
  });
  const assignments = rows
    .map((r) => ({ personId: r.person.id, name: r.person.displayName, role: r.role, schoolId: r.schoolId }))
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
  return { schools, assignments, roleNames: await roleNames(db, actor.swvId) };
}

const atSchool = (a: Assignment, schoolId: string) => a.schoolId === schoolId || a.schoolId === null;

/** Who may lead a case at the school: the actor, or one of its IB'ers. */
export function regisseursAt(choices: OpeningChoices, actor: Actor, schoolId: string): string[] {
  const ibers = choices.assignments.filter((a) => a.role === "ib" && atSchool(a, schoolId));
  return [...new Set([actor.personId, ...ibers.map((a) => a.personId)])];
}

/** The default regisseur: the actor when they are an IB'er of the school, else its first IB'er. */
export function defaultRegisseur(choices: OpeningChoices, actor: Actor, schoolId: string): string {
  if (hasRole(actor, "ib", schoolId)) return actor.personId;
  return (
    choices.assignments.find((a) => a.role === "ib" && atSchool(a, schoolId))?.personId ?? actor.personId
  );
}

/** The kernpartners who may be invited to a case at the school (not the actor: they take part anyway). */
export function partnersAt(choices: OpeningChoices, actor: Actor, schoolId: string): string[] {
  const partners = choices.assignments.filter(
    (a) => a.role !== "ib" && a.personId !== actor.personId && atSchool(a, schoolId),
  );
  return [...new Set(partners.map((a) => a.personId))];
}

/** The school's own kernpartners, suggested in the form: per role the holders at the school,
 * else the SWV-wide holders (as `holdersOf`). */
export function suggestedPartners(choices: OpeningChoices, actor: Actor, schoolId: string): string[] {
  const picked = kernpartnerRoles.flatMap((role) => {
    const holders = choices.assignments.filter((a) => a.role === role && a.personId !== actor.personId);
    const here = holders.filter((a) => a.schoolId === schoolId);
    return (here.length ? here : holders.filter((a) => a.schoolId === null)).map((a) => a.personId);
  });
  return [...new Set(picked)];
}

export function createRules(
  t: CaseTexts,
  ctx: Context,
  choices: OpeningChoices,
  values: Record<string, unknown>,
) {
  const schoolId = String(one(values.school));
  const now = ctx.clock.now();
  return z.object({
    school: rules.choice(
      t,
      choices.schools.map((s) => s.id),
    ),
    pupilRef: rules.pupilRef(ctx.actor.locale),
    reason: rules.text(t, 1000),
    form: rules.choice(t, caseForms),
    regisseur: rules.choice(t, regisseursAt(choices, ctx.actor, schoolId), t.regisseurElsewhere),
    consent: rules.choice(t, ["akkoord", "nog-niet"]),
    consentDate:
      one(values.consent) === "akkoord"
        ? rules.consentDay(t, ctx.timezone, now, now, t.consentDateRequired)
        : z.any().transform(() => null),
    participants: rules.choices(t, partnersAt(choices, ctx.actor, schoolId), t.partnerElsewhere),
  });
}

export type CaseInput = z.infer<ReturnType<typeof createRules>>;

/** A signal the actor may turn into a case: one they received or took (the signals feature's rule),
 * one they reported, or one at a school where they are an IB'er. Throws a clear message otherwise. */
export async function signalForCase(ctx: Context, signalId: string) {
  const t = caseTexts(ctx.actor.locale);
  const received = await loadSignalForActor(ctx, signalId).catch(() => null);
  const signal =
    received ?? (await ctx.db.signal.findFirst({ where: { id: signalId, swvId: ctx.actor.swvId } }));
  const allowed =
    signal !== null &&
    (received !== null ||
      signal.reporterId === ctx.actor.personId ||
      hasRole(ctx.actor, "ib", signal.schoolId));
  if (signal)
    await audit(ctx.db, ctx.actor, signal.swvId, ctx.clock.now(), {
      access: "read",
      entity: "signal",
      entityId: signal.id,
      action: allowed ? "case.openFromSignal" : "case.openFromSignal.denied",
    });
  if (!signal || !allowed) throw new AccessDenied(t.signalNotAllowed);
  if (signal.caseId) {
    const c = await ctx.db.case.findUnique({ where: { id: signal.caseId }, select: { code: true } });
    throw new UserError(t.signalHasCase({ code: c?.code ?? "" }));
  }
  if (!isOpen(signal.status)) throw new UserError(t.signalClosed);
  return { signal, received: received !== null };
}

export type SignalSource = Awaited<ReturnType<typeof signalForCase>>;

/** Marks the signal omgezet in the case's transaction, through the signals feature for everyone
 * allowed by `signalForCase` (it also tells the reporter and brings every card of the signal up to
 * date). */
function convertSignal(tx: Tx, ctx: Context, from: SignalSource, c: Case) {
  return convertSignalToCase(tx, ctx, from.signal.id, c);
}

/** Opens a case in one transaction: its code, participants, the signal it came from, the timeline,
 * the audit record, the case space and the invitations. */
export async function createCase(ctx: Context, input: CaseInput, from?: SignalSource) {
  const { actor, db, clock, timezone } = ctx;
  const now = clock.now();
  const year = Number(isoDay(now, timezone).slice(0, 4));
  await ensureCaseCounter(db, actor.swvId, year);
  const kernroles = await db.roleAssignment.findMany({
    where: {
      personId: { in: input.participants },
      role: { in: [...kernpartnerRoles] },
      OR: [{ schoolId: input.school }, { schoolId: null }],
    },
    orderBy: { schoolId: { sort: "asc", nulls: "last" } },
  });
  const roles = new Map<string, string>();
  roles.set(input.regisseur, input.regisseur === actor.personId ? roleOf(actor, input.school) : "ib");
  roles.set(actor.personId, roles.get(actor.personId) ?? roleOf(actor, input.school));
  for (const r of kernroles) if (!roles.has(r.personId)) roles.set(r.personId, r.role);

  const created = await db.$transaction(async (tx) => {
    const code = await nextCaseCode(tx, actor.swvId, year);
    const c = await tx.case.create({
      data: {
        swvId: actor.swvId,
        code,
        schoolId: input.school,
        pupilRef: input.pupilRef,
        form: input.form,
        status: "aangemeld",
        regisseurId: input.regisseur,
        consentDate: input.consentDate,
        consentById: input.consentDate ? actor.personId : null,
        signalId: from?.signal.id ?? null,
        reason: input.reason,
        createdAt: now,
        participants: {
          create: [...roles].map(([personId, role]) => ({ personId, role, addedAt: now })),
        },
      },
    });
    if (from) await convertSignal(tx, ctx, from, c);
    await recordCaseEvent(tx, {
      caseId: c.id,
      actorId: actor.personId,
      type: "created",
      data: { code },
      now,
    });
    await auditWrite(tx, actor, c, now, caseActions.create);
    const people = [...roles.keys()];
    const regisseur = (await namesOf(tx, [c.regisseurId])).get(c.regisseurId) ?? "";
    const t = caseTexts(actor.locale);
    await enqueue(tx, now, `case:${c.id}:space`, {
      op: "createCaseSpace",
      caseId: c.id,
      caseCode: code,
      personIds: people,
    });
    await post(
      tx,
      now,
      `case:${c.id}:announce`,
      `case:${c.id}`,
      message(heading(t.cardTitle({ code })), text(t.announce({ code, regisseur }))),
    );
    await inviteDms(tx, ctx, c, people);
    return c;
  });
  return created;
}

/** The role the actor takes part in at the school: IB'er first, then any other role there. */
function roleOf(actor: Actor, schoolId: string): string {
  const here = actor.roles.filter((r) => r.schoolId === schoolId || r.schoolId === null);
  return (
    (here.find((r) => r.role === "ib") ?? here.find((r) => openerRoles.includes(r.role)) ?? here[0])?.role ??
    "ib"
  );
}

/** Each recipient's language: their own when they chose one, else `fallback`. */
export async function localesOf(db: Db | Tx, personIds: string[], fallback: Locale) {
  const people = await inBatches(personIds, BATCH_SIZE, (batch) =>
    db.person.findMany({ where: { id: { in: batch } }, select: { id: true, locale: true } }),
  );
  const locales = new Map(people.map((p) => [p.id, p.locale]));
  return (personId: string): Locale => {
    return localeOr(locales.get(personId), fallback);
  };
}

const inviteKey = (caseId: string, personId: string) => `case:${caseId}:invite:${personId}`;

/** The invitation DMs: after consent a short summary with a button to the case; before consent only
 * the code and the regisseur. `refresh` (a unique suffix): update the invitations sent earlier
 * instead, so an old one never shows a state that is gone. */
async function inviteDms(tx: Tx, ctx: Context, c: Case, personIds: string[], refresh?: string) {
  const now = ctx.clock.now();
  const localeOf = await localesOf(tx, personIds, ctx.actor.locale);
  const names = await namesOf(tx, [c.regisseurId]);
  const school = await tx.school.findUnique({ where: { id: c.schoolId }, select: { name: true } });
  for (const personId of personIds) {
    const t = caseTexts(localeOf(personId));
    const regisseur = names.get(c.regisseurId) ?? "";
    const dm: MessageView = c.consentDate
      ? message(
          text(
            t.inviteFull({
              code: c.code,
              school: school?.name ?? "",
              pupil: c.pupilRef,
              form: t[`form.${c.form as CaseForm}`],
              regisseur,
            }),
          ),
          buttons([{ action: caseActions.show, label: t.show, value: c.id, style: "primary" }]),
        )
      : say(t.inviteLimited({ code: c.code, regisseur }));
    const ofKey = inviteKey(c.id, personId);
    if (refresh) await updateMessage(tx, now, ofKey, `${ofKey}:${refresh}`, dm);
    else await sendDm(tx, now, ofKey, personId, dm);
  }
}

// ---------------------------------------------------------------- reading a case

export async function participantsOf(db: Db | Tx, caseId: string) {
  const rows = await db.caseParticipant.findMany({ where: { caseId }, orderBy: { addedAt: "asc" } });
  const names = await namesOf(
    db,
    rows.map((r) => r.personId),
  );
  return rows.map((r) => ({ personId: r.personId, role: r.role, name: names.get(r.personId) ?? "" }));
}

/** Everything the status card shows to someone with full access. */
export async function caseDetails(ctx: Context, c: Case) {
  const { db } = ctx;
  const [school, participants, goals, actions, notes, meetings, roles] = await Promise.all([
    db.school.findUnique({ where: { id: c.schoolId }, select: { name: true } }),
    participantsOf(db, c.id),
    db.caseGoal.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } }),
    db.caseAction.findMany({ where: { caseId: c.id, status: "open" }, orderBy: { dueDate: "asc" } }),
    db.caseNote.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "desc" }, take: 3 }),
    describeMeetings(db, c.id, ctx.actor.locale, ctx.timezone),
    roleNames(db, c.swvId),
  ]);
  const names = await namesOf(db, [
    c.regisseurId,
    ...actions.map((a) => a.ownerId),
    ...notes.map((n) => n.authorId),
  ]);
  return { school: school?.name ?? "", participants, goals, actions, notes, meetings, roles, names };
}

export type CaseDetails = Awaited<ReturnType<typeof caseDetails>>;

export async function regisseurName(db: Db | Tx, c: Case): Promise<string> {
  return (await namesOf(db, [c.regisseurId])).get(c.regisseurId) ?? "";
}

/** The actor's cases (as regisseur or participant): open ones first, newest first, then closed
 * ones, most recently closed first; `take` at a time, after the case `after` (the cursor of the page
 * before). The school, the pupil reference and the next action only where the actor has full access
 * (before consent: code, status and regisseur). Every case shown with content is audited as
 * `action`, in one statement. `open`: only cases not closed. `total`: all the actor's cases;
 * `stale`: the cursor's case is no longer in the list (the caller shows the first page again).
 * A constant number of queries, whatever the number of cases (see store/pages.ts). */
export async function myCases(
  ctx: Context,
  action = "case.list",
  { take = PAGE_SIZE, open = false, after }: MyCasesOptions = {},
) {
  const { db, actor } = ctx;
  const me = actor.personId;
  const scope = { swvId: actor.swvId, ...(open ? { closedAt: null } : {}) };
  const key = { id: true, createdAt: true, closedAt: true } as const;
  const [led, joined] = await Promise.all([
    db.case.findMany({ where: { ...scope, regisseurId: me }, select: key }),
    db.caseParticipant.findMany({ where: { personId: me, case: scope }, select: { case: { select: key } } }),
  ]);
  const page = pageOfKeys([...led, ...joined.map((j) => j.case)], caseOrder, take, after);
  if (page.stale || !page.ids.length) return { rows: [], ...page };
  const found = await db.case.findMany({
    where: { id: { in: page.ids } },
    include: {
      actions: { where: { status: "open" }, orderBy: { dueDate: "asc" }, take: 1 },
      participants: { where: { personId: me }, select: { id: true } },
    },
  });
  const cases = inOrder(found, page.ids);
  const [schools, names] = await Promise.all([
    db.school.findMany({
      where: { id: { in: [...new Set(cases.map((c) => c.schoolId))] } },
      select: { id: true, name: true },
    }),
    namesOf(
      db,
      cases.map((c) => c.regisseurId),
    ),
  ]);
  const schoolNames = new Map(schools.map((s) => [s.id, s.name]));
  const rows = cases.map(({ actions, participants, ...c }) => {
    const full = accessIn(actor, c, participants.length > 0) === "full";
    return {
      case: c,
      full,
      school: full ? (schoolNames.get(c.schoolId) ?? "") : null,
      regisseur: names.get(c.regisseurId) ?? "",
      next: full ? actions[0] : undefined,
    };
  });
  await auditMany(
    db,
    actor,
    actor.swvId,
    ctx.clock.now(),
    rows.filter((r) => r.full).map((r) => ({ access: "read", entity: "case", entityId: r.case.id, action })),
  );
  return { rows, ...page };
}

export interface MyCasesOptions {
  take?: number;
  open?: boolean;
  /** The cursor: the id of the last case of the page before. */
  after?: string;
}

/** The order of `myCases`: open cases first, newest first; then closed ones, most recently closed first. */
function caseOrder(
  a: { id: string; createdAt: Date; closedAt: Date | null },
  b: { id: string; createdAt: Date; closedAt: Date | null },
): number {
  if ((a.closedAt === null) !== (b.closedAt === null)) return a.closedAt === null ? -1 : 1;
  return (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0) || newestFirst(a, b);
}

/** The timeline, newest first, each event told in `locale`. */
export async function timelineOf(db: Db, c: Case, locale: Locale, timezone: string) {
  const events = await db.caseEvent.findMany({
    where: { caseId: c.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const names = await namesOf(
    db,
    events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
  );
  return events.map((e) => ({
    createdAt: e.createdAt,
    text: describeEvent(e, locale, timezone),
    actor: e.actorId ? (names.get(e.actorId) ?? "") : null,
  }));
}

// ---------------------------------------------------------------- changing a case

type Posted = Exclude<CaseEventType, "created" | "action-overdue">;

/** Records a change: the timeline event, the audit row and a post in the case space that names
 * only the case code and who did it (never the pupil or the content). */
async function recordChange(
  tx: Tx,
  ctx: Context,
  c: Case,
  type: Posted,
  data: CaseEventData,
  action: string,
) {
  const now = ctx.clock.now();
  const event = await recordCaseEvent(tx, { caseId: c.id, actorId: ctx.actor.personId, type, data, now });
  await auditWrite(tx, ctx.actor, c, now, action);
  const t = caseTexts(ctx.actor.locale);
  await post(
    tx,
    now,
    `case:${c.id}:event:${event.id}`,
    `case:${c.id}`,
    message(heading(t.cardTitle({ code: c.code })), text(t[`post.${type}`]({ name: ctx.actor.name }))),
  );
  return event;
}

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export async function addGoal(ctx: Context, c: Case, text: string) {
  await ctx.db.$transaction(async (tx) => {
    await tx.caseGoal.create({
      data: { caseId: c.id, text, createdById: ctx.actor.personId, createdAt: ctx.clock.now() },
    });
    await recordChange(tx, ctx, c, "goal", { text: short(text) }, caseActions.goalAdd);
  });
}

export async function addNote(ctx: Context, c: Case, text: string) {
  await ctx.db.$transaction(async (tx) => {
    await tx.caseNote.create({
      data: { caseId: c.id, text, authorId: ctx.actor.personId, createdAt: ctx.clock.now() },
    });
    await recordChange(tx, ctx, c, "note", { text: short(text) }, caseActions.noteAdd);
  });
}

/** Who may own an action: the participants once parents consented; before that only the regisseur
 * (the owner's DM carries the action, which is case content). */
export async function actionOwners(db: Db, c: Case) {
  const people = await participantsOf(db, c.id);
  return c.consentDate ? people : people.filter((p) => p.personId === c.regisseurId);
}

export async function addAction(
  ctx: Context,
  c: Case,
  input: { description: string; owner: string; due: Date },
) {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const action = await tx.caseAction.create({
      data: {
        caseId: c.id,
        description: input.description,
        ownerId: input.owner,
        dueDate: input.due,
        createdById: ctx.actor.personId,
        createdAt: now,
      },
    });
    await recordChange(tx, ctx, c, "action", { text: short(input.description) }, caseActions.actionAdd);
    const locale = (await localesOf(tx, [input.owner], ctx.actor.locale))(input.owner);
    const t = caseTexts(locale);
    const due = formatDate(input.due, locale, ctx.timezone);
    await sendDm(
      tx,
      now,
      `action:${action.id}:assigned`,
      input.owner,
      message(
        text(t.actionDm({ code: c.code, description: input.description, due })),
        buttons([
          { action: caseActions.actionDone, label: t.markDone, value: action.id, style: "primary" },
          { action: caseActions.show, label: t.show, value: c.id },
        ]),
      ),
    );
  });
}

/** Marks an action done: its owner or the regisseur; the regisseur is told. */
export async function completeAction(ctx: Context, c: Case, actionId: string) {
  const t = caseTexts(ctx.actor.locale);
  const me = ctx.actor.personId;
  const action = await ctx.db.caseAction.findFirst({ where: { id: actionId, caseId: c.id } });
  if (!action) throw new AccessDenied(accessTexts(ctx.actor.locale).noAccess);
  if (action.ownerId !== me && c.regisseurId !== me) {
    await audit(ctx.db, ctx.actor, c.swvId, ctx.clock.now(), {
      access: "write",
      entity: "case",
      entityId: c.id,
      action: "case.action.done.denied",
    });
    throw new AccessDenied(t.actionNotYours);
  }
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const done = await tx.caseAction.updateMany({
      where: { id: action.id, status: "open" },
      data: { status: "gedaan", doneAt: now },
    });
    if (done.count === 0) throw new UserError(t.actionAlreadyDone);
    await recordChange(
      tx,
      ctx,
      c,
      "action-done",
      { text: short(action.description) },
      caseActions.actionDone,
    );
    if (c.regisseurId !== me) {
      const rt = caseTexts((await localesOf(tx, [c.regisseurId], ctx.actor.locale))(c.regisseurId));
      await sendDm(
        tx,
        now,
        `action:${action.id}:done`,
        c.regisseurId,
        message(
          text(rt.actionDoneDm({ code: c.code, description: action.description, name: ctx.actor.name })),
          buttons([{ action: caseActions.show, label: rt.show, value: c.id }]),
        ),
      );
    }
  });
  return action;
}

/** Kernpartners of the case's school (or SWV-wide) who do not take part yet. */
export async function partnersToAdd(db: Db, c: Case) {
  const [rows, present, roles] = await Promise.all([
    db.roleAssignment.findMany({
      where: {
        swvId: c.swvId,
        role: { in: [...kernpartnerRoles] },
        OR: [{ schoolId: c.schoolId }, { schoolId: null }],
      },
      select: { role: true, person: { select: { id: true, displayName: true } } },
    }),
    db.caseParticipant.findMany({ where: { caseId: c.id }, select: { personId: true } }),
    roleNames(db, c.swvId),
  ]);
  const taken = new Set(present.map((p) => p.personId));
  const byPerson = new Map<string, { personId: string; name: string; role: string; label: string }>();
  for (const r of rows) {
    if (taken.has(r.person.id) || byPerson.has(r.person.id)) continue;
    const label = `${r.person.displayName} (${roles.get(r.role) ?? r.role})`;
    byPerson.set(r.person.id, { personId: r.person.id, name: r.person.displayName, role: r.role, label });
  }
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

export async function addParticipants(ctx: Context, c: Case, people: { personId: string; role: string }[]) {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.caseParticipant.createMany({
      data: people.map((p) => ({ caseId: c.id, personId: p.personId, role: p.role, addedAt: now })),
    });
    const names = await namesOf(
      tx,
      people.map((p) => p.personId),
    );
    const summary = people.map((p) => names.get(p.personId) ?? "").join(", ");
    const event = await recordChange(
      tx,
      ctx,
      c,
      "participants",
      { names: summary },
      caseActions.participantAdd,
    );
    const personIds = people.map((p) => p.personId);
    await enqueue(tx, now, `case:${c.id}:invite:${event.id}`, {
      op: "invite",
      channelId: `case:${c.id}`,
      personIds,
    });
    await inviteDms(tx, ctx, c, personIds);
  });
}

export async function recordConsent(ctx: Context, c: Case, date: Date) {
  const now = ctx.clock.now();
  const t = caseTexts(ctx.actor.locale);
  await ctx.db.$transaction(async (tx) => {
    const saved = await tx.case.updateMany({
      where: { id: c.id, consentDate: null },
      data: { consentDate: date, consentById: ctx.actor.personId },
    });
    if (saved.count === 0) throw new UserError(t.consentAlready);
    const event = await recordChange(tx, ctx, c, "consent", { at: date.toISOString() }, caseActions.consent);
    const everyone = (await tx.caseParticipant.findMany({ where: { caseId: c.id } })).map((p) => p.personId);
    // The invitations said "content follows after consent": they now show it, with the button.
    await inviteDms(tx, ctx, { ...c, consentDate: date }, everyone, `consent:${event.id}`);
    const others = everyone.filter((id) => id !== c.regisseurId && id !== ctx.actor.personId);
    const localeOf = await localesOf(tx, others, ctx.actor.locale);
    for (const personId of others) {
      const pt = caseTexts(localeOf(personId));
      await sendDm(
        tx,
        now,
        `case:${c.id}:consent:${personId}`,
        personId,
        message(
          text(pt.consentDm({ code: c.code })),
          buttons([{ action: caseActions.show, label: pt.show, value: c.id, style: "primary" }]),
        ),
      );
    }
  });
}

/** verkennend or formeel (opgeschaald): the status, and the form of the knooppunt with it. */
export async function changeStatus(ctx: Context, c: Case, status: CaseForm) {
  await ctx.db.$transaction(async (tx) => {
    await tx.case.update({ where: { id: c.id }, data: { status, form: status } });
    await recordChange(tx, ctx, c, "status", { status }, caseActions.status);
  });
}

export async function closeCase(ctx: Context, c: Case, input: { outcome: CaseOutcome; evaluation: string }) {
  await ctx.db.$transaction(async (tx) => {
    const closed = await tx.case.updateMany({
      where: { id: c.id, closedAt: null },
      data: {
        status: "afgesloten",
        closedAt: ctx.clock.now(),
        outcome: input.outcome,
        evaluation: input.evaluation,
      },
    });
    if (closed.count === 0) throw new UserError(accessTexts(ctx.actor.locale).closed({ code: c.code }));
    await recordChange(tx, ctx, c, "closed", { outcome: input.outcome }, caseActions.close);
    await cancelMeetingsOfCase(tx, ctx, c);
  });
}
