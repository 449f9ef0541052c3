import { z } from "zod";
import { fieldOf, textRule } from "../../chat/forms.ts";
import type { Actor } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { type Button, type MessageView, say, type Text } from "../../chat/views.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { formatDate } from "../../core/format.ts";
import { type Locale, localeOr } from "../../core/i18n.ts";
import { sendDm } from "../../jobs/outbox.ts";
import type { Db, Tx } from "../../store/client.ts";
import { inOrder, newestFirst, PAGE_SIZE, pageOfKeys } from "../../store/pages.ts";
import type { SignalRow as Signal } from "../../store/rows.ts";
import { audit, auditMany, outcome } from "../audit/audit.ts";
import { updateMessage } from "../messages.ts";
import { hasRole, holdersOf, namesOf, type PersonRef, roleNames, schoolsOf } from "../people/lookup.ts";
import { kernpartnerRoles, signalDomains } from "../swv/defaults.ts";
import { signalActions } from "./actions.ts";
import { normalisePupilRef, pupilRefSchema } from "./pupil-ref.ts";
import { decideRouting, linkTarget, type Routing, roleFor } from "./routing.ts";
import { isOpen, nextStatus, type SignalMove } from "./states.ts";
import { type SignalTexts, texts } from "./texts.ts";
import {
  closeForm,
  forwardForm,
  openCaseButton,
  roleName,
  type SignalDetails,
  signalButtons,
  signalCard,
  signalForm,
  unroutedNotice,
  urgencies,
  type Viewer,
} from "./views.ts";

// ---------------------------------------------------------------- input

export { normalisePupilRef, pupilRefSchema };

/** The signal form; `schoolIds` are the actor's schools (any other value is refused). */
export function signalSchema(locale: Locale, schoolIds: string[]) {
  const t = texts(locale);
  return z.object({
    school: z.string({ error: t.pick }).refine((id) => schoolIds.includes(id), t.notYourSchool),
    pupilRef: pupilRefSchema(locale),
    domain: z.enum(signalDomains, { error: t.pick }),
    description: textRule(fieldOf(signalForm(locale, []), "description"), t),
    urgency: z.enum(urgencies, { error: t.pick }),
  });
}
export type SignalInput = z.infer<ReturnType<typeof signalSchema>>;

export function forwardSchema(locale: Locale, partnerIds: string[]) {
  const t = texts(locale);
  return z.object({
    to: z.string({ error: t.pick }).refine((id) => partnerIds.includes(id), t.notAPartner),
    reason: textRule(fieldOf(forwardForm(locale, "", [], new Map()), "reason"), t),
  });
}

export function closeSchema(locale: Locale) {
  return z.object({ note: textRule(fieldOf(closeForm(locale, ""), "note"), texts(locale)) });
}

// ---------------------------------------------------------------- reading

/** The people who got a signal in a DM are recorded as events of this type (detail: their id):
 * they, and the assignee, may act on it. Forwarding ends their turn: their events become FORMER. */
const RECIPIENT = "recipient";
const FORMER = "recipient-former";
/** The outbox key of each signal card sent (detail: the key, ending in the person's id), so that
 * every card can be brought up to date after a step. */
const CARD = "card";

type Standing = "acts" | "handedOn" | "none";

async function standing(db: Db | Tx, signal: Signal, personId: string): Promise<Standing> {
  if (signal.assigneeId === personId) return "acts";
  const found = await db.signalEvent.findMany({
    where: { signalId: signal.id, type: { in: [RECIPIENT, FORMER] }, detail: personId },
    select: { type: true },
  });
  if (found.some((e) => e.type === RECIPIENT)) return "acts";
  return found.length ? "handedOn" : "none";
}

/** Signals in the actor's SWV only; an unknown id and someone else's signal are the same to them. */
async function findSignal(db: Db | Tx, actor: Actor, id: string): Promise<Signal | null> {
  const signal = await db.signal.findUnique({ where: { id } });
  return signal && signal.swvId === actor.swvId ? signal : null;
}

