import { pino } from "pino";
import { beforeAll, expect, it } from "vitest";
import { resolveActor } from "../../src/chat/identity.ts";
import type { Delivery } from "../../src/chat/memory-port.ts";
import type { Context } from "../../src/chat/router.ts";
import {
  buttonsOf,
  type FormValues,
  type FormView,
  headingOf,
  type MessageView,
  plainText,
  type Reply,
  tableOf,
  textOf as viewText,
} from "../../src/chat/views.ts";
import { DAY } from "../../src/core/clock.ts";
import { formatDate } from "../../src/core/format.ts";
import {
  convertSignalToCase,
  loadOpenSignalForActor,
  normalisePupilRef,
} from "../../src/features/signals/service.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

// Helpers: what a user sees in a reply, and what the port delivered to whom.
function messageOf(reply: Reply): MessageView {
  if (reply.type === "message" || reply.type === "update") return reply.message;
  if (reply.type === "done" && reply.message) return reply.message;
  throw new Error(`expected a message, got ${JSON.stringify(reply)}`);
}
/** A reply's whole message as text; a message's text blocks. */
const textOf = (x: Reply | MessageView | undefined) =>
  x && "blocks" in x ? viewText(x) : x ? dmText(messageOf(x)) : "";
function formOf(reply: Reply): FormView {
  if (reply.type === "form" || reply.type === "invalid") return reply.form;
  throw new Error(`expected a form, got ${JSON.stringify(reply)}`);
}
const fieldOf = (form: FormView, name: string) => {
  const field = form.fields.find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name}`);
  return field;
};
const dms = (sent: Delivery[], personId: string): MessageView[] =>
  sent.flatMap((d) => (d.request.op === "dm" && d.request.personId === personId ? [d.request.message] : []));
const dmText = (m: MessageView): string => plainText(m);
const day = (date: Date) => formatDate(date, "nl", "Europe/Amsterdam");
const actionsOf = (m: MessageView) => (buttonsOf(m) ?? []).map((b) => b.action);

describeEachDatabase("signals", (get) => {
  let world: World;
  /** Every pupil reference used, to prove none reaches a channel post or a log line. */
  const refs = new Set<string>();
  const logLines: string[] = [];

  beforeAll(async () => {
    world = await createWorld(get().db);
    world.core.logger = pino({ level: "trace" }, { write: (line: string) => logLines.push(line) });
  });

  const report = (who: CastKey, values: FormValues) => {
    if (typeof values.pupilRef === "string") refs.add(normalisePupilRef(values.pupilRef));
    return world.as(who, { kind: "submission", name: "signal.create", values });
  };
  const values = (pupilRef: string, more: FormValues = {}): FormValues => ({
    school: world.schools.A,
    pupilRef,
    domain: "verzuim",
    description: "Sinds drie weken elke maandag afwezig.",
    urgency: "normaal",
    ...more,
  });
  const act = (who: CastKey, name: string, value: string) => world.as(who, { kind: "action", name, value });
  const submit = (who: CastKey, name: string, context: string, v: FormValues) =>
    world.as(who, { kind: "submission", name, values: v, context });
  const latest = (pupilRef: string) =>
    world.db.signal.findFirstOrThrow({
      where: { swvId: world.swvId, pupilRef },
      orderBy: { createdAt: "desc" },
    });

  it("routes a verzuim signal to the leerplichtambtenaar, who takes it; the reporter is told", async () => {
    await world.flush();
    const form = formOf(await world.as("ib", { kind: "command", args: ["signaal"] }));
    expect(form.id).toBe("signal.create");
    expect(fieldOf(form, "school").options).toEqual([
      { value: world.schools.A, label: "De Regenboog (SITTARD)" },
    ]);
    expect(fieldOf(form, "pupilRef").hint).toMatch(
      /leerlingnummer.*initialen \+ geboortejaar.*naam hoort hier niet/,
    );
    expect(fieldOf(form, "domain").options?.map((o) => o.value)).toEqual([
      "verzuim",
      "gezondheid",
      "gezin",
      "schoolloopbaan",
    ]);
    expect(fieldOf(form, "urgency").value).toBe("normaal");

    const done = await report("ib", values("jb  2015"));
    expect(done.type).toBe("done");
    expect(textOf(done)).toContain(
      "Je signaal is naar de leerplichtambtenaar van De Regenboog gestuurd: Lotte Peters.",
    );

    const sent = await world.flush();
    const [dm, ...more] = dms(sent, world.people.leerplicht);
    expect(more).toEqual([]);
    expect(textOf(dm)).toContain(
      "Ilse Bakker meldt een signaal bij jou als leerplichtambtenaar van De Regenboog",
    );
    expect(dmText(dm as MessageView)).toContain("Leerling: JB 2015");
    expect(dmText(dm as MessageView)).toContain("Urgentie: Normaal");
    expect(actionsOf(dm as MessageView)).toEqual([
      "signal.take",
      "signal.proposeCase",
      "signal.forward",
      "signal.close",
    ]);
    const signal = await latest("JB 2015");
    expect(
      sent.find((d) => d.request.op === "dm" && d.request.personId === world.people.leerplicht)?.key,
    ).toBe(`signal:${signal.id}:routed:${world.people.leerplicht}`);

    const taken = await act("leerplicht", "signal.take", signal.id);
    expect(taken.type).toBe("update");
    expect(textOf(taken)).toContain("Status: Opgepakt");
    expect(actionsOf(messageOf(taken))).toEqual(["signal.proposeCase", "signal.forward", "signal.close"]);
    expect(await latest("JB 2015")).toMatchObject({
      status: "opgepakt",
      assigneeId: world.people.leerplicht,
    });
    const told = dms(await world.flush(), world.people.ib);
    expect(told.map((m) => textOf(m))).toEqual([
      expect.stringContaining(
        `Je signaal over JB 2015 (De Regenboog, ${day(signal.createdAt)}) is opgepakt door Lotte Peters (leerplichtambtenaar).`,
      ),
    ]);

    expect(textOf(await act("leerplicht", "signal.take", signal.id))).toBe(
      "Je hebt dit signaal al opgepakt.",
    );
    const events = await world.db.signalEvent.findMany({
      where: { signalId: signal.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["routed", "recipient", "card", "taken"]);
    const audits = await world.db.auditEntry.findMany({ where: { entity: "signal", entityId: signal.id } });
    expect(audits.map((a) => a.action).sort()).toEqual(["signal.create", "signal.take"]);
  });

  it("routes each domain to the school's kernpartner of that domain", async () => {
    await world.flush();
    const expected = {
      verzuim: "leerplicht",
      gezondheid: "jgz",
      gezin: "buurtteam",
      schoolloopbaan: "consultant",
    } as const;
    for (const [domain, who] of Object.entries(expected)) {
      await report("directeur", values(`D ${domain.length}${domain.slice(0, 3)}`, { domain }));
      const sent = await world.flush();
      const to = sent
        .filter((d) => d.request.op === "dm")
        .map((d) => d.request.op === "dm" && d.request.personId);
      expect(to, domain).toEqual([world.people[who]]);
    }
  });

  it("sends the signal to the SWV consultant when the school has no partner for the role, and says so", async () => {
    await world.flush();
    const done = await report(
      "outsider",
      values("B-1001", { school: world.schools.B, domain: "gezondheid" }),
    );
    expect(textOf(done)).toContain(
      "Deze school heeft geen jeugdverpleegkundige / jeugdarts; het signaal is naar de consultant passend onderwijs gegaan: Carla Smeets.",
    );
    const [dm] = dms(await world.flush(), world.people.consultant);
    expect(textOf(dm)).toContain("Deze school heeft geen jeugdverpleegkundige / jeugdarts");
    expect(await latest("B-1001")).toMatchObject({ assignedRole: "swv-consultant", status: "nieuw" });
  });

  it("links a second signal for the same pupil and school within the window, and tells both sides", async () => {
    await world.flush();
    await report("ib", values("LNK 2016"));
    const first = await latest("LNK 2016");
    world.clock.advance(20 * DAY);
    const second = await report("ib", values(" lnk 2016", { domain: "gezin" }));
    expect(textOf(second)).toContain(
      `Het is gekoppeld aan een eerder signaal voor deze leerling van ${day(first.createdAt)} (status: nieuw).`,
    );
    expect((await latest("LNK 2016")).linkedToId).toBe(first.id);
    const [dm] = dms(await world.flush(), world.people.buurtteam);
    expect(dmText(dm as MessageView)).toContain(`Eerder signaal: van ${day(first.createdAt)} (nieuw)`);

    // Within the window of the second but not of the first: still the first of the chain.
    world.clock.advance(20 * DAY);
    await report("ib", values("LNK 2016"));
    expect((await latest("LNK 2016")).linkedToId).toBe(first.id);
    // Another school is another pupil.
    await report("consultant", values("LNK 2016", { school: world.schools.B }));
    expect(
      (
        await world.db.signal.findFirstOrThrow({
          where: { schoolId: world.schools.B, pupilRef: "LNK 2016" },
        })
      ).linkedToId,
    ).toBeNull();
    // Outside the window: a new chain, and nothing said about linking.
    world.clock.advance(31 * DAY);
    const later = await report("ib", values("LNK 2016"));
    expect(textOf(later)).not.toContain("gekoppeld");
    expect((await latest("LNK 2016")).linkedToId).toBeNull();
    expect(await world.db.signal.count({ where: { pupilRef: "LNK 2016" } })).toBe(5); // nothing dropped
  });

  it("uses the SWV's configured window for linking", async () => {
    await world.db.swv.update({ where: { id: world.swvId }, data: { duplicateWindowDays: 5 } });
    try {
      await report("ib", values("WIN 7"));
      world.clock.advance(6 * DAY);
      await report("ib", values("WIN 7"));
      expect((await latest("WIN 7")).linkedToId).toBeNull();
      world.clock.advance(4 * DAY);
      await report("ib", values("WIN 7"));
      expect((await latest("WIN 7")).linkedToId).not.toBeNull();
    } finally {
      await world.db.swv.update({ where: { id: world.swvId }, data: { duplicateWindowDays: 30 } });
    }
  });

  it("forwards a signal to another kernpartner with a reason; the new partner and the reporter are told", async () => {
    await world.flush();
    await report("ib", values("FW 2014"));
    const signal = await latest("FW 2014");
    await act("leerplicht", "signal.take", signal.id);
    await world.flush();

    const form = formOf(await act("leerplicht", "signal.forward", signal.id));
    expect(form).toMatchObject({ id: "signal.forward", context: signal.id });
    expect(fieldOf(form, "to").options?.map((o) => o.label)).toEqual([
      "Bas Timmermans (Gezinswerker buurtteam)",
      "Carla Smeets (Consultant passend onderwijs)",
      "Jasmijn Gerritsen (Jeugdverpleegkundige / jeugdarts)",
    ]);

    const noReason = formOf(
      await submit("leerplicht", "signal.forward", signal.id, { to: world.people.buurtteam, reason: " " }),
    );
    expect(fieldOf(noReason, "reason").error).toBe("Vul dit veld in.");
    expect(fieldOf(noReason, "to").value).toBe(world.people.buurtteam);
    const crafted = formOf(
      await submit("leerplicht", "signal.forward", signal.id, {
        to: world.people.outsider,
        reason: "Past beter",
      }),
    );
    expect(fieldOf(crafted, "to").error).toBe("Kies een van de kernpartners uit de lijst.");
    expect(fieldOf(crafted, "reason").value).toBe("Past beter");

    const done = await submit("leerplicht", "signal.forward", signal.id, {
      to: world.people.buurtteam,
      reason: "Het verzuim hangt samen met de thuissituatie.",
    });
    expect(textOf(done)).toContain("doorgezet naar Bas Timmermans (gezinswerker buurtteam)");
    expect(await latest("FW 2014")).toMatchObject({
      status: "nieuw",
      assigneeId: null,
      assignedRole: "buurtteam",
    });
    const sent = await world.flush();
    const [dm] = dms(sent, world.people.buurtteam);
    expect(textOf(dm)).toContain(
      "Lotte Peters heeft dit signaal naar je doorgezet. Reden: Het verzuim hangt samen",
    );
    expect(actionsOf(dm as MessageView)).toContain("signal.take");
    expect(textOf(dms(sent, world.people.ib)[0])).toContain(
      "is door Lotte Peters doorgezet naar Bas Timmermans (gezinswerker buurtteam). Reden: Het verzuim",
    );
    const event = await world.db.signalEvent.findFirstOrThrow({
      where: { signalId: signal.id, type: "forwarded" },
    });
    expect(event.detail).toBe("Het verzuim hangt samen met de thuissituatie.");

    expect((await act("buurtteam", "signal.take", signal.id)).type).toBe("update");
  });

  it("closes a signal with a note; it cannot be taken or closed again", async () => {
    await report("ib", values("CL 2013"));
    const signal = await latest("CL 2013");
    await world.flush();
    const form = formOf(await act("leerplicht", "signal.close", signal.id));
    expect(form).toMatchObject({ id: "signal.close", context: signal.id });
    const empty = formOf(await submit("leerplicht", "signal.close", signal.id, { note: "" }));
    expect(fieldOf(empty, "note").error).toBe("Vul dit veld in.");
    const long = formOf(await submit("leerplicht", "signal.close", signal.id, { note: "x".repeat(501) }));
    expect(fieldOf(long, "note")).toMatchObject({
      error: "Gebruik hoogstens 500 tekens.",
      value: "x".repeat(501),
    });

    const done = await submit("leerplicht", "signal.close", signal.id, {
      note: "Gesprek met ouders gevoerd.",
    });
    expect(textOf(done)).toContain("Het signaal is afgehandeld");
    const closed = await latest("CL 2013");
    expect(closed.status).toBe("afgehandeld");
    expect(closed.closedAt?.getTime()).toBe(world.clock.now().getTime());
    expect(textOf(dms(await world.flush(), world.people.ib)[0])).toContain(
      "is afgehandeld door Lotte Peters. Toelichting: Gesprek met ouders gevoerd.",
    );
    expect(textOf(await act("leerplicht", "signal.take", signal.id))).toBe("Dit signaal is al afgehandeld.");
    expect(textOf(await act("leerplicht", "signal.close", signal.id))).toBe("Dit signaal is al afgehandeld.");
    expect(textOf(await act("leerplicht", "signal.forward", signal.id))).toBe(
      "Dit signaal is al afgehandeld.",
    );
  });

  it("lets a kernpartner propose a knooppunt to the school's IB'er, who gets 'Casus openen'", async () => {
    await report("directeur", values("PR 2012"));
    const signal = await latest("PR 2012");
    await world.flush();
    const reply = await act("leerplicht", "signal.proposeCase", signal.id);
    expect(textOf(reply)).toBe("Je voorstel voor een knooppunt is naar de IB'er gestuurd: Ilse Bakker.");
    const [dm] = dms(await world.flush(), world.people.ib);
    expect(textOf(dm)).toContain("Lotte Peters (leerplichtambtenaar) stelt een knooppunt voor");
    expect(buttonsOf(dm)).toEqual([
      {
        action: "case.openFromSignal",
        label: "Casus openen",
        value: signal.id,
        style: "primary",
        opensForm: true,
      },
    ]);
    expect(await world.db.signalEvent.count({ where: { signalId: signal.id, type: "proposed" } })).toBe(1);
    // The IB'er opens a case; proposing is for kernpartners.
    expect(textOf(await act("ib", "signal.proposeCase", signal.id))).toContain("Alleen een kernpartner");
  });

  it("rejects bad input at the field, in Dutch, keeping every value", async () => {
    const cases: [string, FormValues, string][] = [
      ["school", { school: "" }, "Kies een van jouw scholen."],
      ["school", { school: world.schools.B }, "Kies een van jouw scholen."],
      ["pupilRef", { pupilRef: "" }, "Vul dit veld in."],
      ["pupilRef", { pupilRef: "Jan de Vries" }, "Dit lijkt een naam"],
      ["pupilRef", { pupilRef: "1" }, "2 tot 20 tekens"],
      ["pupilRef", { pupilRef: "123456789012345678901" }, "2 tot 20 tekens"],
      ["domain", { domain: "" }, "Maak een keuze."],
      ["domain", { domain: "onderwijs" }, "Maak een keuze."],
      ["description", { description: "   " }, "Vul dit veld in."],
      ["description", { description: "x".repeat(1001) }, "Gebruik hoogstens 1000 tekens."],
      ["urgency", { urgency: "spoed" }, "Maak een keuze."],
    ];
    const before = await world.db.signal.count();
    for (const [name, bad, error] of cases) {
      const submitted = values("OK 2015", bad);
      const reply = await world.as("ib", { kind: "submission", name: "signal.create", values: submitted });
      expect(reply.type, name).toBe("invalid");
      const form = formOf(reply);
      expect(fieldOf(form, name).error, JSON.stringify(bad)).toContain(error);
      for (const field of form.fields) {
        expect(field.value, field.name).toBe(submitted[field.name]);
        if (field.name !== name) expect(field.error, field.name).toBeUndefined();
      }
    }
    expect(await world.db.signal.count()).toBe(before);
  });

  it("tells someone without a school why there is no form, and explains wrong arguments", async () => {
    expect(textOf(await world.as("bestuur", { kind: "command", args: ["signaal"] }))).toContain(
      "Je bent nog niet aan een school gekoppeld",
    );
    expect(textOf(await world.as("ib", { kind: "command", args: ["signaal", "alles"] }))).toContain(
      "Gebruik: /knoop signaal",
    );
  });

  it("gives no access to someone the signal was not sent to, and reveals nothing", async () => {
    await report("ib", values("AC 2011"));
    const signal = await latest("AC 2011");
    const noAccess = "Geen toegang: dit signaal is niet aan jou gericht.";
    for (const who of ["outsider", "jgz", "bestuur"] as const) {
      for (const action of ["signal.take", "signal.forward", "signal.close", "signal.proposeCase"]) {
        expect(textOf(await act(who, action, signal.id)), `${who} ${action}`).toBe(noAccess);
      }
      const forward = await submit(who, "signal.forward", signal.id, { to: world.people[who], reason: "x" });
      expect(textOf(forward)).toBe(noAccess);
      expect(textOf(await submit(who, "signal.close", signal.id, { note: "klaar" }))).toBe(noAccess);
    }
    // The reporter is told what happens, but does not act on the partner's behalf.
    expect(textOf(await act("ib", "signal.take", signal.id))).toBe(noAccess);
    expect(textOf(await act("leerplicht", "signal.take", "bestaat-niet"))).toBe(noAccess);
    expect(await latest("AC 2011")).toMatchObject({ status: "nieuw", assigneeId: null });
  });

  it("lists my open signals with `/knoop signaal lijst`", async () => {
    await world.flush();
    const mine = messageOf(await world.as("ib", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(mine)?.columns).toEqual(["Datum", "School", "Leerling", "Domein", "Status", "Urgentie"]);
    const pupils = tableOf(mine)?.rows.map((r) => r[2]) ?? [];
    expect(pupils).toContain("AC 2011");
    expect(pupils).toContain("JB 2015");
    expect(pupils).not.toContain("CL 2013"); // afgehandeld
    const partner = messageOf(await world.as("leerplicht", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(partner)?.rows.map((r) => r[2])).toContain("AC 2011");
    const bas = messageOf(await world.as("buurtteam", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(bas)?.rows.map((r) => r[2])).toContain("FW 2014"); // forwarded to him
    const outsider = messageOf(await world.as("outsider", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(outsider)?.rows.map((r) => r[1])).not.toContain("De Regenboog");
    expect(textOf(await world.as("bestuur", { kind: "command", args: ["signaal", "lijst"] }))).toContain(
      "Je hebt geen open signalen",
    );
  });

  it("never puts a pupil reference in a post or a log line, only in DMs to reporters and recipients", async () => {
    await world.flush();
    expect(refs.size).toBeGreaterThan(5);
    expect(world.port.delivered.some((d) => d.request.op === "post")).toBe(false);
    const signals = await world.db.signal.findMany({
      where: { swvId: world.swvId },
      include: { events: true },
    });
    const entitled = new Map<string, Set<string>>();
    for (const s of signals) {
      const people = entitled.get(s.pupilRef) ?? new Set<string>();
      people.add(s.reporterId);
      for (const e of s.events)
        if (["recipient", "recipient-former"].includes(e.type) && e.detail) people.add(e.detail);
      entitled.set(s.pupilRef, people);
    }
    // An update replaces a DM sent earlier under its key: it goes to the same person.
    const dmTo = new Map(
      world.port.delivered.flatMap((d) => (d.request.op === "dm" ? [[d.key, d.request.personId]] : [])),
    );
    for (const { request } of world.port.delivered) {
      const json = JSON.stringify(request);
      for (const ref of refs) {
        if (!json.includes(ref)) continue;
        expect(["dm", "update"]).toContain(request.op);
        const to =
          request.op === "dm" ? request.personId : request.op === "update" ? dmTo.get(request.ofKey) : "";
        expect(entitled.get(ref)?.has(to ?? ""), ref).toBe(true);
      }
    }
    const logs = logLines.join("\n").toUpperCase();
    for (const ref of refs) expect(logs).not.toContain(ref);
  });

  it("audits refused signal steps, and every signal a list or the Home tab shows, once each", async () => {
    await report("ib", values("AU 2012"));
    const signal = await latest("AU 2012");
    await act("outsider", "signal.take", signal.id);
    await submit("jgz", "signal.close", signal.id, { note: "klaar" });
    await act("leerplicht", "signal.forward", signal.id);
    const rows = (who: CastKey) =>
      world.db.auditEntry.findMany({ where: { entityId: signal.id, actorId: world.people[who] } });
    expect((await rows("outsider")).map((a) => [a.access, a.action])).toEqual([
      ["write", "signal.take.denied"],
    ]);
    expect((await rows("jgz")).map((a) => [a.access, a.action])).toEqual([["write", "signal.close.denied"]]);
    expect((await rows("leerplicht")).map((a) => a.action)).toEqual(["signal.forward.form"]);

    const reads = (action: string) =>
      world.db.auditEntry.findMany({ where: { actorId: world.people.leerplicht, action, entity: "signal" } });
    const before = (await reads("signal.list")).length;
    const listed = messageOf(await world.as("leerplicht", { kind: "command", args: ["signaal", "lijst"] }));
    const rowsShown = tableOf(listed)?.rows.length ?? 0;
    expect(rowsShown).toBeGreaterThan(0);
    const listRows = await reads("signal.list");
    expect(listRows.length - before).toBe(rowsShown);
    expect(listRows.map((a) => a.entityId)).toContain(signal.id);
    await world.as("leerplicht", { kind: "page", name: "home" });
    expect((await reads("home")).length).toBe(Math.min(rowsShown, 8)); // the Home tab shows 8
  });

  it("a leerplichtambtenaar reporting verzuim takes the signal at once; the IB'er is informed", async () => {
    await world.flush();
    const done = await report("leerplicht", values("SE 2013"));
    expect(textOf(done)).toContain("het signaal is meteen door jou opgepakt");
    expect(textOf(done)).toContain("De IB'er is geïnformeerd (Ilse Bakker)");
    expect(await latest("SE 2013")).toMatchObject({
      status: "opgepakt",
      assigneeId: world.people.leerplicht,
    });
    const sent = await world.flush();
    // The reporter's own card: taken by them, with the steps that remain (never "sent to you").
    const [own] = dms(sent, world.people.leerplicht);
    expect(own && dmText(own)).toContain("het is meteen door jou opgepakt");
    expect(own && actionsOf(own)).toEqual(["signal.proposeCase", "signal.forward", "signal.close"]);
    const [told] = dms(sent, world.people.ib);
    expect(told && dmText(told)).toContain("meldde dit signaal voor De Regenboog en pakt het zelf op");
    expect(buttonsOf(told)).toEqual([]);
  });

  it("a card not sent yet goes out as it is now, instead of an update racing it", async () => {
    await world.flush();
    await report("ib", values("PQ 2011", { domain: "gezondheid" }));
    const signal = await latest("PQ 2011");
    await act("jgz", "signal.take", signal.id); // before the dispatcher ran
    const sent = await world.flush();
    expect(sent.filter((d) => d.request.op === "update")).toEqual([]);
    const [card] = dms(sent, world.people.jgz);
    expect(card && dmText(card)).toContain("Status: Opgepakt");
    expect(card && dmText(card)).toContain("meldt een signaal bij jou"); // its own text kept
  });

  it("brings every earlier card up to date; a button on a stale card is refused in Dutch", async () => {
    await world.flush();
    await report("ib", values("ST 2012"));
    const signal = await latest("ST 2012");
    const cardKey = `signal:${signal.id}:routed:${world.people.leerplicht}`;
    await world.flush();
    await submit("leerplicht", "signal.forward", signal.id, {
      to: world.people.jgz,
      reason: "Gezondheid speelt mee.",
    });
    const afterForward = await world.flush();
    const update = afterForward.find((d) => d.request.op === "update" && d.request.ofKey === cardKey);
    if (update?.request.op !== "update") throw new Error("the forwarder's card was not updated");
    expect(buttonsOf(update.request.message)).toEqual([]);
    expect(dmText(update.request.message)).toContain("Status: Nieuw");
    expect(textOf(await act("leerplicht", "signal.take", signal.id))).toBe(
      "Dit signaal is doorgezet en ligt niet meer bij jou: deze knop werkt niet meer.",
    );
    expect(await latest("ST 2012")).toMatchObject({ status: "nieuw", assigneeId: null });

    await submit("jgz", "signal.close", signal.id, { note: "Besproken met ouders." });
    const afterClose = await world.flush();
    const jgzCard = afterClose.find(
      (d) =>
        d.request.op === "update" &&
        d.request.ofKey.includes(`:forwarded:`) &&
        d.request.ofKey.endsWith(world.people.jgz),
    );
    if (jgzCard?.request.op !== "update") throw new Error("the new partner's card was not updated");
    expect(dmText(jgzCard.request.message)).toContain("Status: Afgehandeld");
    expect(buttonsOf(jgzCard.request.message)).toEqual([]);
    expect(textOf(await act("jgz", "signal.take", signal.id))).toBe("Dit signaal is al afgehandeld.");
  });
});

describeEachDatabase("signals: configuration and edge cases", (get) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(get().db);
  });
  const report = (who: CastKey, pupilRef: string, domain: string, school: "A" | "B" = "A") =>
    world.as(who, {
      kind: "submission",
      name: "signal.create",
      values: {
        school: world.schools[school],
        pupilRef,
        domain,
        description: "Opgemerkt in de klas.",
        urgency: "hoog",
      },
    });
  const latest = (pupilRef: string) => world.db.signal.findFirstOrThrow({ where: { pupilRef } });

  it("follows the SWV's routing table and role names", async () => {
    await world.db.signalRoute.update({
      where: { swvId_domain: { swvId: world.swvId, domain: "verzuim" } },
      data: { roleKey: "buurtteam" },
    });
    await world.db.roleDefinition.update({
      where: { swvId_key: { swvId: world.swvId, key: "buurtteam" } },
      data: { name: "Schoolmaatschappelijk werk" },
    });
    const done = await report("ib", "CF 1", "verzuim");
    expect(textOf(done)).toContain(
      "naar de schoolmaatschappelijk werk van De Regenboog gestuurd: Bas Timmermans",
    );
    const sent = await world.flush();
    expect(dms(sent, world.people.buurtteam)).toHaveLength(1);
    expect(dms(sent, world.people.leerplicht)).toHaveLength(0);
  });

  it("sends to every holder of the role; the first to take it is the assignee, the others hear who", async () => {
    const jgz = await world.db.person.findUniqueOrThrow({ where: { id: world.people.jgz } });
    await world.db.roleAssignment.create({
      data: { personId: jgz.id, swvId: world.swvId, role: "buurtteam", schoolId: world.schools.A },
    });
    await report("ib", "TW 2", "gezin");
    const signal = await latest("TW 2");
    const sent = await world.flush();
    expect(dms(sent, world.people.buurtteam)).toHaveLength(1);
    expect(dms(sent, world.people.jgz)).toHaveLength(1);
    expect((await act(world, "jgz", "signal.take", signal.id)).type).toBe("update");
    expect(textOf(await act(world, "buurtteam", "signal.take", signal.id))).toBe(
      "Dit signaal is al opgepakt door Jasmijn Gerritsen.",
    );
    // The one who did not take it may still act on it, e.g. close it.
    expect(formOf(await act(world, "buurtteam", "signal.close", signal.id)).id).toBe("signal.close");
  });

  it("gives an IB'er who receives a signal 'Casus openen' instead of 'Knooppunt voorstellen'", async () => {
    await world.db.signalRoute.update({
      where: { swvId_domain: { swvId: world.swvId, domain: "schoolloopbaan" } },
      data: { roleKey: "ib" },
    });
    await world.flush();
    await report("directeur", "IB 3", "schoolloopbaan");
    const [dm] = dms(await world.flush(), world.people.ib);
    expect(actionsOf(dm as MessageView)).toEqual([
      "signal.take",
      "case.openFromSignal",
      "signal.forward",
      "signal.close",
    ]);
  });

  it("lets the cases feature turn a signal into a case: omgezet, the reporter hears the case code", async () => {
    await world.db.signalRoute.update({
      where: { swvId_domain: { swvId: world.swvId, domain: "verzuim" } },
      data: { roleKey: "leerplicht" },
    });
    await report("directeur", "CV 5", "verzuim");
    const signal = await latest("CV 5");
    await act(world, "leerplicht", "signal.proposeCase", signal.id);
    await world.flush();
    const ib = await contextOf(world, "ib");
    const outsider = await contextOf(world, "outsider");
    await expect(loadOpenSignalForActor(outsider, signal.id)).rejects.toThrow("Geen toegang");
    expect((await loadOpenSignalForActor(ib, signal.id)).pupilRef).toBe("CV 5");
    await world.db.$transaction((tx) =>
      convertSignalToCase(tx, ib, signal.id, { id: "case-1", code: "K-2026-0001" }),
    );
    // No longer open from that moment (the board digests count open signals by closedAt).
    expect(await latest("CV 5")).toMatchObject({
      status: "omgezet",
      caseId: "case-1",
      closedAt: world.clock.now(),
    });
    expect(textOf(dms(await world.flush(), world.people.directeur)[0])).toContain(
      "is door Ilse Bakker omgezet in knooppunt K-2026-0001.",
    );
    await expect(loadOpenSignalForActor(ib, signal.id)).rejects.toThrow("al omgezet in een casus");
    await expect(
      world.db.$transaction((tx) =>
        convertSignalToCase(tx, ib, signal.id, { id: "case-2", code: "K-2026-0002" }),
      ),
    ).rejects.toThrow("al omgezet in een casus");
    expect(textOf(await act(world, "leerplicht", "signal.take", signal.id))).toBe(
      "Dit signaal is al omgezet in een casus.",
    );
  });

  it("keeps a signal nobody can receive, and tells the reporter and the beheerders (without the pupil)", async () => {
    await world.flush();
    await world.db.roleAssignment.deleteMany({ where: { personId: world.people.consultant } });
    const done = await report("outsider", "NB 4", "gezondheid", "B");
    expect(headingOf(messageOf(done))).toBe("Signaal bewaard");
    expect(textOf(done)).toContain(
      "niemand kon het ontvangen: deze school heeft geen jeugdverpleegkundige / jeugdarts en er is geen consultant passend onderwijs. De beheerders zijn ingelicht (Britt Hendriks).",
    );
    expect(await latest("NB 4")).toMatchObject({ status: "nieuw", assignedRole: "jgz" });
    const sent = await world.flush();
    const [notice] = dms(sent, world.people.beheerder);
    expect(textOf(notice)).toContain("Een signaal voor Het Kompas (Gezondheid) kon niemand bereiken");
    expect(JSON.stringify(sent)).not.toContain("NB 4");
    const list = messageOf(await world.as("outsider", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(list)?.rows.map((r) => r[2])).toEqual(["NB 4"]);
  });
});

/** A handler's context for one of the cast, as the router builds it (to call services directly). */
async function contextOf(world: World, who: CastKey): Promise<Context> {
  const workspace = await world.db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } });
  const user = { platform: "sandbox" as const, workspaceId: workspace.externalId, userId: who };
  const actor = await resolveActor(world.db, user, "nl");
  if (!actor) throw new Error(`unknown ${who}`);
  const { db, clock, logger, timezone, notify, directory } = world.core;
  return { db, clock, logger, timezone, notify, directory, actor, place: { kind: "dm", id: `dm:${who}` } };
}

const act = (world: World, who: CastKey, name: string, value: string) =>
  world.as(who, { kind: "action", name, value });
