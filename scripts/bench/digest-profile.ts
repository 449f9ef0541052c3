// Where a digest's time goes on SQLite: runs one digest, then replays each of its SQL statements
// serially on the file with its EXPLAIN QUERY PLAN, slowest first. A kept bench database:
//   npx tsx scripts/bench/digest-profile.ts /tmp/dbench/digest-sqlite-1.db /tmp/dbench/digest-sqlite-1.json 2025-2026
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { buildDigest } from "../../src/features/digests/digest.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import { createDb } from "../../src/store/client.ts";

const [path = "", marker = "", key = "2025-2026"] = process.argv.slice(2);
const period = parsePeriod(key);
if (!path || !marker || !period) throw new Error("usage: digest-profile.ts DB-FILE MARKER.json PERIOD");
const seeded = JSON.parse(readFileSync(marker, "utf8"));
const rows: [string, string][] = [];
const db = await createDb(`file:${path}`, { onQuery: (sql, p) => rows.push([sql, p]) });
const q = {
  swvId: seeded.swvId,
  period,
  boardNumber: null,
  timeZone: "Europe/Amsterdam",
  locale: "nl" as const,
  perSchool: true,
};
await buildDigest(db, q);
await db.$disconnect();
const raw = new Database(path, { readonly: true });
raw.pragma("mmap_size = 2147483648"); // as store/client.ts tunes Knoop's own connection
raw.pragma("cache_size = -65536");
const out: [number, number, string, string][] = [];
let sum = 0;
for (const [sql, p] of rows) {
  if (!/^\s*SELECT/i.test(sql)) continue; // BEGIN/COMMIT of Prisma's own transactions
  const params = JSON.parse(p).map((v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
  const st = raw.prepare(sql);
  const t = performance.now();
  const r = st.reader ? st.all(...params) : st.run(...params);
  const ms = performance.now() - t;
  sum += ms;
  const plan = raw
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((x) => (x as { detail: string }).detail)
    .join(" | ");
  out.push([
    ms,
    Array.isArray(r) ? r.length : 0,
    sql.replace(/`main`\./g, "").slice(0, 200),
    plan.slice(0, 200),
  ]);
}
console.log("queries", rows.length, "serial sum ms", Math.round(sum));
for (const o of out.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.TOP ?? 16)))
  console.log(o[0].toFixed(1), o[1], o[2], "\n     PLAN:", o[3]);
