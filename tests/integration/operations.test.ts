import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import type { ChatRequest } from "../../src/chat/port.ts";
import { say } from "../../src/chat/views.ts";
import { ManualClock, MINUTE } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { Metrics } from "../../src/http/metrics.ts";
import { createHttpApp, listen } from "../../src/http/server.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue } from "../../src/jobs/outbox.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import type { Db, Provider } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";

const servers: Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

const dm = (personId: string, text: string): ChatRequest => ({ op: "dm", personId, message: say(text) });

/** The metric lines of a Prometheus text answer, by name and labels (`name{a="b"}` -> value). */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m?.[1] && m[2]) map.set(m[1], Number(m[2]));
  }
  return map;
}

describeEachDatabase("operations: /metrics and /readyz on the outbox", (get) => {
  let clock: ManualClock;
  let stopping: boolean;

  async function serve(
    db: Db,
    provider: Provider,
    extra: { metricsToken?: string; metrics?: Metrics; locale?: "nl" | "en" } = {},
  ) {
    const metrics = extra.metrics ?? new Metrics(db, clock);
    const app = createHttpApp({
      db,
      provider,
      locale: extra.locale ?? "nl",
      logger: silentLogger,
      metrics,
      metricsToken: extra.metricsToken,
      outboxStallMs: 5 * MINUTE,
      clock,
      stopping: () => stopping,
    });
    const server = await listen(app, 0, "127.0.0.1");
    servers.push(server);
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, metrics };
  }

  beforeEach(async () => {
    clock = new ManualClock("2026-11-23T09:00:00+01:00");
    stopping = false;
    await get().db.outboxMessage.deleteMany();
    await get().db.jobRun.deleteMany();
  });

  it("is ready while the outbox drains, and 503 outbox-stalled when a due message waited 5 minutes with nothing sent", async () => {
    const { db, provider } = get();
    const { base } = await serve(db, provider);
    await db.$transaction((tx) => enqueue(tx, clock.now(), "m-1", dm("p1", "eerste")));
    expect((await fetch(`${base}/readyz`)).status).toBe(200); // due, but only just

    clock.advance(6 * MINUTE); // nobody sent it
    const stalled = await fetch(`${base}/readyz`);
    expect(stalled.status).toBe(503);
    expect(await stalled.json()).toEqual({
      status: "not ready",
      reason: "outbox-stalled",
      message:
        "de berichtenwachtrij loopt niet door: het oudste bericht wacht al 6 minuten en in de laatste 5 minuten is niets verstuurd",
    });

    // Something was sent a minute ago: the outbox moves (a long fan-out), so it is ready.
    await db.$transaction((tx) => enqueue(tx, clock.now(), "m-2", dm("p2", "tweede")));
    await db.outboxMessage.update({
      where: { idempotencyKey: "m-2" },
      data: { status: "sent", sentAt: new Date(clock.now().getTime() - MINUTE) },
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    // Once the dispatcher sends everything, it stays ready when time passes.
    clock.advance(10 * MINUTE);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    const dispatcher = new OutboxDispatcher({ db, port: new MemoryChatPort(), clock, logger: silentLogger });
    expect((await dispatcher.drain()).sent).toBe(1);
    clock.advance(10 * MINUTE);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it("does not count messages waiting on a backoff or Retry-After as stalled, and says so in English too", async () => {
    const { db, provider } = get();
    const { base } = await serve(db, provider);
    await db.$transaction((tx) => enqueue(tx, clock.now(), "later", dm("p1", "later")));
    // Queued long ago, but waiting until its next attempt (e.g. a 15-minute backoff).
    clock.advance(20 * MINUTE);
    await db.outboxMessage.update({
      where: { idempotencyKey: "later" },
      data: { attempts: 7, nextAttemptAt: new Date(clock.now().getTime() + 10 * MINUTE) },
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    clock.advance(16 * MINUTE); // due for 6 minutes now, nothing sent
    const { base: english } = await serve(db, provider, { locale: "en" });
    const body = await (await fetch(`${english}/readyz`)).json();
    expect(body).toMatchObject({
      reason: "outbox-stalled",
      message:
        "the message queue is not draining: the oldest message has waited 6 minutes and nothing was sent in the last 5 minutes",
    });
  });

  it("answers 503 stopping once shutdown began, before any database check", async () => {
    const { db, provider } = get();
    const { base } = await serve(db, provider);
    stopping = true;
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: "not ready",
      reason: "stopping",
      message: "Knoop stopt: nieuwe verzoeken gaan naar een andere Knoop",
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // still alive
  });

  it("serves Prometheus metrics: requests per surface and route class, the outbox, jobs, prompts and digests", async () => {
    const { db, provider } = get();
    const { base, metrics } = await serve(db, provider);
    // Outbox: two due (one for 3 minutes), one dead, one sent; a check-in prompt and a digest delivered.
    const port = new MemoryChatPort();
    const dispatcher = new OutboxDispatcher({
      db,
      port,
      clock,
      logger: silentLogger,
      onOutcome: (key, platform, outcome) => metrics.outboxOutcome(key, platform, outcome),
    });
    await db.$transaction(async (tx) => {
      await enqueue(tx, clock.now(), "cycle:m:2026-2027:school-1:announce", dm("p1", "vraag"));
      await enqueue(tx, clock.now(), "digest:C1:2026-11", {
        op: "post",
        channelId: "C1",
        message: say("digest"),
      });
      await enqueue(tx, clock.now(), "signal:s1:routed", dm("p2", "signaal"));
    });
    expect((await dispatcher.drain()).sent).toBe(3);
    await db.$transaction(async (tx) => {
      await enqueue(tx, clock.now(), "waits-1", dm("p3", "een"));
      await enqueue(tx, clock.now(), "waits-2", dm("p4", "twee"));
      await enqueue(tx, clock.now(), "gone", dm("p5", "drie"));
    });
    await db.outboxMessage.update({ where: { idempotencyKey: "gone" }, data: { status: "dead" } });
    clock.advance(3 * MINUTE);

    // Jobs: one that runs, one that fails.
    const scheduler = new Scheduler({
      db,
      clock,
      logger: silentLogger,
      timezone: "Europe/Amsterdam",
      onRun: (job, outcome) => metrics.jobRun(job, outcome),
    });
    scheduler.register({ name: "test.ok", cron: "* * * * *", run: async () => {} });
    scheduler.register({
      name: "test.broken",
      cron: "* * * * *",
      run: async () => {
        throw new Error("kapot");
      },
    });
    expect(await scheduler.tick()).toEqual({ "test.ok": "ran", "test.broken": "failed" });
    expect(await scheduler.tick()).toEqual({ "test.ok": "taken", "test.broken": "taken" });

    await fetch(`${base}/healthz`);
    await fetch(`${base}/readyz`);
    await fetch(`${base}/sandbox/api/messages?space=case:K-2026-0001&user=ib`); // 404 here: no sandbox
    await fetch(`${base}/slack/events/T123/U456`);

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const m = samples(text);
    expect(m.get('knoop_http_requests_total{surface="ops",route="healthz",status="200"}')).toBe(1);
    expect(m.get('knoop_http_requests_total{surface="ops",route="readyz",status="200"}')).toBe(1);
    expect(m.get('knoop_http_requests_total{surface="sandbox",route="api",status="404"}')).toBe(1);
    expect(m.get('knoop_http_requests_total{surface="slack",route="events",status="404"}')).toBe(1);
    expect(m.get('knoop_ack_seconds_count{surface="sandbox"}')).toBe(1);
    expect(m.get('knoop_ack_seconds_count{surface="slack"}')).toBe(1);
    expect(m.get("knoop_outbox_pending")).toBe(2);
    expect(m.get("knoop_outbox_dead")).toBe(1);
    expect(m.get("knoop_outbox_oldest_due_seconds")).toBe(180);
    expect(m.get('knoop_outbox_sent_total{platform="memory"}')).toBe(3);
    expect(m.get("knoop_checkin_prompts_sent_total")).toBe(1);
    expect(m.get("knoop_digests_posted_total")).toBe(1);
    expect(m.get('knoop_job_runs_total{job="test.ok",outcome="ran"}')).toBe(1);
    expect(m.get('knoop_job_runs_total{job="test.broken",outcome="failed"}')).toBe(1);
    expect(m.get('knoop_job_runs_total{job="test.ok",outcome="taken"}')).toBe(1);
    expect(m.get("process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    expect(text).toContain("nodejs_heap_size_used_bytes");
    // Labels carry route classes only: no ids, codes or query strings from the URLs.
    for (const secret of ["K-2026-0001", "T123", "U456", "user=ib", "C1", "kapot"])
      expect(text.split("\n").filter((l) => !l.startsWith("#") && l.includes(secret))).toEqual([]);
  });

  it("asks for the bearer token when METRICS_TOKEN is set, in Dutch", async () => {
    const { db, provider } = get();
    const { base } = await serve(db, provider, { metricsToken: "geheim-token" });
    for (const authorization of [undefined, "Bearer fout", "geheim-token"]) {
      const res = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe(
        "Geen toegang: /metrics vraagt om Authorization: Bearer <METRICS_TOKEN>.",
      );
    }
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer geheim-token" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("knoop_outbox_pending 0");
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // health stays open for the proxy
  });

  it("gives back, at a shutdown deadline, the lease of a job still running and the claims not in flight", async () => {
    const { db } = get();
    let finish: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const job = { name: "test.slow", cron: "0 7 * * *" };
    const dying = new Scheduler({ db, clock, logger: silentLogger, timezone: "Europe/Amsterdam" });
    dying.register({ ...job, run: () => slow });
    const run = dying.tick();
    await expect.poll(() => db.jobRun.count({ where: { job: job.name, finishedAt: null } })).toBe(1);
    expect(await dying.releaseUnfinished()).toEqual(["test.slow"]);
    // Another replica (or the next start) can take the period: it is not lost.
    const ran: string[] = [];
    const other = new Scheduler({ db, clock, logger: silentLogger, timezone: "Europe/Amsterdam" });
    other.register({ ...job, run: async ({ period }) => void ran.push(period.toISOString()) });
    expect(await other.tick()).toEqual({ "test.slow": "ran" });
    expect(ran).toEqual(["2026-11-23T06:00:00.000Z"]);
    finish();
    await run.catch(() => {}); // its lease is gone: recording the end fails, harmlessly

    // A claim of this dispatcher's on a row it is not sending (e.g. taken just before the stop).
    await db.$transaction((tx) => enqueue(tx, clock.now(), "claimed", dm("p1", "een")));
    await db.outboxMessage.update({
      where: { idempotencyKey: "claimed" },
      data: { lockedBy: "replica-a", lockedUntil: new Date(clock.now().getTime() + 15_000) },
    });
    const port = new MemoryChatPort();
    const b = new OutboxDispatcher({ db, port, clock, logger: silentLogger, owner: "replica-b" });
    expect((await b.dispatchDue()).sent).toBe(0); // claimed by a: b waits for the claim to end
    const a = new OutboxDispatcher({ db, port, clock, logger: silentLogger, owner: "replica-a" });
    expect(await a.releaseClaims()).toBe(1);
    expect((await b.dispatchDue()).sent).toBe(1); // at once
  });

  it("answers /metrics with 500 and a Dutch line when the database is gone", async () => {
    const { createDb } = await import("../../src/store/client.ts");
    const gone = await createDb("postgres://knoop@127.0.0.1:1/knoop"); // nothing listens there
    const { base } = await serve(gone, "postgresql");
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/^De metrics konden niet worden gelezen: /);
    await gone.$disconnect();
  });

  it("keeps two Knoops in one process apart (one registry each)", async () => {
    const { db, provider } = get();
    const one = await serve(db, provider);
    const two = await serve(db, provider);
    await fetch(`${one.base}/healthz`);
    await fetch(`${one.base}/healthz`);
    await fetch(`${two.base}/healthz`);
    const a = samples(await (await fetch(`${one.base}/metrics`)).text());
    const b = samples(await (await fetch(`${two.base}/metrics`)).text());
    expect(a.get('knoop_http_requests_total{surface="ops",route="healthz",status="200"}')).toBe(2);
    expect(b.get('knoop_http_requests_total{surface="ops",route="healthz",status="200"}')).toBe(1);
  });
});
