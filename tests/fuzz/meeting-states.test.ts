import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import type { Reply } from "../../src/chat/views.ts";
import { DAY } from "../../src/core/clock.ts";
import { isoDay } from "../../src/core/format.ts";
import { expectDutch, runs, seed, timeoutFor } from "../support/fuzz.ts";
import { fuzzWorld } from "../support/fuzz-world.ts";
import type { CastKey, World } from "../support/world.ts";

// A knooppunt meeting's life (README "Knooppunt meetings", meetings/service.ts) against a model,
// with random sequences of the real actions through the core: propose (again: the open proposal
// lapses), answers per time, confirm, and closing the case (cancels what is planned), by the
// regisseur, the asked participants and people who may not. After each step the stored meetings
// and answers are the model's; a refused step is answered politely in Dutch and changes nothing.

type Status = "gepland" | "bevestigd" | "geannuleerd";
type Answer = "kan" | "liever_niet" | "kan_niet";
interface Meeting {
  id: string;
  slots: string[];
  status: Status;
  confirmed: string | null;
}
interface Model {
  caseClosed: boolean;
  meetings: Meeting[];
  /** `<slotId>|<cast key>` -> the answer. */
  answers: Map<string, Answer>;
}
interface Real {
  world: World;
  caseId: string;
  errors: string[];
}

const REGISSEUR: CastKey = "ib";
/** The case's other participants: the ones asked for their times. */
const asked: CastKey[] = ["leerplicht", "jgz"];
/** A kernpartner of the school outside the case, and someone of another school. */
const actors: CastKey[] = [REGISSEUR, ...asked, "buurtteam", "outsider"];

const tally: Record<string, number> = {};
const count = (key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

async function expectStored(m: Model, r: Real) {
  const { db, people } = r.world;
  const meetings = await db.meeting.findMany({
    where: { caseId: r.caseId },
    include: { slots: { include: { answers: true } } },
  });
  const byId = new Map(meetings.map((x) => [x.id, x]));
  expect(meetings.length).toBe(m.meetings.length);
  for (const want of m.meetings) {
    const got = byId.get(want.id);
    expect(got?.status, want.id).toBe(want.status);
    expect(got?.confirmedSlotId ?? null).toBe(want.confirmed);
  }
  const key = Object.fromEntries(Object.entries(people).map(([k, id]) => [id, k]));
  const stored = meetings.flatMap((x) =>
    x.slots.flatMap((s) => s.answers.map((a) => `${s.id}|${key[a.personId]}|${a.answer}`)),
  );
  const modelled = [...m.answers].map(([slotWho, answer]) => `${slotWho}|${answer}`);
  expect(stored.sort()).toEqual(modelled.sort());
}

function expectRefused(reply: Reply, r: Real) {
  expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe("message");
  expectDutch(reply);
  expect(r.errors).toEqual([]);
}

const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;

abstract class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: CastKey) {}
  abstract readonly move: string;
  abstract intent: (m: Model, r: Real) => Intent;
  abstract allowed: (m: Model) => boolean;
  abstract apply: (m: Model, r: Real) => Promise<void> | void;
  answer: Reply["type"] = "update";
  check = (_m: Readonly<Model>) => true;
  async run(m: Model, r: Real) {
    r.world.clock.advance(1000);
    const reply = await r.world.as(this.who, this.intent(m, r));
    if (this.allowed(m)) {
      expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe(this.answer);
      expectDutch(reply);
      await this.apply(m, r);
      count(this.move);
    } else {
      expectRefused(reply, r);
      count(`${this.move} refused`);
    }
    await expectStored(m, r);
  }
  toString = () => `${this.move}(${this.who})`;
}

class Propose extends Step {
  constructor(
    who: CastKey,
    readonly times: number,
  ) {
    super(who);
  }
  move = "propose";
  override answer: Reply["type"] = "done";
  /** Times on the next days at 10:00: ahead of the clock, which moves a second a step. */
  override intent = (_m: Model, r: Real): Intent => {
    const { clock, core } = r.world;
    const values: Record<string, string> = { duration: "60", location: "School" };
    for (let i = 1; i <= this.times; i++)
      values[`slot${i}`] = `${isoDay(new Date(clock.now().getTime() + i * DAY), core.timezone)}T10:00`;
    return { kind: "submission", name: "meeting.create", values, context: r.caseId };
  };
  override allowed = (m: Model) => this.who === REGISSEUR && !m.caseClosed;
  override apply = async (m: Model, r: Real) => {
    for (const x of m.meetings) if (x.status === "gepland") x.status = "geannuleerd";
    const made = await r.world.db.meeting.findFirstOrThrow({
      where: { caseId: r.caseId, id: { notIn: m.meetings.map((x) => x.id) } },
      include: { slots: { orderBy: { startsAt: "asc" } } },
    });
    expect(made.slots.length).toBe(this.times);
    m.meetings.push({ id: made.id, slots: made.slots.map((s) => s.id), status: "gepland", confirmed: null });
  };
  override toString = () => `propose(${this.who}, ${this.times} times)`;
}

class AnswerSlot extends Step {
  constructor(
    who: CastKey,
    readonly meeting: number,
    readonly slot: number,
    readonly value: Answer,
  ) {
    super(who);
  }
  move = "answer";
  override check = (m: Readonly<Model>) => m.meetings.length > 0;
  private target = (m: Model) => {
    const meeting = pick(m.meetings, this.meeting);
    return { meeting, slotId: pick(meeting.slots, this.slot) };
  };
  override intent = (m: Model): Intent => ({
    kind: "action",
    name: "meeting.answer",
    value: `${this.target(m).slotId}:${this.value}`,
  });
  /** Only an asked participant, while the proposal is open (changing an earlier answer too). */
  override allowed = (m: Model) => this.target(m).meeting.status === "gepland" && asked.includes(this.who);
  override apply = (m: Model) => {
    m.answers.set(`${this.target(m).slotId}|${this.who}`, this.value);
  };
  override toString = () => `answer(${this.who}, #${this.meeting}/${this.slot} ${this.value})`;
}

