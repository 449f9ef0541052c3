// npm run bench:fanout: the quarterly thuiszitter prompt to every primary school location in the
// Netherlands. Imports every PO samenwerkingsverband from the DUO files in data/duo/, gives each
// school an IB'er with a Slack account, switches every other moment off, makes the instances the
// day before the December window and then, on its first morning, runs the prompts job and the
// outbox dispatcher through the Slack port to a fake Slack on loopback that enforces Slack's limits:
// per workspace and Web API method BENCH_PER_SECOND calls a second (default 50; the burst is one
// second's worth), per channel about 1 message a second with bursts of 3, HTTP 429 with
// Retry-After beyond that. Reports the time against the minimum those limits allow, and counts at
// the fake Slack (by the outbox key in each message's metadata): lost and doubled.
// SQLite always; PostgreSQL as well when TEST_DATABASE_URL is set.
import { silentLogger } from "../../src/core/logger.ts";
import { runPrompts } from "../../src/features/cycles/jobs.ts";
import { defaultDuoFiles, readRegions } from "../../src/features/schools/duo-files.ts";
import { importDuo } from "../../src/features/schools/duo-import.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Provider } from "../../src/store/client.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { FANOUT_TEAM, ibPerSchool, onlyThuiszitters, WINDOW_OPENS } from "../../tests/support/fanout.ts";
import { FakeSlack } from "../../tests/support/slack-fake.ts";
import { report } from "./measure.ts";

const perSecond = Number(process.env.BENCH_PER_SECOND ?? 50);
const perChannel = { perSecond: 1, burst: 3 };
/** For quicker runs: only the first N SWVs (by code). */
const swvLimit = Number(process.env.BENCH_SWVS ?? 0) || undefined;
const parallel = process.env.BENCH_PARALLEL ? Number(process.env.BENCH_PARALLEL) : undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const providers: Provider[] = ["sqlite", ...(process.env.TEST_DATABASE_URL ? (["postgresql"] as const) : [])];
for (const provider of providers) {
  const testDb = await openTestDb(provider);
  const { db } = testDb;
  try {
    let started = performance.now();
    const codes = [...new Set([...readRegions(defaultDuoFiles.regions).values()].map((r) => r.po))]
      .filter((c): c is string => !!c)
      .sort()
      .slice(0, swvLimit);
    for (const swvCode of codes) await importDuo(db, { swvCode });
    const schools = await db.school.count({ where: { active: true } });
    const ibs = await ibPerSchool(db);
    const instances = await onlyThuiszitters(db);
    const setupSeconds = (performance.now() - started) / 1000;

    const slack = await new FakeSlack(FANOUT_TEAM, { perMethod: { default: perSecond }, perChannel }).start();
    const epoch = Date.now();
    const clock = { now: () => new Date(WINDOW_OPENS.getTime() + Date.now() - epoch) };
    const clients = new SlackClients({
      db,
      logger: silentLogger,
      apiUrl: slack.apiUrl,
      botToken: "xoxb-bench",
    });
    const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
    const dispatcher = new OutboxDispatcher({
      db,
      port,
      clock,
      logger: silentLogger,
      owner: "bench",
      parallel,
    });
    started = performance.now();
    // The dispatcher runs from the start, as in the app: it sends while the job still queues.
    const sequential = process.env.BENCH_SEQUENTIAL === "1";
    if (!sequential) dispatcher.start(50);
    const queued = await runPrompts({
      db,
      clock,
      logger: silentLogger,
      timezone: "Europe/Amsterdam",
      locale: "nl",
      notify: () => dispatcher.wake(),
    });
    const jobSeconds = (performance.now() - started) / 1000;
    if (sequential) dispatcher.start(50);
    const dispatchStarted = performance.now();
    const rows = await db.outboxMessage.count();
    const deadline = performance.now() + 30 * 60_000;
    while (slack.posted().length < rows && performance.now() < deadline) await sleep(20);
    const seconds = (performance.now() - started) / 1000;
    const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;
    while (
      (await db.outboxMessage.count({ where: { status: "pending" } })) > 0 &&
      performance.now() < deadline
    )
      await sleep(50);
    await dispatcher.stop();
    await slack.stop();

    const keys = (await db.outboxMessage.findMany({ select: { idempotencyKey: true } })).map(
      (r) => r.idempotencyKey,
    );
    const seen = new Map<string, number>();
    for (const p of slack.posted()) seen.set(p.key ?? "", (seen.get(p.key ?? "") ?? 0) + 1);
    const lost = keys.filter((k) => !seen.has(k)).length;
    const doubled = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    // Each DM: one chat.postMessage (a first DM goes by user id, no conversations.open); its
    // burst is one second's worth.
    const minimumSeconds = Math.max(0, rows - perSecond) / perSecond;
    const opens = slack.called("conversations.open");
    const opensPer = new Map<string, number>();
    for (const c of opens) opensPer.set(String(c.args.users), (opensPer.get(String(c.args.users)) ?? 0) + 1);
    const statuses = await db.outboxMessage.groupBy({ by: ["status"], _count: true });
    report(`Quarterly thuiszitter prompt to every primary school [${provider}]`, {
      "SWVs imported (DUO), school locations": `${codes.length}, ${schools}`,
      "IB'ers with a Slack account": ibs,
      "instances made (thuiszittersregistratie Q2)": instances,
      "setup (import, people, instances)": `${setupSeconds.toFixed(1)} s`,
      "prompts job: DMs queued, time": `${queued}, ${jobSeconds.toFixed(1)} s`,
      "limits (per method / per channel)": `${perSecond}/s, ${perChannel.perSecond}/s burst ${perChannel.burst}`,
      "time to the last message": `${seconds.toFixed(1)} s`,
      "of which after the job": `${dispatchSeconds.toFixed(1)} s`,
      "minimum the limits allow": `${minimumSeconds.toFixed(1)} s`,
      ratio: `${(seconds / minimumSeconds).toFixed(3)}x`,
      "delivered / lost / doubled": `${seen.size} / ${lost} / ${doubled}`,
      "refused (429) per method": JSON.stringify(Object.fromEntries(slack.refused)),
      "conversations.open: calls, most per recipient": `${opens.length}, ${Math.max(0, ...opensPer.values())}`,
      "outbox rows": JSON.stringify(Object.fromEntries(statuses.map((s) => [s.status, s._count]))),
    });
  } finally {
    await testDb.drop();
  }
}
