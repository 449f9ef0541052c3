import { expect, it } from "vitest";
import type { Delivery } from "../../src/chat/memory-port.ts";
import { buttonsOf, headingOf, type MessageView, type Reply, tableOf, textOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { exportCsv } from "../../src/features/thuiszitters/export.ts";
import { runClocks } from "../../src/features/thuiszitters/jobs.ts";
import { exportCounts } from "../../src/features/thuiszitters/service.ts";
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
const formOf = (reply: Reply) => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(`no form: ${JSON.stringify(reply)}`);
  return reply.form;
};
const said = (reply: Reply) =>
  reply.type === "message" || reply.type === "update" || reply.type === "done" ? textOf(reply.message) : "";
const errorsOf = (reply: Reply) =>
  Object.fromEntries(
    formOf(reply)
      .fields.filter((f) => f.error)
      .map((f) => [f.name, f.error]),
  );

/** A world in the December window of the thuiszittersregistratie, with its instance for school A. */
async function start(get: () => { db: World["db"] }) {
  const world = await createWorld(get().db, "2026-12-07T10:00:00+01:00");
  await runInstances(deps(world));
  const instance = await world.db.cycleInstance.findFirstOrThrow({
    where: { swvId: world.swvId, momentKey: "thuiszitters", schoolId: world.schools.A },
  });
  const submit = (values: Record<string, string>, who: CastKey = "ib") =>
    world.as(who, { kind: "submission", name: "thuiszitters.answer", values, context: instance.id });
  return { world, instance, submit };
}

const two = {
  n1_ref: "jb2015",
  n1_kind: "ingeschreven",
  n1_since: "2026-10-01",
  n1_offer: "geen",
  n1_opp: "nee",
  n2_ref: "12345",
  n2_kind: "niet-ingeschreven",
  n2_since: "2026-11-02",
  n2_offer: "gedeeltelijk",
  n2_opp: "ja",
  n2_case: "K-2026-0001",
};