/** What a step needs besides being the signal's recipient: "propose" also a kernpartner role. */
type SignalNeed = "act" | "propose";

/**
 * The one permission check for a signal: may the actor take `action` on it? Writes one audit row
 * with the outcome: a refusal at once; an allowed read at once; an allowed write is recorded by the
 * change itself, in its transaction (`record`). Call it outside the change's transaction, so a
 * refusal's row is not rolled back. An unknown id gets the answer of someone else's signal.
 */
async function checkSignal(
  ctx: Context,
  id: string,
  action: string,
  access: "read" | "write",
  need: SignalNeed = "act",
): Promise<Signal> {
  const { actor } = ctx;
  const t = texts(actor.locale);
  const signal = await findSignal(ctx.db, actor, id);
  if (!signal) throw new AccessDenied(t.noAccess);
  const where = await standing(ctx.db, signal, actor.personId);
  const viewer = viewerOf(actor, signal.schoolId);
  const refusal =
    where === "none"
      ? t.noAccess
      : where === "handedOn"
        ? t.handedOn
        : need === "propose" && (viewer.ib || !viewer.partner)
          ? t.onlyPartners
          : null;
  if (refusal || access === "read")
    await audit(ctx.db, actor, signal.swvId, ctx.clock.now(), {
      access,
      entity: "signal",
      entityId: signal.id,
      action: outcome(action, refusal === null),
    });
  if (refusal) throw new AccessDenied(refusal);
  return signal;
}

async function requireSignal(db: Db | Tx, actor: Actor, id: string): Promise<Signal> {
  const signal = await findSignal(db, actor, id);
  if (!signal || (await standing(db, signal, actor.personId)) !== "acts")
    throw new AccessDenied(texts(actor.locale).noAccess);
  return signal;
}

/**
 * For the cases feature (`case.openFromSignal`): the signal, if the actor may act on it (they got it
 * in a DM: routed, forwarded or proposed to them, or they took it); otherwise AccessDenied with a
 * "geen toegang" that reveals nothing. Audits nothing: the caller audits its own decision. Its
 * schoolId, pupilRef, domain and description prefill the case form; check `isOpen(signal.status)`
 * (states.ts) before offering to convert it.
 */
export function loadSignalForActor(ctx: Context, id: string): Promise<Signal> {
  return requireSignal(ctx.db, ctx.actor, id);
}

/** As `loadSignalForActor`, and the signal must still be open (nieuw or opgepakt); otherwise a
 * UserError saying why not (already taken by whom, afgehandeld, omgezet). */
export async function loadOpenSignalForActor(ctx: Context, id: string): Promise<Signal> {
  const signal = await requireSignal(ctx.db, ctx.actor, id);
  if (!isOpen(signal.status)) throw new UserError(await whyNot(ctx.db, ctx.actor, signal));
  return signal;
}

/** A form step on a signal (doorzetten, afhandelen): checked and audited as `action`, and open. */
export async function openSignalFor(
  ctx: Context,
  id: string,
  action: string,
  access: "read" | "write",
): Promise<Signal> {
  const signal = await checkSignal(ctx, id, action, access);
  if (!isOpen(signal.status)) throw new UserError(await whyNot(ctx.db, ctx.actor, signal));
  return signal;
}

async function details(db: Db | Tx, signal: Signal): Promise<SignalDetails> {
  const school = await db.school.findUniqueOrThrow({
    where: { id: signal.schoolId },
    select: { name: true },
  });
  const names = await namesOf(db, [signal.reporterId, ...(signal.assigneeId ? [signal.assigneeId] : [])]);
  const linked = signal.linkedToId
    ? await db.signal.findUnique({
        where: { id: signal.linkedToId },
        select: { createdAt: true, status: true },
      })
    : null;
  return {
    signal,
    school: school.name,
    reporter: names.get(signal.reporterId) ?? "",
    assignee: signal.assigneeId ? (names.get(signal.assigneeId) ?? null) : null,
    linked,
    roles: await roleNames(db, signal.swvId),
  };
}

