import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { type MessageView, personalised, say } from "../../chat/views.ts";
import { DAY } from "../../core/clock.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { formatDateTime, isoDay, nextWorkingDay, parseLocal } from "../../core/format.ts";
import { type Locale, localeOr } from "../../core/i18n.ts";
import { enqueue, post, sendDm } from "../../jobs/outbox.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db, Tx } from "../../store/client.ts";
import { requireCase } from "../cases/access.ts";
import { type CaseEventData, recordCaseEvent } from "../cases/events.ts";
import { meetingActions } from "./actions.ts";
import { type Answer, answerKinds, isAnswer, tally } from "./tally.ts";
import { type MeetingTexts, texts } from "./texts.ts";
import {
  askMessage,
  confirmedMessage,
  durations,
  type MeetingFacts,
  slotFields,
  tallyMessage,
} from "./views.ts";

/** Case-space posts are shared by everyone in the case: Dutch. (Timeline entries are codes with
 * data, told in each reader's language.) */
const shared = texts("nl");

const tallyKey = (meetingId: string) => `meeting:${meetingId}:tally`;
const askKey = (meetingId: string, personId: string) => `meeting:${meetingId}:ask:${personId}`;

// ---------------------------------------------------------------- the proposal form

const single = z.preprocess((v) => (Array.isArray(v) ? v[0] : v) ?? "", z.string().trim());
const YEAR = 365 * DAY;
const localDateTime = /^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d$/;

export interface Proposal {
  slots: Date[];
  durationMin: number;
  location: string | null;
}

/** The rules of the form `meeting.create`, with the errors at their fields. Slots are
 * `YYYY-MM-DDTHH:MM` in `timezone`; only slot1..slot5 exist, so a sixth is never read. */
export function proposalSchema(locale: Locale, timezone: string, now: Date) {
  const t = texts(locale);
  const fields = { slot1: single, slot2: single, slot3: single, slot4: single, slot5: single };
  return z.object({ ...fields, duration: single, location: single }).transform((v, ctx): Proposal => {
    const fail = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    const slots: Date[] = [];
    const seen = new Map<number, number>(); // time -> number of the slot that has it
    for (const [i, field] of slotFields.entries()) {
      if (!v[field]) continue;
      const at = localDateTime.test(v[field]) ? parseLocal(v[field], timezone) : null;
      const earlier = at ? seen.get(at.getTime()) : undefined;
      if (!at) fail(field, t.badSlot);
      else if (at <= now) fail(field, t.pastSlot);
      else if (at.getTime() > now.getTime() + YEAR) fail(field, t.farSlot);
      else if (earlier) fail(field, t.duplicateSlot({ n: earlier }));
      else {
        seen.set(at.getTime(), i + 1);
        slots.push(at);
      }
    }
    const filled = slotFields.filter((field) => v[field]);
    if (filled.length < 2) fail(slotFields.find((field) => !v[field]) ?? "slot1", t.tooFewSlots);
    const duration = v.duration || "60";
    if (!(durations as readonly string[]).includes(duration)) fail("duration", t.badDuration);
    if (v.location.length > 200) fail("location", t.locationTooLong);
    return { slots, durationMin: Number(duration), location: v.location || null };
  });
}

// ---------------------------------------------------------------- reading a meeting

async function people(db: Db | Tx, ids: string[], fallback: Locale) {
  const rows = await inBatches(ids, BATCH_SIZE, (batch) =>
    db.person.findMany({
      where: { id: { in: batch } },
      select: { id: true, displayName: true, locale: true },
    }),
  );
  return new Map(rows.map((p) => [p.id, { name: p.displayName, locale: localeOr(p.locale, fallback) }]));
}

/** A meeting with its case's people and the tally of the answers so far. The regisseur
 * proposes the times; the other participants of the case are asked. `fallback`: the locale
 * of people who chose none. */
