import { expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import {
  buttonsOf,
  type FormValues,
  type FormView,
  factsOf,
  type MessageView,
  type Reply,
  tableOf,
  textOf,
} from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const PUPIL = "KV 2016";
const REASON = "Dreigend thuiszitten na schorsing";
const NO_ACCESS =
  "Geen toegang: deze casus bestaat niet of je neemt er niet aan deel. Controleer de code, of vraag de regisseur om je toe te voegen.";
const NO_CONSENT =
  "Nog geen toestemming van ouders: je ziet de inhoud van deze casus zodra die is vastgelegd.";

function msg(reply: Reply): MessageView {
  if (reply.type === "form" || reply.type === "invalid" || reply.type === "page" || !reply.message)
    throw new Error(`expected a message, got ${JSON.stringify(reply)}`);
  return reply.message;
}

/** Opens a case at school A as the IB'er with the leerplicht as partner; consent only when dated. */
async function openCase(world: World, consentDate?: string) {
  const f = await world.as("ib", { kind: "command", args: ["casus", "nieuw"] });
  if (f.type !== "form") throw new Error("no form");
  const values: FormValues = {
    ...Object.fromEntries(f.form.fields.map((x) => [x.name, x.value])),
    pupilRef: PUPIL,
    reason: REASON,
    consent: consentDate ? "akkoord" : "nog-niet",
    consentDate: consentDate ?? "",
    participants: [world.people.leerplicht],
  };
  const reply = await world.as("ib", { kind: "submission", name: "case.create", values });
  expect(reply.type).toBe("done");
  return world.db.case.findFirstOrThrow({ where: { swvId: world.swvId } });
}

/** Nothing in the reply gives away the pupil or the content. */
function expectNothingRevealed(reply: Reply) {
  const json = JSON.stringify(reply);
  for (const secret of [PUPIL, REASON, "Doel-geheim"]) expect(json).not.toContain(secret);
}

const factMap = (m: MessageView) => Object.fromEntries(factsOf(m).map((f) => [f.label, f.value]));

describeEachDatabase("cases: an outsider cannot read a case through any path", (get) => {
  async function setup() {
    const world = await createWorld(get().db);
    const c = await openCase(world, "2026-11-20");
    await world.as("ib", {
      kind: "submission",
      name: "case.goal.add",
      values: { text: "Doel-geheim" },
      context: c.id,
    });
    return { world, c };
  }

  async function expectDenied(world: World, who: CastKey, intent: Intent, caseId: string) {
    const reply = await world.as(who, intent);
    expect(textOf(msg(reply))).toBe(NO_ACCESS);
    expectNothingRevealed(reply);
    const audited = await world.db.auditEntry.findMany({
      where: { entityId: caseId, actorId: world.people[who] },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]?.surface).toBe("sandbox");
    expect(audited[0]?.action).toMatch(/\.denied$/);
  }

  it("/knoop casus <code>", async () => {
    const { world, c } = await setup();
    await expectDenied(world, "outsider", { kind: "command", args: ["casus", c.code] }, c.id);
  });

  it("an existing code answers exactly as an unknown code: codes cannot be probed", async () => {
    const { world, c } = await setup();
    const existing = await world.as("outsider", { kind: "command", args: ["casus", c.code] });
    const unknown = await world.as("outsider", { kind: "command", args: ["casus", "K-2026-0999"] });
    expect(msg(unknown)).toEqual(msg(existing));
    expect(textOf(msg(unknown))).toBe(NO_ACCESS);
  });

  it("the case.show button", async () => {
    const { world, c } = await setup();
    await expectDenied(world, "outsider", { kind: "action", name: "case.show", value: c.id }, c.id);
  });

  it("the case.timeline button", async () => {
    const { world, c } = await setup();
    await expectDenied(world, "outsider", { kind: "action", name: "case.timeline", value: c.id }, c.id);
  });

  it("/knoop casus lijst does not list it", async () => {
    const { world, c } = await setup();
    const reply = await world.as("outsider", { kind: "command", args: ["casus", "lijst"] });
    expect(JSON.stringify(reply)).not.toContain(c.code);
    expectNothingRevealed(reply);
  });

  it("a board member gets no access either", async () => {
    const { world, c } = await setup();
    await expectDenied(world, "bestuur", { kind: "command", args: ["casus", c.code] }, c.id);
  });

  for (const name of [
    "case.goal.add",
    "case.action.add",
    "case.note.add",
    "case.participant.add",
    "case.consent",
    "case.status",
    "case.close",
  ]) {
    it(`the ${name} button with a crafted case id`, async () => {
      const { world, c } = await setup();
      await expectDenied(world, "outsider", { kind: "action", name, value: c.id }, c.id);
    });

    it(`the ${name} submission with a crafted case id`, async () => {
      const { world, c } = await setup();
      const values = { text: "x", description: "x", owner: world.people.outsider, due: "2026-12-01" };
      await expectDenied(world, "outsider", { kind: "submission", name, values, context: c.id }, c.id);
      expect(await world.db.caseEvent.count({ where: { caseId: c.id } })).toBe(2); // created + goal
    });
  }

  it("the case.action.done button with a crafted action id", async () => {
    const { world, c } = await setup();
    await world.as("ib", {
      kind: "submission",
      name: "case.action.add",
      values: { description: "Bellen", owner: world.people.ib, due: "2026-12-01" },
      context: c.id,
    });
    const action = await world.db.caseAction.findFirstOrThrow({ where: { caseId: c.id } });
    await expectDenied(
      world,
      "outsider",
      { kind: "action", name: "case.action.done", value: action.id },
      c.id,
    );
    expect((await world.db.caseAction.findUniqueOrThrow({ where: { id: action.id } })).status).toBe("open");
  });

  it("an unknown id gets the same answer as someone else's case", async () => {
    const { world } = await setup();
    for (const name of ["case.show", "case.timeline", "case.goal.add", "case.action.done"]) {
      const reply = await world.as("outsider", { kind: "action", name, value: "c-does-not-exist" });
      expect(textOf(msg(reply))).toBe(NO_ACCESS);
    }
  });
});

describeEachDatabase("cases: consent gating and the case-reader right", (get) => {
  it("shows an invited partner only code, status and regisseur until consent, then everything", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    await world.as("ib", {
      kind: "submission",
      name: "case.goal.add",
      values: { text: "Doel-geheim" },
      context: c.id,
    });
    const invitation = (await world.flush()).find(
      (d) => d.request.op === "dm" && d.request.personId === world.people.leerplicht,
    );
    expect(JSON.stringify(invitation)).toContain(
      `Je bent uitgenodigd voor knooppunt ${c.code}. Regisseur: Ilse Bakker.`,
    );
    expectNothingRevealed(invitation as unknown as Reply);

    for (const intent of [
      { kind: "command", args: ["casus", c.code] },
      { kind: "action", name: "case.show", value: c.id },
    ] satisfies Intent[]) {
      const reply = await world.as("leerplicht", intent);
      const card = msg(reply);
      expectNothingRevealed(reply);
      expect(factMap(card)).toEqual({ Code: c.code, Status: "Aangemeld", Regisseur: "Ilse Bakker" });
      expect(textOf(card)).toBe("De inhoud van deze casus volgt zodra ouders toestemming hebben gegeven.");
      expect(buttonsOf(card) ?? []).toEqual([]);
    }
    const list = await world.as("leerplicht", { kind: "command", args: ["casus", "lijst"] });
    expect(tableOf(msg(list))?.rows).toEqual([
      [c.code, "(verborgen)", "(verborgen)", "Aangemeld", "Ilse Bakker", "—"],
    ]);
    expectNothingRevealed(list);
    const home = await world.as("leerplicht", { kind: "page", name: "home" });
    expect(JSON.stringify(home)).toContain(c.code);
    expect(JSON.stringify(home)).not.toContain("De Regenboog");
    for (const name of [
      "case.timeline",
      "case.goal.add",
      "case.action.add",
      "case.note.add",
      "case.participant.add",
    ]) {
      const reply = await world.as("leerplicht", { kind: "action", name, value: c.id });
      expect(textOf(msg(reply)), name).toBe(NO_CONSENT);
      if (name === "case.timeline") continue; // a button only
      const submitted = await world.as("leerplicht", {
        kind: "submission",
        name,
        values: { text: "x" },
        context: c.id,
      });
      expect(textOf(msg(submitted)), name).toBe(NO_CONSENT);
    }
    const ownerForm = await world.as("ib", { kind: "action", name: "case.action.add", value: c.id });
    const owners = (ownerForm as { form: FormView }).form.fields.find((f) => f.name === "owner")?.options;
    expect(owners?.map((o) => o.value)).toEqual([world.people.ib]); // the DM would carry content

    const denied = await world.db.auditEntry.count({
      where: { entityId: c.id, actorId: world.people.leerplicht },
    });
    expect(denied).toBeGreaterThanOrEqual(10);

    const consented = await world.as("ib", {
      kind: "submission",
      name: "case.consent",
      values: { date: "2026-11-23" },
      context: c.id,
    });
    // The answer is the card as it is now: consent recorded, so no consent button any more.
    expect(buttonsOf(msg(consented)).map((b) => b.action)).not.toContain("case.consent");
    expect(buttonsOf(msg(consented)).map((b) => b.action)).toContain("case.goal.add");
    const afterConsent = await world.flush();
    const told = afterConsent.find((d) => d.key === `case:${c.id}:consent:${world.people.leerplicht}`);
    // The earlier invitation (code and regisseur only) is brought up to date, with its button.
    const invitation2 = afterConsent.find(
      (d) =>
        d.request.op === "update" && d.request.ofKey === `case:${c.id}:invite:${world.people.leerplicht}`,
    );
    if (invitation2?.request.op !== "update") throw new Error("the invitation was not updated");
    expect(buttonsOf(invitation2.request.message).map((b) => b.action)).toEqual(["case.show"]);
    expect(textOf(invitation2.request.message)).toContain(PUPIL);
    expect(JSON.stringify(told)).toContain(`Ouders hebben toestemming gegeven voor knooppunt ${c.code}`);
    const full = msg(await world.as("leerplicht", { kind: "action", name: "case.show", value: c.id }));
    expect(factMap(full).Leerling).toBe(PUPIL);
    expect(textOf(full)).toContain(REASON);
    expect(textOf(full)).toContain("Doel-geheim");
    const listed = msg(await world.as("leerplicht", { kind: "command", args: ["casus", "lijst"] }));
    expect(tableOf(listed)?.rows[0]?.[2]).toBe(PUPIL);
    const reads = await world.db.auditEntry.findMany({
      where: { entityId: c.id, actorId: world.people.leerplicht, access: "read" },
    });
    expect(reads.map((a) => a.action)).toEqual(expect.arrayContaining(["case.view", "case.list"]));
  });

  it("lets SWV staff with the case-reader right read every case, but not change it", async () => {
    const world = await createWorld(get().db);
    const c = await openCase(world);
    const reader = world.people.directeur; // not a participant
    expect(textOf(msg(await world.as("directeur", { kind: "action", name: "case.show", value: c.id })))).toBe(
      NO_ACCESS,
    );
    await world.db.roleAssignment.create({
      data: { personId: reader, swvId: world.swvId, role: "case-reader", schoolId: null },
    });
    const card = msg(await world.as("directeur", { kind: "command", args: ["casus", c.code] }));
    expect(factMap(card).Leerling).toBe(PUPIL);
    expect(textOf(card)).toContain(REASON);
    expect(buttonsOf(card)?.map((b) => b.action)).toEqual(["case.timeline"]);
    const timeline = msg(await world.as("directeur", { kind: "action", name: "case.timeline", value: c.id }));
    expect(tableOf(timeline)?.rows).toHaveLength(1);
    const write = await world.as("directeur", { kind: "action", name: "case.note.add", value: c.id });
    expect(textOf(msg(write))).toBe(
      "Je kunt deze casus inzien, maar niet wijzigen: dat kunnen alleen de deelnemers.",
    );
    const audited = await world.db.auditEntry.findMany({ where: { entityId: c.id, actorId: reader } });
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(["case.view.denied", "case.view", "case.timeline", "case.note.add.form.denied"]),
    );
  });
});
