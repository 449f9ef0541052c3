/** Bulk inserts for jobs: Prisma's `createMany` costs about 0.3 ms of JavaScript per row (its query
 * interpreter renders every parameter), so 10,000 outbox and audit rows alone took seconds. This
 * writes the same rows with one plain multi-row INSERT per 900 parameters (below SQLite's 999),
 * on both databases, in the caller's transaction. Only for tables whose columns are all given:
 * the caller sets every column, ids and defaults included. The encrypted columns
 * (store/encryption.ts) are sealed here as Prisma's own writes seal them. */
import { randomBytes } from "node:crypto";
import { join, raw, sqltag } from "@prisma/client/runtime/client";
import { BATCH_SIZE } from "./batches.ts";
import type { Db, Tx } from "./client.ts";
import { ENCRYPTED, keyringOf, sealRow } from "./encryption.ts";

type Value = string | number | boolean | Date | null;

export async function insertRows(
  db: Db | Tx,
  table: "OutboxMessage" | "AuditEntry" | "CaseEvent" | "ThuiszitterEvent",
  rows: Record<string, Value>[],
): Promise<void> {
  if (!rows.length) return;
  if (ENCRYPTED[table]) {
    const key = await keyringOf(db).current();
    rows = rows.map((r) => {
      const copy = { ...r };
      sealRow(table, copy, key);
      return copy as Record<string, Value>;
    });
  }
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.floor(BATCH_SIZE / columns.length));
  const head = raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows
      .slice(i, i + perStatement)
      .map((r) => sqltag`(${join(columns.map((c) => r[c] ?? null))})`);
    await db.$executeRaw(sqltag`${head}${join(values)}`);
  }
}

let sequence = 0;

/** A new primary key that sorts in the order it was made (as Prisma's cuids roughly do): lists
 * ordered by (createdAt, id), like the outbox per recipient, keep the order of insertion. */
export function newId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `c${Date.now().toString(36).padStart(9, "0")}${sequence.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;
}

/** A unique key was taken: P2002 from Prisma's own queries, P2010 with the driver's unique
 * violation from `insertRows` (raw SQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as {
    code?: string;
    message?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
  };
  if (e.code === "P2002") return true;
  if (e.code !== "P2010") return false;
  return (
    e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" ||
    /23505|UNIQUE constraint/.test(e.message ?? "")
  );
}
