import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { afterEach, expect, it, onTestFinished } from "vitest";
import type { ChatRequest } from "../../src/chat/port.ts";
import { say } from "../../src/chat/views.ts";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue } from "../../src/jobs/outbox.ts";
import type { Db } from "../../src/store/client.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { FakeSlack, linkSlack, slackSignature, slackUser } from "../support/slack-fake.ts";
import { SECRET } from "../support/slack-knoop.ts";
import { startKnoop } from "../support/start-process.ts";
import { createWorld } from "../support/world.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const dm = (personId: string, text: string): ChatRequest => ({ op: "dm", personId, message: say(text) });

/** A signed `/knoop help` whose body is sent in two halves: in flight until `finish()`. */
function slowCommand(url: string, responseUrl: string, teamId: string) {
  const body = new URLSearchParams({
    command: "/knoop",
    text: "help",
    team_id: teamId,
    user_id: slackUser("ib"),
    channel_id: `D${slackUser("ib")}`,
    trigger_id: "1.2.trigger",
    response_url: responseUrl,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  let answer: (r: { status: number; body: string }) => void = () => {};
  const answered = new Promise<{ status: number; body: string }>((resolve) => {
    answer = resolve;
  });
  const req = request(`${url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": Buffer.byteLength(body),
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(SECRET, timestamp, body),
    },
  });
  req.on("response", (res) => {
    let text = "";
    res.on("data", (c: Buffer) => {
      text += c.toString();
    });
    res.on("end", () => answer({ status: res.statusCode ?? 0, body: text }));
  });
  req.on("error", (err) => answer({ status: -1, body: String(err) }));
  req.write(body.slice(0, 40));
  return { answered, finish: () => req.end(body.slice(40)) };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

/** A fake Slack (released and stopped when the test ends), the seeded SWV linked to it, and
 * Knoop started against both with `env` added, with a DM held in flight (`sendHeld`). */
async function startWithHeldSend(db: Db, databaseUrl: string, env: Record<string, string> = {}) {
  const slack = await new FakeSlack(`T${Math.random().toString(36).slice(2, 8).toUpperCase()}`).start();
  onTestFinished(async () => {
    slack.release();
    await slack.stop();
  });
  const world = await createWorld(db);
  await linkSlack(db, world, slack.teamId);
  const knoop = await startKnoop(
    {
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...env,
    },
    children,
  );
  await sendHeld(db, slack, knoop.url, world.people.ib);
  return { slack, ...knoop };
}

/** Once Knoop is ready: two DMs to one person; Slack takes the first and answers nothing (nor
 * any later call) until `release()`, and the second waits behind the first. */
async function sendHeld(db: Db, slack: FakeSlack, url: string, personId: string) {
  await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
  slack.holdAfterPosts = 0;
  const now = new Date();
  await db.$transaction(async (tx) => {
    await enqueue(tx, now, "shutdown:first", dm(personId, "eerste bericht"));
    await enqueue(tx, new Date(now.getTime() + 1), "shutdown:second", dm(personId, "tweede bericht"));
  });
  await expect.poll(() => slack.posted().length, { timeout: 30_000 }).toBe(1); // the send in flight
}

describeEachDatabase("npm start on SIGTERM", (get) => {
  it("stops taking connections, finishes the request and the send in flight, releases the rest, exits 0", {
    timeout: 120_000,
  }, async () => {
    const { db, url: databaseUrl } = get();
    await db.outboxMessage.deleteMany();
    const { slack, url, child, log } = await startWithHeldSend(db, databaseUrl);
    const command = slowCommand(url, slack.responseUrl(), slack.teamId);
    await new Promise((r) => setTimeout(r, 300)); // its headers reach Knoop
    const exited = exitOf(child);

    child.kill("SIGTERM");
    await expect.poll(() => log.some((l) => l.includes('"msg":"stopping'))).toBe(true);
    // New connections are refused at once.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    slack.release(); // the first DM's answer comes back now (and Slack answers again)
    // The request in flight still gets its ack, and the work after it still reaches Slack.
    command.finish();
    expect(await command.answered).toMatchObject({ status: 200 });
    expect(await exited).toBe(0); // before the deadline (which exits 1)
    expect(log.some((l) => l.includes("shutdown deadline passed"))).toBe(false);
    expect(JSON.stringify(slack.called("respond").map((c) => c.args))).toContain("/knoop signaal");

    const rows = await db.outboxMessage.findMany({
      orderBy: { idempotencyKey: "asc" },
      select: { idempotencyKey: true, status: true, lockedUntil: true },
    });
    expect(rows).toEqual([
      { idempotencyKey: "shutdown:first", status: "sent", lockedUntil: null },
      { idempotencyKey: "shutdown:second", status: "pending", lockedUntil: null },
    ]);
    // Another replica takes the second at once: no claim to wait out.
    const clients = new SlackClients({
      db,
      logger: silentLogger,
      apiUrl: slack.apiUrl,
      botToken: "xoxb-test",
    });
    const other = new OutboxDispatcher({
      db,
      port: new SlackPort({ db, logger: silentLogger, locale: "nl", clients }),
      clock: systemClock,
      logger: silentLogger,
    });
    expect(await other.dispatchDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(slack.posted().map((p) => p.key)).toEqual(["shutdown:first", "shutdown:second"]);
  });

  it("exits 1 with a log line when a send is still in flight at the deadline (SHUTDOWN_TIMEOUT_SECONDS)", {
    timeout: 120_000,
  }, async () => {
    const { db, url: databaseUrl } = get();
    await db.outboxMessage.deleteMany();
    // The held DM is never answered while Knoop lives.
    const { child, log } = await startWithHeldSend(db, databaseUrl, { SHUTDOWN_TIMEOUT_SECONDS: "2" });
    const exited = exitOf(child);
    child.kill("SIGTERM");
    expect(await exited).toBe(1);
    const line = log.find((l) => l.includes("shutdown deadline passed"));
    expect(line && JSON.parse(line)).toMatchObject({ level: 50, timeoutMs: 2000 });
    // The row in flight keeps its claim (Slack may have it: it runs out, then findSent looks);
    // the one behind it was never claimed.
    const second = await db.outboxMessage.findUnique({ where: { idempotencyKey: "shutdown:second" } });
    expect(second).toMatchObject({ status: "pending", lockedUntil: null });
  });
});
