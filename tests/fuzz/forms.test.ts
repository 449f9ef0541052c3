import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import type { Field, FormValues, FormView, Reply } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import { openTestDb, type TestDb } from "../support/databases.ts";
import { expectDutch, nastyString, recordingLogger, runs, seed } from "../support/fuzz.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

// Every form of Knoop, opened as a person would, then submitted with arbitrary value maps: wrong
// types (numbers, arrays, objects, null), missing and extra fields, huge strings, unicode edge
// cases, a forged context. Whatever comes in: no crash, no unhandled rejection, a refusal is the
// form again with the values kept and a Dutch error at a field (or a Dutch message), and a valid
// submission still goes through afterwards.

const TZ = "Europe/Amsterdam";

interface Opener {
  /** The submission name (the form's id). */
  name: string;
  /** Who fills the form in. */
  who: CastKey;
  /** How they open it (after making what it is about: a fresh signal, case...); `retry` for the
   * valid submission at the end (a waiver is once per check-in: then another check-in). */
  open: (w: World, retry?: boolean) => Promise<Intent>;
  /** The values of a valid submission on top of what `fitting` gives each field. */
  valid?: FormValues;
  /** The valid submission at the end in a fresh world (the fuzzing may have used up its state). */
  retryElsewhere?: true;
}

const PUPIL = "JB 2015";

const action = (name: string, value = ""): Intent => ({ kind: "action", name, value });
const command = (...args: string[]): Intent => ({ kind: "command", args });

const signalValues = (w: World): FormValues => ({
  school: w.schools.A,
  pupilRef: PUPIL,
  domain: "verzuim",
  description: "Sinds drie weken elke maandag afwezig.",
  urgency: "normaal",
});
const caseValues: FormValues = {
  pupilRef: PUPIL,
  reason: "Verzuimt sinds de herfstvakantie",
  consent: "akkoord",
  consentDate: "2026-11-20",
};

/** A fresh signal of the IB'er (routed to leerplicht). */
async function newSignal(w: World): Promise<string> {
  w.clock.advance(1000); // the newest signal is this one
  const reply = await w.as("ib", { kind: "submission", name: "signal.create", values: signalValues(w) });
  expect(reply.type, JSON.stringify(reply)).toBe("done");
  const s = await w.db.signal.findFirstOrThrow({ where: { swvId: w.swvId }, orderBy: { createdAt: "desc" } });
  return s.id;
}

/** A fresh case of the IB'er, through the real form. */
async function newCase(w: World, values: FormValues = {}): Promise<string> {
  const form = formOf(await w.as("ib", command("casus", "nieuw")), "casus nieuw");
  const all = { ...Object.fromEntries(form.fields.map((f) => [f.name, f.value])), ...caseValues, ...values };
  const reply = await w.as("ib", { kind: "submission", name: "case.create", values: all });
  expect(reply.type, JSON.stringify(reply)).toBe("done");
  const code = /K-\d{4}-\d{4}/.exec(JSON.stringify(reply))?.[0] ?? "";
  return (await w.db.case.findFirstOrThrow({ where: { swvId: w.swvId, code } })).id;
}

/** The check-in of a school (A unless told) for a moment. */
const instanceOf = (w: World, momentKey: string, school: "A" | "B" = "A") =>
  w.db.cycleInstance
    .findFirstOrThrow({ where: { swvId: w.swvId, momentKey, schoolId: w.schools[school] } })
    .then((i) => i.id);

/** A thuiszitter of school A, registered through the check-in. */
async function newThuiszitter(w: World): Promise<string> {
  const existing = await w.db.thuiszitter.findFirst({ where: { swvId: w.swvId, endedOn: null } });
  if (existing) return existing.id;
  const reply = await w.as("ib", {
    kind: "submission",
    name: "thuiszitters.answer",
    values: {
      n1_ref: "jb2015",
      n1_kind: "ingeschreven",
      n1_since: "2026-10-01",
      n1_offer: "geen",
      n1_opp: "nee",
    },
    context: await instanceOf(w, "thuiszitters"),
  });
  expect(["done", "message"], JSON.stringify(reply)).toContain(reply.type);
  return (await w.db.thuiszitter.findFirstOrThrow({ where: { swvId: w.swvId, endedOn: null } })).id;
}