export async function snapshot(db: Db | Tx, meetingId: string, fallback: Locale = "nl") {
  const [found] = await snapshots(db, [meetingId], fallback);
  if (!found) throw new Error(`meeting ${meetingId} not found`);
  return found;
}

/** `snapshot` for many meetings in a constant number of queries (a job's batch). */
export async function snapshots(db: Db | Tx, meetingIds: string[], fallback: Locale = "nl") {
  const meetings = await inBatches(meetingIds, BATCH_SIZE, (batch) =>
    db.meeting.findMany({
      where: { id: { in: batch } },
      include: {
        slots: { orderBy: { startsAt: "asc" }, include: { answers: true } },
        case: {
          select: {
            code: true,
            status: true,
            regisseurId: true,
            participants: { select: { personId: true } },
          },
        },
      },
    }),
  );
  const who = await people(
    db,
    meetings.flatMap((m) => [m.case.regisseurId, ...m.case.participants.map((p) => p.personId)]),
    fallback,
  );
  return meetings.map((m) => {
    const { code, regisseurId } = m.case;
    const asked = m.case.participants.map((p) => p.personId).filter((id) => id !== regisseurId);
    const answers = m.slots.flatMap((slot) => slot.answers);
    const facts: MeetingFacts = {
      id: m.id,
      code,
      regisseur: who.get(regisseurId)?.name ?? "",
      location: m.location,
      durationMin: m.slots[0]?.durationMin ?? 60,
      slots: m.slots,
      confirmedSlotId: m.confirmedSlotId,
    };
    const everyone = [regisseurId, ...asked];
    return {
      meeting: m,
      facts,
      regisseurId,
      asked,
      everyone,
      tally: tally(m.slots, answers, asked),
      names: new Map(everyone.flatMap((id) => (who.has(id) ? [[id, who.get(id)?.name ?? ""] as const] : []))),
      localeOf: (personId: string) => who.get(personId)?.locale ?? fallback,
    };
  });
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

function answersOf(s: Snapshot, personId: string): Map<string, Answer> {
  const mine = s.meeting.slots.flatMap((slot) =>
    slot.answers.filter((a) => a.personId === personId).map((a) => [slot.id, a.answer] as const),
  );
  return new Map(mine.filter((pair): pair is [string, Answer] => isAnswer(pair[1])));
}

function tallyOf(s: Snapshot, timezone: string): MessageView {
  return tallyMessage(s.localeOf(s.regisseurId), timezone, s.facts, s.tally, s.names);
}

// ---------------------------------------------------------------- proposing

/** The case a meeting may be proposed for by the actor: they are its regisseur, the case is
 * open, the parents consented (the case is discussed with partners only then) and someone
 * besides the regisseur takes part. Audited as `action`. */
export async function proposableCase(ctx: Context, caseId: string, action: string, access: "read" | "write") {
  const t = texts(ctx.actor.locale);
  // The regisseur check is part of the one audited permission check: a refusal is audited as such.
  const { case: c } = await requireCase(ctx, caseId, "regisseur", action, access);
  if (c.status === "afgesloten") throw new UserError(t.caseClosed);
  if (!c.consentDate) throw new UserError(t.noConsent);
  const others = await ctx.db.caseParticipant.count({
    where: { caseId: c.id, personId: { not: c.regisseurId } },
  });
  if (!others) throw new UserError(t.noParticipants);
  return c;
}

/** Creates the meeting and its slots; asks every participant, sends the regisseur the live
 * tally and tells the case space. An open proposal of the case lapses (its participants are told):
 * proposing again is how a regisseur changes the times. `c` comes from `proposableCase`. */
export async function proposeMeeting(ctx: Context, c: { id: string; code: string }, proposal: Proposal) {
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const open = await tx.meeting.findMany({
      where: { caseId: c.id, status: "gepland" },
      select: { id: true },
    });
    for (const { id } of open) await lapse(tx, now, ctx.actor, id);
    const { id } = await tx.meeting.create({
      data: {
        caseId: c.id,
        proposedById: ctx.actor.personId,
        location: proposal.location,
        createdAt: now,
        slots: {
          create: proposal.slots.map((startsAt) => ({ startsAt, durationMin: proposal.durationMin })),
        },
      },
    });
    const slots = proposal.slots.length;
    await event(tx, now, ctx.actor, c.id, "meeting.proposed", { slots });
    const s = await snapshot(tx, id);
    for (const personId of s.asked) {
      const message = askMessage(s.localeOf(personId), ctx.timezone, s.facts, new Map());
      await sendDm(tx, now, askKey(id, personId), personId, message);
    }
    await sendDm(tx, now, tallyKey(id), s.regisseurId, tallyOf(s, ctx.timezone));
    const text = shared.postProposed({ code: c.code, slots });
    // Each reader of the case space may see their own answers (Teams: a per-person card refresh).
    const shown = personalised(say(text), meetingActions.view, id);
    await post(tx, now, `meeting:${id}:proposed:post`, `case:${c.id}`, shown);
    return { asked: s.asked.length, replaced: open.length > 0 };
  });
}

