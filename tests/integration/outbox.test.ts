import { beforeEach, describe, expect, it } from "vitest";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import {
  type ChatPort,
  type ChatRequest,
  PermanentChatError,
  RateLimitedError,
} from "../../src/chat/port.ts";
import { say, textOf } from "../../src/chat/views.ts";
import { ManualClock, SECOND } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue } from "../../src/jobs/outbox.ts";
import type { Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";

const dm = (personId: string, text: string): ChatRequest => ({ op: "dm", personId, message: say(text) });

async function queue(db: Db, clock: ManualClock, count: number, prefix = "m"): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await db.$transaction(async (tx) => {
    for (const [i, key] of keys.entries()) await enqueue(tx, clock.now(), key, dm(`p${i}`, `bericht ${i}`));
  });
  return keys;
}

describeEachDatabase("outbox", (get) => {
  let clock: ManualClock;
  const dispatcher = (
    db: Db,
    port: ChatPort,
    extra: Partial<ConstructorParameters<typeof OutboxDispatcher>[0]> = {},
  ) => new OutboxDispatcher({ db, port, clock, logger: silentLogger, ...extra });

  beforeEach(async () => {
    clock = new ManualClock("2026-11-23T09:00:00+01:00");
    await get().db.outboxMessage.deleteMany();
  });

  describe("enqueue", () => {
    it("queues only when the causing transaction commits, and a key once", async () => {
      const { db } = get();
      await expect(
        db.$transaction(async (tx) => {
          await enqueue(tx, clock.now(), "rolled-back", dm("p1", "nooit"));
          throw new Error("change failed");
        }),
      ).rejects.toThrow("change failed");
      await db.$transaction(async (tx) => {
        await enqueue(tx, clock.now(), "once", dm("p1", "eerste"));
        await enqueue(tx, clock.now(), "once", dm("p1", "tweede"));
      });
      const rows = await db.outboxMessage.findMany();
      expect(rows.map((r) => r.idempotencyKey)).toEqual(["once"]);
      expect(textOf(JSON.parse(rows[0]?.request ?? "{}").message)).toBe("eerste");
    });
  });

  it("retries a failing send with growing delays until it goes through", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    port.failWith(new Error("socket hang up"), new Error("ETIMEDOUT"));
    await queue(db, clock, 1);
    const d = dispatcher(db, port, { baseDelayMs: 2 * SECOND });

    expect(await d.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock.advance(1 * SECOND);
    expect(await d.drain()).toEqual({ sent: 0, retried: 0, dead: 0 }); // backoff: not yet
    clock.advance(1 * SECOND);
    expect(await d.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock.advance(3 * SECOND);
    expect(await d.drain()).toEqual({ sent: 0, retried: 0, dead: 0 }); // second delay is 4 s
    clock.advance(1 * SECOND);
    expect(await d.drain()).toEqual({ sent: 1, retried: 0, dead: 0 });

    const row = await db.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(port.delivered).toHaveLength(1);
  });

  it("honours Retry-After on a rate limit without using up an attempt", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    port.failWith(new RateLimitedError(30 * SECOND));
    await queue(db, clock, 1);
    const d = dispatcher(db, port);

    expect(await d.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    const waiting = await db.outboxMessage.findFirstOrThrow();
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(30 * SECOND);
    expect(waiting.attempts).toBe(0);
    expect(waiting.lastError).toContain("rate limited");

    clock.advance(29 * SECOND);
    expect((await d.drain()).sent).toBe(0);
    clock.advance(1 * SECOND);
    expect((await d.drain()).sent).toBe(1);
  });

  it("dead-letters after the last attempt, and at once on a permanent error, keeping the error", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    await queue(db, clock, 1, "flaky");
    const d = dispatcher(db, port, { maxAttempts: 3, baseDelayMs: SECOND });
    for (let i = 0; i < 3; i++) {
      port.failWith(new Error(`poging ${i + 1} mislukt`));
      await d.drain();
      clock.advance(10 * SECOND);
    }
    port.failWith(new PermanentChatError("channel_not_found"));
    await queue(db, clock, 1, "gone");
    await d.drain();

    const rows = await db.outboxMessage.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((r) => [r.idempotencyKey, r.status, r.attempts, r.lastError])).toEqual([
      ["flaky-0", "dead", 3, "poging 3 mislukt"],
      ["gone-0", "dead", 1, "channel_not_found"],
    ]);
    clock.advance(3600 * SECOND);
    expect(await d.drain()).toEqual({ sent: 0, retried: 0, dead: 0 }); // dead stays dead, visibly
    expect(port.delivered).toHaveLength(0);
  });

  it("delivers every message exactly once when delivery fails and the process dies midway", async () => {
    const { db, connect } = get();
    const keys = await queue(db, clock, 12, "crash");
    const platform = new MemoryChatPort(); // the chat platform: outlives our process
    let calls = 0;
    // Process 1: the 3rd send fails, the 5th reaches the platform but the process dies
    // before recording it (its promise never settles), the rest fail as the network goes.
    const dying: ChatPort = {
      async send(request, key) {
        calls++;
        if (calls === 3) throw new Error("ECONNRESET");
        if (calls === 5) {
          await platform.send(request, key);
          return new Promise(() => {}); // killed here
        }
        if (calls > 5) throw new Error("network down");
        return platform.send(request, key);
      },
    };
    const first = dispatcher(db, dying, { owner: "process-1", claimMs: 60 * SECOND });
    void first.dispatchDue();
    await expect.poll(() => calls, { timeout: 10_000 }).toBeGreaterThanOrEqual(12);
    await expect
      .poll(async () => db.outboxMessage.count({ where: { lockedBy: "process-1", lockedUntil: null } }), {
        timeout: 10_000,
      })
      .toBe(11); // every row but the one that died mid-send is recorded

    // Process 2 starts later with its own connection; the dead process's claim has expired.
    clock.advance(61 * SECOND);
    const second = dispatcher(await connect(), platform, { owner: "process-2" });
    await second.drain();
    clock.advance(10 * 60 * SECOND);
    await second.drain();

    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(12);
    const deliveredKeys = platform.delivered.map((d) => d.key).sort();
    expect(deliveredKeys).toEqual([...keys].sort()); // each key once, none twice, none lost
  });

  it("lets two dispatchers on one database share the work without sending anything twice", async () => {
    const { db, connect } = get();
    const keys = await queue(db, clock, 40, "pair");
    const platform = new MemoryChatPort(2);
    const a = dispatcher(db, platform, { owner: "a", batchSize: 10 });
    const b = dispatcher(await connect(), platform, { owner: "b", batchSize: 10 });
    await Promise.all([a.drain(), b.drain()]);
    expect(platform.attempts.sort()).toEqual([...keys].sort()); // each sent once: no double claims
    const owners = await db.outboxMessage.groupBy({ by: ["lockedBy"], _count: true });
    expect(owners.length).toBeGreaterThanOrEqual(1);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(40);
  });

  it("keeps the order of messages to one person", async () => {
    const { db } = get();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await enqueue(tx, clock.now(), `order-${i}`, dm("p1", `stap ${i}`));
    });
    const port = new MemoryChatPort(1);
    await dispatcher(db, port).drain();
    expect(port.delivered.map((d) => (d.request.op === "dm" ? textOf(d.request.message) : ""))).toEqual(
      Array.from({ length: 5 }, (_, i) => `stap ${i}`),
    );
  });

  it("sends only the newest of many pending updates of one message (200 clicks, one platform call)", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    const d = dispatcher(db, port, { batchSize: 50 });
    await queue(db, clock, 1, "poll");
    await d.drain();
    await db.$transaction(async (tx) => {
      for (let i = 1; i <= 200; i++)
        await enqueue(tx, clock.now(), `poll-0:click:${i}`, {
          op: "update",
          ofKey: "poll-0",
          message: say(`${i} stemmen`),
        });
    });
    await d.drain();
    const updates = port.attempts.filter((key) => key.startsWith("poll-0:click:"));
    expect(updates).toEqual(["poll-0:click:200"]);
    expect(port.delivered.at(-1)?.request).toMatchObject({ op: "update", message: say("200 stemmen") });
    expect(port.delivered.at(-1)?.result.ref).toEqual(port.delivered[0]?.result.ref);
    expect(await db.outboxMessage.count({ where: { status: "pending" } })).toBe(0);
    const superseded = await db.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: "poll-0:click:7" },
    });
    expect(superseded.status).toBe("sent");
    expect(JSON.parse(superseded.result ?? "{}")).toEqual({ supersededBy: "poll-0:click:200" });
  });

  it("sends an update queued together with its message in the same pass, after it", async () => {
    const { db } = get();
    const port = new MemoryChatPort(5);
    await db.$transaction(async (tx) => {
      await enqueue(tx, clock.now(), "tally", dm("p1", "0 stemmen"));
      await enqueue(tx, clock.now(), "tally:1", {
        op: "update",
        ofKey: "tally",
        message: say("1 stem"),
      });
    });
    expect(await dispatcher(db, port).drain()).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(port.delivered.map((d) => d.key)).toEqual(["tally", "tally:1"]);
  });

  it("keeps one person's order after a rate limit and after a failed send", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueue(tx, clock.now(), `in-order-${i}`, dm("p1", `stap ${i}`));
    });
    const d = dispatcher(db, port);
    port.failWith(new RateLimitedError(30 * SECOND));
    expect(await d.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(port.attempts).toEqual(["in-order-0"]); // its later messages wait behind it
    clock.advance(30 * SECOND);
    port.failWith(new Error("socket hang up"));
    expect(await d.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock.advance(2 * SECOND);
    expect(await d.drain()).toEqual({ sent: 3, retried: 0, dead: 0 });
    expect(port.delivered.map((x) => x.key)).toEqual(["in-order-0", "in-order-1", "in-order-2"]);
  });

  it("pauses a rate-limited method: rows that would use it wait unattempted, other methods go on", async () => {
    const { db } = get();
    const memory = new MemoryChatPort();
    const limited: ChatPort = {
      platform: "memory",
      send: (request, key) => memory.send(request, key),
      limitsOf: async (request) => [request.op === "update" ? "chat.update" : "chat.postMessage"],
    };
    await queue(db, clock, 1, "tally");
    const d = dispatcher(db, limited, { parallel: 1 });
    await d.drain();
    await queue(db, clock, 3, "fanout");
    await db.$transaction((tx) =>
      enqueue(tx, clock.now(), "tally-0:1", { op: "update", ofKey: "tally-0", message: say("1 stem") }),
    );
    memory.failWith(new RateLimitedError(10 * SECOND, "chat.postMessage"));
    expect(await d.drain()).toEqual({ sent: 1, retried: 1, dead: 0 });
    expect(memory.attempts).toEqual(["tally-0", "fanout-0", "tally-0:1"]);
    clock.advance(10 * SECOND);
    expect(await d.drain()).toEqual({ sent: 3, retried: 0, dead: 0 });
    expect(memory.attempts.slice(3).sort()).toEqual(["fanout-0", "fanout-1", "fanout-2"]);
  });

  it("stamps a claim when it is taken, so a row late in a long pass is not sent by a second dispatcher", async () => {
    const { db, connect } = get();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 2; i++) await enqueue(tx, clock.now(), `long-${i}`, dm("p1", `stap ${i}`));
    });
    const platform = new MemoryChatPort();
    const second = dispatcher(await connect(), platform, { owner: "second", claimMs: 60 * SECOND });
    const slow: ChatPort = {
      async send(request, key) {
        if (key === "long-0") clock.advance(70 * SECOND); // a long pass: longer than a claim
        if (key === "long-1") await second.dispatchDue(); // the second dispatcher polls meanwhile
        return platform.send(request, key);
      },
    };
    await dispatcher(db, slow, { owner: "first", claimMs: 60 * SECOND }).dispatchDue();
    expect(platform.attempts).toEqual(["long-0", "long-1"]);
  });

  it("sends soon after being woken while running in the background", async () => {
    const { db } = get();
    const port = new MemoryChatPort();
    const d = dispatcher(db, port);
    d.start(60_000);
    await queue(db, clock, 2, "wake");
    d.wake();
    await expect.poll(() => port.delivered.length, { timeout: 5_000 }).toBe(2);
    await d.stop();
  });
});
