/** The digest's grouped counts: signals by domain and cases by form, per school, of the rows that
 * meet a condition (created in a period, open at its end, ...).
 *
 * SQLite has no hash aggregation: a GROUP BY over a period's range of an index sorts every row
 * of the range into a temporary B-tree (about a microsecond a row, most of a school-year
 * digest's SQL). So on SQLite each (school, key) cell is its own COUNT over a range of the
 * covering (swvId, schoolId, key, date, date) index: a seek and a count of index entries, no
 * sort. The cells are those of every school of the installation (a school that moved to another
 * SWV keeps its old rows; there are a few thousand schools at most, and an empty cell is one seek).
 * PostgreSQL aggregates a plain GROUP BY by hashing. */
import { join, raw, type Sql, sqltag } from "@prisma/client/runtime/client";
import type { Db } from "../../store/client.ts";
import { providerOfDb } from "../../store/sql.ts";
import { caseForms } from "../cases/texts.ts";
import { signalDomains } from "../swv/defaults.ts";

export interface Count {
  schoolId: string;
  key: string;
  n: number;
}

const TABLES = {
  signal: { table: '"Signal"', key: '"domain"', keys: signalDomains },
  case: { table: '"Case"', key: '"form"', keys: caseForms },
} as const;

/** One condition on the counted rows: SQL on the columns of `t` (the counted table) with its
 * parameters. Several are added up (open at the end: not closed, or closed after it). */
export type Condition = Sql;

/** Per school and key, the rows of the SWV that meet any of `conditions` (they must not overlap:
 * each is counted on its own and added up). Zero cells are left out. */
export async function countBy(
  db: Db,
  what: keyof typeof TABLES,
  swvId: string,
  conditions: Condition[],
): Promise<Count[]> {
  const { table, key, keys } = TABLES[what];
  const T = raw(table);
  const K = raw(key);
  let rows: { schoolId: string; key: string; n: unknown }[];
  if (providerOfDb(db) === "sqlite") {
    const cell = (c: Condition) =>
      sqltag`(SELECT COUNT(*) FROM ${T} t WHERE t."swvId" = ${swvId} AND t."schoolId" = s."id" AND t.${K} = k.key AND ${c})`;
    const keyRows = join(
      keys.map((k) => sqltag`SELECT ${k} AS key`),
      " UNION ALL ",
    );
    rows = await db.$queryRaw(sqltag`
      SELECT "schoolId", key, n FROM (
        SELECT s."id" AS "schoolId", k.key AS key, ${join(conditions.map(cell), " + ")} AS n
        FROM "School" s CROSS JOIN (${keyRows}) k
      ) cells WHERE n > 0`);
  } else {
    rows = await db.$queryRaw(sqltag`
      SELECT t."schoolId", t.${K} AS key, COUNT(*) AS n FROM ${T} t
      WHERE t."swvId" = ${swvId} AND (${join(conditions, " OR ")}) GROUP BY 1, 2`);
  }
  return rows.map((r) => ({ schoolId: r.schoolId, key: r.key, n: Number(r.n) }));
}

/** Conditions on `t` (the counted table's alias), with their parameters. */
export const created = (from: Date, to: Date): Condition =>
  sqltag`t."createdAt" >= ${from} AND t."createdAt" < ${to}`;
export const closed = (from: Date, to: Date): Condition =>
  sqltag`t."closedAt" >= ${from} AND t."closedAt" < ${to}`;
/** Open at `to`: created before it and not closed, or closed only after it (two conditions). */
export const openAt = (to: Date): Condition[] => [
  sqltag`t."closedAt" IS NULL AND t."createdAt" < ${to}`,
  sqltag`t."closedAt" >= ${to} AND t."createdAt" < ${to}`,
];

/** Case actions overdue at `to` (due before it, and still open or done only after it), per school
 * of their case. Actions have no SWV: they are read by their status and doneAt indexes (open ones
 * and those done after `to`: few; both covering) and joined to their case by primary key. CROSS JOIN keeps that
 * order on SQLite, which could otherwise walk every case of the SWV; PostgreSQL plans it freely. */
export async function overdueBySchool(
  db: Db,
  swvId: string,
  to: Date,
): Promise<{ schoolId: string; n: number }[]> {
  const rows = await db.$queryRaw<{ schoolId: string; n: unknown }[]>(sqltag`
    SELECT c."schoolId", COUNT(*) AS n FROM "CaseAction" a CROSS JOIN "Case" c
    WHERE c."id" = a."caseId" AND c."swvId" = ${swvId}
      AND a."createdAt" < ${to} AND a."dueDate" < ${to}
      AND ((a."status" = 'open' AND a."doneAt" IS NULL) OR a."doneAt" >= ${to})
    GROUP BY c."schoolId"`);
  return rows.map((r) => ({ schoolId: r.schoolId, n: Number(r.n) }));
}
