import { expect, it } from "vitest";
import type { FormValues, FormView, Reply } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { recordingLogger } from "../support/fuzz.ts";
import { createWorld, type World } from "../support/world.ts";

// What the fuzz suites (tests/fuzz) found, kept as the counterexamples fast-check reported.

const errorsOf = (reply: Reply) => {
  if (reply.type !== "invalid") throw new Error(`expected the form again, got ${JSON.stringify(reply)}`);
  return Object.fromEntries(reply.form.fields.filter((f) => f.error).map((f) => [f.name, f.error]));
};
const formOf = (reply: Reply): FormView => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(`no form: ${JSON.stringify(reply)}`);
  return reply.form;
};

async function withLog(world: World) {
  const recording = recordingLogger();
  world.core.logger = recording.logger;
  return recording.errors;
}

describeEachDatabase("fuzz regressions", (get) => {
  it("a holiday with empty dates is refused at the fields, not a crash in the date check", async () => {
    const world = await createWorld(get().db, "2026-12-07T10:00:00+01:00");
    const crashes = await withLog(world);
    // The object check (end after start, at most 8 weeks) ran on the empty dates: RangeError.
    const values = { region: "zuid", kind: "", start: "", end: "" };
    const reply = await world.as("beheerder", { kind: "submission", name: "cycle.holidaySave", values });
    expect(Object.keys(errorsOf(reply)).sort()).toEqual(["end", "kind", "start"]);
    for (const error of Object.values(errorsOf(reply))) expect(error).toMatch(/vul|in/i);
    expect(crashes).toEqual([]);
    const malformed = { region: "zuid", kind: "carnaval", start: "2027-02-30", end: "morgen" };
    const again = await world.as("beheerder", {
      kind: "submission",
      name: "cycle.holidaySave",
      values: malformed,
    });
    expect(Object.keys(errorsOf(again)).sort()).toEqual(["end", "start"]);
    expect(crashes).toEqual([]);
  });

  it("an object where text belongs is no text: never stored as [object Object]", async () => {
    const world = await createWorld(get().db, "2026-12-07T10:00:00+01:00");
    const crashes = await withLog(world);
    const open = formOf(await world.as("ib", { kind: "command", args: ["casus", "nieuw"] }));
    const base = Object.fromEntries(open.fields.map((f) => [f.name, f.value])) as FormValues;
    const created = await world.as("ib", {
      kind: "submission",
      name: "case.create",
      values: {
        ...base,
        pupilRef: "JB 2015",
        reason: "Verzuim",
        consent: "akkoord",
        consentDate: "2026-12-01",
      },
    });
    expect(created.type).toBe("done");
    const c = await world.db.case.findFirstOrThrow({ where: { swvId: world.swvId } });
    const goal = (text: unknown) =>
      world.as("ib", {
        kind: "submission",
        name: "case.goal.add",
        values: { text } as unknown as FormValues,
        context: c.id,
      });
    for (const forged of [{}, { value: "x" }, [{}], null])
      expect(Object.keys(errorsOf(await goal(forged)))).toEqual(["text"]);
    expect(await world.db.caseGoal.count({ where: { caseId: c.id } })).toBe(0);
    expect((await goal("Weer naar school")).type).toBe("done");
    expect((await world.db.caseGoal.findFirstOrThrow({ where: { caseId: c.id } })).text).toBe(
      "Weer naar school",
    );
    expect(crashes).toEqual([]);
  });

  it("a value of the wrong type gets a plain Dutch sentence, not zod's 'verwacht string, ontving getal'", async () => {
    const world = await createWorld(get().db);
    const values = { account: 0, name: "", email: "", role: "", scope: "" } as unknown as FormValues;
    const reply = await world.as("beheerder", { kind: "submission", name: "people.add", values });
    const errors = Object.values(errorsOf(reply)).join(" ");
    expect(errors).not.toMatch(/verwacht|ontving|string|number/);
    expect(errors).toContain("Deze waarde past niet bij dit veld: vul het opnieuw in.");
  });

  it("a check-in answered twice at once (a double click) is answered once and edited once", async () => {
    // checkin-states.test.ts: both submissions read the instance unanswered and both were stored
    // as the first answer (no edit, two `cycle.answer` audit rows, answeredAt overwritten).
    const world = await createWorld(get().db, "2026-10-20T10:00:00+02:00");
    const crashes = await withLog(world);
    const deps = { db: world.db, clock: world.clock, logger: silentLogger, timezone: "Europe/Amsterdam" };
    await runInstances({ ...deps, locale: "nl", notify: () => {} });
    const { id } = await world.db.cycleInstance.findFirstOrThrow({
      where: { swvId: world.swvId, momentKey: "jaarplan", schoolId: world.schools.A },
    });
    const values = { done: "ja", date: "2026-10-19", withWhom: "consulent", note: "Besproken." };
    const intent = { kind: "submission", name: "cycle.answer", values, context: id } as const;
    const replies = await Promise.all([world.as("ib", intent), world.as("ib", intent)]);
    expect(replies.map((r) => r.type)).toEqual(["done", "done"]);
    const stored = await world.db.cycleInstance.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ state: "answered", late: false });
    expect(stored.editedAt).not.toBeNull();
    const audited = await world.db.auditEntry.findMany({ where: { entityId: id }, select: { action: true } });
    expect(audited.map((a) => a.action).sort()).toEqual(["cycle.answer", "cycle.edit"]);
    expect(crashes).toEqual([]);
  });
});
