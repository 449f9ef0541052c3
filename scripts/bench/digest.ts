// npm run bench:digest [-- --scales 0.1,1,10] [--db sqlite|postgresql]: a full SWV digest (per-school table included) for
// 300 schools over 5 school years, about 1 million events at scale 1 (signals and their events,
// case events, meetings, actions, thuiszitters, check-in answers). SQLite always; PostgreSQL too
// when TEST_DATABASE_URL is set. Default scales 0.1 and 1; 10x with --scales 0.1,1,10 (slow to seed).
// --keep DIR: keep the seeded databases (SQLite files in DIR, PostgreSQL databases
// knoop_bench_digest_<scale>) and reuse them on the next run, so iterating skips the seeding.
// Prints seed time, digest time (month, quarter, school year; best of 3) and the peak heap during it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { buildDigest } from "../../src/features/digests/digest.ts";
import { createDb, type Db, type Provider } from "../../src/store/client.ts";
import { migrateToLatest } from "../../src/store/migrate.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { benchQuery, seed } from "./digest-data.ts";
import { report, rssMb, timed } from "./measure.ts";

// A collection before each measurement, so the seeding's garbage is not counted as the digest's.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The heap the digest itself takes at its peak, above what was in use before it (MB). */
async function peakHeapDuring(run: () => Promise<unknown>): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 2);
  try {
    await run();
  } finally {
    clearInterval(timer);
    // SQLite's driver is synchronous, so the timer may never fire during the run: read it once
    // more before any collection (an upper bound that includes the run's garbage).
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return Math.round((peak - before) / 1e5) / 10;
}

const { values } = parseArgs({
  options: { scales: { type: "string" }, db: { type: "string" }, keep: { type: "string" } },
});

/** A kept database of this provider and scale (created when missing), with what was seeded in it. */
async function keptDb(provider: Provider, scale: number, dir: string) {
  mkdirSync(dir, { recursive: true });
  const tag = `${provider}-${String(scale).replace(".", "_")}`;
  const marker = join(dir, `digest-${tag}.json`);
  let url: string;
  if (provider === "sqlite") url = `file:${join(dir, `digest-${tag}.db`)}`;
  else {
    const name = `knoop_bench_digest_${String(scale).replace(".", "_")}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL ?? "");
    u.pathname = `/${name}`;
    url = u.toString();
  }
  await migrateToLatest(url); // new indexes of this branch land in the kept database too
  const db = await createDb(url);
  const seeded = existsSync(marker)
    ? (JSON.parse(readFileSync(marker, "utf8")) as { swvId: string; events: number })
    : null;
  return {
    db,
    seeded,
    remember: (s: { swvId: string; events: number }) => writeFileSync(marker, JSON.stringify(s)),
    drop: () => db.$disconnect(),
  };
}
const scales = (values.scales ?? "0.1,1").split(",").map(Number);
const providers: Provider[] = values.db
  ? [values.db === "postgresql" ? "postgresql" : "sqlite"]
  : ["sqlite", ...(process.env.TEST_DATABASE_URL ? (["postgresql"] as const) : [])];
for (const provider of providers)
  for (const scale of scales) {
    const kept = values.keep ? await keptDb(provider, scale, resolve(values.keep)) : null;
    const testDb: { db: Db; drop(): Promise<void> } = kept ?? (await openTestDb(provider));
    try {
      let seeded = kept?.seeded ?? { swvId: "", events: 0 };
      const seedMs = kept?.seeded
        ? 0
        : await timed(async () => {
            seeded = await seed(testDb.db, provider, scale);
            kept?.remember(seeded);
          });
      const figures: Record<string, string | number> = {
        events: seeded.events,
        "seed (s)": (seedMs / 1000).toFixed(1),
      };
      for (const key of ["2026-06", "2026-Q2", "2025-2026"]) {
        const q = benchQuery(seeded.swvId, key);
        await buildDigest(testDb.db, q); // warm up
        let best = Number.POSITIVE_INFINITY;
        let heap = 0;
        for (let i = 0; i < 3; i++) {
          let ms = 0;
          heap = Math.max(
            heap,
            await peakHeapDuring(async () => {
              ms = await timed(() => buildDigest(testDb.db, q));
            }),
          );
          best = Math.min(best, ms);
        }
        figures[`digest ${key} (ms, best of 3)`] = Math.round(best);
        figures[`peak heap of the ${key} digest (MB)`] = heap;
      }
      figures["process RSS (MB)"] = rssMb();
      report(`digest bench: ${provider}, scale ${scale}`, figures);
    } finally {
      await testDb.drop();
    }
  }
