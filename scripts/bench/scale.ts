// npm run bench:scale [-- --size 10000[,100000]] [--pg | --pg-only] [--explain]
// Builds an SWV of `size` cases (300 schools, as many signals, an open action, goal, note and
// meeting per case) in a scratch SQLite database and, with TEST_DATABASE_URL (or --pg with
// postgres://postgres@127.0.0.1:5432/test), a scratch PostgreSQL database of its own; then times
// the read paths and jobs (min/median/max of 5 runs) and prints their SQL statement counts.
// --explain: the plan of each distinct statement of the read paths and the reminders job.
// Goals at 10,000: every list and Home < 150 ms, the reminders job < 2 s. Never run in CI.
import Database from "better-sqlite3";
import pg from "pg";
import type { Intent } from "../../src/chat/intents.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runActionReminders } from "../../src/features/cases/schedule.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { runMeetingReminders } from "../../src/features/meetings/schedule.ts";
import { createDb, type Provider, sqlitePath } from "../../src/store/client.ts";
import { createScaleWorld } from "../../tests/support/scale-world.ts";
import type { CastKey } from "../../tests/support/world.ts";
import { report, timed } from "./measure.ts";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args[args.indexOf(`--${name}`) + 1];
const sizes = (args.includes("--size") ? (option("size") ?? "") : "10000").split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error("gebruik: npm run bench:scale -- [--size 10000[,100000]] [--pg | --pg-only] [--explain]");
  process.exit(2);
}
if ((flag("pg") || flag("pg-only")) && !process.env.TEST_DATABASE_URL)
  process.env.TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
const providers: Provider[] = flag("pg-only")
  ? ["postgresql"]
  : process.env.TEST_DATABASE_URL
    ? ["sqlite", "postgresql"]
    : ["sqlite"];
// After --pg set the address: the support module reads it when it loads.
const { openTestDb } = await import("../../tests/support/databases.ts");
const RUNS = 5;

interface Statement {
  sql: string;
  params: string;
  ms: number;
}

async function benchOne(provider: Provider, size: number): Promise<void> {
  const test = await openTestDb(provider);
  let log: Statement[] = [];
  const db = await createDb(test.url, { onQuery: (sql, params, ms) => log.push({ sql, params, ms }) });
  try {
    const started = performance.now();
    const world = await createScaleWorld(db, {
      cases: size,
      schools: 300,
      heavy: Math.min(1000, size / 2),
      light: 20,
    });
    const deps: JobDeps = {
      db,
      clock: world.clock,
      logger: silentLogger,
      timezone: "Europe/Amsterdam",
      locale: "nl",
      notify: () => {},
    };
    await runInstances(deps);
    // PostgreSQL's autovacuum would gather the statistics of the new rows within a minute; without
    // them the planner takes the tables for nearly empty.
    if (provider === "postgresql") await db.$executeRawUnsafe("ANALYZE");
    const built = performance.now() - started;
    await world.as("ib", { kind: "command", args: ["help"] }); // the identity lookup's first statements
    const openActions = await db.caseAction.count({ where: { status: "open", case: { closedAt: null } } });

    const figures: Record<string, string> = { "world built (s)": (built / 1000).toFixed(1) };
    const plans = new Map<string, Statement>();
    const measure = async (name: string, run: () => Promise<unknown>, reset?: () => Promise<void>) => {
      const times: number[] = [];
      let statements = 0;
      let inSql = 0;
      for (let i = 0; i < RUNS; i++) {
        await reset?.();
        log = [];
        times.push(await timed(run));
        statements = log.length;
        inSql = log.reduce((sum, q) => sum + q.ms, 0);
        for (const s of log) if (!plans.has(s.sql) && !/^(BEGIN|COMMIT)/i.test(s.sql)) plans.set(s.sql, s);
      }
      times.sort((a, b) => a - b);
      const [min, median, max] = [times[0], times[Math.floor(RUNS / 2)], times[RUNS - 1]].map((t) =>
        (t ?? 0).toFixed(0),
      );
      figures[`${name} (ms min/median/max; statements, ms in them)`] =
        `${min} / ${median} / ${max}  (${statements}, ${inSql.toFixed(0)} ms)`;
      if (flag("slowest")) {
        const slow = [...log].sort((a, b) => b.ms - a.ms).slice(0, 3);
        for (const q of slow) console.log(`  ${name}: ${q.ms} ms  ${q.sql.slice(0, 160)}`);
      }
    };
    const as = (who: CastKey, intent: Intent) => () => world.as(who, intent);
    await measure(
      "casus lijst, person in 1,000 cases",
      as("ib", { kind: "command", args: ["casus", "lijst"] }),
    );
    await measure(
      "casus lijst, person in 20 cases",
      as("leerplicht", { kind: "command", args: ["casus", "lijst"] }),
    );
    await measure("signaal lijst, 1,000 signals", as("ib", { kind: "command", args: ["signaal", "lijst"] }));
    await measure(
      "signaal lijst, 20 signals",
      as("leerplicht", { kind: "command", args: ["signaal", "lijst"] }),
    );
    await measure("Home, person in 1,000 cases", as("ib", { kind: "page", name: "home" }));
    await measure("Home, person in 20 cases", as("leerplicht", { kind: "page", name: "home" }));
    await measure("/knoop cyclus, 300 schools", as("consultant", { kind: "command", args: ["cyclus"] }));
    await measure(
      `reminders job, ${openActions} open actions`,
      () => runActionReminders(deps),
      async () => {
        await db.caseAction.updateMany({ data: { reminderSentAt: null, overdueFlaggedAt: null } });
        await db.caseEvent.deleteMany({ where: { type: "action-overdue" } });
        await db.outboxMessage.deleteMany({});
      },
    );
    await measure(
      "meeting reminders job",
      () => runMeetingReminders(deps),
      async () => {
        await db.meeting.updateMany({ data: { reminderSentAt: null } });
        await db.outboxMessage.deleteMany({});
      },
    );
    report(`bench:scale ${provider}, ${size} cases, 300 schools`, figures);
    if (flag("explain")) await explain(provider, test.url, [...plans.values()]);
  } finally {
    await db.$disconnect();
    await test.drop();
  }
}

/** The plan of each statement, as the database would run it with the parameters it was sent. */
async function explain(provider: Provider, url: string, statements: Statement[]): Promise<void> {
  console.log(`\nplans (${provider}):`);
  const reads = statements.filter((s) => /^SELECT/i.test(s.sql));
  if (provider === "sqlite") {
    const sqlite = new Database(sqlitePath(url), { readonly: true });
    for (const s of reads) {
      const params = (JSON.parse(s.params) as unknown[]).map((p) => (typeof p === "boolean" ? Number(p) : p));
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...params) as { detail: string }[];
      console.log(`\n${s.sql.slice(0, 240)}\n  ${plan.map((p) => p.detail).join("\n  ")}`);
    }
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of reads) {
    const plan = await client.query(`EXPLAIN ${s.sql}`, JSON.parse(s.params) as unknown[]);
    console.log(`\n${s.sql.slice(0, 240)}\n  ${plan.rows.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
  }
  await client.end();
}

for (const size of sizes) for (const provider of providers) await benchOne(provider, size);