/** Cancels an open proposal: the participants' buttons and the tally give way to a note. */
async function lapse(tx: Tx, now: Date, actor: Actor, meetingId: string) {
  const m = await tx.meeting.update({ where: { id: meetingId }, data: { status: "geannuleerd" } });
  await event(tx, now, actor, m.caseId, "meeting.cancelled", { reason: "replaced" });
  const s = await snapshot(tx, meetingId);
  for (const personId of s.asked)
    await replace(
      tx,
      now,
      askKey(meetingId, personId),
      "cancelled",
      say(texts(s.localeOf(personId)).cancelled),
    );
  await replace(
    tx,
    now,
    tallyKey(meetingId),
    "cancelled",
    say(texts(s.localeOf(s.regisseurId)).tallyReplaced),
  );
}

// ---------------------------------------------------------------- a reader's own view

/** One reader's view of a meeting posted in its case space, as it stands now (an old card shows
 * the current state): the regisseur their tally with the confirm buttons, an asked participant
 * their own answers with the answer buttons (or the confirmed meeting), anyone else (not in the
 * case: refused and audited by requireCase) the neutral shared message. Marked personal, so a
 * surface shows it to this reader only. */
export async function meetingView(ctx: Context, meetingId: string): Promise<MessageView> {
  const mark = (view: MessageView) => personalised(view, meetingActions.view, meetingId);
  const found = await ctx.db.meeting.findUnique({
    where: { id: meetingId },
    select: { caseId: true, case: { select: { code: true } }, _count: { select: { slots: true } } },
  });
  if (!found) return mark(say(texts(ctx.actor.locale).gone));
  const neutral = mark(say(shared.postProposed({ code: found.case.code, slots: found._count.slots })));
  try {
    await requireCase(ctx, found.caseId, "full", meetingActions.view);
  } catch (err) {
    if (err instanceof AccessDenied || err instanceof UserError) return neutral;
    throw err;
  }
  const s = await snapshot(ctx.db, meetingId, ctx.actor.locale);
  const { personId, locale } = ctx.actor;
  if (personId === s.regisseurId) return mark(tallyOf(s, ctx.timezone));
  if (!s.asked.includes(personId)) return neutral;
  if (s.meeting.status === "bevestigd")
    return mark(confirmedMessage(locale, ctx.timezone, s.facts, "confirmed"));
  if (s.meeting.status !== "gepland") return mark(say(texts(locale).cancelled));
  return mark(askMessage(locale, ctx.timezone, s.facts, answersOf(s, personId)));
}

// ---------------------------------------------------------------- answering and confirming

/** The meeting of a slot, after checking the actor's access to its case; refuses when the
 * meeting is no longer open. */