describeEachDatabase("thuiszitters", (get) => {
  it("the check-in opens the registration form; bad input comes back at the fields, values kept", async () => {
    const { world, instance, submit } = await start(get);
    const form = formOf(await world.as("ib", { kind: "action", name: "cycle.open", value: instance.id }));
    expect(form.id).toBe("thuiszitters.answer");
    expect(form.fields.map((f) => f.name)).toContain("none");

    const bad = await submit({
      n1_ref: "Jan de Vries 2015",
      n1_kind: "ingeschreven",
      n1_since: "2027-05-01",
      n1_offer: "geen",
      n2_ref: "AB12",
      n2_case: "casus 4",
    });
    expect(bad.type).toBe("invalid");
    const errors = errorsOf(bad);
    expect(errors.n1_ref).toMatch(/naam/i);
    expect(errors.n1_since).toBe("Deze datum ligt in de toekomst.");
    expect(errors.n1_opp).toBe("Vul dit in.");
    expect(errors.n2_case).toBe("Een casuscode ziet eruit als K-2026-0042.");
    expect(formOf(bad).fields.find((f) => f.name === "n1_ref")?.value).toBe("Jan de Vries 2015");

    const twice = await submit({ ...two, n2_ref: "JB 2015" });
    expect(errorsOf(twice).n2_ref).toMatch(/^JB 2015 staat al in de registratie/);
    expect(errorsOf(await submit({})).none).toMatch(/geen thuiszitters/);
    expect(errorsOf(await submit({ none: "on", ...two })).none).toMatch(/kies een van beide/);
    expect(await world.db.thuiszitter.count({ where: { swvId: world.swvId } })).toBe(0);
  });

  it("none this quarter in one toggle answers the check-in", async () => {
    const { world, instance, submit } = await start(get);
    expect(said(await submit({ none: "on" }))).toBe(
      "Opgeslagen: geen thuiszitters bij De Regenboog dit kwartaal.",
    );
    const row = await world.db.cycleInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row).toMatchObject({ state: "answered", late: false });
    expect(await world.db.thuiszitter.count({ where: { swvId: world.swvId } })).toBe(0);
  });

  it("two thuiszitters become records; next quarter they are listed to confirm, update or end", async () => {
    const { world, instance, submit } = await start(get);
    const answer = await submit(two);
    expect(said(answer)).toContain("2 thuiszitter(s) actueel");
    expect(buttonsOf(answer.type === "done" ? answer.message : undefined).map((b) => b.label)).toEqual([
      "Bekijk JB2015",
      "Bekijk 12345",
    ]);
    const rows = await world.db.thuiszitter.findMany({
      orderBy: { pupilRef: "asc" },
      include: { events: true },
    });
    expect(rows.map((r) => [r.pupilRef, r.kind, r.offer, r.opp, r.caseCode, r.reportedOn])).toEqual([
      ["12345", "niet-ingeschreven", "gedeeltelijk", true, "K-2026-0001", "2026-12-07"],
      ["JB2015", "ingeschreven", "geen", false, null, "2026-12-07"],
    ]);
    expect(rows.every((r) => r.events.some((e) => e.type === "reported"))).toBe(true);
    const answered = await world.db.cycleInstance.findUniqueOrThrow({ where: { id: instance.id } });
    // The check-in's answer holds counts only, never a reference.
    expect(answered.answer).not.toContain("JB2015");

    // An edit in the same quarter lists both to confirm, update or end.
    const form = formOf(await world.as("ib", { kind: "action", name: "cycle.open", value: instance.id }));
    expect(
      await world.db.auditEntry.count({ where: { swvId: world.swvId, action: "thuiszitter.form" } }),
    ).toBe(2);
    expect(form.fields.filter((f) => /^k\d_status$/.test(f.name)).map((f) => f.label)).toEqual([
      "JB2015: hoe staat het ervoor?",
      "12345: hoe staat het ervoor?",
    ]);
    const ended = await submit({
      k0_status: "blijft",
      k0_offer: "gedeeltelijk",
      k1_status: "verhuisd",
      k1_offer: "gedeeltelijk",
    });
    expect(errorsOf(ended).k1_end).toBe("Vul de datum in waarop dit eindigde.");
    await submit({
      k0_status: "blijft",
      k0_offer: "gedeeltelijk",
      k1_status: "verhuisd",
      k1_offer: "gedeeltelijk",
      k1_end: "2026-12-06",
    });
    const after = await world.db.thuiszitter.findMany({
      where: { swvId: world.swvId },
      orderBy: { pupilRef: "asc" },
    });
    expect(after.map((r) => [r.pupilRef, r.state, r.offer, r.outcome])).toEqual([
      ["12345", "ended", "gedeeltelijk", "verhuisd"],
      ["JB2015", "open", "gedeeltelijk", null],
    ]);
  });

  it("the clocks warn a week before and flag after, each once; a knooppunt is proposed", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    await world.flush();
    const jb = await world.db.thuiszitter.findFirstOrThrow({
      where: { swvId: world.swvId, pupilRef: "JB2015" },
    });

    // Day one: no deadline near, but JB2015 has no case: the IB'er gets the proposal (once).
    world.clock.set("2026-12-08T08:30:00+01:00");
    await runClocks(deps(world));
    let sent = await world.flush();
    const proposal = dmsTo(world, sent, "ib");
    expect(proposal.map(headingOf)).toEqual(["Thuiszitter JB2015: knooppunt voorstellen"]);
    expect(dmsTo(world, sent, "consultant")).toEqual([]);
    const button = buttonsOf(proposal[0] as MessageView)[0];
    expect(button).toMatchObject({ action: "case.openFromThuiszitter", label: "Casus openen", value: jb.id });
    const caseForm = formOf(
      await world.as("ib", { kind: "action", name: button?.action ?? "", value: jb.id }),
    );
    expect(caseForm.id).toBe("case.create");
    expect(caseForm.fields.find((f) => f.name === "pupilRef")?.value).toBe("JB2015");
    expect(caseForm.fields.find((f) => f.name === "school")?.value).toBe(world.schools.A);
    expect(
      (await world.as("outsider", { kind: "action", name: "case.openFromThuiszitter", value: jb.id })).type,
    ).not.toBe("form");
    // Opening the case links it to the record.
    const values = {
      ...Object.fromEntries(caseForm.fields.map((f) => [f.name, f.value])),
      reason: "Thuiszitter sinds oktober",
      consent: "akkoord",
      consentDate: "2026-12-07",
    } as Record<string, string>;
    const created = await world.as("ib", {
      kind: "submission",
      name: "case.create",
      values,
      context: caseForm.context,
    });
    expect(created.type, JSON.stringify(created)).toBe("done");
    const linked = await world.db.thuiszitter.findUniqueOrThrow({ where: { id: jb.id } });
    expect(linked.caseCode).toMatch(/^K-2026-\d{4}$/);
    await world.flush();

    // Deadline of place and OPP: 2027-01-18 (42 days). A week before: a warning to both, once.
    world.clock.set("2027-01-11T08:30:00+01:00");
    await runClocks(deps(world));
    await runClocks(deps(world));
    sent = await world.flush();
    // JB2015: place and OPP; 12345 has an OPP and a partial offer: only its place clock.
    expect(dmsTo(world, sent, "ib").map(headingOf).sort()).toEqual([
      "Thuiszitter 12345: termijn over een week",
      "Thuiszitter JB2015: termijn over een week",
      "Thuiszitter JB2015: termijn over een week",
    ]);
    expect(dmsTo(world, sent, "consultant")).toHaveLength(3);

    world.clock.set("2027-01-19T08:30:00+01:00");
    await runClocks(deps(world));
    sent = await world.flush();
    expect(dmsTo(world, sent, "ib").map(headingOf)).toContain("Thuiszitter JB2015: termijn verstreken");
    world.clock.set("2027-01-20T08:30:00+01:00");
    await runClocks(deps(world));
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);
  });

  it("the clocks job skips public days off and the school's holidays and catches up on the next working day", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    await world.flush();
    // Christmas day, then the Christmas holiday (all regions): nothing.
    for (const day of ["2026-12-25", "2026-12-28", "2027-01-01"]) {
      world.clock.set(`${day}T08:30:00+01:00`);
      await runClocks(deps(world));
      expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);
    }
    world.clock.set("2027-01-04T08:30:00+01:00");
    await runClocks(deps(world));
    expect(dmsTo(world, await world.flush(), "ib").map(headingOf)).toEqual([
      "Thuiszitter JB2015: knooppunt voorstellen",
    ]);
  });

  it("the clocks follow the holiday of the school's region: zuid waits out its spring holiday, noord does not", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    await world.flush();
    // Monday 15 February 2027: spring holiday in zuid (13-21 February), not in noord (20-28).
    world.clock.set("2027-02-15T08:30:00+01:00");
    await runClocks(deps(world));
    expect(dmsTo(world, await world.flush(), "ib")).toEqual([]);
    await world.db.school.update({ where: { id: world.schools.A }, data: { holidayRegion: "Noord" } });
    await runClocks(deps(world));
    const sent = dmsTo(world, await world.flush(), "ib").map(headingOf);
    expect(sent).toContain("Thuiszitter JB2015: knooppunt voorstellen");
    expect(sent).toContain("Thuiszitter JB2015: termijn verstreken");
  });

  it("the IB'er ends a thuiszitter on its card with an outcome and a date", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    const jb = await world.db.thuiszitter.findFirstOrThrow({
      where: { swvId: world.swvId, pupilRef: "JB2015" },
    });
    const card = await world.as("ib", { kind: "action", name: "thuiszitter.card", value: jb.id });
    const button = buttonsOf(card.type === "message" ? card.message : undefined).find(
      (b) => b.action === "thuiszitter.end",
    );
    expect(button?.label).toBe("Beëindigen");
    expect(formOf(await world.as("ib", { kind: "action", name: "thuiszitter.end", value: jb.id })).id).toBe(
      "thuiszitter.end",
    );
    const end = (values: Record<string, string>) =>
      world.as("ib", { kind: "submission", name: "thuiszitter.end", values, context: jb.id });
    expect(errorsOf(await end({ outcome: "weg", date: "gisteren" }))).toEqual({
      outcome: "Kies een van de mogelijkheden.",
      date: "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-11-02.",
    });
    expect(said(await end({ outcome: "terug-naar-school", date: "2026-12-07" }))).toBe(
      "Thuiszitter JB2015 beëindigd: Terug naar school.",
    );
    expect(await world.db.thuiszitter.findUniqueOrThrow({ where: { id: jb.id } })).toMatchObject({
      state: "ended",
      outcome: "terug-naar-school",
      endedOn: "2026-12-07",
    });
    expect(said(await end({ outcome: "overig", date: "2026-12-07" }))).toBe(
      "Deze thuiszitter is al beëindigd.",
    );
  });

  it("/knoop thuiszitters: the consultant sees the days per clock (audited), others are refused", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    world.clock.set("2026-12-17T10:00:00+01:00");
    const reply = await world.as("consultant", { kind: "command", args: ["thuiszitters"] });
    expect(reply).toMatchObject({ type: "message", visibility: "private" });
    const table = tableOf(reply.type === "message" ? reply.message : undefined);
    expect(table?.rows).toEqual(
      [
        ["JB2015", "De Regenboog", "2026-12-07", "10/42 d", "10/42 d", "10/90 d", ""],
        ["12345", "De Regenboog", "2026-12-07", "10/42 d", "klaar", "klaar", "K-2026-0001"],
      ]
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        .reverse(),
    );
    expect(
      await world.db.auditEntry.count({ where: { swvId: world.swvId, action: "thuiszitter.list" } }),
    ).toBe(2);
    expect(said(await world.as("ib", { kind: "command", args: ["thuiszitters"] }))).toMatch(/SWV-consultant/);
  });

  it("the export counts per SWV exactly and per school with <5", async () => {
    const { world, submit } = await start(get);
    await submit(two);
    const swv = await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } });
    const rows = await exportCounts(world.db, swv.code, { start: "2026-12-01", end: "2027-02-28" });
    const regenboog = rows?.filter((r) => r.school === "De Regenboog").map((r) => [r.kind, r.count]);
    expect(regenboog).toEqual([
      ["ingeschreven", "<5"],
      ["niet-ingeschreven", "<5"],
      ["vrijstelling", 0],
    ]);
    expect(rows?.filter((r) => r.school === "").map((r) => r.count)).toEqual([1, 1, 0]);
    const csv = exportCsv(
      [
        ...(rows ?? []),
        { swv: swv.code, school: 'Kompas; "Oost"', locationCode: "99ZZ00", kind: "vrijstelling", count: 7 },
      ],
      "2026-2027-Q2",
    ).split("\r\n");
    expect(csv[0]).toBe("swv;kwartaal;school;vestigingscode;soort;aantal");
    expect(csv).toContain(`${swv.code};2026-2027-Q2;De Regenboog;${swv.code}A;ingeschreven;<5`);
    expect(csv).toContain(`${swv.code};2026-2027-Q2;"Kompas; ""Oost""";99ZZ00;vrijstelling;7`);
    // Counts only: no reference anywhere in the export.
    expect(csv.join("\n")).not.toContain("JB2015");
  });
});
