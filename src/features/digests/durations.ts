/** The rows behind the lead times and check-in answer times: one small row per signal, case,
 * meeting or check-in of the period with its school and its moments as epoch milliseconds.
 * Raw SQL because every one of them needs a value per row (percentiles), and the ORM's rows cost
 * a Date object per moment (and the meetings were read from the case timelines, a query per 500
 * cases): at a school year of a full-size SWV that was most of a digest's time (`npm run
 * bench:digest`). Only codes and dates are read. */
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

export interface CheckinRow {
  schoolId: string | null;
  opensOn: string;
  answeredAt: number | null;
}

const span = (r: { schoolId: string; a: number; b: number }): Span => ({
  schoolId: r.schoolId,
  from: Number(r.a) * 1000,
  to: Number(r.b) * 1000,
});

const ms = (seconds: unknown) => (seconds === null || seconds === undefined ? null : Number(seconds) * 1000);

/** The period's reads, side by side (on PostgreSQL each on its own pooled connection). */
export async function readDurations(db: Db, swvId: string, from: Date, to: Date, start: string, end: string) {
  const p = providerOfDb(db);
  const at = (column: string) => epochOf(p, column);
  const [converted, closed, firstMeetings, scheduled, checkins] = await Promise.all([
    // Signals turned into a case in the period: closedAt is the moment the case was opened.
    // (Covering index: swvId, closedAt, domain, status, createdAt, schoolId.)
    db.$queryRaw<{ schoolId: string; a: number; b: number }[]>(sqltag`
      SELECT "schoolId", ${at('"createdAt"')} AS a, ${at('"closedAt"')} AS b FROM "Signal"
      WHERE "swvId" = ${swvId} AND "status" = 'omgezet' AND "closedAt" >= ${from} AND "closedAt" < ${to}`),
    db.$queryRaw<{ schoolId: string; outcome: string | null; a: number; b: number }[]>(sqltag`
      SELECT "schoolId", "outcome", ${at('"createdAt"')} AS a, ${at('"closedAt"')} AS b FROM "Case"
      WHERE "swvId" = ${swvId} AND "closedAt" >= ${from} AND "closedAt" < ${to}`),
    // Cases whose first meeting was confirmed in the period (covering index).
    db.$queryRaw<{ schoolId: string; a: number; b: number }[]>(sqltag`
      SELECT "schoolId", ${at('"createdAt"')} AS a, ${at('"firstMeetingAt"')} AS b FROM "Case"
      WHERE "swvId" = ${swvId} AND "firstMeetingAt" >= ${from} AND "firstMeetingAt" < ${to}`),
    // Meetings confirmed in the period (any SWV's, by the confirmedAt index), each joined to its
    // case by primary key for the SWV and school. CROSS JOIN keeps that order on SQLite (which
    // could otherwise start from the SWV's cases); PostgreSQL plans it as an inner join.
    db.$queryRaw<{ schoolId: string; a: number; b: number }[]>(sqltag`
      SELECT c."schoolId", ${at('m."createdAt"')} AS a, ${at('m."confirmedAt"')} AS b
      FROM "Meeting" m CROSS JOIN "Case" c
      WHERE c."id" = m."caseId" AND m."confirmedAt" >= ${from} AND m."confirmedAt" < ${to}
        AND c."swvId" = ${swvId}`),
    // Check-ins due in the period (waived ones are not due).
    db.$queryRaw<{ schoolId: string | null; opensOn: string; answered: number | null }[]>(sqltag`
      SELECT "schoolId", "opensOn", ${at('"answeredAt"')} AS answered FROM "CycleInstance"
      WHERE "swvId" = ${swvId} AND "dueOn" >= ${start} AND "dueOn" <= ${end} AND "state" <> 'waived'`),
  ]);
  return {
    converted: converted.map(span),
    closed: closed.map((r): ClosedCase => ({ ...span(r), outcome: r.outcome })),
    firstMeetings: firstMeetings.map(span),
    scheduled: scheduled.map(span),
    checkins: checkins.map(
      (r): CheckinRow => ({ schoolId: r.schoolId, opensOn: r.opensOn, answeredAt: ms(r.answered) }),
    ),
  };
}
