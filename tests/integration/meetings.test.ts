import { expect, it } from "vitest";
import type { Delivery } from "../../src/chat/memory-port.ts";
import {
  buttonsOf,
  factsOf,
  headingOf,
  type MessageView,
  plainText,
  type Reply,
  say,
  tableOf,
  textOf as viewText,
} from "../../src/chat/views.ts";
import { MINUTE } from "../../src/core/clock.ts";
import { formatDateTime } from "../../src/core/format.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { measureGroups } from "../../src/features/digests/measure.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import { meetingJobs, runMeetingReminders } from "../../src/features/meetings/schedule.ts";
import { describeMeetings } from "../../src/features/meetings/summary.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const pupilRef = "LL-483920";
const timezone = "Europe/Amsterdam";
/** A time as the messages show it, e.g. "wo 25 nov. 2026 14:00" (the abbreviation depends on ICU). */
const shown = (local: string) => formatDateTime(new Date(`${local}:00+01:00`), "nl", timezone);

/** A case at school A led by the IB'er, with three kernpartners, created directly in the store. */
async function openCase(world: World, { consent = true, status = "verkennend" } = {}) {
  const now = world.clock.now();
  const members: [CastKey, string][] = [
    ["ib", "ib"],
    ["leerplicht", "leerplicht"],
    ["jgz", "jgz"],
    ["consultant", "swv-consultant"],
  ];
  const count = await world.db.case.count({ where: { swvId: world.swvId } });
  return world.db.case.create({
    data: {
      swvId: world.swvId,
      code: `K-2026-${String(count + 1).padStart(4, "0")}`,
      schoolId: world.schools.A,
      pupilRef,
      form: "verkennend",
      status,
      regisseurId: world.people.ib,
      consentDate: consent ? now : null,
      reason: "Veel verzuim sinds de herfstvakantie",
      createdAt: now,
      participants: {
        create: members.map(([key, role]) => ({ personId: world.people[key], role, addedAt: now })),
      },
    },
  });
}

function propose(world: World, caseId: string, values: Record<string, string>, who: CastKey = "ib") {
  return world.as(who, { kind: "submission", name: "meeting.create", context: caseId, values });
}

const answer = (world: World, who: CastKey, slotId: string, value: string) =>
  world.as(who, { kind: "action", name: "meeting.answer", value: `${slotId}:${value}` });
const confirm = (world: World, who: CastKey, slotId: string) =>
  world.as(who, { kind: "action", name: "meeting.confirm", value: slotId });

/** What a reply (or a message) says. */
function textOf(reply: Reply | MessageView): string {
  if ("blocks" in reply) return viewText(reply);
  return reply.type === "message" || reply.type === "update" ? viewText(reply.message) : `(${reply.type})`;
}

function messageOf(delivery: Delivery | undefined): MessageView {
  const request = delivery?.request;
  if (request?.op === "dm" || request?.op === "post" || request?.op === "update") return request.message;
  throw new Error(`no message in ${JSON.stringify(delivery)}`);
}

const meetingOf = (world: World, caseId: string) =>
  world.db.meeting.findFirstOrThrow({
    where: { caseId },
    orderBy: { createdAt: "desc" },
    include: { slots: { orderBy: { startsAt: "asc" } } },
  });

const jobDeps = (world: World) => ({
  db: world.db,
  clock: world.clock,
  logger: silentLogger,
  timezone,
  locale: "nl" as const,
  notify: () => {},
});

