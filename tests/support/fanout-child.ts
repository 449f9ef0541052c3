// A Knoop process for the fan-out tests: runs the prompts job, then dispatches the outbox through
// the Slack port to a (fake) Slack until nothing is pending. Its clock is WINDOW_OPENS plus the real
// time since FANOUT_REAL_EPOCH, so a restarted process goes on where the killed one was.
import { silentLogger } from "../../src/core/logger.ts";
import { runPrompts } from "../../src/features/cycles/jobs.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { createDb } from "../../src/store/client.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { WINDOW_OPENS } from "./fanout.ts";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const epoch = Number(env("FANOUT_REAL_EPOCH"));
const clock = { now: () => new Date(WINDOW_OPENS.getTime() + Date.now() - epoch) };
const db = await createDb(env("FANOUT_DATABASE_URL"));
const deps = {
  db,
  clock,
  logger: silentLogger,
  timezone: "Europe/Amsterdam",
  locale: "nl" as const,
  notify() {},
};
await runPrompts(deps);
const clients = new SlackClients({
  db,
  logger: silentLogger,
  apiUrl: env("FANOUT_SLACK_API_URL"),
  botToken: "xoxb-fanout",
});
const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
const dispatcher = new OutboxDispatcher({
  db,
  port,
  clock,
  logger: silentLogger,
  owner: `process-${process.pid}`,
  claimMs: Number(env("FANOUT_CLAIM_MS")),
});
dispatcher.start(50);
while ((await db.outboxMessage.count({ where: { status: "pending" } })) > 0)
  await new Promise((r) => setTimeout(r, 100));
await dispatcher.stop();
await db.$disconnect();
process.exit(0);
