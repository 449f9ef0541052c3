// Summarises V8 .cpuprofile files (node --cpu-prof, `npm run bench:load -- --profile DIR`): self
// time per function and per file or package, and the total time under each of Knoop's own
// functions (self plus callees), the biggest first.
// Usage: tsx scripts/bench/cpu-profile.ts DIR-or-FILE... [--top 30] [--skip 5] (seconds left out
// at the start of each profile: Knoop starting up).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "30" }, skip: { type: "string", default: "0" } },
});
const TOP = Number(opts.top);
const files = positionals.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => join(p, f))
    : [p],
);

/** A file's short name: the npm package, or the path from src/ (dist/src/...). */
function place(url: string): string {
  if (!url) return "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  const own = /\/(src\/.*)$/.exec(url);
  if (own) return own[1] ?? url;
  return url.replace(/^file:\/\//, "");
}

const self = new Map<string, number>();
const byPlace = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ms = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta;
    if (at >= Number(opts.skip) * 1000) ms.set(id, (ms.get(id) ?? 0) + delta);
  });
  for (const [id, t] of ms) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    total += t;
    const name = `${functionName || "(anonymous)"} ${place(url)}:${lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + t);
    byPlace.set(place(url), (byPlace.get(place(url)) ?? 0) + t);
    // Inclusive time of Knoop's own functions: count each once per sample stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f || !/\/src\//.test(f.url) || /node_modules/.test(f.url)) continue;
      const key = `${f.functionName || "(anonymous)"} ${place(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
}

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${files.length} profile(s), ${total.toFixed(0)} ms on the CPU (idle and GC/program left out)`);
show("self time by file or package", byPlace);
show("self time by function", self);
show("total time under Knoop's own functions", inclusive);