describeEachDatabase("meetings: scheduling a knooppunt meeting", (get) => {
  it("proposes times, collects answers with a live tally, confirms and reminds the working day before", async () => {
    const world = await createWorld(get().db); // Monday 23 November 2026, 09:00
    const c = await openCase(world);
    const everything: Delivery[] = [];
    const flush = async () => {
      const sent = await world.flush();
      everything.push(...sent);
      return sent;
    };

    const form = await world.as("ib", { kind: "action", name: "meeting.propose", value: c.id });
    expect(form).toMatchObject({ type: "form", form: { id: "meeting.create", context: c.id } });
    const done = await propose(world, c.id, {
      slot1: "2026-11-26T10:00",
      slot2: "2026-11-25T14:00",
      slot3: "2026-11-27T15:30",
      duration: "60",
      location: "School, kamer IB",
    });
    expect(done).toMatchObject({
      type: "done",
      message: say(expect.stringContaining("3 deelnemer(s)")),
    });
    const meeting = await meetingOf(world, c.id);
    const [wed, thu, fri] = meeting.slots;
    if (!wed || !thu || !fri) throw new Error("three slots expected");

    // Every participant but the regisseur is asked, with three buttons per time.
    const proposed = await flush();
    const asks = proposed.filter((d) => d.key.startsWith(`meeting:${meeting.id}:ask:`));
    const personOf = (d: Delivery) => (d.request.op === "dm" ? d.request.personId : d.request.op);
    expect(asks.map(personOf).sort()).toEqual(
      [world.people.leerplicht, world.people.jgz, world.people.consultant].sort(),
    );
    const ask = messageOf(asks[0]);
    expect(buttonsOf(ask)?.map((b) => b.value)).toEqual(
      [wed, thu, fri].flatMap((s) => [`${s.id}:kan`, `${s.id}:liever_niet`, `${s.id}:kan_niet`]),
    );
    expect(
      buttonsOf(ask)
        ?.slice(0, 3)
        .map((b) => b.label),
    ).toEqual([
      `${shown("2026-11-25T14:00")}: Kan`,
      `${shown("2026-11-25T14:00")}: Liever niet`,
      `${shown("2026-11-25T14:00")}: Kan niet`,
    ]);
    expect(factsOf(ask)).toContainEqual({ label: "Locatie", value: "School, kamer IB" });
    const tally = proposed.find((d) => d.key === `meeting:${meeting.id}:tally`);
    expect(tally?.request).toMatchObject({ op: "dm", personId: world.people.ib });
    expect(buttonsOf(messageOf(tally))?.[0]).toMatchObject({
      action: "meeting.confirm",
      value: wed.id,
      style: "primary",
    });
    const post = proposed.find((d) => d.request.op === "post");
    expect(post?.request).toMatchObject({ channelId: `case:${c.id}` });
    expect(textOf(messageOf(post))).toContain(c.code);

    // Answers: the participant's DM shows them, the tally follows.
    const first = await answer(world, "leerplicht", wed.id, "kan");
    expect(first.type).toBe("update");
    if (first.type !== "update") return;
    expect(buttonsOf(first.message)?.[0]).toMatchObject({
      label: `${shown("2026-11-25T14:00")}: ✓ Kan`,
      style: "primary",
    });
    expect(buttonsOf(first.message)).toHaveLength(9); // still changeable
    expect(factsOf(first.message)?.[0]).toEqual({ label: shown("2026-11-25T14:00"), value: "✓ Kan" });
    await answer(world, "leerplicht", thu.id, "kan_niet");
    await answer(world, "leerplicht", fri.id, "kan");
    await answer(world, "jgz", wed.id, "kan");
    await answer(world, "jgz", thu.id, "kan");
    await answer(world, "jgz", fri.id, "liever_niet");
    await answer(world, "consultant", wed.id, "kan_niet");
    await answer(world, "consultant", wed.id, "liever_niet"); // changed her mind
    await answer(world, "consultant", thu.id, "kan");
    expect(await world.db.slotAnswer.count({ where: { slotId: wed.id } })).toBe(3);
    expect(await describeMeetings(world.db, c.id, "nl", timezone)).toBe(
      "Overleg gepland: 3 voorstellen, 2 van 3 hebben geantwoord",
    );

    const updates = (await flush()).filter((d) => d.request.op === "update");
    // Nine answers queued nine updates of the tally; only the newest is sent (coalesced).
    expect(updates).toHaveLength(1);
    expect(
      updates.every((d) => d.request.op === "update" && d.request.ofKey === `meeting:${meeting.id}:tally`),
    ).toBe(true);
    const live = messageOf(updates.at(-1));
    expect(textOf(live)).toContain("2 van 3 deelnemers");
    expect(tableOf(live)?.rows).toEqual([
      [`★ ${shown("2026-11-25T14:00")}`, "2: Jasmijn Gerritsen, Lotte Peters", "1: Carla Smeets", "0", "0"],
      [shown("2026-11-26T10:00"), "2: Carla Smeets, Jasmijn Gerritsen", "0", "1: Lotte Peters", "0"],
      [shown("2026-11-27T15:30"), "1: Lotte Peters", "1: Jasmijn Gerritsen", "0", "1: Carla Smeets"],
    ]);
    expect(buttonsOf(live)?.map((b) => [b.label, b.style])).toEqual([
      [`Bevestig ${shown("2026-11-25T14:00")}`, "primary"],
      [`Bevestig ${shown("2026-11-26T10:00")}`, undefined],
      [`Bevestig ${shown("2026-11-27T15:30")}`, undefined],
    ]);

    // Only the regisseur confirms.
    expect(textOf(await confirm(world, "jgz", wed.id))).toContain("Alleen de regisseur");
    const confirmed = await confirm(world, "ib", wed.id);
    expect(confirmed.type).toBe("update");
    expect(textOf(confirmed)).toContain("Bevestigd");
    if (confirmed.type === "update") expect(buttonsOf(confirmed.message)).toEqual([]);
    const afterConfirm = await flush();
    const confirmations = afterConfirm.filter(
      (d) => d.key.startsWith(`meeting:${meeting.id}:confirmed:`) && d.request.op === "dm",
    );
    expect(confirmations.map(personOf).sort()).toEqual(
      [world.people.ib, world.people.leerplicht, world.people.jgz, world.people.consultant].sort(),
    );
    expect(factsOf(messageOf(confirmations[0]))).toEqual([
      { label: "Wanneer", value: `${shown("2026-11-25T14:00")}` },
      { label: "Duur", value: "60 minuten" },
      { label: "Locatie", value: "School, kamer IB" },
      { label: "Casus", value: c.code },
      { label: "Regisseur", value: "Ilse Bakker" },
    ]);
    const confirmedPost = afterConfirm.find((d) => d.request.op === "post");
    expect(confirmedPost?.request).toMatchObject({ channelId: `case:${c.id}` });
    expect(textOf(messageOf(confirmedPost))).toContain(shown("2026-11-25T14:00"));
    // The participants' buttons give way to a note.
    const closed = afterConfirm.filter((d) => d.request.op === "update");
    expect(closed).toHaveLength(3);
    expect(buttonsOf(messageOf(closed[0]))).toEqual([]);

    expect(textOf(await answer(world, "jgz", thu.id, "kan_niet"))).toContain("al bevestigd");
    expect(await describeMeetings(world.db, c.id, "nl", timezone)).toBe(
      `Overleg bevestigd: ${shown("2026-11-25T14:00")} (60 min, School, kamer IB)`,
    );
    const events = await world.db.caseEvent.findMany({ where: { caseId: c.id } });
    expect(events.map((e) => e.type).sort()).toEqual(["meeting.confirmed", "meeting.proposed"]);

    // The reminder: not on Monday, on Tuesday morning (the working day before), once.
    const [job] = meetingJobs(jobDeps(world));
    expect(job).toMatchObject({ name: "meetings.reminders", cron: "0 9 * * 1-5" });
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
    world.clock.set("2026-11-24T09:00:00+01:00");
    await job?.run({ period: world.clock.now(), now: world.clock.now() });
    const reminders = (await flush()).filter((d) => d.key.startsWith(`meeting:${meeting.id}:reminder:`));
    expect(reminders).toHaveLength(4);
    expect(headingOf(messageOf(reminders[0]))).toBe(`Herinnering: knooppuntoverleg ${c.code}`);
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);

    // Privacy: the pupil reference is in no message at all, posts included.
    expect(everything.filter((d) => d.request.op === "post")).toHaveLength(2);
    expect(JSON.stringify(everything)).not.toContain(pupilRef);
  });

  it("records when each meeting was confirmed and the case's first meeting, as the digests count them", async () => {
    const world = await createWorld(get().db); // Monday 23 November 2026, 09:00
    const c = await openCase(world);
    // Slots far ahead: the other tests' reminder runs see every meeting in the database.
    await propose(world, c.id, { slot1: "2027-02-15T10:00", slot2: "2027-02-16T10:00", duration: "60" });
    world.clock.set("2026-11-24T15:00:00+01:00");
    const firstAt = world.clock.now();
    await confirm(world, "ib", (await meetingOf(world, c.id)).slots[0]?.id ?? "");
    world.clock.set("2026-12-01T09:00:00+01:00");
    await propose(world, c.id, { slot1: "2027-02-22T10:00", slot2: "2027-02-23T10:00", duration: "60" });
    world.clock.set("2026-12-03T11:00:00+01:00");
    await confirm(world, "ib", (await meetingOf(world, c.id)).slots[0]?.id ?? "");
    await world.flush(); // the outbox is shared: the next tests count their own deliveries
    const meetings = await world.db.meeting.findMany({
      where: { caseId: c.id },
      orderBy: { createdAt: "asc" },
    });
    expect(meetings.map((m) => m.confirmedAt?.toISOString())).toEqual([
      firstAt.toISOString(),
      world.clock.now().toISOString(),
    ]);
    const kase = await world.db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(kase.firstMeetingAt?.toISOString()).toBe(firstAt.toISOString()); // the second one leaves it

    // The digest's lead times of November and December: to the first meeting only in November,
    // a scheduling time (proposal to confirmation) in each month.
    const lead = async (key: string) => {
      const period = parsePeriod(key);
      if (!period) throw new Error(key);
      const m = await measureGroups(world.db, world.swvId, () => "", [""], period, timezone);
      return [m.all.lead.caseToMeeting, m.all.lead.scheduling].map((x) => [x.n, x.median]);
    };
    expect(await lead("2026-11")).toEqual([
      [1, (firstAt.getTime() - kase.createdAt.getTime()) / 86_400_000],
      [1, (firstAt.getTime() - (meetings[0]?.createdAt.getTime() ?? 0)) / 86_400_000],
    ]);
    expect(await lead("2026-12")).toEqual([
      [0, null],
      [1, 2 + 2 / 24], // proposed Tuesday 09:00, confirmed Thursday 11:00
    ]);
  });

  it("reminds on Friday of a meeting on Monday, and not on Thursday", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await propose(world, c.id, { slot1: "2026-11-30T10:00", slot2: "2026-12-01T10:00", duration: "90" });
    const meeting = await meetingOf(world, c.id);
    await confirm(world, "ib", meeting.slots[0]?.id ?? "");
    await world.flush();

    world.clock.set("2026-11-26T09:00:00+01:00"); // Thursday
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
    world.clock.set("2026-11-27T09:00:00+01:00"); // Friday
    expect(await runMeetingReminders(jobDeps(world))).toBe(1);
    const reminders = await world.flush();
    expect(reminders).toHaveLength(4);
    expect(textOf(messageOf(reminders[0]))).toContain(shown("2026-11-30T10:00"));
    expect(factsOf(messageOf(reminders[0]))).toContainEqual({ label: "Duur", value: "90 minuten" });
    world.clock.set("2026-11-30T09:00:00+01:00"); // Monday itself: already reminded
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
  });

  it("still reminds once, late, when the clock jumped past the reminder's moment", async () => {
    const world = await createWorld(get().db); // Monday
    const c = await openCase(world);
    await propose(world, c.id, { slot1: "2026-11-25T14:00", slot2: "2026-11-26T14:00" });
    await confirm(world, "ib", (await meetingOf(world, c.id)).slots[0]?.id ?? "");
    world.clock.set("2026-11-25T11:00:00+01:00"); // Wednesday: Tuesday's run never happened
    expect(await runMeetingReminders(jobDeps(world))).toBe(1);
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
  });

  it("counts a confirmation within the reminder window as the reminder", async () => {
    const world = await createWorld(get().db); // Monday
    const c = await openCase(world);
    await propose(world, c.id, { slot1: "2026-11-24T15:00", slot2: "2026-11-25T15:00" });
    const meeting = await meetingOf(world, c.id);
    await confirm(world, "ib", meeting.slots[0]?.id ?? ""); // Tuesday: tomorrow
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
    world.clock.set("2026-11-24T09:00:00+01:00");
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
  });

  it("lets only the regisseur propose and confirm, only participants answer; outsiders get geen toegang", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    const values = { slot1: "2026-11-25T14:00", slot2: "2026-11-26T10:00" };

    const outsiderPropose = await world.as("outsider", {
      kind: "action",
      name: "meeting.propose",
      value: c.id,
    });
    expect(textOf(outsiderPropose)).toContain("Geen toegang");
    expect(textOf(await propose(world, c.id, values, "outsider"))).toContain("Geen toegang");
    expect(textOf(await world.as("jgz", { kind: "action", name: "meeting.propose", value: c.id }))).toContain(
      "Alleen de regisseur",
    );
    expect(textOf(await propose(world, c.id, values, "jgz"))).toContain("Alleen de regisseur");
    expect(await world.db.meeting.count({ where: { caseId: c.id } })).toBe(0);

    await propose(world, c.id, values);
    const slot = (await meetingOf(world, c.id)).slots[0]?.id ?? "";
    for (const reply of [
      await answer(world, "outsider", slot, "kan"),
      await confirm(world, "outsider", slot),
    ]) {
      expect(textOf(reply)).toContain("Geen toegang");
      expect(textOf(reply)).not.toContain(pupilRef);
    }
    expect(textOf(await confirm(world, "jgz", slot))).toContain("Alleen de regisseur");
    expect(textOf(await answer(world, "ib", slot, "kan"))).toContain("niet gevraagd");
    // Nor can a board member, who takes no part in the case.
    expect(textOf(await answer(world, "bestuur", slot, "kan"))).toContain("Geen toegang");
    expect(await world.db.slotAnswer.count({ where: { slotId: slot } })).toBe(0);
    expect((await world.db.meeting.findFirstOrThrow({ where: { caseId: c.id } })).status).toBe("gepland");
    const denied = await world.db.auditEntry.findMany({
      where: { actorId: world.people.outsider, entityId: c.id },
      select: { action: true },
    });
    expect(denied.map((a) => a.action).sort()).toEqual([
      "meeting.answer.denied",
      "meeting.confirm.denied",
      "meeting.create.denied",
      "meeting.propose.denied",
    ]);
    // A participant who is not the regisseur is refused, and audited as refused (not as a read or write).
    const jgz = await world.db.auditEntry.findMany({
      where: { actorId: world.people.jgz, entityId: c.id },
      select: { action: true },
    });
    expect(jgz.map((a) => a.action).sort()).toEqual([
      "meeting.confirm.denied",
      "meeting.create.denied",
      "meeting.propose.denied",
    ]);
  });

  it("refuses a closed case, a case without consent and bad input; proposing again lets the earlier proposal lapse", async () => {
    const world = await createWorld(get().db);
    const values = { slot1: "2026-11-25T14:00", slot2: "2026-11-26T10:00" };
    const closedCase = await openCase(world, { status: "afgesloten" });
    expect(textOf(await propose(world, closedCase.id, values))).toContain("afgesloten");
    const noConsent = await openCase(world, { consent: false });
    const refused = await world.as("ib", { kind: "action", name: "meeting.propose", value: noConsent.id });
    expect(textOf(refused)).toContain("toestemming van ouders");

    const c = await openCase(world);
    const invalid = await propose(world, c.id, { slot1: "2026-11-25T14:00", location: "Teams" });
    expect(invalid.type).toBe("invalid");
    if (invalid.type === "invalid") {
      const fields = Object.fromEntries(invalid.form.fields.map((f) => [f.name, f]));
      expect(fields.slot1?.value).toBe("2026-11-25T14:00");
      expect(fields.slot2?.error).toBe("Stel minstens 2 tijden voor.");
      expect(fields.location?.value).toBe("Teams");
    }
    expect(await world.db.meeting.count({ where: { caseId: c.id } })).toBe(0);

    await propose(world, c.id, values);
    const earlier = await meetingOf(world, c.id);
    await answer(world, "jgz", earlier.slots[0]?.id ?? "", "kan");
    await world.flush();
    world.clock.advance(MINUTE);
    const again = await propose(world, c.id, { slot1: "2026-11-30T10:00", slot2: "2026-12-01T10:00" });
    expect(again).toMatchObject({
      type: "done",
      message: say(expect.stringContaining("eerdere voorstel is vervallen")),
    });
    const later = await meetingOf(world, c.id);
    expect(later.id).not.toBe(earlier.id);
    expect((await world.db.meeting.findUniqueOrThrow({ where: { id: earlier.id } })).status).toBe(
      "geannuleerd",
    );
    const sent = await world.flush();
    const lapsed = sent.filter(
      (d) => d.request.op === "update" && d.request.ofKey.startsWith(`meeting:${earlier.id}:`),
    );
    expect(lapsed).toHaveLength(4); // three participants' DMs and the tally
    expect(textOf(messageOf(lapsed[0]))).toMatch(/vervallen/i);
    expect(sent.filter((d) => d.key.startsWith(`meeting:${later.id}:ask:`))).toHaveLength(3);
    expect(textOf(await answer(world, "jgz", earlier.slots[1]?.id ?? "", "kan"))).toMatch(/vervallen/i);
    expect(textOf(await answer(world, "jgz", "nope", "kan"))).toContain("bestaat niet meer");
    expect(textOf(await answer(world, "jgz", later.slots[0]?.id ?? "", "misschien"))).toContain(
      "bestaat niet meer",
    );
    const events = await world.db.caseEvent.findMany({ where: { caseId: c.id } });
    expect(events.map((e) => e.type).sort()).toEqual([
      "meeting.cancelled",
      "meeting.proposed",
      "meeting.proposed",
    ]);
    expect(await describeMeetings(world.db, c.id, "nl", timezone)).toBe(
      "Overleg gepland: 2 voorstellen, 0 van 3 hebben geantwoord",
    );
    expect(await describeMeetings(world.db, closedCase.id, "nl", timezone)).toBeNull();
  });
  it("refuses a time that has passed or is more than a year ahead", async () => {
    const world = await createWorld(get().db); // Monday 23 November 2026, 09:00
    const c = await openCase(world);
    const far = await propose(world, c.id, { slot1: "2027-12-01T10:00", slot2: "2026-11-25T10:00" });
    expect(JSON.stringify(far)).toContain("meer dan een jaar vooruit");
    await propose(world, c.id, { slot1: "2026-11-24T10:00", slot2: "2026-11-26T10:00" });
    const slot = (await meetingOf(world, c.id)).slots[0]?.id ?? "";
    world.clock.set("2026-11-24T11:00:00+01:00"); // the first time has passed
    const passed = "Dit tijdstip is al voorbij: antwoorden of bevestigen kan niet meer.";
    expect(textOf(await answer(world, "jgz", slot, "kan"))).toContain(passed);
    expect(textOf(await confirm(world, "ib", slot))).toContain(passed);
    expect((await world.db.meeting.findFirstOrThrow({ where: { caseId: c.id } })).status).toBe("gepland");
  });

  it("closing the case cancels its meeting ahead: no reminder, and everyone is told", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await propose(world, c.id, { slot1: "2026-11-30T10:00", slot2: "2026-12-01T10:00" });
    const meeting = await meetingOf(world, c.id);
    await confirm(world, "ib", meeting.slots[0]?.id ?? "");
    await world.flush();
    const closed = await world.as("ib", {
      kind: "submission",
      name: "case.close",
      context: c.id,
      values: { outcome: "ondersteuning-op-school", evaluation: "Goed opgepakt door school." },
    });
    expect(closed.type).toBe("done");
    expect((await world.db.meeting.findFirstOrThrow({ where: { id: meeting.id } })).status).toBe(
      "geannuleerd",
    );
    const sent = await world.flush();
    const told = sent.filter((d) => d.request.op === "dm" && d.key.includes(":case-closed:"));
    expect(told).toHaveLength(4);
    expect(plainText(messageOf(told[0]))).toContain(`Knooppunt ${c.code} is afgesloten: het overleg van`);
    expect(sent.filter((d) => d.request.op === "update" && d.key.endsWith(":case-closed"))).toHaveLength(4);
    world.clock.set("2026-11-27T09:00:00+01:00");
    expect(await runMeetingReminders(jobDeps(world))).toBe(0);
  });

  it("closing the case lets an open proposal lapse for everyone asked", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await propose(world, c.id, { slot1: "2026-11-30T10:00", slot2: "2026-12-01T10:00" });
    const meeting = await meetingOf(world, c.id);
    await world.flush();
    await world.as("ib", {
      kind: "submission",
      name: "case.close",
      context: c.id,
      values: { outcome: "ondersteuning-op-school", evaluation: "Niet meer nodig." },
    });
    const updates = (await world.flush()).filter((d) => d.request.op === "update");
    expect(updates.map((d) => (d.request.op === "update" ? d.request.ofKey : "")).sort()).toEqual(
      [
        `meeting:${meeting.id}:tally`,
        ...["leerplicht", "jgz", "consultant"].map(
          (k) => `meeting:${meeting.id}:ask:${world.people[k as CastKey]}`,
        ),
      ].sort(),
    );
    expect(textOf(await answer(world, "jgz", meeting.slots[0]?.id ?? "", "kan"))).not.toContain("Opgeslagen");
  });
});
