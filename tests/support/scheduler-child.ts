// A Knoop process for the two-schedulers test: the leased scheduler with the check-in jobs and a
// dispatcher, on its own database connection and its own fake clock. The test drives it over
// stdin ("tick <iso>": set the clock, run every due job, send what is queued) and reads, per
// tick, the keys this process sent and the jobs it ran (stdout, one JSON line).
import { createInterface } from "node:readline";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { cycleJobs } from "../../src/features/cycles/jobs.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import { createDb } from "../../src/store/client.ts";

const url = process.env.SCHEDULER_DATABASE_URL;
if (!url) throw new Error("SCHEDULER_DATABASE_URL is not set");
const owner = `process-${process.pid}`;
const db = await createDb(url);
const clock = new ManualClock();
const timezone = "Europe/Amsterdam";
const port = new MemoryChatPort();
const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger, owner });
const scheduler = new Scheduler({ db, clock, logger: silentLogger, timezone, owner });
for (const job of cycleJobs({ db, clock, logger: silentLogger, timezone, locale: "nl", notify() {} }))
  scheduler.register(job);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, at] = line.split(" ");
  if (command === "quit") break;
  if (command !== "tick" || !at) continue;
  clock.set(at);
  const outcomes = await scheduler.tick();
  await dispatcher.drain();
  const sent = port.attempts.splice(0);
  const ran = Object.entries(outcomes)
    .filter(([, o]) => o === "ran")
    .map(([job]) => job);
  process.stdout.write(`${JSON.stringify({ sent, ran })}\n`);
}
await db.$disconnect();
process.exit(0);
