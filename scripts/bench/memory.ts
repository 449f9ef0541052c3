// npm run bench:memory: does Knoop's memory stay flat under many Slack requests? Starts Knoop as
// `npm start` does (node --optimize-for-size scripts/start.mjs, a child process on SQLite, Slack over HTTP against a
// fake Slack Web API on loopback), sends 30,000 signed requests (mostly `/knoop help`, with
// `/knoop signaal` opening its modal, the lists, App Home and unknown users among them) from 600
// Slack users, and prints the server's RSS after the first 1,000, after all, and after idling
// with a full garbage collection (through the inspector). Goal: the last within 20% of the first.
// BENCH_REQUESTS (default 30000), BENCH_CONCURRENT (32); BENCH_CWD and BENCH_COMMAND run another
// checkout or command (e.g. BENCH_CWD=/work/main BENCH_COMMAND="node_modules/.bin/tsx src/main.ts").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { createDb } from "../../src/store/client.ts";
import { migrateToLatest } from "../../src/store/migrate.ts";
import { FakeSlack, postSigned, postSignedJson } from "../../tests/support/slack-fake.ts";
import { SECRET } from "../../tests/support/slack-knoop.ts";
import { createWorld } from "../../tests/support/world.ts";
import { report } from "./measure.ts";
import { rssOf, startProcess, stopProcess } from "./process.ts";

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 30_000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 32);
const USERS = 600;
const teamId = "TBENCHMEM";
const user = (i: number) => `UMEM${String(i % USERS).padStart(4, "0")}`;

const dir = mkdtempSync(join(tmpdir(), "knoop-bench-memory-"));
const url = `file:${join(dir, "knoop.db")}`;
const slack = await new FakeSlack(teamId).start();

// The world: the test cast, each with 60 Slack accounts (so that the per-person limits, 1 command
// a second after a burst of 10, refuse few of the requests).
await migrateToLatest(url);
{
  const db = await createDb(url);
  const world = await createWorld(db);
  await db.workspace.create({ data: { platform: "slack", externalId: teamId, swvId: world.swvId } });
  const people = Object.values(world.people);
  await db.chatIdentity.createMany({
    data: Array.from({ length: USERS }, (_, i) => ({
      platform: "slack",
      workspaceId: teamId,
      userId: user(i),
      personId: people[i % people.length] ?? "",
    })),
  });
  await db.$disconnect();
}

const started = await startProcess(
  {
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    NODE_OPTIONS: "--inspect=127.0.0.1:0", // to ask for a full GC at the end
  },
  (process.env.BENCH_COMMAND ?? "node --optimize-for-size scripts/start.mjs").split(" "),
  process.env.BENCH_CWD,
);
const events = `${started.url}/slack/events`;
const sign = { secret: SECRET };
let refused = 0;
let failed = 0;

/** Request n of the mix (per 20: 14 help, 2 signaal, 1 casus lijst, 1 signaal lijst, 1 Home, 1 unknown user). */
async function send(n: number): Promise<void> {
  const kind = n % 20;
  const who = kind === 19 ? `UNKNOWN${n % 500}` : user(n);
  if (kind === 18) {
    const res = await postSignedJson(
      events,
      {
        type: "event_callback",
        team_id: teamId,
        api_app_id: "AKNOOP",
        event_id: `EvMem${n}`,
        event: { type: "app_home_opened", user: who, tab: "home", channel: `D${who}` },
        event_time: 1,
      },
      sign,
    );
    if (res.status !== 200) failed++;
    return;
  }
  const text =
    kind < 14 || kind === 19 ? "help" : kind < 16 ? "signaal" : kind === 16 ? "casus lijst" : "signaal lijst";
  const res = await postSigned(
    events,
    {
      command: "/knoop",
      text,
      team_id: teamId,
      user_id: who,
      channel_id: `D${who}`,
      trigger_id: `mem.${n}`,
      response_url: slack.responseUrl(),
      api_app_id: "AKNOOP",
    },
    sign,
  );
  if (res.status !== 200) failed++;
  else if (res.body.includes("Rustig aan")) refused++;
}

let sent = 0;
async function sendUpTo(until: number): Promise<void> {
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (sent < until) await send(sent++);
    }),
  );
  // The work after the acks: wait until Knoop has answered everything (no new fake Slack call).
  for (let seen = -1; seen !== slack.calls.length; ) {
    seen = slack.calls.length;
    await new Promise((r) => setTimeout(r, 500));
  }
  slack.calls.length = 0; // the fake's own record, not Knoop's memory
}

/** Asks the child's inspector (Knoop itself is unchanged): a full garbage collection, then the
 * heap in use (MB). */
async function collectGarbage(): Promise<number> {
  const line = started.log.find((l) => l.includes("Debugger listening on"));
  const address = line ? /ws:\/\/\S+/.exec(line)?.[0] : undefined;
  if (!address) throw new Error("no inspector address in the log");
  const ws = new WebSocket(address);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const call = (id: number, method: string) =>
    new Promise<{ result?: { usedSize?: number } }>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const answer = JSON.parse(String(data));
        if (answer.id !== id) return;
        ws.off("message", onMessage);
        resolve(answer);
      };
      ws.on("message", onMessage);
      ws.send(JSON.stringify({ id, method }));
    });
  await call(1, "HeapProfiler.collectGarbage");
  const usage = await call(2, "Runtime.getHeapUsage");
  ws.close();
  return Math.round((usage.result?.usedSize ?? 0) / 1e6);
}

const pid = started.child.pid ?? 0;
const rss = () => rssOf(pid).server;
const began = performance.now();
try {
  const atStart = rss();
  const warm = Math.min(1000, TOTAL);
  await sendUpTo(warm);
  const after1k = rss();
  const heap1k = await collectGarbage();
  const gc1k = rss();
  await sendUpTo(TOTAL);
  const afterAll = rss();
  const seconds = (performance.now() - began) / 1000;
  const heapAll = await collectGarbage();
  const gcAll = rss();
  await new Promise((r) => setTimeout(r, 10_000));
  const idleHeap = await collectGarbage();
  await new Promise((r) => setTimeout(r, 1000));
  const idle = rss();
  const pct = (x: number, of = after1k) => `${x >= of ? "+" : ""}${(((x - of) / of) * 100).toFixed(1)}%`;
  report(
    `Knoop's memory over ${TOTAL} signed Slack requests (${CONCURRENT} at once, SQLite, ${process.env.BENCH_COMMAND ?? "node --optimize-for-size scripts/start.mjs"})`,
    {
      "RSS after start": `${atStart} MB`,
      [`RSS after ${warm} requests`]: `${after1k} MB`,
      [`RSS after ${TOTAL} requests`]: `${afterAll} MB (${pct(afterAll)}; goal within 20%)`,
      "RSS after 10 s idle and a full GC": `${idle} MB (${pct(idle)})`,
      [`after ${warm}, then a full GC: RSS / heap used`]: `${gc1k} MB / ${heap1k} MB`,
      [`after ${TOTAL}, then a full GC: RSS / heap used`]: `${gcAll} MB (${pct(gcAll, gc1k)}) / ${heapAll} MB`,
      "heap used after idle and GC": `${idleHeap} MB`,
      "requests per second": Math.round(TOTAL / seconds),
      'answered "rustig aan" (per-person limit)': refused,
      "not 200": failed,
    },
  );
} finally {
  await stopProcess(started.child);
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
}