/** What each person may do at the school besides the common moves, and the language they read. */
async function audience(
  db: Db | Tx,
  people: { id: string }[],
  schoolId: string,
): Promise<Map<string, { locale: Locale; viewer: Viewer }>> {
  const rows = await db.person.findMany({
    where: { id: { in: people.map((p) => p.id) } },
    select: {
      id: true,
      locale: true,
      roles: { where: { OR: [{ schoolId }, { schoolId: null }] }, select: { role: true } },
    },
  });
  return new Map(
    rows.map((p) => {
      const roles = p.roles.map((r) => r.role);
      const viewer = { ib: roles.includes("ib"), partner: roles.some((r) => isKernpartner(r)) };
      return [p.id, { locale: localeOr(p.locale, "nl"), viewer }];
    }),
  );
}

const isKernpartner = (role: string) => (kernpartnerRoles as readonly string[]).includes(role);

function viewerOf(actor: Actor, schoolId: string): Viewer {
  return {
    ib: hasRole(actor, "ib", schoolId),
    partner: kernpartnerRoles.some((r) => hasRole(actor, r, schoolId)),
  };
}

/** My open signals: reported by me or routed to me, not yet afgehandeld or omgezet, newest first,
 * `take` at a time after the signal `after` (the cursor of the page before). Every row is the
 * person's to see, pupil reference included (also for a Slack App Home); the rows returned are
 * audited as read with `action`, in one statement. `total`: all of them; `stale`: the cursor's
 * signal is no longer in the list. A constant number of queries, whatever the number of signals. */
export async function openSignalsFor(
  ctx: Context,
  action = "signal.list",
  { take = PAGE_SIZE, after }: { take?: number; after?: string } = {},
) {
  const { db, actor } = ctx;
  const personId = actor.personId;
  const scope = { swvId: actor.swvId, status: { in: ["nieuw", "opgepakt"] } };
  const key = { id: true, createdAt: true } as const;
  // One index per way a signal is the person's (see store/pages.ts).
  const [reported, assigned, received] = await Promise.all([
    db.signal.findMany({ where: { ...scope, reporterId: personId }, select: key }),
    db.signal.findMany({ where: { ...scope, assigneeId: personId }, select: key }),
    db.signalEvent.findMany({
      where: { type: RECIPIENT, detail: personId, signal: scope },
      select: { signal: { select: key } },
    }),
  ]);
  const page = pageOfKeys(
    [...reported, ...assigned, ...received.map((e) => e.signal)],
    newestFirst,
    take,
    after,
  );
  if (page.stale || !page.ids.length) return { rows: [], ...page };
  const signals = inOrder(await db.signal.findMany({ where: { id: { in: page.ids } } }), page.ids);
  const schools = await db.school.findMany({
    where: { id: { in: [...new Set(signals.map((s) => s.schoolId))] } },
    select: { id: true, name: true },
  });
  const name = new Map(schools.map((s) => [s.id, s.name]));
  await auditMany(
    db,
    actor,
    actor.swvId,
    ctx.clock.now(),
    signals.map((s) => ({ access: "read", entity: "signal", entityId: s.id, action })),
  );
  return { rows: signals.map((s) => ({ ...s, school: name.get(s.schoolId) ?? "" })), ...page };
}

// ---------------------------------------------------------------- writing helpers

async function event(tx: Tx, ctx: Context, signalId: string, type: string, detail: string | null = null) {
  return tx.signalEvent.create({
    data: { signalId, actorId: ctx.actor.personId, type, detail, createdAt: ctx.clock.now() },
  });
}

function record(tx: Tx, ctx: Context, signal: Signal, action: string, detail?: string) {
  return audit(tx, ctx.actor, signal.swvId, ctx.clock.now(), {
    access: "write",
    entity: "signal",
    entityId: signal.id,
    action,
    detail,
  });
}

/** DMs the signal to each person, with `text` above it and the buttons their role gets, and records
 * them as recipients. */
