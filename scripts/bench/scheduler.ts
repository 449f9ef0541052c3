// Scheduler benchmark: the cost of taking a lease for a period, with two replicas
// racing for each one, as two processes on one PostgreSQL would.

import { ManualClock, MINUTE } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import type { Provider } from "../../src/store/client.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { report, timed } from "./measure.ts";

const PERIODS = 300;

export async function benchScheduler(): Promise<void> {
  const providers: Provider[] = [
    "sqlite",
    ...(process.env.TEST_DATABASE_URL ? (["postgresql"] as const) : []),
  ];
  for (const provider of providers) {
    const testDb = await openTestDb(provider);
    try {
      const clock = new ManualClock("2026-11-23T07:00:00+01:00");
      let runs = 0;
      const job = { name: "bench", cron: "* * * * *", run: async () => void runs++ };
      const replicas = [testDb.db, await testDb.connect()].map((db, i) => {
        const s = new Scheduler({
          db,
          clock,
          logger: silentLogger,
          timezone: "Europe/Amsterdam",
          owner: `r${i}`,
        });
        s.register(job);
        return s;
      });
      const ms = await timed(async () => {
        for (let i = 0; i < PERIODS; i++) {
          await Promise.all(replicas.map((r) => r.tick()));
          clock.advance(MINUTE);
        }
      });
      if (runs !== PERIODS) throw new Error(`ran ${runs} times for ${PERIODS} periods`);
      report(`scheduler [${provider}]`, {
        periods: PERIODS,
        "runs (must equal periods)": runs,
        "lease race per period (2 replicas)": `${(ms / PERIODS).toFixed(2)} ms`,
      });
    } finally {
      await testDb.drop();
    }
  }
}
