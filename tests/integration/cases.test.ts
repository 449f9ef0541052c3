import { expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import {
  type Block,
  buttonsOf,
  type FormValues,
  type FormView,
  factsOf,
  headingOf,
  type MessageView,
  message,
  type Reply,
  say,
  tableOf,
  textOf,
} from "../../src/chat/views.ts";
import { formatDate, formatDateTime, parseLocal } from "../../src/core/format.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runActionReminders } from "../../src/features/cases/schedule.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const PUPIL = "JB 2015";
const TZ = "Europe/Amsterdam";
/** A date as Knoop shows it (the exact form depends on the ICU data of the Node build). */
const day = (iso: string) => formatDate(parseLocal(iso, TZ) as Date, "nl", TZ);
const REASON = "Verzuimt sinds de herfstvakantie, ouders ongerust";

function form(reply: Reply): FormView {
  if (reply.type !== "form" && reply.type !== "invalid")
    throw new Error(`expected a form, got ${JSON.stringify(reply)}`);
  return reply.form;
}

function msg(reply: Reply): MessageView {
  if (reply.type === "form" || reply.type === "invalid" || reply.type === "page" || !reply.message)
    throw new Error(`expected a message, got ${JSON.stringify(reply)}`);
  return reply.message;
}

const valuesOf = (f: FormView): FormValues => Object.fromEntries(f.fields.map((x) => [x.name, x.value]));
const field = (f: FormView, name: string) => f.fields.find((x) => x.name === name);

/** Opens a case through the real form (by command, or from a signal), with consent unless told. */
async function openCase(world: World, overrides: FormValues = {}, who: CastKey = "ib", signalId?: string) {
  const intent: Intent = signalId
    ? { kind: "action", name: "case.openFromSignal", value: signalId }
    : { kind: "command", args: ["casus", "nieuw"] };
  const f = form(await world.as(who, intent));
  const values = {
    ...valuesOf(f),
    pupilRef: PUPIL,
    reason: REASON,
    consent: "akkoord",
    consentDate: "2026-11-20",
    ...overrides,
  };
  const reply = await world.as(who, { kind: "submission", name: "case.create", values, context: f.context });
  expect(reply.type, JSON.stringify(reply)).toBe("done");
  const code = /K-\d{4}-\d{4}/.exec(textOf(msg(reply)))?.[0] ?? "";
  return world.db.case.findFirstOrThrow({ where: { swvId: world.swvId, code } });
}

const submit = (world: World, who: CastKey, name: string, caseId: string, values: FormValues) =>
  world.as(who, { kind: "submission", name, values, context: caseId });

describeEachDatabase("cases: opening", (get) => {
  it("offers the school's IB'er as regisseur and its kernpartners as suggestion", async () => {
    const world = await createWorld(get().db);
    const f = form(await world.as("ib", { kind: "command", args: ["casus", "nieuw"] }));
    expect(field(f, "school")?.options?.map((o) => o.label)).toEqual(["De Regenboog"]);
    expect(field(f, "regisseur")?.value).toBe(world.people.ib);
    const { leerplicht, jgz, buurtteam, consultant, outsider } = world.people;
    expect(field(f, "participants")?.value).toEqual(
      expect.arrayContaining([leerplicht, jgz, buurtteam, consultant]),
    );
    const options = field(f, "participants")?.options ?? [];
    expect(options.map((o) => o.value)).not.toContain(outsider);
    expect(options.find((o) => o.value === leerplicht)?.label).toBe(
      "Lotte Peters (Leerplichtambtenaar: De Regenboog)",
    );
    expect(options.find((o) => o.value === consultant)?.label).toContain("heel SWV");
    expect(field(f, "pupilRef")?.hint).toContain("naam hoort hier niet");
  });

  it("opens a case directly: code, participants, case space, announcement and invitations", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    expect(c).toMatchObject({
      code: "K-2026-0001",
      status: "aangemeld",
      form: "verkennend",
      regisseurId: world.people.ib,
      consentById: world.people.ib,
      pupilRef: PUPIL,
      reason: REASON,
    });
    const participants = await world.db.caseParticipant.findMany({ where: { caseId: c.id } });
    const roles = Object.fromEntries(participants.map((p) => [p.personId, p.role]));
    const { ib, leerplicht, jgz, buurtteam, consultant } = world.people;
    expect(roles).toEqual({
      [ib]: "ib",
      [leerplicht]: "leerplicht",
      [jgz]: "jgz",
      [buurtteam]: "buurtteam",
      [consultant]: "swv-consultant",
    });
    const sent = await world.flush();
    const space = sent.find((d) => d.request.op === "createCaseSpace");
    expect(space?.request).toMatchObject({ caseId: c.id, caseCode: "K-2026-0001" });
    expect(space?.request.op === "createCaseSpace" && space.request.personIds.sort()).toEqual(
      [ib, leerplicht, jgz, buurtteam, consultant].sort(),
    );
    const announce = sent.find((d) => d.request.op === "post");
    expect(announce?.request).toMatchObject({ channelId: `case:${c.id}` });
    expect(JSON.stringify(announce)).toContain("K-2026-0001");
    expect(JSON.stringify(announce)).toContain("Ilse Bakker");
    const dms = sent.filter((d) => d.request.op === "dm");
    expect(dms).toHaveLength(5);
    const toLotte = dms.find((d) => d.request.op === "dm" && d.request.personId === leerplicht);
    expect(toLotte?.request.op === "dm" && textOf(toLotte.request.message)).toContain(PUPIL);
    expect(toLotte?.request.op === "dm" && buttonsOf(toLotte.request.message)?.[0]).toMatchObject({
      action: "case.show",
      value: c.id,
    });
    const event = await world.db.caseEvent.findFirst({ where: { caseId: c.id, type: "created" } });
    expect(event?.actorId).toBe(ib);
    const audited = await world.db.auditEntry.findFirst({ where: { entityId: c.id, action: "case.create" } });
    expect(audited).toMatchObject({ access: "write", actorId: ib, surface: "sandbox" });
  });

  it("opens a case from a signal: prefilled, the signal turns omgezet, only for those involved", async () => {
    const world = await createWorld(get().db);
    const signal = await world.db.signal.create({
      data: {
        swvId: world.swvId,
        schoolId: world.schools.A,
        reporterId: world.people.leerplicht,
        pupilRef: "204518",
        domain: "verzuim",
        description: "Drie weken niet op school geweest",
        urgency: "hoog",
        assignedRole: "leerplicht",
        createdAt: world.clock.now(),
      },
    });
    const denied = await world.as("outsider", {
      kind: "action",
      name: "case.openFromSignal",
      value: signal.id,
    });
    expect(textOf(msg(denied))).toContain("Van dit signaal kun je geen casus maken");
    expect(textOf(msg(denied))).not.toContain("204518");

    const f = form(await world.as("ib", { kind: "action", name: "case.openFromSignal", value: signal.id }));
    expect(f.context).toBe(signal.id);
    expect(valuesOf(f)).toMatchObject({
      school: world.schools.A,
      pupilRef: "204518",
      reason: "Drie weken niet op school geweest",
    });
    const c = await openCase(world, { pupilRef: "204518" }, "ib", signal.id);
    expect(c.signalId).toBe(signal.id);
    const after = await world.db.signal.findUniqueOrThrow({ where: { id: signal.id } });
    expect(after).toMatchObject({ status: "omgezet", caseId: c.id });
    expect(await world.db.signalEvent.count({ where: { signalId: signal.id, type: "omgezet" } })).toBe(1);
    // The IB'er did not receive the signal, yet it goes through the signals feature: the reporter
    // hears the case code.
    const told = (await world.flush()).find((d) => d.key === `signal:${signal.id}:omgezet`);
    expect(JSON.stringify(told?.request)).toContain(`omgezet in knooppunt ${c.code}`);

    const again = await world.as("ib", { kind: "action", name: "case.openFromSignal", value: signal.id });
    expect(textOf(msg(again))).toContain(`al een casus gemaakt: ${c.code}`);
    // A crafted submission with the signal as context is refused as well.
    const crafted = await world.as("outsider", {
      kind: "submission",
      name: "case.create",
      values: {},
      context: signal.id,
    });
    expect(textOf(msg(crafted))).toContain("Van dit signaal kun je geen casus maken");
  });

  it("opens a case from a signal the kernpartner took, through the signals feature", async () => {
    const world = await createWorld(get().db);
    const signal = await world.db.signal.create({
      data: {
        swvId: world.swvId,
        schoolId: world.schools.A,
        reporterId: world.people.ib,
        pupilRef: "204518",
        domain: "gezin",
        description: "Zorgen over de thuissituatie",
        urgency: "normaal",
        status: "opgepakt",
        assigneeId: world.people.buurtteam,
        assignedRole: "buurtteam",
        createdAt: world.clock.now(),
      },
    });
    const c = await openCase(world, { pupilRef: "204518" }, "buurtteam", signal.id);
    expect(c.regisseurId).toBe(world.people.ib);
    const after = await world.db.signal.findUniqueOrThrow({ where: { id: signal.id } });
    expect(after).toMatchObject({ status: "omgezet", caseId: c.id });
    const events = await world.db.signalEvent.findMany({ where: { signalId: signal.id } });
    expect(events.map((e) => [e.type, e.detail])).toContainEqual(["omgezet", c.code]);
  });

  it("numbers cases per SWV and year, also when two are opened at the same moment", async () => {
    const world = await createWorld(get().db);
    expect((await openCase(world)).code).toBe("K-2026-0001");
    expect((await openCase(world)).code).toBe("K-2026-0002");
    const both = await Promise.all([openCase(world), openCase(world, {}, "leerplicht")]);
    expect(both.map((c) => c.code).sort()).toEqual(["K-2026-0003", "K-2026-0004"]);
    const other = await createWorld(get().db);
    expect((await openCase(other)).code).toBe("K-2026-0001");
    // 31 Dec 23:30 UTC is already 1 January in Amsterdam.
    world.clock.set("2026-12-31T23:30:00Z");
    expect((await openCase(world)).code).toBe("K-2027-0001");
  });

  it("numbers the very first cases of a year apart when opened concurrently", async () => {
    const world = await createWorld(get().db);
    const both = await Promise.all([
      openCase(world),
      openCase(world, {}, "jgz"),
      openCase(world, {}, "buurtteam"),
    ]);
    expect(both.map((c) => c.code).sort()).toEqual(["K-2026-0001", "K-2026-0002", "K-2026-0003"]);
  });

  it("lets school staff and kernpartners open cases, not board members or beheerders", async () => {
    const world = await createWorld(get().db);
    for (const who of ["bestuur", "beheerder"] as const) {
      const reply = await world.as(who, { kind: "command", args: ["casus", "nieuw"] });
      expect(textOf(msg(reply))).toContain("Je kunt geen casus openen");
    }
    const c = await openCase(world, {}, "leerplicht");
    expect(c.regisseurId).toBe(world.people.ib); // the school's IB'er by default
    const roles = await world.db.caseParticipant.findMany({ where: { caseId: c.id } });
    expect(roles.find((p) => p.personId === world.people.leerplicht)?.role).toBe("leerplicht");
  });

  it("explains the usage for unknown or malformed casus commands", async () => {
    const world = await createWorld(get().db);
    for (const args of [
      ["casus"],
      ["casus", "foo"],
      ["casus", "nieuw", "x"],
      ["casus", "K-2026"],
      ["casus", "lijst", "2"],
    ]) {
      const text = textOf(msg(await world.as("ib", { kind: "command", args })));
      expect(text).toContain("/knoop casus nieuw");
      expect(text).toContain("/knoop casus K-2026-0042");
    }
    expect(textOf(msg(await world.as("ib", { kind: "command", args: ["casus", "foo"] })))).toContain(
      "Dat begrijp ik niet",
    );
    expect(textOf(msg(await world.as("ib", { kind: "command", args: ["casus", "K-2026-0999"] })))).toEqual(
      expect.stringContaining("Geen toegang: deze casus bestaat niet of je neemt er niet aan deel."),
    );
  });
});

