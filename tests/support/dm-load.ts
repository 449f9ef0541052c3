import { targetOf } from "../../src/chat/port.ts";
import { say } from "../../src/chat/views.ts";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Db } from "../../src/store/client.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { type FakeLimits, FakeSlack } from "./slack-fake.ts";

/** Many DMs through the outbox, the Slack port and a rate-limited fake Slack: the load of
 * `npm run bench:dm` and of its CI-sized test. Messages carry their key as text (bench data only). */
export interface DmLoad {
  people: number;
  perPerson: number;
  /** Calls per second per method (Slack's burst: one second's worth). */
  perSecond: number;
  perChannel: { perSecond: number; burst: number };
  /** interleaved: round after round to everyone (a fan-out); byPerson: each person's messages together. */
  order: "interleaved" | "byPerson";
  /** Dispatchers sharing the database (as replicas would). */
  dispatchers?: number;
  pollMs?: number;
  timeoutMs?: number;
}

export interface DmFigures {
  messages: number;
  seconds: number;
  /** What the limits allow at best: the busiest method's or channel's calls beyond its burst. */
  minimumSeconds: number;
  delivered: number;
  lost: number;
  doubled: number;
  outOfOrder: number;
  /** DM channels opened per recipient (conversations.open answered ok), at most. */
  maxOpensPerRecipient: number;
  /** conversations.open calls, also those refused with 429. */
  opens: number;
  refused: Record<string, number>;
  rows: Record<string, number>;
  /** Successful chat.postMessage calls per second of the run. */
  postsPerSecond: number[];
}

const TEAM = "TBENCH";

export async function runDmLoad(db: Db, load: DmLoad): Promise<DmFigures> {
  const { people, perPerson, perSecond, perChannel } = load;
  const total = people * perPerson;
  const swv = await db.swv.create({ data: { code: `PO${Date.now() % 100000}`, name: "Bench" } });
  const ids = Array.from({ length: people }, (_, p) => `dmload-${swv.id}-${p}`);
  await db.person.createMany({ data: ids.map((id, p) => ({ id, swvId: swv.id, displayName: `P ${p}` })) });
  await db.chatIdentity.createMany({
    data: ids.map((personId, p) => ({ platform: "slack", workspaceId: TEAM, userId: `UP${p}`, personId })),
  });
  const rows = [];
  const base = Date.now();
  for (let i = 0; i < total; i++) {
    const [p, n] =
      load.order === "interleaved"
        ? [i % people, Math.floor(i / people)]
        : [Math.floor(i / perPerson), i % perPerson];
    const request = { op: "dm" as const, personId: ids[p] as string, message: say(`dm:${p}:${n}`) };
    rows.push({
      idempotencyKey: `dm:${p}:${n}`,
      request: JSON.stringify(request),
      target: targetOf(request),
      nextAttemptAt: new Date(base),
      createdAt: new Date(base - total + i), // the order the outbox keeps per recipient
    });
  }
  for (let i = 0; i < rows.length; i += 500)
    await db.outboxMessage.createMany({ data: rows.slice(i, i + 500) });

  const limits: FakeLimits = { perMethod: { default: perSecond }, perChannel };
  const slack = await new FakeSlack(TEAM, limits).start();
  const clients = new SlackClients({
    db,
    logger: silentLogger,
    apiUrl: slack.apiUrl,
    botToken: "xoxb-bench",
  });
  const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
  const dispatchers = Array.from(
    { length: load.dispatchers ?? 1 },
    (_, i) =>
      new OutboxDispatcher({
        db,
        port,
        clock: systemClock,
        logger: silentLogger,
        owner: `d${i}`,
        batchSize: 50,
      }),
  );
  const posted = () => slack.calls.filter((c) => c.method === "chat.postMessage" && c.result?.ok);
  const started = performance.now();
  let finished = started;
  try {
    for (const d of dispatchers) d.start(load.pollMs ?? 50);
    const deadline = started + (load.timeoutMs ?? 300_000);
    while (posted().length < total && performance.now() < deadline) await sleep(10);
    finished = performance.now();
    while (
      (await db.outboxMessage.count({ where: { status: "pending" } })) > 0 &&
      performance.now() < deadline
    )
      await sleep(50);
  } finally {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await slack.stop();
  }

  const byChannel = new Map<string, number[]>();
  const seen = new Map<string, number>();
  for (const call of posted()) {
    const [, p, n] = /dm:(\d+):(\d+)/.exec(String(call.args.text)) ?? [];
    seen.set(`${p}:${n}`, (seen.get(`${p}:${n}`) ?? 0) + 1);
    const list = byChannel.get(String(call.args.channel)) ?? [];
    byChannel.set(String(call.args.channel), [...list, Number(n)]);
  }
  let outOfOrder = 0;
  for (const list of byChannel.values()) outOfOrder += list.filter((n, i) => n < (list[i - 1] ?? 0)).length;
  const opensPer = new Map<string, number>();
  for (const call of slack.called("conversations.open").filter((c) => c.result?.ok))
    opensPer.set(String(call.args.users), (opensPer.get(String(call.args.users)) ?? 0) + 1);
  const statuses = await db.outboxMessage.groupBy({ by: ["status"], _count: true });
  const burstless = (calls: number, rate: number, burst: number) => Math.max(0, calls - burst) / rate;
  return {
    messages: total,
    seconds: (finished - started) / 1000,
    minimumSeconds: Math.max(
      burstless(total, perSecond, perSecond),
      burstless(people, perSecond, perSecond),
      burstless(perPerson, perChannel.perSecond, perChannel.burst),
    ),
    delivered: seen.size,
    lost: total - seen.size,
    doubled: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    outOfOrder,
    maxOpensPerRecipient: Math.max(0, ...opensPer.values()),
    opens: slack.called("conversations.open").length,
    refused: Object.fromEntries(slack.refused),
    rows: Object.fromEntries(statuses.map((s) => [s.status, s._count])),
    postsPerSecond: posted().reduce<number[]>((perSecond, call) => {
      const second = Math.floor(((call.at ?? started) - started) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
      return perSecond;
    }, []),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
