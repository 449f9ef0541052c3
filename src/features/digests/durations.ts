/** The lead times and check-in answer times of a period, per school: each read is one row per
 * school with its durations (whole milliseconds, computed in SQL) as one comma-separated list.
 * Percentiles need every value, but a row per value cost more than everything else of a digest
 * together: the driver's parsing and the ORM's mapping of each row, and the garbage they leave
 * (`npm run bench:digest`, school year at 10x: 60,000 rows per lead time, 105,000 check-ins).
 * Only codes and dates are read. */
import { raw, type Sql, sqltag } from "@prisma/client/runtime/client";
import type { Db } from "../../store/client.ts";
import { listOf, msBetween, providerOfDb } from "../../store/sql.ts";
import { DAY_MS } from "./stats.ts";

/** One school's durations of one kind, in days. */
export interface SchoolDays {
  schoolId: string;
  days: number[];
}

/** One school's cases closed in the period with one outcome, and their durations. */
export interface ClosedCases extends SchoolDays {
  outcome: string | null;
}

/** One school's check-ins due in the period (schoolId null: SWV-wide moments). */
export interface SchoolCheckins {
  schoolId: string | null;
  due: number;
  /** Days from opening to answer, of those answered before the period's end. */
  answered: number[];
}

/** "12,345" (milliseconds) as days. */
const daysOf = (list: string | null): number[] =>
  list ? list.split(",").map((v) => Number(v) / DAY_MS) : [];

/** The period's reads, side by side (on PostgreSQL each on its own pooled connection). */
export async function readDurations(db: Db, swvId: string, from: Date, to: Date, start: string, end: string) {
  const p = providerOfDb(db);
  const between = (a: string, b: string, aIsDay = false) => msBetween(p, a, b, aIsDay);
  /** The rows (columns "schoolId", optionally "outcome", and d: a duration or NULL) grouped by
   * `keys`, with the list of their d and their number. The rows are read first (MATERIALIZED),
   * by the index that suits the WHERE: else SQLite picks an index in the order of the grouping
   * and reads every row of the SWV through it. */
  const grouped = <T>(rows: Sql, keys: string) =>
    db.$queryRaw<(T & { list: string | null; n: unknown })[]>(sqltag`
      WITH r AS MATERIALIZED (${rows})
      SELECT ${raw(keys)}, ${listOf(p, raw("d"))} AS list, COUNT(*) AS n FROM r GROUP BY ${raw(keys)}`);
  const perSchool = (rows: { schoolId: string; list: string | null }[]): SchoolDays[] =>
    rows.map((r) => ({ schoolId: r.schoolId, days: daysOf(r.list) }));
  const [converted, closed, firstMeetings, scheduled, checkins] = await Promise.all([
    // Signals turned into a case in the period: closedAt is the moment the case was opened.
    // (Covering index: swvId, closedAt, domain, status, createdAt, schoolId.)
    grouped<{ schoolId: string }>(
      sqltag`SELECT "schoolId", ${between('"createdAt"', '"closedAt"')} AS d FROM "Signal"
        WHERE "swvId" = ${swvId} AND "status" = 'omgezet' AND "closedAt" >= ${from} AND "closedAt" < ${to}`,
      '"schoolId"',
    ),
    grouped<{ schoolId: string; outcome: string | null }>(
      sqltag`SELECT "schoolId", "outcome", ${between('"createdAt"', '"closedAt"')} AS d FROM "Case"
        WHERE "swvId" = ${swvId} AND "closedAt" >= ${from} AND "closedAt" < ${to}`,
      '"schoolId", "outcome"',
    ),
    // Cases whose first meeting was confirmed in the period (covering index).
    grouped<{ schoolId: string }>(
      sqltag`SELECT "schoolId", ${between('"createdAt"', '"firstMeetingAt"')} AS d FROM "Case"
        WHERE "swvId" = ${swvId} AND "firstMeetingAt" >= ${from} AND "firstMeetingAt" < ${to}`,
      '"schoolId"',
    ),
    // Meetings confirmed in the period (any SWV's, by the confirmedAt index), each joined to its
    // case by primary key for the SWV and school. CROSS JOIN keeps that order on SQLite (which
    // could otherwise start from the SWV's cases); PostgreSQL plans it as an inner join.
    grouped<{ schoolId: string }>(
      sqltag`SELECT c."schoolId", ${between('m."createdAt"', 'm."confirmedAt"')} AS d
        FROM "Meeting" m CROSS JOIN "Case" c
        WHERE c."id" = m."caseId" AND m."confirmedAt" >= ${from} AND m."confirmedAt" < ${to}
          AND c."swvId" = ${swvId}`,
      '"schoolId"',
    ),
    // Check-ins due in the period (waived ones are not due), with the answer times of those
    // answered before the end (the others are NULL, which a list leaves out).
    grouped<{ schoolId: string | null }>(
      sqltag`SELECT "schoolId",
          CASE WHEN "answeredAt" < ${to} THEN ${between('"opensOn"', '"answeredAt"', true)} END AS d
        FROM "CycleInstance"
        WHERE "swvId" = ${swvId} AND "dueOn" >= ${start} AND "dueOn" <= ${end} AND "state" <> 'waived'`,
      '"schoolId"',
    ),
  ]);
  return {
    converted: perSchool(converted),
    closed: closed.map(
      (r): ClosedCases => ({ schoolId: r.schoolId, outcome: r.outcome, days: daysOf(r.list) }),
    ),
    firstMeetings: perSchool(firstMeetings),
    scheduled: perSchool(scheduled),
    checkins: checkins.map(
      (r): SchoolCheckins => ({
        schoolId: r.schoolId,
        due: Number(r.n),
        // Answered before it opened (a late edit of an early answer): no time to answer.
        answered: daysOf(r.list).map((d) => Math.max(0, d)),
      }),
    ),
  };
}
