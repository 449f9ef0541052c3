/** Retention (README "Privacy: retention, inzage and erasure"): per SWV, closed cases, handled
 * signals and ended thuiszitter records are anonymised `retentionMonths` after closing; audit rows
 * are deleted `auditRetentionMonths` after they were written; sent (or dead) outbox rows, which
 * hold the text of old messages, are deleted after the shortest retention period of all SWVs. */
import { isoDay } from "../../core/format.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db } from "../../store/client.ts";
import { auditSystem } from "../audit/audit.ts";
import { type Anonymisable, anonymise, systemAudit } from "./anonymise.ts";

export interface KindReport {
  count: number;
  /** The oldest closing date (ISO day) among them; null when there are none. */
  oldest: string | null;
}

export interface SwvRetention {
  code: string;
  name: string;
  retentionMonths: number;
  auditRetentionMonths: number;
  /** Closed before this instant: anonymised. */
  cutoff: string;
  /** Audit rows written before this instant: deleted. */
  auditCutoff: string;
  cases: KindReport;
  signals: KindReport;
  thuiszitters: KindReport;
  auditEntries: KindReport;
}

export interface RetentionReport {
  dryRun: boolean;
  now: string;
  swvs: SwvRetention[];
  /** Sent or dead outbox rows older than the shortest retention; null with `--swv` (they belong to no SWV). */
  outbox: { cutoff: string; count: number } | null;
}

/** `now` minus whole months (UTC; the 31st of a shorter month lands on the next month's first days). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

const day = (d: Date | null | undefined, timeZone: string) => (d ? isoDay(d, timeZone) : null);

/** The rows of one SWV due for anonymisation at `cutoff`, with the oldest closing date per kind.
 * A signal that became a case goes with its case. */
async function dueRows(db: Db, swvId: string, cutoff: Date, timeZone: string) {
  const cases = await db.case.findMany({
    where: { swvId, anonymisedAt: null, closedAt: { lt: cutoff } },
    select: { id: true, closedAt: true },
    orderBy: { closedAt: "asc" },
  });
  const signals = await db.signal.findMany({
    where: { swvId, anonymisedAt: null, closedAt: { lt: cutoff }, caseId: null },
    select: { id: true, closedAt: true },
    orderBy: { closedAt: "asc" },
  });
  const withCases = await inBatches(
    cases.map((c) => c.id),
    BATCH_SIZE,
    (batch) =>
      db.signal.findMany({
        where: { swvId, anonymisedAt: null, caseId: { in: batch } },
        select: { id: true },
      }),
  );
  const endedBefore = isoDay(cutoff, timeZone);
  const thuiszitters = await db.thuiszitter.findMany({
    where: { swvId, anonymisedAt: null, state: "ended", endedOn: { lt: endedBefore } },
    select: { id: true, endedOn: true },
    orderBy: { endedOn: "asc" },
  });
  const rows: Anonymisable = {
    cases: cases.map((c) => c.id),
    signals: [...signals.map((s) => s.id), ...withCases.map((s) => s.id)],
    thuiszitters: thuiszitters.map((t) => t.id),
  };
  const oldestSignal = signals[0]?.closedAt ?? null;
  const oldest = {
    cases: day(cases[0]?.closedAt, timeZone),
    signals: day(
      [oldestSignal, withCases.length ? cases[0]?.closedAt : null]
        .filter((d): d is Date => d instanceof Date)
        .sort((a, b) => a.getTime() - b.getTime())[0],
      timeZone,
    ),
    thuiszitters: thuiszitters[0]?.endedOn ?? null,
  };
  return { rows, oldest };
}

/** What retention would do (`dryRun`) or does, per SWV (all, or the one with code `swvCode`). */
export async function runRetention(
  db: Db,
  opts: { now: Date; timeZone: string; dryRun: boolean; swvCode?: string },
): Promise<RetentionReport> {
  const { now, timeZone, dryRun } = opts;
  const swvs = await db.swv.findMany({
    where: opts.swvCode ? { code: opts.swvCode } : {},
    orderBy: { code: "asc" },
  });
  const report: RetentionReport = { dryRun, now: now.toISOString(), swvs: [], outbox: null };
  for (const swv of swvs) {
    const cutoff = monthsBefore(now, swv.retentionMonths);
    const auditCutoff = monthsBefore(now, swv.auditRetentionMonths);
    const { rows, oldest } = await dueRows(db, swv.id, cutoff, timeZone);
    const oldAudit = { swvId: swv.id, createdAt: { lt: auditCutoff } };
    const [auditCount, oldestAudit] = await Promise.all([
      db.auditEntry.count({ where: oldAudit }),
      db.auditEntry.findFirst({
        where: oldAudit,
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      }),
    ]);
    const counts = dryRun
      ? { cases: rows.cases.length, signals: rows.signals.length, thuiszitters: rows.thuiszitters.length }
      : await anonymise(db, swv.id, rows, now, "retention.anonymise", systemAudit(now));
    if (!dryRun && auditCount) await purgeAudit(db, swv.id, auditCutoff, now);
    report.swvs.push({
      code: swv.code,
      name: swv.name,
      retentionMonths: swv.retentionMonths,
      auditRetentionMonths: swv.auditRetentionMonths,
      cutoff: cutoff.toISOString(),
      auditCutoff: auditCutoff.toISOString(),
      cases: { count: counts.cases, oldest: counts.cases ? oldest.cases : null },
      signals: { count: counts.signals, oldest: counts.signals ? oldest.signals : null },
      thuiszitters: { count: counts.thuiszitters, oldest: counts.thuiszitters ? oldest.thuiszitters : null },
      auditEntries: { count: auditCount, oldest: day(oldestAudit?.createdAt, timeZone) },
    });
  }
  if (!opts.swvCode && swvs.length) {
    const shortest = Math.min(...swvs.map((s) => s.retentionMonths));
    const cutoff = monthsBefore(now, shortest);
    const where = { status: { in: ["sent", "dead"] }, createdAt: { lt: cutoff } };
    const count = dryRun
      ? await db.outboxMessage.count({ where })
      : await inChunks(
          () => db.outboxMessage.findMany({ where, select: { id: true }, take: 500 }),
          async (ids) => (await db.outboxMessage.deleteMany({ where: { id: { in: ids } } })).count,
        );
    report.outbox = { cutoff: cutoff.toISOString(), count };
  }
  return report;
}

/** Deletes what `next` finds, a chunk at a time (short statements, no long transaction), until
 * nothing is left; returns how many went. */
async function inChunks(
  next: () => Promise<{ id: string }[]>,
  remove: (ids: string[]) => Promise<number>,
): Promise<number> {
  let deleted = 0;
  for (let chunk = await next(); chunk.length; chunk = await next()) {
    const gone = await remove(chunk.map((r) => r.id));
    if (!gone) break; // another process holds them: the next run takes the rest
    deleted += gone;
  }
  return deleted;
}

/** Deletes one SWV's audit rows before `cutoff` in chunks, then records that it did (one row). */
async function purgeAudit(db: Db, swvId: string, cutoff: Date, now: Date) {
  const where = { swvId, createdAt: { lt: cutoff } };
  const deleted = await inChunks(
    () => db.auditEntry.findMany({ where, select: { id: true }, take: 500 }),
    async (ids) => (await db.auditEntry.deleteMany({ where: { id: { in: ids } } })).count,
  );
  await auditSystem(db, now, [
    {
      swvId,
      access: "write",
      entity: "audit",
      entityId: swvId,
      action: "retention.audit-purge",
      detail: `${deleted} voor ${cutoff.toISOString()}`,
    },
  ]);
}