async function openMeetingOf(ctx: Context, slotId: string, action: string, need: "full" | "regisseur") {
  const t = texts(ctx.actor.locale);
  const slot = await ctx.db.meetingSlot.findUnique({ where: { id: slotId }, include: { meeting: true } });
  if (!slot) throw new UserError(t.gone);
  const { case: c } = await requireCase(ctx, slot.meeting.caseId, need, action, "write");
  if (slot.startsAt <= ctx.clock.now()) throw new UserError(t.slotPassed);
  const s = await snapshot(ctx.db, slot.meetingId);
  assertOpen(t, s, ctx.timezone, ctx.actor.locale);
  if (c.status === "afgesloten") throw new UserError(t.caseClosed);
  return { c, s, slot };
}

function assertOpen(t: MeetingTexts, s: Snapshot, timezone: string, locale: Locale): void {
  const confirmed = s.facts.slots.find((slot) => slot.id === s.facts.confirmedSlotId);
  if (confirmed)
    throw new UserError(t.alreadyConfirmed({ when: formatDateTime(confirmed.startsAt, locale, timezone) }));
  if (s.meeting.status !== "gepland") throw new UserError(t.cancelled);
}

/** Records a participant's answer for one slot (`<slotId>:<answer>`, changeable until the
 * meeting is confirmed), refreshes the regisseur's tally and returns the participant's DM anew. */
export async function answerSlot(ctx: Context, value: string): Promise<MessageView> {
  const t = texts(ctx.actor.locale);
  const parsed = z.tuple([z.string().min(1), z.enum(answerKinds)]).safeParse(value.split(":"));
  if (!parsed.success) throw new UserError(t.gone);
  const [slotId, answer] = parsed.data;
  const { s: before } = await openMeetingOf(ctx, slotId, meetingActions.answer, "full");
  const { personId } = ctx.actor;
  if (!before.asked.includes(personId)) throw new AccessDenied(t.notAsked);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const saved = await tx.slotAnswer.upsert({
      where: { slotId_personId: { slotId, personId } },
      create: { slotId, personId, answer, answeredAt: now },
      update: { answer, answeredAt: now },
    });
    const s = await snapshot(tx, before.meeting.id);
    assertOpen(t, s, ctx.timezone, ctx.actor.locale); // confirmed meanwhile: roll the answer back
    // Every refresh needs its own outbox row (the outbox keeps one per key), all updating the one
    // tally message; the row keeps its key for the dispatcher's retries. Answer id and time alone
    // could repeat when someone changes an answer within the same millisecond.
    const refresh = `update:${saved.id}:${now.getTime()}:${randomUUID()}`;
    await replace(tx, now, tallyKey(s.meeting.id), refresh, tallyOf(s, ctx.timezone));
    // Personal: clicked on a card in the case space, the answer is shown to this person only.
    const mine = askMessage(ctx.actor.locale, ctx.timezone, s.facts, answersOf(s, personId));
    return personalised(mine, meetingActions.view, s.meeting.id);
  });
}

/** The regisseur confirms a slot: everyone gets the meeting, the case space the date, the
 * participants' buttons give way to a note. Returns the final tally (without buttons). */