const onCase = (name: string, valid?: FormValues, values?: FormValues): Opener => ({
  name,
  who: "ib",
  open: async (w) => action(name, await newCase(w, values)),
  valid,
});
const people = (name: string, valid?: FormValues): Opener => ({
  name,
  who: "beheerder",
  open: async () => action(name),
  valid,
  retryElsewhere: true,
});
const checkin = (momentKey: string, who: CastKey, valid?: FormValues): Opener => ({
  name: momentKey === "thuiszitters" ? "thuiszitters.answer" : "cycle.answer",
  who,
  open: async (w) => action("cycle.open", await instanceOf(w, momentKey)),
  valid,
});

/** Every form of Knoop, by what it is (some submissions have several forms: the check-ins). */
const openers: Record<string, Opener> = {
  "people.add": people("people.add", { account: "nieuw", role: "swv-consultant", scope: "swv" }),
  "people.assign": people("people.assign", { role: "case-reader", scope: "swv" }),
  "people.remove": people("people.remove"),
  "people.routing": people("people.routing"),
  "people.names": people("people.names"),
  "signal.create": {
    name: "signal.create",
    who: "ib",
    open: async () => command("signaal"),
    valid: { pupilRef: PUPIL, domain: "verzuim", description: "Elke maandag afwezig.", urgency: "normaal" },
  },
  "signal.forward": {
    name: "signal.forward",
    who: "leerplicht",
    open: async (w) => action("signal.forward", await newSignal(w)),
  },
  "signal.close": {
    name: "signal.close",
    who: "leerplicht",
    open: async (w) => action("signal.close", await newSignal(w)),
  },
  "case.create": {
    name: "case.create",
    who: "ib",
    open: async () => command("casus", "nieuw"),
    valid: caseValues,
  },
  "case.goal.add": onCase("case.goal.add"),
  "case.note.add": onCase("case.note.add"),
  "case.action.add": onCase("case.action.add", { due: "2026-12-20" }),
  "case.participant.add": onCase("case.participant.add", {}, { participants: [] }),
  "case.consent": onCase(
    "case.consent",
    { consentDate: "2026-12-01" },
    { consent: "nog-niet", consentDate: "" },
  ),
  "case.status": onCase("case.status"),
  "case.close": onCase("case.close"),
  "meeting.create": {
    name: "meeting.create",
    who: "ib",
    open: async (w) => action("meeting.propose", await newCase(w)),
    valid: { slot1: "2026-12-14T10:00", slot2: "2026-12-15T14:00", deadline: "2026-12-11" },
  },
  "cycle.holidaySave": {
    name: "cycle.holidaySave",
    who: "beheerder",
    open: async () => action("cycle.holidayAdd"),
    valid: { region: "zuid", kind: "carnaval", start: "2027-02-08", end: "2027-02-12" },
  },
  "cycle.waived": {
    name: "cycle.waived",
    who: "consultant",
    open: async (w, retry) =>
      action("cycle.waive", await instanceOf(w, "kernpartnergesprek", retry ? "B" : "A")),
    valid: { reason: "Fusie van de school, dit jaar geen gesprek." },
  },
  "cycle.saveSettings": {
    name: "cycle.saveSettings",
    who: "beheerder",
    open: async () => action("cycle.settings", "sop"),
  },
  "check-in sop": checkin("sop", "directeur"),
  "check-in jaarplan": checkin("jaarplan", "ib", { date: "2026-12-01" }),
  "check-in jaarverslag": checkin("jaarverslag", "ib", { date: "2026-12-01" }),
  "check-in thuiszitters": checkin("thuiszitters", "ib", {
    n1_ref: "AB2014",
    n1_kind: "ingeschreven",
    n1_since: "2026-10-05",
    n1_offer: "geen",
    n1_opp: "nee",
  }),
  "thuiszitter.end": {
    name: "thuiszitter.end",
    who: "ib",
    open: async (w) => action("thuiszitter.end", await newThuiszitter(w)),
    valid: { date: "2026-12-04" },
  },
};