async function deliver(
  tx: Tx,
  ctx: Context,
  d: SignalDetails,
  people: PersonRef[],
  key: (personId: string) => string,
  text: (t: SignalTexts) => Text,
  buttons?: (locale: Locale) => Button[],
): Promise<void> {
  const who = await audience(tx, people, d.signal.schoolId);
  for (const person of people) {
    const { locale, viewer } = who.get(person.id) ?? { locale: "nl", viewer: { ib: false, partner: false } };
    const shown = buttons?.(locale) ?? signalButtons(locale, d.signal, viewer);
    await sendDm(
      tx,
      ctx.clock.now(),
      key(person.id),
      person.id,
      signalCard(locale, ctx.timezone, d, text(texts(locale)), shown),
    );
    await event(tx, ctx, d.signal.id, RECIPIENT, person.id);
    await event(tx, ctx, d.signal.id, CARD, key(person.id));
  }
}

/** After a step: every card of the signal sent earlier (the actor's too: a form's answer cannot
 * replace it) shows the new state, with the buttons its person still gets (none once the signal is
 * done or handed on). `step` makes the update keys unique. */
async function refreshCards(tx: Tx, ctx: Context, d: SignalDetails, step: string): Promise<void> {
  const cards = await tx.signalEvent.findMany({
    where: { signalId: d.signal.id, type: CARD },
    select: { detail: true },
  });
  const keys = cards.flatMap((c) => (c.detail ? [c.detail] : []));
  const personOf = (key: string) => key.slice(key.lastIndexOf(":") + 1);
  const who = await audience(
    tx,
    keys.map((k) => ({ id: personOf(k) })),
    d.signal.schoolId,
  );
  for (const ofKey of keys) {
    const personId = personOf(ofKey);
    const { locale, viewer } = who.get(personId) ?? { locale: "nl", viewer: { ib: false, partner: false } };
    const acts = (await standing(tx, d.signal, personId)) === "acts";
    const buttons = acts ? signalButtons(locale, d.signal, viewer) : [];
    const text = texts(locale).updated({ name: ctx.actor.name });
    const card = signalCard(locale, ctx.timezone, d, text, buttons);
    await updateMessage(tx, ctx.clock.now(), ofKey, `${ofKey}:update:${step}`, card, { keepText: true });
  }
}

/** Tells the reporter what happened to their signal (not when they did it themselves). */
async function tellReporter(
  tx: Tx,
  ctx: Context,
  d: SignalDetails,
  key: string,
  text: (t: SignalTexts, about: { pupilRef: string; school: string; date: string }) => Text,
): Promise<void> {
  const reporter = d.signal.reporterId;
  if (reporter === ctx.actor.personId) return;
  const { locale } = (await audience(tx, [{ id: reporter }], d.signal.schoolId)).get(reporter) ?? {
    locale: "nl",
  };
  const about = {
    pupilRef: d.signal.pupilRef,
    school: d.school,
    date: formatDate(d.signal.createdAt, locale, ctx.timezone),
  };
  const message: MessageView = say(text(texts(locale), about));
  await sendDm(tx, ctx.clock.now(), key, reporter, message);
}

/** Applies a state change if the signal is still where it was read (two people may click at once);
 * otherwise explains why not, in words the actor understands. */
async function move(
  tx: Tx,
  ctx: Context,
  signal: Signal,
  how: SignalMove,
  data: Partial<Signal> = {},
): Promise<Signal> {
  const to = nextStatus(signal.status, how);
  const { count } = to
    ? await tx.signal.updateMany({
        where: { id: signal.id, status: signal.status },
        data: { ...data, status: to },
      })
    : { count: 0 };
  const current = await tx.signal.findUniqueOrThrow({ where: { id: signal.id } });
  if (!count) throw new UserError(await whyNot(tx, ctx.actor, current));
  return current;
}

async function whyNot(db: Db | Tx, actor: Actor, signal: Signal): Promise<Text> {
  const t = texts(actor.locale);
  if (signal.status === "afgehandeld") return t.alreadyClosed;
  if (signal.status === "omgezet") return t.alreadyConverted;
  if (signal.status === "opgepakt" && signal.assigneeId === actor.personId) return t.alreadyYours;
  if (signal.status === "opgepakt" && signal.assigneeId)
    return t.takenBy({ name: (await namesOf(db, [signal.assigneeId])).get(signal.assigneeId) ?? "" });
  return t.changed;
}

