// Where a digest's time goes: runs one digest, then replays each of its SQL statements serially
// with its plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)), slowest
// first. A kept bench database (`npm run bench:digest -- --keep DIR`), a file or a URL:
//   npx tsx scripts/bench/digest-profile.ts DIR/digest-sqlite-1.db DIR/digest-sqlite-1.json 2025-2026
//   npx tsx scripts/bench/digest-profile.ts postgres://postgres@127.0.0.1:5432/knoop_bench_digest_1 \
//     DIR/digest-postgresql-1.json 2025-2026
// TOP (default 16) statements are printed, each plan cut at PLAN characters (default 300).
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { buildDigest } from "../../src/features/digests/digest.ts";
import { createDb } from "../../src/store/client.ts";
import { benchQuery } from "./digest-data.ts";

const [target = "", marker = "", key = "2025-2026"] = process.argv.slice(2);
if (!target || !marker) throw new Error("usage: digest-profile.ts DB-FILE|URL MARKER.json PERIOD");
const isPg = /^postgres(ql)?:/.test(target);
const q = benchQuery(JSON.parse(readFileSync(marker, "utf8")).swvId, key);
const statements: [string, string][] = [];
const db = await createDb(isPg ? target : `file:${target}`, {
  onQuery: (sql, p) => statements.push([sql, p]),
});
await buildDigest(db, q); // warm up
statements.length = 0;
const started = performance.now();
await buildDigest(db, q);
console.log("digest ms", Math.round(performance.now() - started));
await db.$disconnect();

/** Runs one statement, then its plan: [rows, plan lines]. */
let replay: (sql: string, params: unknown[]) => Promise<[number, string[]]>;
let close = async () => {};
if (isPg) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  replay = async (sql, params) => {
    const r = await client.query(sql, params);
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    return [r.rowCount ?? 0, plan.rows.map((x) => String(x["QUERY PLAN"]))];
  };
  close = () => client.end();
} else {
  const file = new Database(target, { readonly: true });
  file.pragma("mmap_size = 2147483648"); // as store/client.ts tunes Knoop's own connection
  file.pragma("cache_size = -65536");
  replay = async (sql, raw) => {
    const params = raw.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
    const st = file.prepare(sql);
    const r = st.reader ? st.all(...params) : st.run(...params);
    const plan = file.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params);
    return [Array.isArray(r) ? r.length : 0, plan.map((x) => (x as { detail: string }).detail)];
  };
}
const out: { ms: number; rows: number; sql: string; plan: string[] }[] = [];
for (const [sql, p] of statements) {
  if (!/^\s*(SELECT|WITH)/i.test(sql)) continue; // BEGIN/COMMIT of Prisma's own transactions
  const t = performance.now();
  const [rows, plan] = await replay(sql, JSON.parse(p));
  out.push({ ms: performance.now() - t, rows, sql: sql.replace(/`main`\./g, ""), plan });
}
await close();
console.log("queries", statements.length, "serial sum ms", Math.round(out.reduce((s, o) => s + o.ms, 0)));
const planChars = Number(process.env.PLAN ?? 300);
for (const o of out.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.TOP ?? 16)))
  console.log(
    o.ms.toFixed(1),
    o.rows,
    o.sql.slice(0, 200),
    "\n     PLAN:",
    o.plan.join(" | ").slice(0, planChars),
  );