const formOf = (reply: Reply, what: string): FormView => {
  if (reply.type !== "form" && reply.type !== "invalid")
    throw new Error(`${what}: no form, got ${JSON.stringify(reply).slice(0, 500)}`);
  return reply.form;
};

/** A value that fits the field, for a valid submission (the form's own value first). */
function fitting(field: Field): string | string[] | undefined {
  const first = field.options?.[0]?.value;
  const offered = (v: string) => field.options?.some((o) => o.value === v);
  // A select showing the current state (e.g. the status) among other choices: one of the others.
  if (field.options?.length && typeof field.value === "string" && field.value && !offered(field.value))
    return first;
  if (field.value !== undefined && field.value !== "" && !(Array.isArray(field.value) && !field.value.length))
    return field.value;
  if (!field.required) return field.kind === "multiselect" ? [] : "";
  switch (field.kind) {
    case "text":
    case "textarea":
      return "Gesprek met ouders en school";
    case "select":
    case "person":
      return first;
    case "multiselect":
      return first ? [first] : [];
    case "date":
      return "2026-12-01"; // a past day: most dates say when something happened
    case "datetime":
      return "2026-12-15T10:00";
    case "time":
      return "10:00";
    case "number":
      return String(field.min ?? 1);
    case "toggle":
      return "on";
  }
}

function validValues(form: FormView, opener: Opener): FormValues {
  const values: FormValues = Object.fromEntries(form.fields.map((f) => [f.name, fitting(f)]));
  return { ...values, ...opener.valid };
}

/** Anything a forged or broken surface could put where a value goes. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, -1, 1.5, 1e300, true, false) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom({}, { value: "x" }, [null], [1, 2], [[]], [{}]) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 300 }, (_, i) => `id${i}`)) },
);

/** A value map for a form: each field valid, junk, or missing; now and then extra fields. */
function submissionOf(form: FormView, opener: Opener): fc.Arbitrary<Record<string, unknown>> {
  const valid = validValues(form, opener);
  const options = (f: Field) => (f.options ?? []).map((o) => o.value);
  const perField = form.fields.map((f) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(valid[f.name]) },
      {
        weight: 1,
        arbitrary: options(f).length ? fc.constantFrom(...options(f)) : fc.constant(valid[f.name]),
      },
      { weight: 3, arbitrary: junk },
      { weight: 1, arbitrary: fc.constant("__missing__") },
    ),
  );
  const extra = fc.dictionary(fc.oneof(nastyString, fc.constantFrom("__proto__", "constructor")), junk, {
    maxKeys: 3,
  });
  return fc.tuple(fc.tuple(...perField), fc.oneof(fc.constant({}), extra)).map(([vals, more]) => {
    const out: Record<string, unknown> = {};
    form.fields.forEach((f, i) => {
      if (vals[i] !== "__missing__") out[f.name] = vals[i];
    });
    for (const [k, v] of Object.entries(more)) if (!(k in out)) out[k] = v;
    return out;
  });
}

/** A logged crash, short: its message and first frame. */
const crash = (line: string) => {
  const { err } = JSON.parse(line) as { err?: { message?: string; stack?: string } };
  return `${err?.message} ${err?.stack?.split("\n")[0]?.trim()}`;
};

/** Strings the person sent (a Dutch reply may quote them). */
const sentStrings = (values: Record<string, unknown>): string[] =>
  Object.values(values)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .map((v) => String(v));