// ---------------------------------------------------------------- use cases

export interface CreatedSignal {
  details: SignalDetails;
  routing: Routing;
  /** The beheerders who were told, when nobody could receive the signal. */
  admins: PersonRef[];
  /** The IB'ers who were told, when the reporter took the signal themself. */
  informed: PersonRef[];
}

/** Stores a signal, links it to an earlier one for the same pupil and school, and routes it:
 * to the school's holders of the domain's role, else the SWV consultants, else (stored anyway)
 * the beheerders are told. One transaction: the DMs go out if and only if the signal exists. */
export async function createSignal(ctx: Context, input: SignalInput): Promise<CreatedSignal> {
  const { actor } = ctx;
  if (!(await schoolsOf(ctx.db, actor)).some((s) => s.id === input.school))
    throw new AccessDenied(texts(actor.locale).notYourSchool);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const swv = await tx.swv.findUniqueOrThrow({
      where: { id: actor.swvId },
      select: { duplicateWindowDays: true, signalRoutes: true },
    });
    const role = roleFor(input.domain, swv.signalRoutes);
    const holders = await holdersOf(tx, actor.swvId, role, input.school);
    const consultants = holders.length
      ? []
      : await holdersOf(tx, actor.swvId, "swv-consultant", input.school);
    const routing = decideRouting(role, holders, consultants, actor.personId);
    const earlier = await tx.signal.findMany({
      where: { swvId: actor.swvId, schoolId: input.school, pupilRef: input.pupilRef },
      select: { id: true, linkedToId: true, createdAt: true },
    });
    const signal = await tx.signal.create({
      data: {
        swvId: actor.swvId,
        schoolId: input.school,
        reporterId: actor.personId,
        pupilRef: input.pupilRef,
        domain: input.domain,
        description: input.description,
        urgency: input.urgency,
        assignedRole: routing.role,
        linkedToId: linkTarget(earlier, now, swv.duplicateWindowDays),
        createdAt: now,
        // Routed to its own reporter: they take it at once (never a card telling them about themself).
        ...(routing.kind === "self" ? { status: "opgepakt", assigneeId: actor.personId } : {}),
      },
    });
    await event(tx, ctx, signal.id, "routed", routing.role);
    if (routing.kind === "self") await event(tx, ctx, signal.id, "taken");
    const d = await details(tx, signal);
    // The school's IB'ers are told a partner took a signal about one of their pupils (no buttons:
    // it is not theirs to act on).
    const informed =
      routing.kind === "self"
        ? (await holdersOf(tx, actor.swvId, "ib", input.school)).filter((p) => p.id !== actor.personId)
        : [];
    if (routing.kind === "self")
      await deliver(
        tx,
        ctx,
        d,
        [{ id: actor.personId, displayName: actor.name }],
        (id) => `signal:${signal.id}:own:${id}`,
        (t) => t.youTookOwn({ role: roleName(d.roles, routing.role) }),
      );
    const ibLocales = await audience(tx, informed, input.school);
    for (const ib of informed) {
      const locale = ibLocales.get(ib.id)?.locale ?? "nl";
      const text = texts(locale).selfTakenCard({ reporter: d.reporter, school: d.school });
      await sendDm(
        tx,
        now,
        `signal:${signal.id}:self:${ib.id}`,
        ib.id,
        signalCard(locale, ctx.timezone, d, text, []),
      );
    }
    await deliver(
      tx,
      ctx,
      d,
      routing.to,
      (id) => `signal:${signal.id}:routed:${id}`,
      (t) =>
        routing.kind === "fallback"
          ? t.routedFallback({
              reporter: d.reporter,
              school: d.school,
              missing: roleName(d.roles, routing.missing),
              role: roleName(d.roles, routing.role),
            })
          : t.routed({ reporter: d.reporter, school: d.school, role: roleName(d.roles, routing.role) }),
    );
    const admins =
      routing.kind === "nobody" ? await holdersOf(tx, actor.swvId, "beheerder", input.school) : [];
    const locales = await audience(tx, admins, input.school);
    for (const admin of admins) {
      const notice = unroutedNotice(locales.get(admin.id)?.locale ?? "nl", d);
      await sendDm(tx, now, `signal:${signal.id}:unrouted:${admin.id}`, admin.id, notice);
    }
    await record(tx, ctx, signal, signalActions.create, `${routing.kind}: ${routing.role}`);
    return { details: d, routing, admins, informed };
  });
}

