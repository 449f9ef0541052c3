import { expect, it } from "vitest";
import type { Delivery } from "../../src/chat/memory-port.ts";
import { buttonsOf, headingOf, type MessageView, type Reply, tableOf, textOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import { swvCycles } from "../../src/features/cycles/service.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const deps = (world: World): JobDeps => ({
  db: world.db,
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
const viewOf = (reply: Reply): MessageView => {
  if (reply.type !== "message" && reply.type !== "update")
    throw new Error(`no message: ${JSON.stringify(reply)}`);
  return reply.message;
};
const formOf = (reply: Reply) => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(`no form: ${JSON.stringify(reply)}`);
  return reply.form;
};
const plain = (view: MessageView | undefined) => JSON.stringify(view);
const errorAt = (reply: Reply, field: string) => formOf(reply).fields.find((f) => f.name === field)?.error;

/** A world in December with the check-ins created before the thuiszitters period opened, and Ilse
 * having answered school A's. */
async function december(get: () => { db: World["db"] }) {
  const world = await createWorld(get().db, "2026-11-30T10:05:00+01:00");
  await runInstances(deps(world));
  world.clock.set("2026-12-02T10:00:00+01:00");
  const instance = (school: "A" | "B", momentKey = "thuiszitters") =>
    world.db.cycleInstance.findFirstOrThrow({
      where: { swvId: world.swvId, momentKey, schoolId: world.schools[school] },
    });
  const a = await instance("A");
  const answered = await world.as("ib", {
    kind: "submission",
    name: "thuiszitters.answer",
    values: { none: "on" },
    context: a.id,
  });
  expect(answered.type).toBe("done");
  return { world, instance };
}

const cyclus = (world: World, who: CastKey, ...args: string[]) =>
  world.as(who, { kind: "command", args: ["cyclus", ...args] });

