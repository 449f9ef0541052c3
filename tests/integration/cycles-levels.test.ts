import { expect, it } from "vitest";
import type { Delivery } from "../../src/chat/memory-port.ts";
import { buttonsOf, headingOf, type MessageView, type Reply, textOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

// Check-ins above the school: the SWV's (teldatum, groeitelling), the board's (spiegelgesprek) and
// the OPP evaluation of each knooppunt case with an OPP, prompted to their owner as school ones are.
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
const said = (reply: Reply) =>
  reply.type === "message" || reply.type === "update" || reply.type === "done" ? textOf(reply.message) : "";

describeEachDatabase("check-ins of the SWV, its boards and its cases", (get) => {
  it("prompts the SWV bureau for the teldatum and the board for its spiegelgesprek, once each", async () => {
    const world = await createWorld(get().db, "2026-09-14T10:05:00+02:00");
    // Britt also works for the SWV bureau.
    await world.db.roleAssignment.create({
      data: { personId: world.people.beheerder, swvId: world.swvId, role: "swv-staff" },
    });
    await runInstances(deps(world));
    await world.flush();

    // Tuesday 15 September, 09:00: the teldatum opens.
    world.clock.set("2026-09-15T09:00:00+02:00");
    await runPrompts(deps(world));
    await runPrompts(deps(world));
    let sent = await world.flush();
    const teldatum = dmsTo(world, sent, "beheerder");
    expect(teldatum.map(headingOf)).toEqual(["Teldatum 1 oktober: staat open"]);
    expect(JSON.stringify(teldatum[0])).toContain("SWV Testregio");
    const open = buttonsOf(teldatum[0]).find((b) => b.action === "cycle.open");
    const form = await world.as("beheerder", {
      kind: "action",
      name: "cycle.open",
      value: open?.value ?? "",
    });
    expect(form.type).toBe("form");
    const saved = await world.as("beheerder", {
      kind: "submission",
      name: "cycle.answer",
      values: { done: "ja", date: "2026-09-15", note: "" },
      context: open?.value,
    });
    expect(said(saved)).toContain("Opgeslagen: Teldatum 1 oktober");
    expect(dmsTo(world, sent, "bestuur")).toEqual([]);

    // Thursday 1 October: the board's spiegelgesprek opens; the answered teldatum sends nothing more.
    world.clock.set("2026-10-01T09:00:00+02:00");
    await runInstances(deps(world));
    await runPrompts(deps(world));
    sent = await world.flush();
    const board = dmsTo(world, sent, "bestuur");
    expect(board.map(headingOf)).toEqual(["Spiegelgesprek bestuur: staat open"]);
    expect(JSON.stringify(board[0])).toContain("Bevoegd gezag 99999");
    expect(dmsTo(world, sent, "beheerder")).toEqual([]);
  });

  it("creates one OPP evaluation per open case with an OPP, owned by its regisseur, prompted and answered in the form", async () => {
    const world = await createWorld(get().db, "2027-01-29T10:05:00+01:00");
    const { db } = world;
    const kase = (code: string, pupilRef: string, status = "formeel") =>
      db.case.create({
        data: {
          swvId: world.swvId,
          code,
          schoolId: world.schools.A,
          pupilRef,
          form: "formeel",
          status,
          regisseurId: world.people.consultant,
          reason: "Thuiszitter",
          createdAt: world.clock.now(),
        },
      });
    const withOpp = await kase("K-2026-0101", "AB2016");
    await kase("K-2026-0102", "CD2016"); // no OPP: no evaluation
    await kase("K-2026-0103", "EF2016", "afgesloten"); // closed: none either
    for (const [ref, code, opp] of [
      ["AB2016", "K-2026-0101", true],
      ["CD2016", "K-2026-0102", false],
      ["EF2016", "K-2026-0103", true],
    ] as const)
      await db.thuiszitter.create({
        data: {
          swvId: world.swvId,
          schoolId: world.schools.A,
          pupilRef: ref,
          kind: "ingeschreven",
          absentSince: "2026-11-02",
          reportedOn: "2026-12-07",
          periodKey: "2026-2027-Q2",
          offer: "gedeeltelijk",
          opp,
          caseCode: code,
          reportedById: world.people.ib,
          createdAt: world.clock.now(),
          updatedAt: world.clock.now(),
        },
      });
    await runInstances(deps(world));
    await runInstances(deps(world));
    const evaluations = await db.cycleInstance.findMany({
      where: { swvId: world.swvId, momentKey: "opp-evaluatie" },
    });
    expect(evaluations.map((e) => [e.subjectKind, e.subjectId, e.ownerId, e.periodKey])).toEqual([
      ["case", withOpp.id, world.people.consultant, "2026-2027"],
    ]);
    await world.flush();

    // Monday 1 February 2027: the evaluation opens; the regisseur gets it (by case code only).
    world.clock.set("2027-02-01T09:00:00+01:00");
    await runPrompts(deps(world));
    const sent = dmsTo(world, await world.flush(), "consultant");
    const prompt = sent.find((m) => headingOf(m) === "OPP-evaluatie met ouders: staat open");
    expect(prompt).toBeDefined();
    expect(JSON.stringify(prompt)).toContain("K-2026-0101");
    expect(JSON.stringify(sent)).not.toContain("AB2016");
    const open = buttonsOf(prompt).find((b) => b.action === "cycle.open");
    expect(open?.value).toBe(evaluations[0]?.id);
    const form = await world.as("consultant", {
      kind: "action",
      name: "cycle.open",
      value: open?.value ?? "",
    });
    if (form.type !== "form") throw new Error(`no form: ${JSON.stringify(form)}`);
    const bad = await world.as("consultant", {
      kind: "submission",
      name: form.form.id,
      values: { done: "ja", date: "", note: "" },
      context: open?.value,
    });
    expect(bad.type).toBe("invalid");
    const saved = await world.as("consultant", {
      kind: "submission",
      name: form.form.id,
      values: { done: "ja", date: "2027-02-01", note: "Met ouders besproken." },
      context: open?.value,
    });
    expect(said(saved)).toBe("Opgeslagen: OPP-evaluatie met ouders voor K-2026-0101. Dank je!");
    expect(await db.cycleInstance.findUniqueOrThrow({ where: { id: open?.value ?? "" } })).toMatchObject({
      state: "answered",
    });
    // Someone from another school cannot answer it.
    expect(
      said(await world.as("outsider", { kind: "action", name: "cycle.open", value: open?.value ?? "" })),
    ).toContain("niet van jou");
  });
});