class Confirm extends Step {
  constructor(
    who: CastKey,
    readonly meeting: number,
    readonly slot: number,
  ) {
    super(who);
  }
  move = "confirm";
  override check = (m: Readonly<Model>) => m.meetings.length > 0;
  private target = (m: Model) => {
    const meeting = pick(m.meetings, this.meeting);
    return { meeting, slotId: pick(meeting.slots, this.slot) };
  };
  override intent = (m: Model): Intent => ({
    kind: "action",
    name: "meeting.confirm",
    value: this.target(m).slotId,
  });
  override allowed = (m: Model) => this.target(m).meeting.status === "gepland" && this.who === REGISSEUR;
  override apply = (m: Model) => {
    const { meeting, slotId } = this.target(m);
    meeting.status = "bevestigd";
    meeting.confirmed = slotId;
  };
  override toString = () => `confirm(${this.who}, #${this.meeting}/${this.slot})`;
}

/** Closing the case cancels the open proposal and a confirmed meeting ahead (all are ahead here). */
class CloseCase extends Step {
  move = "close case";
  override answer: Reply["type"] = "done";
  override intent = (_m: Model, r: Real): Intent => ({
    kind: "submission",
    name: "case.close",
    values: { outcome: "overig", evaluation: "Afgerond." },
    context: r.caseId,
  });
  override allowed = (m: Model) => this.who === REGISSEUR && !m.caseClosed;
  override apply = (m: Model) => {
    m.caseClosed = true;
    for (const x of m.meetings) if (x.status !== "geannuleerd") x.status = "geannuleerd";
  };
}

/** A double click on *Bevestigen*: confirmed once, the other click refused. */
class Twice implements fc.AsyncCommand<Model, Real> {
  constructor(readonly step: Confirm) {}
  check = (m: Readonly<Model>) => this.step.check(m);
  async run(m: Model, r: Real) {
    r.world.clock.advance(1000);
    const intent = this.step.intent(m);
    const replies = await Promise.all([r.world.as(this.step.who, intent), r.world.as(this.step.who, intent)]);
    const through = replies.filter((x) => x.type === "update");
    for (const reply of replies) expectDutch(reply);
    expect(r.errors).toEqual([]);
    expect(through.length, JSON.stringify(replies).slice(0, 600)).toBe(this.step.allowed(m) ? 1 : 0);
    if (this.step.allowed(m)) {
      this.step.apply(m);
      count("twice confirm");
    } else count("twice confirm refused");
    await expectStored(m, r);
  }
  toString = () => `twice(${this.step.toString()})`;
}

describe("fuzz: the meeting's states against a model", () => {
  let made = 0;
  const suite = fuzzWorld({
    summary: () => `fuzz meeting states: ${made} cases, steps ${JSON.stringify(tally)}`,
  });

  it(
    "propose, answer, confirm and close by anyone: the stored meetings follow the model",
    async () => {
      const { world, errors } = suite;
      const who = fc.oneof(
        { weight: 2, arbitrary: fc.constant(REGISSEUR) },
        { weight: 2, arbitrary: fc.constantFrom(...asked) },
        { weight: 1, arbitrary: fc.constantFrom(...actors) },
      );
      const answer = fc.constantFrom<Answer>("kan", "liever_niet", "kan_niet");
      const propose = fc.tuple(who, fc.integer({ min: 2, max: 3 })).map(([w, n]) => new Propose(w, n));
      const answerStep = fc
        .tuple(who, fc.nat(3), fc.nat(2), answer)
        .map(([w, i, s, a]) => new AnswerSlot(w, i, s, a));
      const confirm = fc.tuple(who, fc.nat(3), fc.nat(2)).map(([w, i, s]) => new Confirm(w, i, s));
      const commands = [
        propose,
        propose,
        answerStep,
        answerStep,
        answerStep,
        confirm,
        confirm,
        confirm.map((step) => new Twice(step)),
        who.map((w) => new CloseCase(w)),
      ];
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 15, size: "+1" }), async (cmds) => {
          errors.length = 0;
          // A fresh case with consent: the IB'er leads, the leerplichtambtenaar and the JGZ take part.
          world.clock.advance(1000);
          made++;
          const values = {
            school: world.schools.A,
            pupilRef: `JB ${2000 + (made % 20)}`,
            reason: "Langdurig verzuim.",
            form: "verkennend",
            regisseur: world.people.ib,
            consent: "akkoord",
            consentDate: isoDay(world.clock.now(), world.core.timezone),
            participants: asked.map((k) => world.people[k]),
          };
          const created = await world.as("ib", { kind: "submission", name: "case.create", values });
          expect(created.type, JSON.stringify(created).slice(0, 400)).toBe("done");
          const c = await world.db.case.findFirstOrThrow({
            where: { swvId: world.swvId },
            orderBy: { createdAt: "desc" },
          });
          const setup = () => ({
            model: { caseClosed: false, meetings: [], answers: new Map() },
            real: { world, caseId: c.id, errors },
          });
          await fc.asyncModelRun(setup, cmds);
        }),
        { numRuns: runs(100), ...seed() },
      );
      for (const move of ["propose", "answer", "confirm", "close case"])
        expect(tally[move], move).toBeGreaterThan(0);
    },
    timeoutFor(100),
  );
});
