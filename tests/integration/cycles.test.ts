import { expect, it } from "vitest";
import type { Delivery } from "../../src/chat/memory-port.ts";
import { buttonsOf, headingOf, type MessageView, type Reply, textOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import { showDay } from "../../src/features/cycles/views.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import type { Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const deps = (world: World, db: Db = world.db): JobDeps => ({
  db,
  clock: world.clock,
  logger: silentLogger,
  timezone: "Europe/Amsterdam",
  locale: "nl",
  notify: () => {},
});

const dmsTo = (world: World, deliveries: Delivery[], who: CastKey): MessageView[] =>
  deliveries.flatMap((d) =>
    d.request.op === "dm" && d.request.personId === world.people[who] ? [d.request.message] : [],
  );

const formOf = (reply: Reply) => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(`no form: ${JSON.stringify(reply)}`);
  return reply.form;
};
const said = (reply: Reply) =>
  reply.type === "message" || reply.type === "update"
    ? textOf(reply.message)
    : reply.type === "done"
      ? textOf(reply.message)
      : "";

describeEachDatabase("check-ins", (get) => {
  it("an SWV starting mid-period gets its instances once, also from two replicas, and prompts from the next working morning", async () => {
    const world = await createWorld(get().db, "2026-12-10T10:05:00+01:00");
    const second = await get().connect();
    const [a, b] = await Promise.all([runInstances(deps(world)), runInstances(deps(world, second))]);
    const mine = await world.db.cycleInstance.count({ where: { swvId: world.swvId, subjectKind: "school" } });
    // 2 schools x 5 school moments (thuiszitters, sop, jaarplan, jaarverslag, kernpartnergesprek)
    expect(mine).toBe(10);
    // and the SWV's teldatum and groeitelling, the one board's spiegelgesprek
    expect(await world.db.cycleInstance.count({ where: { swvId: world.swvId } })).toBe(13);
    expect(a + b).toBeGreaterThanOrEqual(13);
    expect(await runInstances(deps(world))).toBe(0);

    world.clock.set("2026-12-10T15:00:00+01:00");
    await runPrompts(deps(world));
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);

    world.clock.set("2026-12-11T09:00:00+01:00");
    await runPrompts(deps(world));
    const sent = await world.flush();
    const ib = dmsTo(world, sent, "ib");
    // Thuiszitters (opened 1 December) and the jaarplan (past its date): each one announcement.
    expect(ib.map(headingOf).sort()).toEqual([
      "Jaarplan ondersteuning: staat open",
      "Thuiszittersregistratie: staat open",
    ]);
    const buttons = buttonsOf(ib[0]);
    expect(buttons.find((x) => x.action === "cycle.open")).toMatchObject({
      opensForm: true,
      label: "Invullen: De Regenboog",
    });
    expect(buttons.filter((x) => x.action === "cycle.later").map((x) => x.label)).toEqual([
      "Later: morgen",
      "Later: volgende week",
    ]);
    // The consultant holds the role for the whole SWV: one prompt listing both schools.
    const consultant = dmsTo(world, sent, "consultant");
    expect(consultant).toHaveLength(1);
    expect(plain(consultant[0])).toContain("0 van 2 scholen ingevuld");
    expect(buttonsOf(consultant[0]).filter((x) => x.action === "cycle.open")).toHaveLength(2);

    // The same hour again, or a second replica: nothing twice.
    await runPrompts(deps(world, second));
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);
  });

  it("answers through the forms: errors at the field, on time, late, edits, closed periods", async () => {
    const world = await createWorld(get().db, "2026-12-10T10:05:00+01:00");
    await runInstances(deps(world));
    world.clock.set("2026-12-11T09:00:00+01:00");
    await runPrompts(deps(world));
    const ib = dmsTo(world, await world.flush(), "ib");
    const button = (heading: string) => {
      const view = ib.find((m) => headingOf(m)?.startsWith(heading));
      const b = buttonsOf(view).find((x) => x.action === "cycle.open");
      if (!b?.value) throw new Error(`no button in ${heading}`);
      return b.value;
    };
    const open = (id: string) => world.as("ib", { kind: "action", name: "cycle.open", value: id });
    const submit = (id: string, values: Record<string, string>) =>
      world.as("ib", { kind: "submission", name: "cycle.answer", values, context: id });

    const thuis = button("Thuiszitters");
    const form = formOf(await open(thuis));
    // The thuiszittersregistratie opens its own form (src/features/thuiszitters/).
    expect(form.id).toBe("thuiszitters.answer");
    // Generic values sent to the generic submission still land in the registration: its form comes
    // back with the error at the field, and nothing is answered.
    let reply = await submit(thuis, { done: "ja", date: "2026-12-09", note: "Geregistreerd." });
    expect(reply.type).toBe("invalid");
    expect(formOf(reply).id).toBe("thuiszitters.answer");
    expect(formOf(reply).fields.find((f) => f.name === "none")?.error).toBe(
      "Vul een thuiszitter in, of kies 'geen thuiszitters dit kwartaal'.",
    );
    expect(await world.db.cycleInstance.findUniqueOrThrow({ where: { id: thuis } })).toMatchObject({
      state: "open",
    });
    reply = await world.as("ib", {
      kind: "submission",
      name: form.id,
      values: { none: "on" },
      context: thuis,
    });
    expect(said(reply)).toBe("Opgeslagen: geen thuiszitters bij De Regenboog dit kwartaal.");

    const jaarplan = button("Jaarplan");
    reply = await submit(jaarplan, { done: "ja", date: "", withWhom: "", note: "" });
    expect(reply.type).toBe("invalid");
    expect(formOf(reply).fields.find((f) => f.name === "date")?.error).toBe(
      "Vul de datum in (het is gedaan, dus wanneer?).",
    );
    expect(formOf(reply).fields.find((f) => f.name === "done")?.value).toBe("ja");
    reply = await submit(jaarplan, { done: "ja", date: "2026-12-24", withWhom: "", note: "" });
    expect(formOf(reply).fields.find((f) => f.name === "date")?.error).toContain("in de toekomst");
    reply = await submit(jaarplan, { done: "misschien", date: "", withWhom: "", note: "" });
    expect(formOf(reply).fields.find((f) => f.name === "done")?.error).toBe("Kies ja of nee.");
    reply = await submit(jaarplan, {
      done: "ja",
      date: "2026-12-08",
      withWhom: "consulent, directeur",
      note: "",
    });
    expect(said(reply)).toContain("geregistreerd als te laat");
    const edit = formOf(await open(jaarplan));
    expect(edit.fields.find((f) => f.name === "withWhom")?.value).toBe("consulent, directeur");
    reply = await submit(jaarplan, {
      done: "ja",
      date: "2026-12-08",
      withWhom: "consulent",
      note: "Bijgesteld.",
    });
    expect(said(reply)).toBe("Gewijzigd: Jaarplan ondersteuning voor De Regenboog.");
    const stored = await world.db.cycleInstance.findUniqueOrThrow({ where: { id: jaarplan } });
    expect(stored).toMatchObject({ state: "answered", late: true });
    expect(stored.editedAt).not.toBeNull();
    expect(JSON.parse(stored.answer ?? "{}")).toMatchObject({ withWhom: "consulent", note: "Bijgesteld." });

    // The SOP form checks its link.
    const sop = await world.db.cycleInstance.findFirstOrThrow({
      where: { swvId: world.swvId, momentKey: "sop", schoolId: world.schools.A },
    });
    reply = await world.as("directeur", {
      kind: "submission",
      name: "cycle.answer",
      values: { done: "ja", date: "2026-11-01", url: "school punt nl", note: "" },
      context: sop.id,
    });
    expect(formOf(reply).fields.find((f) => f.name === "url")?.error).toContain("Geen geldige link");
    // Someone from another school cannot answer it.
    reply = await world.as("outsider", { kind: "action", name: "cycle.open", value: sop.id });
    expect(said(reply)).toContain("niet van jou");

    // After the quarter (Q2 ends 31 January) the thuiszitters answer is closed.
    world.clock.set("2027-02-01T09:00:00+01:00");
    expect(said(await open(thuis))).toContain("Deze periode is afgesloten");
  });

  it("a sent prompt card is updated when one of its schools is answered", async () => {
    const world = await createWorld(get().db, "2026-11-30T10:05:00+01:00");
    await runInstances(deps(world));
    world.clock.set("2026-12-01T09:00:00+01:00");
    await runPrompts(deps(world));
    const sent = await world.flush();
    const card = sent.find(
      (d) =>
        d.request.op === "dm" &&
        d.request.personId === world.people.ib &&
        headingOf(d.request.message) === "Thuiszittersregistratie: staat open",
    );
    if (card?.request.op !== "dm") throw new Error("no prompt card");
    const id = buttonsOf(card.request.message).find((b) => b.action === "cycle.open")?.value ?? "";
    expect(JSON.stringify(card.request.message)).toContain("0 van 1 scholen ingevuld");
    await world.as("ib", {
      kind: "submission",
      name: "thuiszitters.answer",
      values: { none: "on" },
      context: id,
    });
    const flushed = await world.flush();
    const updates = flushed.filter((d) => d.request.op === "update" && d.request.ofKey === card.key);
    expect(updates).toHaveLength(1);
    const now = updates[0]?.request.op === "update" ? updates[0].request.message : undefined;
    expect(headingOf(now)).toBe("Thuiszittersregistratie: staat open");
    expect(JSON.stringify(now)).toContain("1 van 1 scholen ingevuld");
    expect(JSON.stringify(now)).toContain('"value":"ingevuld"');
    expect(buttonsOf(now).filter((b) => b.action === "cycle.open")).toEqual([]);
    // An edit later changes nothing on the card.
    await world.as("ib", {
      kind: "submission",
      name: "thuiszitters.answer",
      values: { none: "on" },
      context: id,
    });
    expect((await world.flush()).filter((d) => d.request.op === "update")).toEqual([]);
  });

  it("'later' holds the prompts back and prompts again on that day", async () => {
    const world = await createWorld(get().db, "2026-12-10T10:05:00+01:00");
    await runInstances(deps(world));
    world.clock.set("2026-12-11T09:00:00+01:00");
    await runPrompts(deps(world));
    const outsider = dmsTo(world, await world.flush(), "outsider");
    const later = buttonsOf(outsider.find((m) => headingOf(m)?.startsWith("Thuiszitters"))).find(
      (b) => b.action === "cycle.later" && b.label === "Later: morgen",
    );
    const reply = await world.as("outsider", {
      kind: "action",
      name: "cycle.later",
      value: later?.value ?? "",
    });
    // Friday: "tomorrow" is the next working day, Monday.
    expect(said(reply)).toContain(showDay("2026-12-14", "nl", "Europe/Amsterdam"));
    world.clock.set("2026-12-14T09:00:00+01:00");
    await runPrompts(deps(world));
    const again = dmsTo(world, await world.flush(), "outsider");
    expect(again.map(headingOf)).toEqual(["Zoals gevraagd: Thuiszittersregistratie"]);
  });

  it("sets a pause and working days by command, with a Dutch usage message on bad input", async () => {
    const world = await createWorld(get().db, "2026-12-10T10:05:00+01:00");
    const command = (...args: string[]) => world.as("ib", { kind: "command", args });
    expect(said(await command("afwezig"))).toContain("/knoop afwezig tot 2027-03-15");
    expect(said(await command("afwezig", "tot", "31-02-2027"))).toContain("Zo gebruik je het");
    expect(said(await command("afwezig", "tot", "2026-12-01"))).toContain("al voorbij");
    expect(said(await command("afwezig", "tot", "8-1-2027"))).toBe(
      `Genoteerd: tot en met ${showDay("2027-01-08", "nl", "Europe/Amsterdam")} krijg je geen check-ins van Knoop. Daarna gaan ze gewoon verder.`,
    );
    const availability = () =>
      world.db.personAvailability.findUnique({ where: { personId: world.people.ib } });
    expect((await availability())?.pausedUntil).toBe("2027-01-08");

    // While paused, the announcement waits for the first working day after the pause.
    await runInstances(deps(world));
    world.clock.set("2026-12-11T09:00:00+01:00");
    await runPrompts(deps(world));
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);
    world.clock.set("2027-01-11T09:00:00+01:00");
    await runPrompts(deps(world));
    expect(dmsTo(world, await world.flush(), "ib").length).toBeGreaterThan(0);

    expect(said(await command("afwezig", "uit"))).toContain("weer aanwezig");
    expect((await availability())?.pausedUntil).toBeNull();
    expect(said(await command("werkdagen", "ma", "di", "zo"))).toContain("/knoop werkdagen ma di do");
    expect(said(await command("werkdagen"))).toContain("Zo gebruik je het");
    expect(said(await command("werkdagen", "do", "ma", "Dinsdag"))).toBe(
      "Genoteerd: Knoop stuurt je check-ins alleen op ma di do.",
    );
    expect((await availability())?.workingDays).toBe("1,2,4");
  });

  it("follows an SWV's own settings: a moment switched off, its own holiday, its own hours", async () => {
    const world = await createWorld(get().db, "2026-08-03T07:00:00+02:00");
    const { db, swvId } = world;
    await db.cycleMomentSetting.create({ data: { swvId, momentKey: "jaarplan", enabled: false } });
    // A study week at the start of September (both schools are in region Zuid).
    await db.cycleHoliday.create({
      data: {
        swvId,
        region: "zuid",
        schoolYear: "2026-2027",
        kind: "studieweek",
        start: "2026-08-31",
        end: "2026-09-04",
      },
    });
    await db.cycleSwvSetting.create({ data: { swvId, hoursStart: "10:00", hoursEnd: "15:00" } });
    await runInstances(deps(world));
    const moments = await db.cycleInstance.findMany({
      where: { swvId, schoolId: world.schools.A },
      select: { momentKey: true },
    });
    expect(moments.map((m) => m.momentKey).sort()).toEqual([
      "jaarverslag",
      "kernpartnergesprek",
      "sop",
      "thuiszitters",
    ]);

    for (const [when, expected] of [
      ["2026-09-01T09:00:00+02:00", 0], // in the study week
      ["2026-09-07T09:00:00+02:00", 0], // before the SWV's hours
      ["2026-09-07T10:00:00+02:00", 1],
    ] as const) {
      world.clock.set(when);
      await runPrompts(deps(world));
      expect(dmsTo(world, await world.flush(), "ib").map(headingOf), when).toEqual(
        expected ? ["Thuiszittersregistratie: staat open"] : [],
      );
    }
  });
});

const plain = (view: MessageView | undefined) => JSON.stringify(view);
