// Where a digest's time goes on PostgreSQL: runs one digest, then replays each of its SQL
// statements serially with EXPLAIN ANALYZE, slowest first. A kept bench database:
//   npx tsx scripts/bench/digest-profile-pg.ts postgres://postgres@127.0.0.1:5432/knoop_bench_digest_1 \
//     /tmp/dbench/digest-postgresql-1.json 2025-2026
import { readFileSync } from "node:fs";
import pg from "pg";
import { buildDigest } from "../../src/features/digests/digest.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import { createDb } from "../../src/store/client.ts";

const [url = "", marker = "", key = "2025-2026"] = process.argv.slice(2);
const period = parsePeriod(key);
if (!url || !marker || !period) throw new Error("usage: digest-profile-pg.ts URL MARKER.json PERIOD");
const seeded = JSON.parse(readFileSync(marker, "utf8"));
const rows: [string, string][] = [];
const q = {
  swvId: seeded.swvId,
  period,
  boardNumber: null,
  timeZone: "Europe/Amsterdam",
  locale: "nl" as const,
  perSchool: true,
};
const db = await createDb(url, { onQuery: (sql, p) => rows.push([sql, p]) });
await buildDigest(db, q); // warm
rows.length = 0;
const t0 = performance.now();
await buildDigest(db, q);
console.log("digest ms", Math.round(performance.now() - t0));
await db.$disconnect();
const client = new pg.Client({ connectionString: url });
await client.connect();
const out: [number, number, string, string][] = [];
let sum = 0;
for (const [sql, p] of rows) {
  if (!/^\s*SELECT/i.test(sql)) continue;
  const params = JSON.parse(p);
  const t = performance.now();
  const r = await client.query(sql, params);
  const ms = performance.now() - t;
  sum += ms;
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  out.push([ms, r.rowCount ?? 0, sql.slice(0, 300), plan.rows.map((x) => x["QUERY PLAN"]).join("\n       ")]);
}
await client.end();
console.log("queries", rows.length, "serial sum ms", Math.round(sum));
for (const o of out.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.TOP ?? 12)))
  console.log(o[0].toFixed(1), o[1], o[2], "\n     PLAN:", o[3].slice(0, Number(process.env.PLAN ?? 1500)));
