import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import type { Reply } from "../../src/chat/views.ts";
import { DAY } from "../../src/core/clock.ts";
import { isoDay } from "../../src/core/format.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { expectDutch, runs, seed, timeoutFor } from "../support/fuzz.ts";
import { fuzzWorld } from "../support/fuzz-world.ts";
import type { CastKey, World } from "../support/world.ts";

// A check-in's life (README "Check-ins", cycles/service.ts, staff.ts) against a model, with random
// sequences of the real actions through the core: answer, edit, waive, "later", and days passing on
// the clock with the prompts job (which marks it overdue after the due date; after the period
// closes nothing can be answered). By the owner (the IB'er), the consultant, the beheerder and
// people who may not. After each step the stored instance is the model's; a refused step is
// answered politely in Dutch and changes nothing.

type State = "open" | "overdue" | "answered" | "waived";
interface Model {
  today: string;
  state: State;
  late: boolean;
  /** The note of the last answer stored, and whether an answer was edited. */
  note: string | null;
  edited: boolean;
  /** The day "later" was last chosen: the next prompt is on a later (working) day. */
  laterChosenOn: string | null;
}
interface Real {
  world: World;
  id: string;
  errors: string[];
}
/** The jaarplan instance's dates (they are the period's, fixed when it was made). */
interface Dates {
  dueOn: string;
  closesOn: string;
  periodKey: string;
}

const OWNER: CastKey = "ib";
/** May answer: the owner, anyone with the owner role at the school, or the school's consultant. */
const answerers: CastKey[] = [OWNER, "consultant"];
/** May waive: SWV staff (the consultant for their schools, the beheerder). */
const staff: CastKey[] = ["consultant", "beheerder"];
const actors: CastKey[] = [OWNER, "consultant", "beheerder", "directeur", "outsider"];
const START = "2026-10-20T10:00:00+02:00";

const tally: Record<string, number> = {};
const count = (key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};
let dates: Dates;
let notes = 0;

async function expectStored(m: Model, r: Real) {
  const i = await r.world.db.cycleInstance.findUniqueOrThrow({ where: { id: r.id } });
  expect(i.state).toBe(m.state);
  expect(i.late).toBe(m.late);
  expect(i.answer ? JSON.parse(i.answer).note : null).toBe(m.note);
  expect(i.editedAt !== null).toBe(m.edited);
  expect(i.laterOn !== null).toBe(m.laterChosenOn !== null);
  if (i.laterOn) expect(i.laterOn > (m.laterChosenOn ?? "")).toBe(true);
}

function expectRefused(reply: Reply, r: Real) {
  expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe("message");
  expectDutch(reply);
  expect(r.errors).toEqual([]);
}

const deps = (world: World): JobDeps => ({
  db: world.db,
  clock: world.clock,
  logger: silentLogger,
  timezone: world.core.timezone,
  locale: "nl",
  notify: () => {},
});

abstract class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: CastKey) {}
  abstract readonly move: string;
  abstract intent: (m: Model, r: Real) => Intent;
  abstract allowed: (m: Model) => boolean;
  abstract apply: (m: Model) => void;
  answer: Reply["type"] = "done";
  check = (_m: Readonly<Model>) => true;
  async run(m: Model, r: Real) {
    r.world.clock.advance(1000);
    const reply = await r.world.as(this.who, this.intent(m, r));
    if (this.allowed(m)) {
      expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe(this.answer);
      expectDutch(reply);
      this.apply(m);
      count(this.move);
    } else {
      expectRefused(reply, r);
      count(`${this.move} refused`);
    }
    await expectStored(m, r);
  }
  toString = () => `${this.move}(${this.who})`;
}

/** The generic form of the jaarplan: held on a day (today), a note that tells the answers apart. */
class Answer extends Step {
  move = "answer";
  private note = "";
  override intent = (m: Model, r: Real): Intent => {
    this.note = `Besproken, versie ${++notes}.`;
    const values = { done: "ja", date: m.today, withWhom: "consulent", note: this.note };
    return { kind: "submission", name: "cycle.answer", values, context: r.id };
  };
  override allowed = (m: Model) =>
    answerers.includes(this.who) && m.state !== "waived" && m.today <= dates.closesOn;
  override apply = (m: Model) => {
    if (m.state === "answered") {
      m.edited = true;
      count("edit");
    } else {
      m.state = "answered";
      m.late = m.today > dates.dueOn;
    }
    m.note = this.note;
  };
}

class Waive extends Step {
  move = "waive";
  override intent = (_m: Model, r: Real): Intent => ({
    kind: "submission",
    name: "cycle.waived",
    values: { reason: "Nieuwe directie, plan volgt in januari." },
    context: r.id,
  });
  override allowed = (m: Model) => staff.includes(this.who) && (m.state === "open" || m.state === "overdue");
  override apply = (m: Model) => {
    m.state = "waived";
  };
}