/** Oppakken: the first recipient to take a new signal becomes its assignee; the reporter is told.
 * Returns the signal as the actor now sees it (to replace the DM they clicked in). */
export async function takeSignal(ctx: Context, id: string): Promise<MessageView> {
  const t = texts(ctx.actor.locale);
  const found = await checkSignal(ctx, id, signalActions.take, "write");
  return ctx.db.$transaction(async (tx) => {
    const signal = await move(tx, ctx, found, "take", { assigneeId: ctx.actor.personId });
    const taken = await event(tx, ctx, id, "taken");
    const d = await details(tx, signal);
    await refreshCards(tx, ctx, d, taken.id);
    const role = roleName(d.roles, signal.assignedRole);
    await tellReporter(tx, ctx, d, `signal:${id}:taken`, (rt, about) =>
      rt.reporterTaken({ ...about, name: ctx.actor.name, role }),
    );
    await record(tx, ctx, signal, signalActions.take);
    return signalCard(
      ctx.actor.locale,
      ctx.timezone,
      d,
      t.youTook,
      signalButtons(ctx.actor.locale, signal, viewerOf(ctx.actor, signal.schoolId)),
    );
  });
}

export interface Partner extends PersonRef {
  roles: string[];
}

/** Doorzetten, step 1: the signal (if the actor may act on it and it is open) and the people it
 * can go to: the kernpartners of its school, and SWV-wide ones, except the actor. */
export async function forwardChoices(
  ctx: Context,
  id: string,
  access: "read" | "write",
): Promise<{ signal: Signal; partners: Partner[]; roles: Map<string, string> }> {
  const action = access === "read" ? "signal.forward.form" : signalActions.forward;
  const signal = await openSignalFor(ctx, id, action, access);
  const assignments = await ctx.db.roleAssignment.findMany({
    where: {
      swvId: signal.swvId,
      role: { in: [...kernpartnerRoles] },
      OR: [{ schoolId: signal.schoolId }, { schoolId: null }],
      personId: { not: ctx.actor.personId },
    },
    select: { role: true, person: { select: { id: true, displayName: true } } },
  });
  const partners = new Map<string, Partner>();
  for (const { role, person } of assignments) {
    const partner = partners.get(person.id) ?? { ...person, roles: [] };
    if (!partner.roles.includes(role)) partner.roles.push(role);
    partners.set(person.id, partner);
  }
  const sorted = [...partners.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, "nl"));
  return { signal, partners: sorted, roles: await roleNames(ctx.db, signal.swvId) };
}

/** Doorzetten, step 2: the signal (from `forwardChoices`, "write") goes to `to` (nieuw again, for
 * them to take), with the reason; the earlier recipients' turn ends; the reporter is told. Every
 * card of the signal, the actor's too, is brought up to date. */
export async function forwardSignal(ctx: Context, found: Signal, to: Partner, reason: string): Promise<void> {
  const role = to.roles[0] ?? "";
  const id = found.id;
  await ctx.db.$transaction(async (tx) => {
    const signal = await move(tx, ctx, found, "forward", { assigneeId: null, assignedRole: role });
    await tx.signalEvent.updateMany({ where: { signalId: id, type: RECIPIENT }, data: { type: FORMER } });
    const forwarded = await event(tx, ctx, id, "forwarded", reason);
    const d = await details(tx, signal);
    await refreshCards(tx, ctx, d, forwarded.id); // the earlier cards, before the new partner's
    const name = ctx.actor.name;
    await deliver(
      tx,
      ctx,
      d,
      [to],
      (personId) => `signal:${id}:forwarded:${forwarded.id}:${personId}`,
      (t) => t.forwardedToYou({ name, reason }),
    );
    const target = `${to.displayName} (${roleName(d.roles, role)})`;
    await tellReporter(tx, ctx, d, `signal:${id}:forwarded:${forwarded.id}:reporter`, (t, about) =>
      t.reporterForwarded({ ...about, name, to: target, reason }),
    );
    await record(tx, ctx, signal, signalActions.forward, role);
  });
}

