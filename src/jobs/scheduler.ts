import { randomUUID } from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";

export interface Job {
  /** Unique name, e.g. "cases.overdue-actions". */
  name: string;
  /** A cron expression in the scheduler's time zone, e.g. "0 7 * * 1-5". */
  cron: string;
  /** Runs one period; `period` is the scheduled time this run stands for. */
  run(context: { period: Date; now: Date }): Promise<void>;
}

export type RunOutcome = "ran" | "failed" | "taken" | "not-due";

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  timezone: string;
  owner?: string;
  /** Told of every run's outcome (metrics). */
  onRun?: (job: string, outcome: RunOutcome) => void;
}

/** node-cron fires the jobs; each run first takes a lease row (job, period) in the
 * database, so when several processes share one database a period runs once. At
 * start, a job that has run before and missed its latest period (the process was
 * down) runs it then: once, not once per missed period. */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Leases (JobRun ids) of the runs going on in this process. */
  private readonly running = new Set<string>();
  private readonly owner: string;

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? randomUUID();
  }

  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    CronExpressionParser.parse(job.cron); // fail at registration, not at 3 a.m.
    this.jobs.set(job.name, job);
  }

  /** The latest scheduled time of `job` at or before `now`. A second of slack keeps a
   * timer that fires a moment early on the right period. */
  latestPeriod(job: Job, now: Date): Date {
    const expression = CronExpressionParser.parse(job.cron, {
      currentDate: new Date(now.getTime() + 1000),
      tz: this.options.timezone,
    });
    return expression.prev().toDate();
  }

  /** Runs the job's latest period unless some process already took it. With
   * `onlyIfRunBefore`, a job that never ran is left alone (used for catch-up at start,
   * so a fresh install does not fire everything at once). */
  async runDue(job: Job, options: { onlyIfRunBefore?: boolean } = {}): Promise<RunOutcome> {
    const outcome = await this.runLeased(job, options);
    this.options.onRun?.(job.name, outcome);
    return outcome;
  }

  private async runLeased(job: Job, { onlyIfRunBefore = false } = {}): Promise<RunOutcome> {
    const { db, clock, logger } = this.options;
    const now = clock.now();
    const period = this.latestPeriod(job, now);
    if (onlyIfRunBefore && (await db.jobRun.count({ where: { job: job.name } })) === 0) return "not-due";
    const lease = await db.jobRun
      .create({ data: { job: job.name, period: period.toISOString(), owner: this.owner, startedAt: now } })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2002") return null; // (job, period) taken
        throw error;
      });
    if (!lease) return "taken";
    this.running.add(lease.id);
    try {
      await job.run({ period, now });
      await db.jobRun.update({ where: { id: lease.id }, data: { finishedAt: clock.now() } });
      logger.info({ job: job.name, period }, "job ran");
      return "ran";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.jobRun.update({ where: { id: lease.id }, data: { finishedAt: clock.now(), error: message } });
      logger.error({ job: job.name, period, error: message }, "job failed");
      return "failed";
    } finally {
      this.running.delete(lease.id);
    }
  }

  /** Runs every job whose latest period has not run (tests and the sandbox's clock call this). */
  async tick(): Promise<Record<string, RunOutcome>> {
    const outcomes: Record<string, RunOutcome> = {};
    for (const job of this.jobs.values()) outcomes[job.name] = await this.runDue(job);
    return outcomes;
  }

  /** Catches up missed runs, then lets node-cron fire each job on its schedule. */
  async start(): Promise<void> {
    for (const job of this.jobs.values()) await this.runDue(job, { onlyIfRunBefore: true });
    for (const job of this.jobs.values()) {
      const task = cron.schedule(job.cron, () => this.track(this.runDue(job)), {
        timezone: this.options.timezone,
        name: job.name,
        noOverlap: true,
      });
      this.tasks.push(task);
    }
  }

  /** At a shutdown deadline: gives up the leases of the runs still going, so the period is not
   * lost: the next start of a Knoop (this one or a replica) catches it up. Jobs are safe to run
   * again (their messages have idempotency keys). */
  async releaseUnfinished(): Promise<string[]> {
    const ids = [...this.running];
    if (!ids.length) return [];
    const runs = await this.options.db.jobRun.findMany({
      where: { id: { in: ids }, finishedAt: null },
      select: { id: true, job: true },
    });
    await this.options.db.jobRun.deleteMany({
      where: { id: { in: runs.map((r) => r.id) }, finishedAt: null },
    });
    return runs.map((r) => r.job);
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.destroy()));
    this.tasks.length = 0;
    await Promise.all(this.inFlight);
  }

  private track(run: Promise<unknown>): Promise<unknown> {
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }
}
