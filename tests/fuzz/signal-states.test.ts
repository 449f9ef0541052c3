import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/views.ts";
import { expectDutch, runs, seed, timeoutFor } from "../support/fuzz.ts";
import { fuzzWorld } from "../support/fuzz-world.ts";
import type { CastKey, World } from "../support/world.ts";

// The signal's life (README "Signals", states.ts) against a model, with random sequences of the
// real actions through the core: take, forward, close, by the recipient and by people who may
// not. After each step the stored state is the model's; a refused step is answered politely in
// Dutch and changes nothing.

type Status = "nieuw" | "opgepakt" | "afgehandeld";
interface Model {
  status: Status;
  /** Who got the signal in a DM for the current turn. */
  recipients: Set<CastKey>;
  assignee: CastKey | null;
}
interface Real {
  world: World;
  id: string;
  errors: string[];
}

/** The school's kernpartners (all at school A): who a signal can be forwarded to. */
const partners: CastKey[] = ["leerplicht", "jgz", "buurtteam"];
const actors: CastKey[] = [...partners, "ib", "outsider", "consultant"];

/** Steps run, by move and outcome (printed: the run reached the allowed moves, not only refusals). */
const tally: Record<string, number> = {};
const count = (key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

const open = (m: Model) => m.status === "nieuw" || m.status === "opgepakt";
const mayAct = (m: Model, who: CastKey) => m.recipients.has(who) || m.assignee === who;

async function expectStored(m: Model, r: Real) {
  const s = await r.world.db.signal.findUniqueOrThrow({ where: { id: r.id } });
  expect(s.status).toBe(m.status);
  expect(s.assigneeId).toBe(m.assignee ? r.world.people[m.assignee] : null);
}

function expectRefused(reply: Reply, r: Real) {
  expect(reply.type, JSON.stringify(reply).slice(0, 400)).not.toBe("done");
  expectDutch(reply);
  expect(r.errors).toEqual([]);
}

class Take implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: CastKey) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const reply = await r.world.as(this.who, { kind: "action", name: "signal.take", value: r.id });
    if (m.status === "nieuw" && mayAct(m, this.who)) {
      expect(reply.type, JSON.stringify(reply).slice(0, 400)).not.toBe("message");
      expectDutch(reply);
      m.status = "opgepakt";
      m.assignee = this.who;
      count("take");
    } else {
      expectRefused(reply, r);
      count("take refused");
    }
    await expectStored(m, r);
  }
  toString = () => `take(${this.who})`;
}

class Forward implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: CastKey,
    readonly to: CastKey,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const values = { to: r.world.people[this.to], reason: "Past beter bij deze kernpartner." };
    const reply = await r.world.as(this.who, {
      kind: "submission",
      name: "signal.forward",
      values,
      context: r.id,
    });
    if (open(m) && mayAct(m, this.who) && this.to !== this.who) {
      expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe("done");
      expectDutch(reply);
      m.status = "nieuw";
      m.recipients = new Set([this.to]);
      m.assignee = null;
      count("forward");
    } else {
      expectRefused(reply, r);
      count("forward refused");
    }
    await expectStored(m, r);
  }
  toString = () => `forward(${this.who} -> ${this.to})`;
}

class Close implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: CastKey) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const values = { note: "Besproken met ouders, opgelost." };
    const reply = await r.world.as(this.who, {
      kind: "submission",
      name: "signal.close",
      values,
      context: r.id,
    });
    if (open(m) && mayAct(m, this.who)) {
      expect(reply.type, JSON.stringify(reply).slice(0, 400)).toBe("done");
      expectDutch(reply);
      m.status = "afgehandeld";
      count("close");
    } else {
      expectRefused(reply, r);
      count("close refused");
    }
    await expectStored(m, r);
  }
  toString = () => `close(${this.who})`;
}

describe("fuzz: the signal's states against a model", () => {
  let made = 0;
  const suite = fuzzWorld({
    summary: () => `fuzz signal states: ${made} signals, steps ${JSON.stringify(tally)}`,
  });

  it(
    "take, forward and close by anyone: the stored state follows the model, refusals change nothing",
    async () => {
      const { world, errors } = suite;
      const who = fc.constantFrom(...actors);
      const commands = [
        who.map((w) => new Take(w)),
        fc.tuple(who, fc.constantFrom(...partners)).map(([w, to]) => new Forward(w, to)),
        who.map((w) => new Close(w)),
      ];
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 8 }), async (cmds) => {
          errors.length = 0;
          // A fresh verzuim signal of the IB'er: routed to the leerplichtambtenaar.
          world.clock.advance(1000);
          made++;
          const values = {
            school: world.schools.A,
            pupilRef: `JB ${2000 + (made % 20)}`,
            domain: "verzuim",
            description: "Sinds drie weken elke maandag afwezig.",
            urgency: "normaal",
          };
          const created = await world.as("ib", { kind: "submission", name: "signal.create", values });
          expect(created.type).toBe("done");
          const signal = await world.db.signal.findFirstOrThrow({
            where: { swvId: world.swvId },
            orderBy: { createdAt: "desc" },
          });
          const setup = () => ({
            model: {
              status: "nieuw" as Status,
              recipients: new Set<CastKey>(["leerplicht"]),
              assignee: null,
            },
            real: { world, id: signal.id, errors },
          });
          await fc.asyncModelRun(setup, cmds);
        }),
        { numRuns: runs(40), ...seed() },
      );
      // Every allowed move happened in the run, not only refusals.
      for (const move of ["take", "forward", "close"]) expect(tally[move], move).toBeGreaterThan(0);
    },
    timeoutFor(40),
  );
});