/** Afhandelen: done without a case, with a short note the reporter reads. `found` comes from
 * `openSignalFor(..., signalActions.close, "write")`. Every card of the signal is brought up to date. */
export async function closeSignal(ctx: Context, found: Signal, note: string): Promise<void> {
  const id = found.id;
  await ctx.db.$transaction(async (tx) => {
    const signal = await move(tx, ctx, found, "close", { closedAt: ctx.clock.now() });
    const closed = await event(tx, ctx, id, "closed", note);
    const d = await details(tx, signal);
    await tellReporter(tx, ctx, d, `signal:${id}:closed`, (t, about) =>
      t.reporterClosed({ ...about, name: ctx.actor.name, note }),
    );
    await record(tx, ctx, signal, signalActions.close);
    await refreshCards(tx, ctx, d, closed.id);
  });
}

/** Knooppunt voorstellen (kernpartners, not IB'ers): the school's IB'ers get the signal with a
 * button to open a case from it. Returns the IB'ers. */
export async function proposeCase(ctx: Context, id: string): Promise<PersonRef[]> {
  const t = texts(ctx.actor.locale);
  const signal = await checkSignal(ctx, id, "signal.propose", "write", "propose");
  return ctx.db.$transaction(async (tx) => {
    if (!isOpen(signal.status)) throw new UserError(await whyNot(tx, ctx.actor, signal));
    const ibs = await holdersOf(tx, signal.swvId, "ib", signal.schoolId);
    if (!ibs.length) throw new UserError(t.noIb);
    await event(tx, ctx, id, "proposed");
    const d = await details(tx, signal);
    const role =
      ctx.actor.roles.find(
        (r) => isKernpartner(r.role) && (r.schoolId ?? signal.schoolId) === signal.schoolId,
      )?.role ?? signal.assignedRole;
    await deliver(
      tx,
      ctx,
      d,
      ibs,
      (personId) => `signal:${id}:proposed:${personId}`,
      (rt) => rt.proposedToYou({ name: ctx.actor.name, role: roleName(d.roles, role) }),
      (locale) => openCaseButton(locale, signal),
    );
    await record(tx, ctx, signal, "signal.propose");
    return ibs;
  });
}

/**
 * For the cases feature: call inside the transaction that creates the case from signal `id`, after
 * deciding that the actor may open a case from it (this function does not check who acts).
 * Sets the signal to `omgezet` with the case id, records it and tells the reporter the case code.
 * Throws a UserError (rolling the case back) when the signal is no longer open.
 */
export async function convertSignalToCase(
  tx: Tx,
  ctx: Context,
  id: string,
  created: { id: string; code: string },
): Promise<void> {
  const found = await tx.signal.findFirst({ where: { id, swvId: ctx.actor.swvId } });
  if (!found) throw new AccessDenied(texts(ctx.actor.locale).noAccess);
  // closedAt: when it stopped being open (the digests count open signals from it).
  const signal = await move(tx, ctx, found, "convert", { caseId: created.id, closedAt: ctx.clock.now() });
  const converted = await event(tx, ctx, id, "omgezet", created.code);
  const d = await details(tx, signal);
  await refreshCards(tx, ctx, d, converted.id);
  await tellReporter(tx, ctx, d, `signal:${id}:omgezet`, (t, about) =>
    t.reporterConverted({ ...about, name: ctx.actor.name, code: created.code }),
  );
  await record(tx, ctx, signal, "signal.convert", created.code);
}
