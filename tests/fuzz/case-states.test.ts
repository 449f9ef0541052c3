import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import type { Reply } from "../../src/chat/views.ts";
import { isoDay } from "../../src/core/format.ts";
import { caseOutcomes } from "../../src/features/cases/texts.ts";
import { expectDutch, runs, seed, timeoutFor } from "../support/fuzz.ts";
import { fuzzWorld } from "../support/fuzz-world.ts";
import type { CastKey, World } from "../support/world.ts";

// A knooppunt case's life (README "Knooppunt cases", cases/access.ts) against a model, with random
// sequences of the real actions through the core: consent, participants, goals, actions and their
// completion, notes, the status and closing, by the regisseur, participants and people who may not.
// After each step the stored case is the model's; a refused step is answered politely in Dutch and
// changes nothing. (A closed case cannot be reopened: there is no such action.)

type Status = "aangemeld" | "verkennend" | "formeel" | "afgesloten";
interface Model {
  status: Status;
  consent: boolean;
  participants: Set<CastKey>;
  goals: number;
  notes: number;
  /** The case's actions in the order they were added: the stored id, owner and whether done. */
  actions: { id: string; owner: CastKey; done: boolean }[];
}
interface Real {
  world: World;
  id: string;
  errors: string[];
}

const REGISSEUR: CastKey = "ib";
/** The kernpartners of school A (the consultant SWV-wide): the ones who can be added to its case. */
const partners: CastKey[] = ["leerplicht", "jgz", "buurtteam", "consultant"];
const actors: CastKey[] = [REGISSEUR, ...partners, "directeur", "outsider"];

