// npm run bench:start: `npm start` (sandbox, SQLite) from nothing to ready, first start (empty
// database: migrations and the demo seed) and seeded (second start), and its idle RSS
// (after BENCH_IDLE_MS, default 5000, of idling).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { report } from "./measure.ts";
import { rssOf, startProcess, stopProcess, untilReady } from "./process.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000); // before the idle RSS is read
const command = process.env.BENCH_COMMAND?.split(" ");
const figures: Record<string, string> = {};
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${Math.round(s[0] ?? 0)} / ${Math.round(s[Math.floor(s.length / 2)] ?? 0)} / ${Math.round(s.at(-1) ?? 0)}`;
};
const first = { listen: [] as number[], ready: [] as number[] };
const seeded = { listen: [] as number[], ready: [] as number[] };
const idle = { server: [] as number[], tree: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), "knoop-bench-start-"));
  const env = { DATABASE_URL: `file:${join(dir, "knoop.db")}` };
  try {
    for (const phase of [first, seeded]) {
      const began = performance.now();
      const started = await startProcess(env, command, process.env.BENCH_CWD);
      phase.listen.push(started.listeningMs);
      phase.ready.push(await untilReady(started.url, began));
      if (phase === seeded) {
        await new Promise((r) => setTimeout(r, IDLE_MS)); // idle: nothing happens meanwhile
        const rss = rssOf(started.child.pid ?? 0);
        idle.server.push(rss.server);
        idle.tree.push(rss.tree);
      }
      await stopProcess(started.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
figures["first start: to listening, ms (min/median/max)"] = stats(first.listen);
figures["first start: to /readyz 200, ms"] = stats(first.ready);
figures["seeded: to listening, ms"] = stats(seeded.listen);
figures["seeded: to /readyz 200, ms"] = stats(seeded.ready);
figures[`idle RSS after ${IDLE_MS / 1000} s, server process, MB`] = stats(idle.server);
figures["idle RSS, npm start with all its processes, MB"] = stats(idle.tree);
report(`npm start (sandbox, SQLite), ${RUNS} runs: ${(command ?? ["npm", "start"]).join(" ")}`, figures);