describeEachDatabase("cases: forms reject bad input in Dutch and keep the values", (get) => {
  it("checks the opening form", async () => {
    const world = await createWorld(get().db);
    const f = form(await world.as("ib", { kind: "command", args: ["casus", "nieuw"] }));
    const values: FormValues = {
      ...valuesOf(f),
      pupilRef: "Jan",
      reason: "",
      consent: "akkoord",
      consentDate: "",
    };
    const bad = form(await world.as("ib", { kind: "submission", name: "case.create", values }));
    expect(field(bad, "pupilRef")).toMatchObject({
      value: "Jan",
      error: expect.stringContaining("lijkt een naam"),
    });
    expect(field(bad, "reason")?.error).toBe("Vul dit veld in.");
    expect(field(bad, "consentDate")?.error).toBe("Vul de datum in waarop ouders akkoord gaven.");
    expect(field(bad, "participants")?.value).toEqual(values.participants);

    const more = {
      ...values,
      pupilRef: "1",
      reason: "x".repeat(1001),
      consentDate: "2026-12-01",
      participants: [world.people.outsider],
      regisseur: world.people.outsider,
      form: "anders",
    };
    const worse = form(await world.as("ib", { kind: "submission", name: "case.create", values: more }));
    expect(field(worse, "pupilRef")?.error).toContain("2 tot 20 tekens");
    expect(field(worse, "reason")?.error).toBe("Gebruik hoogstens 1000 tekens.");
    expect(field(worse, "consentDate")?.error).toBe("Deze datum ligt in de toekomst.");
    expect(field(worse, "participants")?.error).toBe("Kies alleen kernpartners van de gekozen school.");
    expect(field(worse, "regisseur")?.error).toBe("Kies jezelf of een IB'er van de gekozen school.");
    expect(field(worse, "form")?.error).toBe("Kies een van de opties.");
    expect(field(worse, "reason")?.value).toBe(more.reason);

    const badDate = { ...values, pupilRef: PUPIL, reason: REASON, consentDate: "2026-02-30" };
    const third = form(await world.as("ib", { kind: "submission", name: "case.create", values: badDate }));
    expect(field(third, "consentDate")?.error).toBe("Vul een datum in als 2026-11-23.");
    const old = { ...values, pupilRef: PUPIL, reason: REASON, consentDate: "1990-01-01" };
    const fourth = form(await world.as("ib", { kind: "submission", name: "case.create", values: old }));
    expect(field(fourth, "consentDate")?.error).toBe(
      "Deze datum ligt te ver terug: kies een datum vanaf 2025-08-01.",
    );
    expect(await world.db.case.count({ where: { swvId: world.swvId } })).toBe(0);
  });

  it("checks every form inside a case", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world, {
      consent: "nog-niet",
      consentDate: "",
      participants: [world.people.leerplicht],
    });
    const cases: [string, FormValues, string, string][] = [
      ["case.goal.add", { text: "  " }, "text", "Vul dit veld in."],
      ["case.note.add", { text: "n".repeat(2001) }, "text", "Gebruik hoogstens 2000 tekens."],
      [
        "case.action.add",
        { description: "Bellen", owner: world.people.leerplicht, due: "2026-11-30" },
        "owner",
        "Kies een van de opties.",
      ],
      [
        "case.action.add",
        { description: "Bellen", owner: world.people.ib, due: "2026-11-20" },
        "due",
        "Deze datum ligt in het verleden.",
      ],
      [
        "case.action.add",
        { description: "Bellen", owner: world.people.ib, due: "30-11-2026" },
        "due",
        "Vul een datum in als 2026-11-23.",
      ],
      ["case.participant.add", { people: [] }, "people", "Vul dit veld in."],
      ["case.participant.add", { people: [world.people.outsider] }, "people", "Kies een van de opties."],
      ["case.consent", { date: "2026-11-24" }, "date", "Deze datum ligt in de toekomst."],
      // Dates are bounded: consent from the school year before the case's (from 1 August), actions
      // due within two years.
      [
        "case.consent",
        { date: "1990-05-01" },
        "date",
        "Deze datum ligt te ver terug: kies een datum vanaf 2025-08-01.",
      ],
      [
        "case.action.add",
        { description: "Bellen", owner: world.people.ib, due: "2099-01-01" },
        "due",
        "Deze datum ligt te ver vooruit: kies een datum tot en met 2028-11-23.",
      ],
      ["case.status", { status: "aangemeld" }, "status", "Kies een van de opties."],
      ["case.close", { outcome: "weg", evaluation: "" }, "outcome", "Kies een van de opties."],
      ["case.close", { outcome: "overig", evaluation: "" }, "evaluation", "Vul dit veld in."],
    ];
    for (const [name, values, name2, error] of cases) {
      const reply = await submit(world, "ib", name, c.id, values);
      expect(reply.type, `${name} ${JSON.stringify(reply)}`).toBe("invalid");
      const f = form(reply);
      expect(field(f, name2)?.error, name).toBe(error);
      for (const [k, v] of Object.entries(values)) expect(field(f, k)?.value, `${name} ${k}`).toEqual(v);
    }
    await submit(world, "ib", "case.status", c.id, { status: "verkennend" });
    const same = form(await submit(world, "ib", "case.status", c.id, { status: "verkennend" }));
    expect(field(same, "status")?.error).toBe("De casus heeft deze status al.");
    expect(await world.db.caseGoal.count({ where: { caseId: c.id } })).toBe(0);
  });
});

