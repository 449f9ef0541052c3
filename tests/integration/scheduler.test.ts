import { beforeEach, expect, it } from "vitest";
import { DAY, HOUR, ManualClock, systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { type Job, Scheduler } from "../../src/jobs/scheduler.ts";
import type { Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";

const timezone = "Europe/Amsterdam";

/** A weekday-morning job that records the periods it ran for. */
function recordingJob(name: string, runs: string[], cron = "0 7 * * 1-5"): Job {
  return {
    name,
    cron,
    async run({ period }) {
      await new Promise((r) => setTimeout(r, 5)); // a job takes a moment
      runs.push(period.toISOString());
    },
  };
}

describeEachDatabase("scheduler", (get) => {
  let clock: ManualClock;
  const scheduler = (db: Db, owner: string) =>
    new Scheduler({ db, clock, logger: silentLogger, timezone, owner });

  beforeEach(async () => {
    await get().db.jobRun.deleteMany();
    clock = new ManualClock("2026-11-23T07:00:05+01:00"); // Monday, just after 07:00 in Amsterdam
  });

  it("runs a job once per period, on the schedule in Amsterdam time", async () => {
    const runs: string[] = [];
    const s = scheduler(get().db, "one");
    s.register(recordingJob("digest", runs));
    expect(await s.tick()).toEqual({ digest: "ran" });
    expect(await s.tick()).toEqual({ digest: "taken" });
    clock.advance(3 * HOUR);
    expect(await s.tick()).toEqual({ digest: "taken" }); // still Monday's period
    clock.set("2026-11-24T07:00:00+01:00");
    expect(await s.tick()).toEqual({ digest: "ran" });
    expect(runs).toEqual(["2026-11-23T06:00:00.000Z", "2026-11-24T06:00:00.000Z"]);
  });

  it("runs each period once when two schedulers share the database", async () => {
    const runs: string[] = [];
    const a = scheduler(get().db, "replica-a");
    const b = scheduler(await get().connect(), "replica-b");
    a.register(recordingJob("reminders", runs));
    b.register(recordingJob("reminders", runs));
    for (let day = 0; day < 5; day++) {
      const outcomes = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      expect(outcomes.filter((o) => o.reminders === "ran")).toHaveLength(1);
      clock.advance(DAY);
    }
    expect(runs).toHaveLength(5);
    expect(new Set(runs).size).toBe(5);
    const owners = await get().db.jobRun.findMany({ select: { owner: true } });
    expect(owners).toHaveLength(5);
  });

  it("catches up the latest missed period at start, once, and leaves a never-run job alone", async () => {
    const runs: string[] = [];
    const before = scheduler(get().db, "before-downtime");
    before.register(recordingJob("reminders", runs));
    await before.tick(); // Monday 07:00 ran
    await before.stop();

    clock.set("2026-11-25T09:30:00+01:00"); // back on Wednesday: Tuesday and Wednesday were missed
    const fresh: string[] = [];
    const after = scheduler(await get().connect(), "after-downtime");
    after.register(recordingJob("reminders", runs));
    after.register(recordingJob("brand-new", fresh));
    await after.start();
    await after.stop();

    expect(runs).toEqual(["2026-11-23T06:00:00.000Z", "2026-11-25T06:00:00.000Z"]);
    expect(fresh).toEqual([]);
  });

  it("records a failed run with its error and runs the next period", async () => {
    const s = scheduler(get().db, "one");
    let fail = true;
    s.register({
      name: "flaky",
      cron: "0 7 * * *",
      async run() {
        if (fail) throw new Error("database weg");
      },
    });
    expect(await s.tick()).toEqual({ flaky: "failed" });
    const failed = await get().db.jobRun.findFirstOrThrow({ where: { job: "flaky" } });
    expect(failed.error).toBe("database weg");
    fail = false;
    clock.advance(DAY);
    expect(await s.tick()).toEqual({ flaky: "ran" });
  });

  it("is fired by node-cron on its schedule", async () => {
    const runs: string[] = [];
    const s = new Scheduler({ db: get().db, clock: systemClock, logger: silentLogger, timezone });
    s.register(recordingJob("every-second", runs, "* * * * * *"));
    await s.start();
    await expect.poll(() => runs.length, { timeout: 5_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    await s.stop();
    expect(new Set(runs).size).toBe(runs.length); // no period twice
  });

  it("rejects a malformed cron expression when the job is registered", () => {
    const s = scheduler(get().db, "one");
    expect(() => s.register({ name: "bad", cron: "every monday", run: async () => {} })).toThrow();
  });
});