export async function confirmSlot(ctx: Context, slotId: string): Promise<MessageView> {
  const t = texts(ctx.actor.locale);
  const { c, slot } = await openMeetingOf(ctx, slotId, meetingActions.confirm, "regisseur");
  const now = ctx.clock.now();
  const tz = ctx.timezone;
  const when = (locale: Locale) => formatDateTime(slot.startsAt, locale, tz);
  return ctx.db.$transaction(async (tx) => {
    const done = await tx.meeting.updateMany({
      where: { id: slot.meetingId, status: "gepland" },
      data: {
        status: "bevestigd",
        confirmedSlotId: slotId,
        confirmedAt: now,
        // Confirmed within the reminder window: the confirmation is the reminder.
        reminderSentAt: isoDay(slot.startsAt, tz) <= nextWorkingDay(now, tz) ? now : null,
      },
    });
    const s = await snapshot(tx, slot.meetingId);
    if (!done.count) assertOpen(t, s, tz, ctx.actor.locale); // someone else confirmed first: throws
    await event(tx, now, ctx.actor, c.id, "meeting.confirmed", { at: slot.startsAt.toISOString() });
    // The digests' lead time to a first meeting (kept on the case: no timeline walk per case).
    await tx.case.updateMany({ where: { id: c.id, firstMeetingAt: null }, data: { firstMeetingAt: now } });
    for (const personId of s.everyone) {
      const message = confirmedMessage(s.localeOf(personId), tz, s.facts, "confirmed");
      await sendDm(tx, now, `meeting:${s.meeting.id}:confirmed:${personId}`, personId, message);
    }
    for (const personId of s.asked) {
      const locale = s.localeOf(personId);
      await replace(
        tx,
        now,
        askKey(s.meeting.id, personId),
        "closed",
        say(texts(locale).askClosed({ when: when(locale) })),
      );
    }
    const text = shared.postConfirmed({ code: c.code, when: when("nl"), minutes: s.facts.durationMin });
    await post(tx, now, `meeting:${s.meeting.id}:confirmed:post`, `case:${c.id}`, say(text));
    const final = tallyMessage(ctx.actor.locale, tz, s.facts, s.tally, s.names);
    return personalised(final, meetingActions.view, s.meeting.id);
  });
}

// ---------------------------------------------------------------- closing the case

/** For the cases feature, in the transaction that closes case `c`: open proposals and meetings still
 * ahead are cancelled (no more answers, no reminders), the earlier messages give way to a note and
 * everyone in them is told. Returns how many meetings were cancelled. */
export async function cancelMeetingsOfCase(tx: Tx, ctx: Context, c: { id: string; code: string }) {
  const now = ctx.clock.now();
  const tz = ctx.timezone;
  const meetings = await tx.meeting.findMany({
    where: { caseId: c.id, status: { in: ["gepland", "bevestigd"] } },
    include: { slots: true },
  });
  const ahead = meetings.filter((m) => {
    const confirmed = m.slots.find((slot) => slot.id === m.confirmedSlotId);
    return m.status === "gepland" || (confirmed !== undefined && confirmed.startsAt > now);
  });
  for (const m of ahead) {
    await tx.meeting.update({ where: { id: m.id }, data: { status: "geannuleerd" } });
    await event(tx, now, ctx.actor, c.id, "meeting.cancelled", { reason: "case-closed" });
    const s = await snapshot(tx, m.id, ctx.actor.locale);
    const confirmed = m.slots.find((slot) => slot.id === m.confirmedSlotId);
    const note = (locale: Locale) =>
      confirmed
        ? texts(locale).closedCancelledWhen({
            code: c.code,
            when: formatDateTime(confirmed.startsAt, locale, tz),
          })
        : texts(locale).closedCancelled({ code: c.code });
    for (const personId of s.everyone) {
      const text = note(s.localeOf(personId));
      if (confirmed) {
        await replace(tx, now, `meeting:${m.id}:confirmed:${personId}`, "case-closed", say(text));
        await sendDm(tx, now, `meeting:${m.id}:case-closed:${personId}`, personId, say(text));
      } else {
        const ofKey = personId === s.regisseurId ? tallyKey(m.id) : askKey(m.id, personId);
        await replace(tx, now, ofKey, "case-closed", say(text));
      }
    }
  }
  return ahead.length;
}

// ---------------------------------------------------------------- helpers

/** Queues an update of the message sent earlier under `ofKey`, as its own outbox row. */
function replace(tx: Tx, now: Date, ofKey: string, suffix: string, message: MessageView) {
  return enqueue(tx, now, `${ofKey}:${suffix}`, { op: "update", ofKey, message });
}

function event(tx: Tx, now: Date, actor: Actor, caseId: string, type: string, data: CaseEventData) {
  return recordCaseEvent(tx, { caseId, actorId: actor.personId, type, data, now });
}
