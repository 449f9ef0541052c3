import { openTestDb } from "../../tests/support/databases.ts";
import { seed } from "./digest-data.ts";
import { measure } from "../../src/features/digests/measure.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
const prov = (process.env.P ?? "sqlite") as "sqlite";
const t = await openTestDb(prov);
const s = await seed(t.db, prov, Number(process.env.S ?? 0.1));
let chain: Promise<unknown> = Promise.resolve();
const times: string[] = [];
const db = new Proxy(t.db as any, {
  get(target, model: string) {
    const m = target[model];
    if (typeof m !== "object" || m === null) return m;
    return new Proxy(m, {
      get(mt, op: string) {
        const f = mt[op];
        if (typeof f !== "function") return f;
        return (args: any) => {
          const run = chain.then(async () => {
            const st = performance.now();
            const v = await f.call(mt, args);
            times.push(`${Math.round(performance.now() - st)} ${model}.${op} ${JSON.stringify(args.where ?? {}).replace(/"swvId":"[^"]*",?/g, "").slice(0, 110)}`);
            return v;
          });
          chain = run.catch(() => {});
          return run;
        };
      },
    });
  },
});
const p = parsePeriod("2026-06")!;
for (let i = 0; i < 2; i++) {
  times.length = 0;
  const st = performance.now();
  await measure(db, { swvId: s.swvId, schoolIds: null }, p, "Europe/Amsterdam");
  console.log("measure serial", performance.now() - st);
}
console.log(times.sort((a, b) => parseInt(b) - parseInt(a)).slice(0, 10).join("\n"));
await t.drop();