describeEachDatabase("cases: working in a case", (get) => {
  it("shows the full status card with goals, actions, notes and the regisseur's buttons", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await submit(world, "ib", "case.goal.add", c.id, { text: "Weer naar school binnen 6 weken" });
    await submit(world, "ib", "case.action.add", c.id, {
      description: "Huisbezoek plannen",
      owner: world.people.leerplicht,
      due: "2026-11-25",
    });
    await submit(world, "leerplicht", "case.note.add", c.id, { text: "Moeder gebeld, afspraak staat" });
    const card = msg(await world.as("ib", { kind: "command", args: ["casus", "k-2026-0001"] }));
    expect(headingOf(card)).toBe("Knooppunt K-2026-0001");
    const facts = Object.fromEntries((factsOf(card) ?? []).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      Code: "K-2026-0001",
      School: "De Regenboog",
      Leerling: PUPIL,
      Vorm: "Verkennend",
      Status: "Aangemeld",
      Regisseur: "Ilse Bakker",
      "Toestemming ouders": day("2026-11-20"),
    });
    expect(facts.Deelnemers).toContain("Lotte Peters (Leerplichtambtenaar)");
    expect(textOf(card)).toContain(REASON);
    expect(textOf(card)).toContain("• Weer naar school binnen 6 weken");
    expect(textOf(card)).toContain("Lotte Peters: Moeder gebeld, afspraak staat");
    expect(tableOf(card)?.rows).toEqual([["Huisbezoek plannen", "Lotte Peters", day("2026-11-25")]]);
    // The sections in the order the card builds them: "Open afspraken" right above its table.
    expect(card.blocks.map((b) => b.kind)).toEqual([
      "heading",
      "facts",
      "text",
      "text",
      "text",
      "text",
      "table",
      "buttons",
    ]);
    expect(textOf(message(card.blocks[5] as Block))).toBe("Open afspraken");
    expect(buttonsOf(card)?.map((b) => b.action)).toEqual([
      "case.goal.add",
      "case.action.add",
      "case.note.add",
      "meeting.propose",
      "case.participant.add",
      "case.status",
      "case.close",
      "case.timeline",
    ]);
    expect(buttonsOf(card)?.find((b) => b.action === "meeting.propose")?.value).toBe(c.id);
    // A participant gets no regisseur buttons.
    const theirs = msg(await world.as("jgz", { kind: "action", name: "case.show", value: c.id }));
    expect(buttonsOf(theirs)?.map((b) => b.action)).toEqual([
      "case.goal.add",
      "case.action.add",
      "case.note.add",
      "case.participant.add",
      "case.timeline",
    ]);
    expect(textOf(msg(await world.as("jgz", { kind: "action", name: "case.close", value: c.id })))).toBe(
      "Alleen de regisseur van deze casus kan dit doen.",
    );
  });

  it("assigns an action: the owner gets a DM, marks it done, the regisseur is told", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await world.flush();
    const added = await submit(world, "ib", "case.action.add", c.id, {
      description: "Huisbezoek plannen",
      owner: world.people.leerplicht,
      due: "2026-11-25",
    });
    // The answer is the card in its new state, with the new action on it.
    expect(textOf(msg(added))).toMatch(/^Opgeslagen in K-2026-0001\./);
    expect(JSON.stringify(msg(added))).toContain("Huisbezoek plannen");
    const sent = await world.flush();
    const dm = sent.find((d) => d.request.op === "dm" && d.request.personId === world.people.leerplicht);
    if (dm?.request.op !== "dm") throw new Error("no DM to the owner");
    expect(textOf(dm.request.message)).toBe(
      `Nieuwe afspraak voor jou in knooppunt K-2026-0001, uiterlijk ${day("2026-11-25")}: Huisbezoek plannen`,
    );
    const done = buttonsOf(dm.request.message)?.find((b) => b.action === "case.action.done");
    expect(done).toBeDefined();
    const post = sent.find((d) => d.request.op === "post");
    expect(post?.request.op === "post" && textOf(post.request.message)).toBe(
      "Nieuwe afspraak toegevoegd door Ilse Bakker.",
    );

    const notYours = await world.as("jgz", {
      kind: "action",
      name: "case.action.done",
      value: done?.value ?? "",
    });
    expect(textOf(msg(notYours))).toBe("Alleen de eigenaar of de regisseur kan deze afspraak afronden.");
    const reply = await world.as("leerplicht", {
      kind: "action",
      name: "case.action.done",
      value: done?.value ?? "",
    });
    expect(reply).toEqual({
      type: "update",
      message: say("Afgerond in K-2026-0001: Huisbezoek plannen"),
    });
    const twice = await world.as("leerplicht", {
      kind: "action",
      name: "case.action.done",
      value: done?.value ?? "",
    });
    expect(textOf(msg(twice))).toBe("Deze afspraak is al afgerond.");
    const told = (await world.flush()).find(
      (d) => d.request.op === "dm" && d.request.personId === world.people.ib,
    );
    expect(told?.request.op === "dm" && textOf(told.request.message)).toBe(
      "Lotte Peters heeft een afspraak in knooppunt K-2026-0001 afgerond: Huisbezoek plannen",
    );
  });

  it("adds participants: invited to the space, a DM, and on the timeline", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world, { participants: [world.people.leerplicht] });
    await world.flush();
    const f = form(
      await world.as("leerplicht", { kind: "action", name: "case.participant.add", value: c.id }),
    );
    expect(field(f, "people")?.options?.map((o) => o.label)).toEqual([
      "Bas Timmermans (Gezinswerker buurtteam)",
      "Carla Smeets (Consultant passend onderwijs)",
      "Jasmijn Gerritsen (Jeugdverpleegkundige / jeugdarts)",
    ]);
    await submit(world, "leerplicht", "case.participant.add", c.id, { people: [world.people.jgz] });
    const sent = await world.flush();
    expect(sent.find((d) => d.request.op === "invite")?.request).toEqual({
      op: "invite",
      channelId: `case:${c.id}`,
      personIds: [world.people.jgz],
    });
    const dm = sent.find((d) => d.request.op === "dm" && d.request.personId === world.people.jgz);
    expect(dm?.request.op === "dm" && textOf(dm.request.message)).toContain(
      "Je neemt deel aan knooppunt K-2026-0001",
    );
    const p = await world.db.caseParticipant.findFirst({
      where: { caseId: c.id, personId: world.people.jgz },
    });
    expect(p?.role).toBe("jgz");
  });

  it("keeps a timeline of every change, newest first, and audits reads and writes", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world, {
      consent: "nog-niet",
      consentDate: "",
      participants: [world.people.leerplicht],
    });
    const steps: [CastKey, string, FormValues][] = [
      ["ib", "case.goal.add", { text: "Passend aanbod" }],
      ["ib", "case.action.add", { description: "OPP opstellen", owner: world.people.ib, due: "2026-12-01" }],
      ["ib", "case.note.add", { text: "Gesprek gepland" }],
      ["ib", "case.participant.add", { people: [world.people.jgz] }],
      ["ib", "case.consent", { date: "2026-11-23" }],
      ["ib", "case.status", { status: "formeel" }],
    ];
    for (const [who, name, values] of steps) {
      world.clock.advance(60_000);
      expect((await submit(world, who, name, c.id, values)).type, name).toBe("done");
    }
    const action = await world.db.caseAction.findFirstOrThrow({ where: { caseId: c.id } });
    world.clock.advance(60_000);
    await world.as("ib", { kind: "action", name: "case.action.done", value: action.id });
    world.clock.advance(60_000);
    await submit(world, "ib", "case.close", c.id, {
      outcome: "tlv-aangevraagd",
      evaluation: "Goed samengewerkt",
    });

    const timeline = msg(await world.as("ib", { kind: "action", name: "case.timeline", value: c.id }));
    expect(tableOf(timeline)?.columns).toEqual(["Wanneer", "Wie", "Wat"]);
    expect(tableOf(timeline)?.rows.map((r) => r[2])).toEqual([
      "Casus afgesloten: TLV aangevraagd",
      "Afspraak afgerond: OPP opstellen",
      "Status gewijzigd: Formeel / opgeschaald",
      `Toestemming ouders vastgelegd: ${day("2026-11-23")}`,
      "Deelnemers toegevoegd: Jasmijn Gerritsen",
      "Notitie toegevoegd: Gesprek gepland",
      "Afspraak toegevoegd: OPP opstellen",
      "Doel toegevoegd: Passend aanbod",
      "Casus geopend: K-2026-0001",
    ]);
    expect(tableOf(timeline)?.rows[0]?.[1]).toBe("Ilse Bakker");
    expect(tableOf(timeline)?.rows[0]?.[0]).toBe(
      formatDateTime(new Date("2026-11-23T09:08:00+01:00"), "nl", TZ),
    );

    const audits = await world.db.auditEntry.findMany({
      where: { entityId: c.id },
      orderBy: { createdAt: "asc" },
    });
    const writes = audits.filter((a) => a.access === "write").map((a) => a.action);
    expect(writes).toEqual([
      "case.create",
      "case.goal.add",
      "case.action.add",
      "case.note.add",
      "case.participant.add",
      "case.consent",
      "case.status",
      "case.action.done",
      "case.close",
    ]);
    expect(audits.filter((a) => a.access === "read").map((a) => a.action)).toContain("case.timeline");
    expect(audits.every((a) => a.actorId === world.people.ib && a.surface === "sandbox")).toBe(true);
    // The timeline stores codes with data: a reader who reads English gets it in English.
    await world.db.person.update({ where: { id: world.people.jgz }, data: { locale: "en" } });
    const english = msg(await world.as("jgz", { kind: "action", name: "case.timeline", value: c.id }));
    expect(tableOf(english)?.rows.map((r) => r[2])).toEqual(
      expect.arrayContaining(["Status changed: Formal / escalated", "Case opened: K-2026-0001"]),
    );
  });

  it("closes with an outcome and evaluation; a closed case keeps its actions visible and refuses changes", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await submit(world, "ib", "case.action.add", c.id, {
      description: "Terugkoppeling school",
      owner: world.people.leerplicht,
      due: "2026-12-04",
    });
    const closeForm = form(await world.as("ib", { kind: "action", name: "case.close", value: c.id }));
    expect(field(closeForm, "outcome")?.options?.map((o) => o.label)).toEqual([
      "Ondersteuning op school",
      "Plaatsing andere school",
      "TLV aangevraagd",
      "Jeugdhulp ingezet",
      "Terug naar school na thuiszitten",
      "Overig",
    ]);
    const closed = await submit(world, "ib", "case.close", c.id, {
      outcome: "terug-naar-school",
      evaluation: "Leerling is weer gestart",
    });
    expect(textOf(msg(closed))).toMatch(/^Knooppunt K-2026-0001 is afgesloten\./);
    // The card in the answer is closed: no buttons that change it.
    expect(buttonsOf(msg(closed)).map((b) => b.action)).toEqual(["case.timeline"]);
    const row = await world.db.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({
      status: "afgesloten",
      outcome: "terug-naar-school",
      evaluation: "Leerling is weer gestart",
    });
    expect(row.closedAt).toEqual(world.clock.now());

    const card = msg(await world.as("leerplicht", { kind: "command", args: ["casus", c.code] }));
    const facts = Object.fromEntries((factsOf(card) ?? []).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({ Status: "Afgesloten", Uitkomst: "Terug naar school na thuiszitten" });
    expect(tableOf(card)?.rows[0]?.[0]).toBe("Terugkoppeling school");
    expect(buttonsOf(card)?.map((b) => b.action)).toEqual(["case.timeline"]);

    const refused = "Casus K-2026-0001 is afgesloten: er kan niets meer aan veranderd worden.";
    expect(textOf(msg(await world.as("ib", { kind: "action", name: "case.goal.add", value: c.id })))).toBe(
      refused,
    );
    expect(textOf(msg(await submit(world, "ib", "case.note.add", c.id, { text: "nog iets" })))).toBe(refused);
    expect(
      textOf(msg(await submit(world, "ib", "case.close", c.id, { outcome: "overig", evaluation: "x" }))),
    ).toBe(refused);
    const action = await world.db.caseAction.findFirstOrThrow({ where: { caseId: c.id } });
    expect(
      textOf(
        msg(await world.as("leerplicht", { kind: "action", name: "case.action.done", value: action.id })),
      ),
    ).toBe(refused);
  });

  it("lists my cases with the next action due", async () => {
    const world = await createWorld(get().db);
    const first = await openCase(world);
    await submit(world, "ib", "case.action.add", first.id, {
      description: "Bellen",
      owner: world.people.leerplicht,
      due: "2026-11-27",
    });
    await openCase(world, { participants: [world.people.jgz], pupilRef: "88123" });
    const list = msg(await world.as("leerplicht", { kind: "command", args: ["casus", "lijst"] }));
    expect(tableOf(list)?.columns).toEqual([
      "Code",
      "School",
      "Leerling",
      "Status",
      "Regisseur",
      "Volgende afspraak",
    ]);
    expect(tableOf(list)?.rows).toEqual([
      ["K-2026-0001", "De Regenboog", PUPIL, "Aangemeld", "Ilse Bakker", day("2026-11-27")],
    ]);
    expect(
      tableOf(msg(await world.as("ib", { kind: "command", args: ["casus", "lijst"] })))?.rows,
    ).toHaveLength(2);
    expect(textOf(msg(await world.as("directeur", { kind: "command", args: ["casus", "lijst"] })))).toContain(
      "Je hebt nog geen casussen",
    );
  });
});