const tally: Record<string, number> = {};
const count = (key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

const closed = (m: Model) => m.status === "afgesloten";
/** The regisseur, or a participant once parents consented (before, they see only the code). */
const mayWrite = (m: Model, who: CastKey) =>
  !closed(m) && (who === REGISSEUR || (m.participants.has(who) && m.consent));
const mayLead = (m: Model, who: CastKey) => !closed(m) && who === REGISSEUR;

async function expectStored(m: Model, r: Real) {
  const { db, people } = r.world;
  const c = await db.case.findUniqueOrThrow({
    where: { id: r.id },
    include: { participants: true, actions: { orderBy: { createdAt: "asc" } } },
  });
  expect(c.status).toBe(m.status);
  expect(c.consentDate !== null).toBe(m.consent);
  expect(c.closedAt !== null).toBe(closed(m));
  expect(new Set(c.participants.map((p) => p.personId))).toEqual(
    new Set([...m.participants].map((k) => people[k])),
  );
  expect(await db.caseGoal.count({ where: { caseId: r.id } })).toBe(m.goals);
  expect(await db.caseNote.count({ where: { caseId: r.id } })).toBe(m.notes);
  expect(c.actions.map((a) => [a.id, a.ownerId, a.status])).toEqual(
    m.actions.map((a) => [a.id, people[a.owner], a.done ? "gedaan" : "open"]),
  );
}

function expectAllowed(reply: Reply, type: Reply["type"]) {
  expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe(type);
  expectDutch(reply);
}

function expectRefused(reply: Reply, r: Real) {
  expect(reply.type, JSON.stringify(reply).slice(0, 400)).not.toBe("done");
  expect(reply.type).not.toBe("update");
  expectDutch(reply);
  expect(r.errors).toEqual([]);
}

/** A form's submission as the case card's button would send it (context: the case id). */
const submit = (r: Real, name: string, values: Record<string, unknown>): Intent => ({
  kind: "submission",
  name,
  values: values as Record<string, string>,
  context: r.id,
});

const today = (r: Real) => isoDay(r.world.clock.now(), r.world.core.timezone);

/** A step: who does it, the intent, whether the model allows it (and how it changes), the reply type. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: CastKey) {}
  abstract readonly move: string;
  abstract intent: (m: Model, r: Real) => Intent;
  /** Whether the model allows the step; `apply` changes the model when it does. */
  abstract allowed: (m: Model) => boolean;
  abstract apply: (m: Model, r: Real) => Promise<void> | void;
  answer: Reply["type"] = "done";
  check = (_m: Readonly<Model>) => true;
  async run(m: Model, r: Real) {
    r.world.clock.advance(1000); // a person's next click: the steps keep their order in time
    const reply = await r.world.as(this.who, this.intent(m, r));
    if (this.allowed(m)) {
      expectAllowed(reply, this.answer);
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

class Consent extends Step {
  move = "consent";
  intent = (_m: Model, r: Real) => submit(r, "case.consent", { date: today(r) });
  allowed = (m: Model) => mayLead(m, this.who) && !m.consent;
  apply = (m: Model) => {
    m.consent = true;
  };
}

class AddParticipant extends Step {
  constructor(
    who: CastKey,
    readonly whom: CastKey,
  ) {
    super(who);
  }
  move = "participant";
  intent = (_m: Model, r: Real) => submit(r, "case.participant.add", { people: [r.world.people[this.whom]] });
  allowed = (m: Model) =>
    mayWrite(m, this.who) && partners.includes(this.whom) && !m.participants.has(this.whom);
  apply = (m: Model) => {
    m.participants.add(this.whom);
  };
  override toString = () => `participant(${this.who} adds ${this.whom})`;
}

class AddGoal extends Step {
  move = "goal";
  intent = (_m: Model, r: Real) =>
    submit(r, "case.goal.add", { text: "Weer vier dagen per week naar school." });
  allowed = (m: Model) => mayWrite(m, this.who);
  apply = (m: Model) => {
    m.goals++;
  };
}

class AddNote extends Step {
  move = "note";
  intent = (_m: Model, r: Real) => submit(r, "case.note.add", { text: "Gesprek met moeder gepland." });
  allowed = (m: Model) => mayWrite(m, this.who);
  apply = (m: Model) => {
    m.notes++;
  };
}

class AddAction extends Step {
  constructor(
    who: CastKey,
    readonly owner: CastKey,
  ) {
    super(who);
  }
  move = "action";
  intent = (_m: Model, r: Real) =>
    submit(r, "case.action.add", {
      description: "Huisbezoek afleggen.",
      owner: r.world.people[this.owner],
      due: today(r),
    });
  /** Before consent only the regisseur may own an action (its DM is case content). */
  allowed = (m: Model) =>
    mayWrite(m, this.who) && (m.consent ? m.participants.has(this.owner) : this.owner === REGISSEUR);
  apply = async (m: Model, r: Real) => {
    const known = m.actions.map((a) => a.id);
    const newest = await r.world.db.caseAction.findFirstOrThrow({
      where: { caseId: r.id, id: { notIn: known } },
    });
    m.actions.push({ id: newest.id, owner: this.owner, done: false });
  };
  override toString = () => `action(${this.who} for ${this.owner})`;
}

class ActionDone extends Step {
  constructor(
    who: CastKey,
    readonly pick: number,
  ) {
    super(who);
  }
  move = "action done";
  override answer: Reply["type"] = "update";
  override check = (m: Readonly<Model>) => m.actions.length > 0;
  private action = (m: Model) => m.actions[this.pick % m.actions.length] as Model["actions"][number];
  intent = (m: Model) => ({ kind: "action", name: "case.action.done", value: this.action(m).id }) as Intent;
  /** Its owner or the regisseur, through the participants' write check, once. */
  allowed = (m: Model) => {
    const a = this.action(m);
    return mayWrite(m, this.who) && (a.owner === this.who || this.who === REGISSEUR) && !a.done;
  };
  apply = (m: Model) => {
    this.action(m).done = true;
  };
  override toString = () => `action done(${this.who}, #${this.pick})`;
}

class ChangeStatus extends Step {
  constructor(
    who: CastKey,
    readonly to: "verkennend" | "formeel",
  ) {
    super(who);
  }
  move = "status";
  intent = (_m: Model, r: Real) => submit(r, "case.status", { status: this.to });
  allowed = (m: Model) => mayLead(m, this.who) && m.status !== this.to;
  apply = (m: Model) => {
    m.status = this.to;
  };
  override toString = () => `status(${this.who} -> ${this.to})`;
}

class Close extends Step {
  constructor(
    who: CastKey,
    readonly outcome: string,
  ) {
    super(who);
  }
  move = "close";
  intent = (_m: Model, r: Real) =>
    submit(r, "case.close", { outcome: this.outcome, evaluation: "Goede afspraken gemaakt." });
  allowed = (m: Model) => mayLead(m, this.who);
  apply = (m: Model) => {
    m.status = "afgesloten";
  };
}

/** A double click: the same step sent twice at once. A step that can happen once (consent, done,
 * close) goes through once, the other is refused; anything else is refused twice. */
class Twice implements fc.AsyncCommand<Model, Real> {
  constructor(readonly step: Consent | ActionDone | Close) {}
  check = (m: Readonly<Model>) => this.step.check(m);
  async run(m: Model, r: Real) {
    r.world.clock.advance(1000);
    const intent = (this.step as Step).intent(m, r);
    const replies = await Promise.all([r.world.as(this.step.who, intent), r.world.as(this.step.who, intent)]);
    const through = replies.filter((x) => x.type === this.step.answer);
    const refused = replies.filter((x) => x.type !== this.step.answer);
    for (const reply of refused) expectRefused(reply, r);
    if (this.step.allowed(m)) {
      expect(through.length, JSON.stringify(replies).slice(0, 600)).toBe(1);
      expectDutch(through[0] as Reply);
      await (this.step as Step).apply(m, r);
      count(`twice ${this.step.move}`);
    } else {
      expect(through).toEqual([]);
      count(`twice ${this.step.move} refused`);
    }
    await expectStored(m, r);
  }
  toString = () => `twice(${this.step.toString()})`;
}

describe("fuzz: the case's states against a model", () => {
  let made = 0;
  const suite = fuzzWorld({
    summary: () => `fuzz case states: ${made} cases, steps ${JSON.stringify(tally)}`,
  });

  it(
    "every change by anyone: the stored case follows the model, refusals change nothing",
    async () => {
      const { world, errors } = suite;
      // The regisseur and the first partner most often: they are the ones whose steps go through.
      const who = fc.oneof(
        { weight: 4, arbitrary: fc.constant(REGISSEUR) },
        { weight: 3, arbitrary: fc.constantFrom(...partners) },
        { weight: 1, arbitrary: fc.constantFrom(...actors) },
      );
      const consent = who.map((w) => new Consent(w));
      const close = fc.tuple(who, fc.constantFrom(...caseOutcomes)).map(([w, o]) => new Close(w, o));
      const owner = fc.oneof(fc.constant(REGISSEUR), fc.constantFrom(...partners));
      const action = fc.tuple(who, owner).map(([w, o]) => new AddAction(w, o));
      const done = fc.tuple(who, fc.nat(7)).map(([w, i]) => new ActionDone(w, i));
      // Consent, actions and their completion twice or three times as often: the steps that open
      // the others up (a participant writes after consent, a done needs an action).
      const commands = [
        consent,
        consent,
        fc
          .tuple(who, fc.constantFrom(...partners, "directeur" as CastKey, "outsider" as CastKey))
          .map(([w, p]) => new AddParticipant(w, p)),
        who.map((w) => new AddGoal(w)),
        who.map((w) => new AddNote(w)),
        action,
        action,
        done,
        done,
        done,
        fc
          .tuple(who, fc.constantFrom("verkennend" as const, "formeel" as const))
          .map(([w, s]) => new ChangeStatus(w, s)),
        close,
        fc.oneof(consent, done, close).map((step) => new Twice(step)),
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.commands(commands, { maxCommands: 15, size: "+1" }),
          async (agreed, cmds) => {
            errors.length = 0;
            // A fresh case of the IB'er at school A with the leerplichtambtenaar; half of them with the
            // parents' consent in the opening form.
            world.clock.advance(1000);
            made++;
            const values = {
              school: world.schools.A,
              pupilRef: `JB ${2000 + (made % 20)}`,
              reason: "Langdurig verzuim, zorgen over thuissituatie.",
              form: "verkennend",
              regisseur: world.people.ib,
              consent: agreed ? "akkoord" : "nog-niet",
              consentDate: agreed ? isoDay(world.clock.now(), world.core.timezone) : "",
              participants: [world.people.leerplicht],
            };
            const created = await world.as("ib", { kind: "submission", name: "case.create", values });
            expect(created.type, JSON.stringify(created).slice(0, 400)).toBe("done");
            const c = await world.db.case.findFirstOrThrow({
              where: { swvId: world.swvId },
              orderBy: { createdAt: "desc" },
            });
            const setup = () => ({
              model: {
                status: "aangemeld" as Status,
                consent: agreed,
                participants: new Set<CastKey>([REGISSEUR, "leerplicht"]),
                goals: 0,
                notes: 0,
                actions: [],
              },
              real: { world, id: c.id, errors },
            });
            await fc.asyncModelRun(setup, cmds);
          },
        ),
        { numRuns: runs(60), ...seed() },
      );
      for (const move of [
        "consent",
        "participant",
        "goal",
        "note",
        "action",
        "action done",
        "status",
        "close",
      ])
        expect(tally[move], move).toBeGreaterThan(0);
    },
    timeoutFor(60),
  );
});
