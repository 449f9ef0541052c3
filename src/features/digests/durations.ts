/** The rows behind the lead times and check-in answer times: one small row per signal, case,
 * confirmation or check-in of the period with its school and its moments as epoch milliseconds.
 * Raw SQL because every one of them needs a value per row (percentiles), and the ORM's rows cost
 * a Date object per moment and a query per 500 cases for the meetings: at a school year of a
 * full-size SWV that was most of a digest's time (`npm run bench:digest`). Only codes and dates
 * are read. */
import { sqltag } from "@prisma/client/runtime/client";
import type { Db } from "../../store/client.ts";
import { epochOf, providerOfDb } from "../../store/sql.ts";

export interface Span {
  schoolId: string;
  /** Epoch ms. */
  from: number;
  to: number;
}

export interface ClosedCase extends Span {
  outcome: string | null;
}

export interface Confirmation {
  schoolId: string;
  caseOpened: number;
  confirmed: number;
  /** The case's first confirmation (lead time case → meeting). */
  first: boolean;
  /** When the confirmed meeting it answered was proposed: the latest confirmed meeting of the
   * case made before it (null when there is none). */
  proposed: number | null;
}

export interface CheckinRow {
  schoolId: string | null;
  opensOn: string;
  answeredAt: number | null;
}

const ms = (seconds: unknown) => (seconds === null || seconds === undefined ? null : Number(seconds) * 1000);

/** The period's reads, side by side (on PostgreSQL each on its own pooled connection). */
export async function readDurations(db: Db, swvId: string, from: Date, to: Date, start: string, end: string) {
  const p = providerOfDb(db);
  const at = (column: string) => epochOf(p, column);
  const [converted, closed, confirmations, checkins] = await Promise.all([
    // Signals turned into a case in the period: closedAt is the moment the case was opened.
    // (Covering index: swvId, closedAt, domain, status, createdAt, schoolId.)
    db.$queryRaw<{ schoolId: string; a: number; b: number }[]>(sqltag`
      SELECT "schoolId", ${at('"createdAt"')} AS a, ${at('"closedAt"')} AS b FROM "Signal"
      WHERE "swvId" = ${swvId} AND "status" = 'omgezet' AND "closedAt" >= ${from} AND "closedAt" < ${to}`),
    db.$queryRaw<{ schoolId: string; outcome: string | null; a: number; b: number }[]>(sqltag`
      SELECT "schoolId", "outcome", ${at('"createdAt"')} AS a, ${at('"closedAt"')} AS b FROM "Case"
      WHERE "swvId" = ${swvId} AND "closedAt" >= ${from} AND "closedAt" < ${to}`),
    // Confirmations of any SWV's cases in the period by the (type, createdAt) index, each joined to
    // its case by primary key. The case's first confirmation is one seek of the (caseId, type,
    // createdAt) index (two confirmations of one case in the same millisecond would both be first).
    db.$queryRaw<
      { schoolId: string; opened: number; confirmed: number; first: unknown; proposed: number | null }[]
    >(sqltag`
      SELECT c."schoolId", ${at('c."createdAt"')} AS opened, ${at('e."createdAt"')} AS confirmed,
        CASE WHEN e."createdAt" = (SELECT MIN(f."createdAt") FROM "CaseEvent" f
          WHERE f."caseId" = e."caseId" AND f."type" = 'meeting.confirmed') THEN 1 ELSE 0 END AS first,
        ${at(`(SELECT MAX(m."createdAt") FROM "Meeting" m WHERE m."caseId" = e."caseId"
          AND m."confirmedSlotId" IS NOT NULL AND m."createdAt" <= e."createdAt")`)} AS proposed
      FROM "CaseEvent" e JOIN "Case" c ON c."id" = e."caseId"
      WHERE e."type" = 'meeting.confirmed' AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
        AND c."swvId" = ${swvId}`),
    // Check-ins due in the period (waived ones are not due).
    db.$queryRaw<{ schoolId: string | null; opensOn: string; answered: number | null }[]>(sqltag`
      SELECT "schoolId", "opensOn", ${at('"answeredAt"')} AS answered FROM "CycleInstance"
      WHERE "swvId" = ${swvId} AND "dueOn" >= ${start} AND "dueOn" <= ${end} AND "state" <> 'waived'`),
  ]);
  return {
    converted: converted.map(
      (r): Span => ({ schoolId: r.schoolId, from: Number(r.a) * 1000, to: Number(r.b) * 1000 }),
    ),
    closed: closed.map(
      (r): ClosedCase => ({
        schoolId: r.schoolId,
        outcome: r.outcome,
        from: Number(r.a) * 1000,
        to: Number(r.b) * 1000,
      }),
    ),
    confirmations: confirmations.map(
      (r): Confirmation => ({
        schoolId: r.schoolId,
        caseOpened: Number(r.opened) * 1000,
        confirmed: Number(r.confirmed) * 1000,
        first: Number(r.first) === 1,
        proposed: ms(r.proposed),
      }),
    ),
    checkins: checkins.map(
      (r): CheckinRow => ({ schoolId: r.schoolId, opensOn: r.opensOn, answeredAt: ms(r.answered) }),
    ),
  };
}