/** *Later: morgen* / *volgende week* from the prompt DM: the owner's open instances of the moment. */
class Later extends Step {
  constructor(
    who: CastKey,
    readonly when: "day" | "week",
  ) {
    super(who);
  }
  move = "later";
  override answer: Reply["type"] = "message";
  override intent = (): Intent => ({
    kind: "action",
    name: "cycle.later",
    value: `${this.when}|jaarplan|${dates.periodKey}`,
  });
  override allowed = (m: Model) => this.who === OWNER && (m.state === "open" || m.state === "overdue");
  override apply = (m: Model) => {
    m.laterChosenOn = m.today;
  };
  override toString = () => `later(${this.who}, ${this.when})`;
}

/** A double click: the step sent twice at once. A waiver goes through once, the other is refused;
 * an answer goes through twice: the first answers, the second is an edit (both as told). */
class Twice implements fc.AsyncCommand<Model, Real> {
  constructor(readonly step: Answer | Waive) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const step = this.step as Step;
    r.world.clock.advance(1000);
    const intent = step.intent(m, r);
    const replies = await Promise.all([r.world.as(step.who, intent), r.world.as(step.who, intent)]);
    const through = replies.filter((x) => x.type === "done");
    for (const reply of replies) expectDutch(reply);
    expect(r.errors).toEqual([]);
    if (step.allowed(m)) {
      const twice = step instanceof Answer;
      expect(through.length, JSON.stringify(replies).slice(0, 600)).toBe(twice ? 2 : 1);
      step.apply(m);
      if (twice) step.apply(m);
      count(`twice ${step.move}`);
    } else {
      expect(through).toEqual([]);
      count(`twice ${step.move} refused`);
    }
    await expectStored(m, r);
  }
  toString = () => `twice(${this.step.toString()})`;
}

/** Days pass; the prompts job runs, as the scheduler would in the morning. */
class Days implements fc.AsyncCommand<Model, Real> {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { world } = r;
    world.clock.advance(this.days * DAY);
    await runPrompts(deps(world));
    m.today = isoDay(world.clock.now(), world.core.timezone);
    // Overdue once past the due date, while the period is current (the job leaves closed ones).
    if (m.state === "open" && m.today > dates.dueOn && m.today <= dates.closesOn) m.state = "overdue";
    count(m.state === "overdue" ? "days (overdue)" : "days");
    expect(r.errors).toEqual([]);
    await expectStored(m, r);
  }
  toString = () => `days(${this.days})`;
}

describe("fuzz: the check-in's states against a model", () => {
  let id: string;
  const suite = fuzzWorld({
    start: START,
    prepare: async (world) => {
      await runInstances(deps(world));
      const i = await world.db.cycleInstance.findFirstOrThrow({
        where: { swvId: world.swvId, momentKey: "jaarplan", schoolId: world.schools.A },
      });
      id = i.id;
      dates = { dueOn: i.dueOn, closesOn: i.closesOn, periodKey: i.periodKey };
      expect(i.ownerId).toBe(world.people.ib);
    },
    summary: () => `fuzz check-in states: jaarplan due ${dates?.dueOn}, steps ${JSON.stringify(tally)}`,
  });

  it(
    "answer, edit, waive, later and the clock: the stored check-in follows the model",
    async () => {
      const { world, errors } = suite;
      const who = fc.oneof(
        { weight: 2, arbitrary: fc.constant(OWNER) },
        { weight: 1, arbitrary: fc.constantFrom(...staff) },
        { weight: 1, arbitrary: fc.constantFrom(...actors) },
      );
      const answer = who.map((w) => new Answer(w));
      // Up to four weeks at a time: past the due date (31 October) and, now and then, the period's end.
      const days = fc.integer({ min: 1, max: 28 }).map((n) => new Days(n));
      const commands = [
        answer,
        answer,
        who.map((w) => new Waive(w)),
        fc.constantFrom(...staff).map((w) => new Waive(w)),
        fc.tuple(who, fc.constantFrom("day" as const, "week" as const)).map(([w, x]) => new Later(w, x)),
        days,
        days,
        fc
          .oneof(
            answer,
            fc.constantFrom(...staff).map((w) => new Waive(w)),
          )
          .map((step) => new Twice(step)),
      ];
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 15, size: "+1" }), async (cmds) => {
          errors.length = 0;
          // Each sequence starts over on 20 October with the instance as the job made it: open.
          world.clock.set(START);
          await world.db.cycleInstance.update({
            where: { id },
            data: {
              state: "open",
              late: false,
              answeredAt: null,
              answeredById: null,
              editedAt: null,
              answer: null,
              waivedReason: null,
              waivedById: null,
              laterOn: null,
            },
          });
          const setup = () => ({
            model: {
              today: isoDay(world.clock.now(), world.core.timezone),
              state: "open" as State,
              late: false,
              note: null,
              edited: false,
              laterChosenOn: null,
            },
            real: { world, id, errors },
          });
          await fc.asyncModelRun(setup, cmds);
        }),
        { numRuns: runs(60), ...seed() },
      );
      for (const move of ["answer", "waive", "later", "days (overdue)"])
        expect(tally[move], move).toBeGreaterThan(0);
    },
    timeoutFor(60),
  );
});