describeEachDatabase("check-ins for SWV staff", (get) => {
  it("/knoop cyclus shows each moment's counts and, per moment, the schools with a remind button that sends once per click", async () => {
    const { world, instance } = await december(get);
    const summary = viewOf(await cyclus(world, "consultant"));
    expect(headingOf(summary)).toBe("Check-ins");
    expect(textOf(summary)).toContain("Thuiszittersregistratie · 2026-2027-Q2 · uiterlijk");
    expect(plain(summary)).toContain("1 ingevuld (0 te laat) · 1 open · 0 over de datum · 0 vrijgesteld");
    const perSchool = buttonsOf(summary).find((b) => b.label === "Per school: Thuiszittersregistratie");
    expect(perSchool).toBeDefined();

    const detail = viewOf(
      await world.as("consultant", { kind: "action", name: "cycle.overview", value: perSchool?.value ?? "" }),
    );
    expect(tableOf(detail)?.rows).toEqual([
      ["De Regenboog", "ingevuld", "Ilse Bakker"],
      ["Het Kompas", "open", "Olaf Janssen"],
    ]);
    // The command gives the same view.
    expect(tableOf(viewOf(await cyclus(world, "consultant", "thuiszitters")))).toEqual(tableOf(detail));
    const remind = buttonsOf(detail).find((b) => b.label === "Herinner: Het Kompas");
    expect(buttonsOf(detail).map((b) => b.label)).not.toContain("Herinner: De Regenboog");
    expect(buttonsOf(detail).find((b) => b.label === "Herinner alle openstaande")?.confirm).toBeDefined();

    // Twice the same click: one message to the owner.
    const click = () =>
      world.as("consultant", { kind: "action", name: "cycle.remind", value: remind?.value ?? "" });
    expect(textOf(viewOf(await click()))).toBe("Olaf Janssen krijgt nu een herinnering voor Het Kompas.");
    await click();
    const sent = dmsTo(world, await world.flush(), "outsider");
    expect(sent.map(headingOf)).toEqual(["Herinnering: Thuiszittersregistratie"]);
    expect(textOf(sent[0])).toContain("Carla Smeets van het SWV vraagt je deze check-in in te vullen");
    expect(buttonsOf(sent[0])).toEqual([
      expect.objectContaining({ action: "cycle.open", value: (await instance("B")).id, opensForm: true }),
    ]);
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);

    // A new overview a minute later is a new click: "herinner alle" reaches the owner again.
    world.clock.set("2026-12-02T10:01:00+01:00");
    const again = viewOf(await cyclus(world, "consultant", "thuiszitters"));
    const all = buttonsOf(again).find((b) => b.label === "Herinner alle openstaande");
    const reply = await world.as("consultant", {
      kind: "action",
      name: "cycle.remindAll",
      value: all?.value ?? "",
    });
    expect(textOf(viewOf(reply))).toBe(
      "1 eigenaar/eigenaren krijgen nu een herinnering voor 1 school/scholen.",
    );
    expect(dmsTo(world, await world.flush(), "outsider")).toHaveLength(1);
    // Each click is a step of the instance in its prompt log, like the scheduled prompts.
    const steps = await world.db.cyclePrompt.findMany({
      where: { instanceId: (await instance("B")).id, step: { startsWith: "staff-remind-" } },
    });
    expect(steps).toHaveLength(2);
    expect(steps.every((p) => p.personId === world.people.outsider && p.sent)).toBe(true);
  });

  it("filters by school board, and refuses people who are not SWV staff", async () => {
    const { world } = await december(get);
    expect(
      tableOf(viewOf(await cyclus(world, "consultant", "thuiszitters", "bestuur", "99999")))?.rows,
    ).toHaveLength(2);
    const none = viewOf(await cyclus(world, "beheerder", "bestuur", "12345"));
    expect(headingOf(none)).toBe("Check-ins · Bestuur 12345");
    expect(textOf(none)).toContain("Er staan nog geen check-ins klaar voor deze scholen.");
    expect(textOf(viewOf(await cyclus(world, "ib")))).toBe(
      "Het overzicht van de check-ins is voor medewerkers en consulenten van het SWV.",
    );
    expect(textOf(viewOf(await cyclus(world, "consultant", "onzin")))).toContain("Zo gebruik je het");
    const remind = await world.as("ib", { kind: "action", name: "cycle.remind", value: "x|y" });
    expect(textOf(viewOf(remind))).toContain("voor medewerkers en consulenten van het SWV");
  });

  it("pages a large SWV ten schools at a time", async () => {
    const world = await createWorld(get().db, "2026-11-30T10:05:00+01:00");
    const board = await world.db.school.findUniqueOrThrow({ where: { id: world.schools.A } });
    for (let i = 0; i < 13; i++)
      await world.db.school.create({
        data: {
          ...{ ...board, id: undefined, createdAt: undefined, updatedAt: undefined },
          locationCode: `${board.locationCode}${i}`,
          name: `School ${String(i).padStart(2, "0")}`,
        },
      });
    await runInstances(deps(world));
    world.clock.set("2026-12-02T10:00:00+01:00");
    const first = viewOf(await cyclus(world, "consultant", "thuiszitters"));
    expect(tableOf(first)?.rows).toHaveLength(10);
    expect(plain(first)).toContain("Pagina 1 van 2 (15 scholen)");
    const next = buttonsOf(first).find((b) => b.label === "Volgende");
    const second = viewOf(
      await world.as("consultant", { kind: "action", name: "cycle.overview", value: next?.value ?? "" }),
    );
    expect(tableOf(second)?.rows.map((r) => r[0])).toEqual([
      "School 08",
      "School 09",
      "School 10",
      "School 11",
      "School 12",
    ]);
    expect(buttonsOf(second).map((b) => b.label)).toContain("Vorige");
  });

  it("waives an instance with a reason: audited, the owner told, no more answering", async () => {
    const { world, instance } = await december(get);
    const b = await instance("B");
    const form = formOf(await world.as("consultant", { kind: "action", name: "cycle.waive", value: b.id }));
    expect(form.intro).toContain("Thuiszittersregistratie voor Het Kompas hoeft dan niet te worden ingevuld");
    const submit = (reason: string) =>
      world.as("consultant", { kind: "submission", name: "cycle.waived", values: { reason }, context: b.id });
    expect(errorAt(await submit("  "), "reason")).toBe("Vul dit in.");
    expect(errorAt(await submit("x".repeat(301)), "reason")).toBe("Houd het kort: hooguit 300 tekens.");
    const done = await submit("School is per 1 januari gefuseerd");
    expect(done).toMatchObject({ type: "done" });
    expect(await instance("B")).toMatchObject({
      state: "waived",
      waivedReason: "School is per 1 januari gefuseerd",
      waivedById: world.people.consultant,
    });
    expect(await world.db.auditEntry.count({ where: { action: "cycle.waive", entityId: b.id } })).toBe(1);
    const told = dmsTo(world, await world.flush(), "outsider");
    expect(told.map(headingOf)).toEqual(["Vrijstelling: Thuiszittersregistratie"]);
    expect(textOf(told[0])).toContain(
      "Carla Smeets gaf vrijstelling, met als reden: School is per 1 januari gefuseerd",
    );

    const open = await world.as("outsider", { kind: "action", name: "cycle.open", value: b.id });
    expect(textOf(viewOf(open))).toBe("Voor deze check-in is vrijstelling gegeven: invullen is niet nodig.");
    expect(tableOf(viewOf(await cyclus(world, "consultant", "thuiszitters")))?.rows[1]).toEqual([
      "Het Kompas",
      "vrijgesteld",
      "Olaf Janssen",
    ]);
    expect(textOf(viewOf(await submit("nog eens")))).toBe(
      "Deze check-in staat niet meer open: vrijstelling is niet nodig.",
    );
    // An IB'er cannot waive.
    const a = await instance("A", "jaarplan");
    expect(
      textOf(viewOf(await world.as("ib", { kind: "action", name: "cycle.waive", value: a.id }))),
    ).toContain("voor medewerkers en consulenten");
  });

  it("the Home page lists the person's own open check-ins with a button to the form", async () => {
    const { world, instance } = await december(get);
    const page = await world.as("outsider", { kind: "page", name: "home" });
    if (page.type !== "page") throw new Error("no page");
    const at = page.messages.findIndex((m) => headingOf(m) === "Mijn check-ins");
    expect(at).toBeGreaterThan(0);
    const b = await instance("B");
    const items = page.messages
      .slice(at + 1)
      .filter((m) => buttonsOf(m).some((x) => x.action === "cycle.open"));
    expect(items.map(textOf)).toContain("Thuiszittersregistratie · Het Kompas · uiterlijk do 31 dec 2026");
    expect(items.flatMap(buttonsOf).map((x) => x.value)).toContain(b.id);
    // Ilse answered hers: school A's thuiszitters is not listed, the jaarplan (overdue) is.
    const ib = await world.as("ib", { kind: "page", name: "home" });
    if (ib.type !== "page") throw new Error("no page");
    const texts = ib.messages.map(textOf);
    expect(texts.some((x) => x.startsWith("Thuiszittersregistratie · De Regenboog"))).toBe(false);
    expect(texts.some((x) => x.startsWith("Jaarplan ondersteuning · De Regenboog · was"))).toBe(true);
  });

  it("makes the SWV- and board-level check-ins: the board's owner answers the spiegelgesprek, staff see it", async () => {
    const { world } = await december(get);
    const summary = viewOf(await cyclus(world, "beheerder"));
    expect(textOf(summary)).toContain("Spiegelgesprek bestuur · 2026-2027-H1");
    expect(textOf(summary)).toContain("Teldatum 1 oktober · 2026-2027");
    // The growth count opens on 15 January.
    expect(textOf(summary)).not.toContain("Groeitelling");
    const teldatum = viewOf(await cyclus(world, "beheerder", "teldatum"));
    expect(tableOf(teldatum)).toEqual({
      columns: ["Voor", "Stand", "Eigenaar"],
      rows: [["SWV Testregio", "over de datum", "(niemand)"]],
    });
    expect(
      tableOf(viewOf(await cyclus(world, "consultant", "spiegelgesprek", "bestuur", "99999")))?.rows,
    ).toEqual([["Bevoegd gezag 99999", "open", "Bert Stevens"]]);
    expect(
      viewOf(await cyclus(world, "consultant", "bestuur", "99999"))
        .blocks.map((b) => JSON.stringify(b))
        .join(),
    ).not.toContain("Teldatum");

    const home = await world.as("bestuur", { kind: "page", name: "home" });
    if (home.type !== "page") throw new Error("no page");
    const item = home.messages.find((m) =>
      textOf(m).startsWith("Spiegelgesprek bestuur · Bevoegd gezag 99999"),
    );
    const open = buttonsOf(item).find((b) => b.action === "cycle.open");
    const form = formOf(
      await world.as("bestuur", { kind: "action", name: "cycle.open", value: open?.value ?? "" }),
    );
    expect(form.intro).toContain("Spiegelgesprek bestuur voor Bevoegd gezag 99999");
    const saved = await world.as("bestuur", {
      kind: "submission",
      name: "cycle.answer",
      values: { done: "ja", date: "2026-12-01", note: "" },
      context: open?.value,
    });
    expect(saved.type).toBe("done");
    expect(tableOf(viewOf(await cyclus(world, "beheerder", "spiegelgesprek")))?.rows).toEqual([
      ["Bevoegd gezag 99999", "ingevuld", "Bert Stevens"],
    ]);
  });

  it("/knoop cyclus jaar shows the school year; a beheerder changes a moment's dates and policy, or switches it off, and the hours", async () => {
    const { world } = await december(get);
    const year = viewOf(await cyclus(world, "beheerder", "jaar"));
    expect(headingOf(year)).toBe("Schooljaar 2026-2027");
    expect(textOf(year)).toContain("Thuiszittersregistratie");
    expect(plain(year)).toContain("2026-2027-Q4");
    expect(plain(year)).toContain("Werktijden voor berichten: 08:30-16:30.");
    const change = buttonsOf(year).find(
      (b) => b.label === "Wijzigen: SOP-update (schoolondersteuningsprofiel)",
    );
    expect(change).toMatchObject({ action: "cycle.settings", value: "sop", opensForm: true });
    expect(buttonsOf(viewOf(await cyclus(world, "consultant", "jaar")))).toEqual([]);
    expect(
      textOf(viewOf(await world.as("consultant", { kind: "action", name: "cycle.settings", value: "sop" }))),
    ).toBe("Alleen een beheerder van het SWV wijzigt de instellingen van de check-ins.");

    const form = formOf(
      await world.as("beheerder", { kind: "action", name: "cycle.settings", value: "sop" }),
    );
    expect(form.fields.map((f) => [f.name, f.value])).toEqual([
      ["enabled", "ja"],
      ["opens0", "03-01"],
      ["due0", "06-15"],
      ["remindBefore", "3"],
      ["nudgeAfter", "2"],
      ["escalateAfter", "5"],
    ]);
    const save = (values: Record<string, string>) =>
      world.as("beheerder", {
        kind: "submission",
        name: "cycle.saveSettings",
        context: "sop",
        values: {
          enabled: "ja",
          opens0: "03-01",
          due0: "06-15",
          remindBefore: "3",
          nudgeAfter: "2",
          escalateAfter: "5",
          ...values,
        },
      });
    expect(errorAt(await save({ due0: "02-30" }), "due0")).toBe(
      "Geen geldige dag: schrijf MM-DD, bijvoorbeeld 09-30.",
    );
    expect(errorAt(await save({ due0: "02-15" }), "due0")).toContain("De datum ligt vóór het openen");
    const bad = await save({ remindBefore: "drie" });
    expect(errorAt(bad, "remindBefore")).toBe("Vul een heel getal van 0 tot en met 30 in.");
    expect(formOf(bad).fields.find((f) => f.name === "remindBefore")?.value).toBe("drie");
    expect(await world.db.cycleMomentSetting.count()).toBe(0);

    expect(await save({ opens0: "02-01", due0: "05-31", remindBefore: "5" })).toMatchObject({ type: "done" });
    const cycles = await swvCycles(world.db, world.swvId, "Europe/Amsterdam");
    expect(cycles.moments.find((m) => m.key === "sop")).toMatchObject({
      windows: [{ opens: "02-01", due: "05-31" }],
      policy: { remindBefore: 5, nudgeAfter: 2, escalateAfter: 5, escalateTo: "swv-consultant" },
    });
    await save({ enabled: "nee" });
    expect(
      (await swvCycles(world.db, world.swvId, "Europe/Amsterdam")).moments.map((m) => m.key),
    ).not.toContain("sop");
    expect(textOf(viewOf(await cyclus(world, "beheerder", "jaar")))).toContain(
      "SOP-update (schoolondersteuningsprofiel) · staat uit",
    );
    expect(await world.db.auditEntry.count({ where: { action: "cycle.settings" } })).toBe(2);

    expect(textOf(viewOf(await cyclus(world, "beheerder", "uren", "17:00", "08:00")))).toContain(
      "Zo gebruik je het",
    );
    expect(textOf(viewOf(await cyclus(world, "consultant", "uren", "08:00", "17:00")))).toContain(
      "Alleen een beheerder",
    );
    expect(textOf(viewOf(await cyclus(world, "beheerder", "uren", "08:00", "17:00")))).toBe(
      "Genoteerd: Knoop stuurt check-ins tussen 08:00 en 17:00.",
    );
    expect((await swvCycles(world.db, world.swvId, "Europe/Amsterdam")).hours).toEqual({
      start: "08:00",
      end: "17:00",
    });
    expect(await world.db.auditEntry.count({ where: { action: "cycle.hours" } })).toBe(1);
  });
});