describeEachDatabase("cases: reminders and privacy of posts", (get) => {
  it("reminds the owner before the due date and flags overdue actions to owner and regisseur, once", async () => {
    const world = await createWorld(get().db); // Monday 23 November 2026
    const c = await openCase(world);
    await submit(world, "ib", "case.action.add", c.id, {
      description: "Huisbezoek plannen",
      owner: world.people.leerplicht,
      due: "2026-11-25",
    });
    await world.flush();
    const deps = {
      db: world.db,
      clock: world.clock,
      logger: silentLogger,
      timezone: TZ,
      locale: "nl" as const,
      notify: () => {},
    };
    expect(await runActionReminders(deps)).toEqual({ reminded: 0, flagged: 0 }); // due Wednesday

    world.clock.set("2026-11-24T08:00:00+01:00");
    expect(await runActionReminders(deps)).toEqual({ reminded: 1, flagged: 0 });
    expect(await runActionReminders(deps)).toEqual({ reminded: 0, flagged: 0 });
    const reminder = await world.flush();
    expect(reminder).toHaveLength(1);
    expect(reminder[0]?.key).toMatch(/^action:.+:reminder$/);
    expect(reminder[0]?.request).toMatchObject({ op: "dm", personId: world.people.leerplicht });
    expect(JSON.stringify(reminder[0]?.request)).toContain(
      `Herinnering: je afspraak in knooppunt K-2026-0001 moet uiterlijk ${day("2026-11-25")} klaar zijn`,
    );

    world.clock.set("2026-11-25T08:00:00+01:00"); // due today: not overdue yet
    expect(await runActionReminders(deps)).toEqual({ reminded: 0, flagged: 0 });

    world.clock.set("2026-11-26T08:00:00+01:00");
    expect(await runActionReminders(deps)).toEqual({ reminded: 0, flagged: 1 });
    expect(await runActionReminders(deps)).toEqual({ reminded: 0, flagged: 0 });
    const flags = await world.flush();
    const to = flags.map((d) => (d.request.op === "dm" ? d.request.personId : "")).sort();
    expect(to).toEqual([world.people.ib, world.people.leerplicht].sort());
    expect(flags.map((d) => d.key).sort()).toEqual(
      [world.people.ib, world.people.leerplicht]
        .map((p) => expect.stringMatching(new RegExp(`:overdue:${p}$`)))
        .sort(),
    );
    const toIb = flags.find((d) => d.request.op === "dm" && d.request.personId === world.people.ib);
    expect(JSON.stringify(toIb?.request)).toContain(
      `over de datum (Lotte Peters, uiterlijk ${day("2026-11-25")})`,
    );
    const card = msg(await world.as("ib", { kind: "action", name: "case.show", value: c.id }));
    expect(tableOf(card)?.rows[0]?.[2]).toBe(`${day("2026-11-25")} (te laat)`);
    const timeline = msg(await world.as("ib", { kind: "action", name: "case.timeline", value: c.id }));
    expect(tableOf(timeline)?.rows[0]).toEqual([
      formatDateTime(new Date("2026-11-26T08:00:00+01:00"), "nl", TZ),
      "Knoop",
      "Afspraak over de datum: Huisbezoek plannen",
    ]);
  });

  it("never puts the pupil reference or case content in a post", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world, {
      consent: "nog-niet",
      consentDate: "",
      participants: [world.people.leerplicht],
    });
    const secrets = [PUPIL, REASON, "Doel-geheim", "Notitie-geheim", "Actie-geheim", "Evaluatie-geheim"];
    await submit(world, "ib", "case.goal.add", c.id, { text: "Doel-geheim" });
    await submit(world, "ib", "case.note.add", c.id, { text: "Notitie-geheim" });
    await submit(world, "ib", "case.participant.add", c.id, { people: [world.people.jgz] });
    const beforeConsent = await world.flush();
    await submit(world, "ib", "case.consent", c.id, { date: "2026-11-23" });
    await submit(world, "ib", "case.action.add", c.id, {
      description: "Actie-geheim",
      owner: world.people.jgz,
      due: "2026-11-24",
    });
    const action = await world.db.caseAction.findFirstOrThrow({ where: { caseId: c.id } });
    await world.as("jgz", { kind: "action", name: "case.action.done", value: action.id });
    await submit(world, "ib", "case.status", c.id, { status: "formeel" });
    await submit(world, "ib", "case.close", c.id, { outcome: "overig", evaluation: "Evaluatie-geheim" });
    const sent = [...beforeConsent, ...(await world.flush())];
    const posts = sent.filter((d) => d.request.op === "post");
    expect(posts.length).toBeGreaterThanOrEqual(8);
    for (const p of posts) {
      expect(p.request).toMatchObject({ channelId: `case:${c.id}` });
      for (const secret of secrets) expect(JSON.stringify(p.request)).not.toContain(secret);
    }
    // An update of a DM (the invitation after consent) stays in that DM.
    const dmKeys = new Set(sent.filter((d) => d.request.op === "dm").map((d) => d.key));
    const nonDm = sent.filter(
      (d) => d.request.op !== "dm" && !(d.request.op === "update" && dmKeys.has(d.request.ofKey)),
    );
    for (const d of nonDm)
      for (const secret of secrets) expect(JSON.stringify(d.request)).not.toContain(secret);
    // The invitations before consent did not carry the pupil either.
    const early = sent.filter((d) => d.key === `case:${c.id}:invite:${world.people.leerplicht}`);
    expect(JSON.stringify(early)).not.toContain(PUPIL);
    expect(JSON.stringify(early)).toContain("De inhoud zie je zodra ouders toestemming hebben gegeven");
  });
});
