/** The number of SQL statements of every list, page and job, counted at two sizes of the SWV: a
 * read path must send as many at 500 items as at 50 (it shows a page, never one query per item);
 * a job a constant number per batch. Counted through the Prisma client's query events. */
import { afterAll, describe, expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import { buttonsOf, type MessageView, type Reply, tableOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { REMINDER_BATCH, runActionReminders } from "../../src/features/cases/schedule.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { runMeetingReminders } from "../../src/features/meetings/schedule.ts";
import { namesOf } from "../../src/features/people/lookup.ts";
import { runClocks } from "../../src/features/thuiszitters/jobs.ts";
import { createDb, type Provider } from "../../src/store/client.ts";
import { openTestDb, postgresUrl, type TestDb } from "../support/databases.ts";
import { createScaleWorld, type ScaleWorld } from "../support/scale-world.ts";
import type { CastKey } from "../support/world.ts";

const SIZES = [50, 500] as const;

/** Each job's batches at size n (see countAt: 2n cases, one in ten closed; 2n open actions due tomorrow
 * or overdue; a meeting per open case, half of them tomorrow; n/10 thuiszitters). */
const batches = (items: number, size = 200) => Math.ceil(items / size);
const jobBatches: Record<string, (n: number) => number> = {
  "job cases.action-reminders": (n) => 2 * batches(n, REMINDER_BATCH),
  "job meetings.reminders": (n) => batches(0.9 * n, 1000),
  "job thuiszitters.clocks": (n) => batches(n / 10),
  "job cycles.instances": () => 0,
  "job cycles.prompts": () => 0,
};

/** Statements per step, by name. */
type Counts = Record<string, number>;

function msg(reply: Reply): MessageView {
  if (reply.type === "form" || reply.type === "invalid" || reply.type === "page" || !reply.message)
    throw new Error(`expected a message, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply.message;
}

/** Builds a world of `n` (n cases for the heavy person, n/10 for the light one, n/5 schools) and
 * counts each step's statements. */
async function countAt(provider: Provider, n: number, opened: TestDb[]): Promise<Counts> {
  const test = await openTestDb(provider);
  opened.push(test);
  let queries = 0;
  const db = await createDb(test.url, { onQuery: () => queries++ });
  const world: ScaleWorld = await createScaleWorld(db, {
    cases: 2 * n,
    schools: n / 5,
    heavy: n,
    light: n / 10,
  });
  const deps: JobDeps = {
    db,
    clock: world.clock,
    logger: silentLogger,
    timezone: "Europe/Amsterdam",
    locale: "nl",
    notify: () => {},
  };
  const counts: Counts = {};
  const count = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    queries = 0;
    const result = await run();
    counts[name] = queries;
    return result;
  };
  const as = (who: CastKey, intent: Intent) => world.as(who, intent);
  // Warm up the identity lookup's statements so every step below counts only its own.
  await as("ib", { kind: "command", args: ["help"] });

  const list = msg(await count("casus lijst", () => as("ib", { kind: "command", args: ["casus", "lijst"] })));
  expect(tableOf(list)?.rows).toHaveLength(25);
  const more = buttonsOf(list).find((b) => b.action === "case.list.more");
  expect(more?.value).toBeTruthy();
  const second = msg(
    await count("casus lijst, meer", () =>
      as("ib", { kind: "action", name: "case.list.more", value: more?.value ?? "" }),
    ),
  );
  expect(tableOf(second)?.rows).toHaveLength(25);
  expect(tableOf(second)?.rows[0]).not.toEqual(tableOf(list)?.rows[0]);
  await count("casus lijst, light", () => as("leerplicht", { kind: "command", args: ["casus", "lijst"] }));

  const signals = msg(
    await count("signaal lijst", () => as("ib", { kind: "command", args: ["signaal", "lijst"] })),
  );
  expect(tableOf(signals)?.rows).toHaveLength(25);
  const moreSignals = buttonsOf(signals).find((b) => b.action === "signal.list.more");
  await count("signaal lijst, meer", () =>
    as("ib", { kind: "action", name: "signal.list.more", value: moreSignals?.value ?? "" }),
  );
  await count("signaal lijst, light", () =>
    as("leerplicht", { kind: "command", args: ["signaal", "lijst"] }),
  );

  await count("home, heavy", () => as("ib", { kind: "page", name: "home" }));
  await count("home, light", () => as("leerplicht", { kind: "page", name: "home" }));
  await count("thuiszitters", () => as("consultant", { kind: "command", args: ["thuiszitters"] }));

  // Jobs: the counts include their batches, checked per batch below.
  await count("job cycles.instances", () => runInstances(deps));
  await count("cyclus", () => as("consultant", { kind: "command", args: ["cyclus"] }));
  await count("job cycles.prompts", () => runPrompts(deps));
  const reminded = await count("job cases.action-reminders", () => runActionReminders(deps));
  expect(reminded.reminded + reminded.flagged).toBe(2 * n);
  await count("job meetings.reminders", () => runMeetingReminders(deps));
  await count("job thuiszitters.clocks", () => runClocks(deps));
  await db.$disconnect();
  return counts;
}

for (const provider of ["sqlite", "postgresql"] as const) {
  const skip = provider === "postgresql" && !postgresUrl;
  describe.skipIf(skip)(
    `query counts [${provider}${skip ? ": OVERGESLAGEN, TEST_DATABASE_URL is niet gezet" : ""}]`,
    () => {
      const opened: TestDb[] = [];
      afterAll(async () => {
        await Promise.all(opened.map((t) => t.drop()));
      });

      it("sends as many statements for 500 items as for 50 on every list and page, and a constant number per batch in every job", async () => {
        const [small, large] = [
          await countAt(provider, SIZES[0], opened),
          await countAt(provider, SIZES[1], opened),
        ];
        console.log(`query counts [${provider}] at ${SIZES.join(" / ")} items:`);
        for (const name of Object.keys(small))
          console.log(`  ${name.padEnd(30)} ${small[name]} / ${large[name]}`);
        for (const name of Object.keys(small)) {
          if (name.startsWith("job ")) continue;
          expect({ name, count: large[name] }).toEqual({ name, count: small[name] });
        }
        // A job: at most 16 statements per extra batch of 200 items, and 8 for the inserts Prisma cuts
        // into statements below the parameter limit. N+1 would be hundreds more at 500.
        for (const [name, batches] of Object.entries(jobBatches)) {
          const extra = batches(SIZES[1]) - batches(SIZES[0]);
          expect({ name, count: large[name] ?? 0 }).toEqual({
            name,
            count: expect.toSatisfy((c: number) => c <= (small[name] ?? 0) + 16 * extra + SIZES[1] / 20),
          });
        }
      }, 300_000);
    },
  );
}

describe("5,000 ids in one filter [sqlite]", () => {
  const opened: TestDb[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((t) => t.drop()));
  });

  it("lists, Home and the reminders job for a person in 5,000 cases, and 5,000 names, without P2029", async () => {
    const test = await openTestDb("sqlite");
    opened.push(test);
    const world = await createScaleWorld(test.db, { cases: 5000, schools: 10, heavy: 5000, light: 10 });
    const { db } = world;
    const list = msg(await world.as("ib", { kind: "command", args: ["casus", "lijst"] }));
    expect(tableOf(list)?.rows).toHaveLength(25);
    const signals = msg(await world.as("ib", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(signals)?.rows).toHaveLength(25);
    const home = await world.as("ib", { kind: "page", name: "home" });
    expect(home.type).toBe("page");
    const deps: JobDeps = {
      db,
      clock: world.clock,
      logger: silentLogger,
      timezone: "Europe/Amsterdam",
      locale: "nl",
      notify: () => {},
    };
    const { reminded, flagged } = await runActionReminders(deps);
    expect(reminded + flagged).toBe(5000);
    expect(await db.outboxMessage.count({ where: { idempotencyKey: { endsWith: ":reminder" } } })).toBe(
      reminded,
    );

    const ids = Array.from({ length: 5000 }, (_, i) => `p-${i}`);
    await db.person.createMany({
      data: ids.map((id, i) => ({ id, swvId: world.swvId, displayName: `Persoon ${i}` })),
    });
    // Without the batches, a filter of 5,000 ids with a second condition is refused on SQLite.
    await expect(
      db.person.findMany({
        where: { swvId: world.swvId, OR: [{ id: { in: ids } }, { email: { in: ids } }] },
      }),
    ).rejects.toMatchObject({ code: "P2029" });
    const names = await namesOf(db, ids);
    expect(names.size).toBe(5000);
    expect(names.get("p-4999")).toBe("Persoon 4999");
  }, 300_000);
});