describe("fuzz: forms", () => {
  let testDb: TestDb;
  let errors: string[];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);
  const counts: Record<string, Record<string, number>> = {};

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    testDb = await openTestDb("sqlite");
  });

  /** A world of its own for each form (one database): the people forms change roles. In the
   * December window of the thuiszittersregistratie, with the SOP and jaarplan open, and one chat
   * account Knoop does not know yet (to add as a person). */
  async function freshWorld(): Promise<World> {
    const w = await createWorld(testDb.db, "2026-12-07T10:00:00+01:00");
    await runInstances({ ...w.core, logger: silentLogger, timezone: TZ, locale: "nl" });
    const known = w.core.directory;
    w.core.directory = {
      users: async (workspace) => [
        ...(await known.users(workspace)),
        { userId: "nieuw", name: "Noor Visser" },
      ],
      displayName: async (workspace, userId) =>
        userId === "nieuw" ? "Noor Visser" : known.displayName(workspace, userId),
    };
    const recording = recordingLogger();
    w.core.logger = recording.logger;
    errors = recording.errors;
    return w;
  }

  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await testDb?.drop();
    console.info(`fuzz forms: replies per form ${JSON.stringify(counts)}`);
  });

  it("knows how to open every form of the routing table", async () => {
    const world = await freshWorld();
    const names = new Set(Object.values(openers).map((o) => o.name));
    expect([...names].sort()).toEqual([...world.core.router.names().submissions].sort());
  });

  it.each(Object.keys(openers))(
    "%s: any values give the form back with a Dutch error, or a Dutch answer",
    async (label) => {
      const opener = openers[label] as Opener;
      const { name, who } = opener;
      let world = await freshWorld();
      const form = formOf(await world.as(who, await opener.open(world)), label);
      expect(form.id).toBe(name);
      const tally: Record<string, number> = {};
      counts[label] = tally;
      const forged = await world.db.case.findFirst({ where: { swvId: world.swvId } });
      const context = fc.oneof(
        { weight: 4, arbitrary: fc.constant(form.context) },
        { weight: 1, arbitrary: nastyString },
        { weight: 1, arbitrary: fc.constantFrom(forged?.id ?? "", "sop", "x|y|z") },
      );
      await fc.assert(
        fc.asyncProperty(submissionOf(form, opener), context, async (values, ctx) => {
          errors.length = 0;
          const reply = await world.as(who, {
            kind: "submission",
            name,
            values: values as FormValues,
            ...(ctx === undefined ? {} : { context: ctx }),
          });
          tally[reply.type] = (tally[reply.type] ?? 0) + 1;
          expect(errors.map(crash)).toEqual([]);
          expect(rejections).toEqual([]);
          expect(["invalid", "done", "message", "update", "form"]).toContain(reply.type);
          expectDutch(reply, sentStrings(values));
          if (reply.type === "invalid") {
            const withError = reply.form.fields.filter((f) => f.error);
            expect(withError.length, "an error at a field").toBeGreaterThan(0);
            for (const f of reply.form.fields) {
              // What was entered is kept (or what the form had, for a field not sent).
              if (typeof values[f.name] === "string") expect(f.value).toEqual(values[f.name]);
            }
          }
        }),
        { numRuns: runs(50), ...seed() },
      );
      // After all that, a valid submission still goes through (for the people forms in a world whose
      // roles the fuzzing did not change: it may have removed every role that can go).
      if (opener.retryElsewhere) world = await freshWorld();
      const again = formOf(await world.as(who, await opener.open(world, true)), label);
      const valid = validValues(again, opener);
      const reply = await world.as(who, {
        kind: "submission",
        name,
        values: valid,
        ...(again.context === undefined ? {} : { context: again.context }),
      });
      const refused = reply.type === "invalid" ? reply.form.fields.filter((f: Field) => f.error) : [];
      expect(refused, JSON.stringify(valid)).toEqual([]);
      expect(reply.type).not.toBe("message");
      expectDutch(reply, sentStrings(valid));
      expect(errors.map(crash)).toEqual([]);
    },
  );
});
