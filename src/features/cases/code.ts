import type { Db, Tx } from "../../store/client.ts";

/** A case code as typed in a command: K-2026-0042 (any case). */
export const caseCodePattern = /^K-\d{4}-\d{4,}$/i;

export function formatCaseCode(year: number, sequence: number): string {
  return `K-${year}-${String(sequence).padStart(4, "0")}`;
}

/** Makes sure the SWV's counter for `year` exists. Runs before the transaction that takes a
 * number: on PostgreSQL a failed insert would abort that transaction, so the race of two
 * first cases of a year is settled here (the loser's insert fails and is ignored). */
export async function ensureCaseCounter(db: Db, swvId: string, year: number): Promise<void> {
  const where = { swvId_year: { swvId, year } };
  if (await db.caseCounter.findUnique({ where })) return;
  await db.caseCounter.create({ data: { swvId, year, last: 0 } }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== "P2002") throw error;
  });
}

/** Takes the next code in the caller's transaction. The increment locks the counter row
 * until the transaction ends, so two concurrent openings never get the same code. */
export async function nextCaseCode(tx: Tx, swvId: string, year: number): Promise<string> {
  const counter = await tx.caseCounter.update({
    where: { swvId_year: { swvId, year } },
    data: { last: { increment: 1 } },
  });
  return formatCaseCode(year, counter.last);
}
