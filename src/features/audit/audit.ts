import type { Actor } from "../../chat/intents.ts";
import { insertRows, newId } from "../../store/bulk.ts";
import type { Db, Tx } from "../../store/client.ts";

export interface AuditFact {
  access: "read" | "write";
  /** What was touched: "case", "signal", "person", "role", "settings". */
  entity: string;
  entityId: string;
  /** What happened, e.g. "case.view", "role.assign"; a refused attempt ends in ".denied". */
  action: string;
  detail?: string;
}

/** The action of an audit row for the outcome of a permission check. */
export const outcome = (action: string, allowed: boolean) => (allowed ? action : `${action}.denied`);

const row = (actor: Actor | null, swvId: string, now: Date, fact: AuditFact) => ({
  ...fact,
  swvId,
  actorId: actor?.personId ?? null,
  surface: actor?.surface ?? "system",
  createdAt: now,
});

/** Records who read or changed what, when and through which surface. Pass the
 * transaction of the change so the record exists if and only if the change does.
 * `actor` null: the system (a scheduled job or an import). */
export async function audit(
  db: Db | Tx,
  actor: Actor | null,
  swvId: string,
  now: Date,
  fact: AuditFact,
): Promise<void> {
  await db.auditEntry.create({ data: row(actor, swvId, now, fact) });
}

/** One row per item a list showed, in one statement. */
export async function auditMany(
  db: Db | Tx,
  actor: Actor,
  swvId: string,
  now: Date,
  facts: AuditFact[],
): Promise<void> {
  if (facts.length) await db.auditEntry.createMany({ data: facts.map((f) => row(actor, swvId, now, f)) });
}

/** The system's rows for a job's batch (items of several SWVs), in one statement. */
export async function auditSystem(
  db: Db | Tx,
  now: Date,
  facts: (AuditFact & { swvId: string })[],
): Promise<void> {
  await insertRows(
    db,
    "AuditEntry",
    facts.map(({ swvId, ...f }) => ({ id: newId(), ...row(null, swvId, now, f), detail: f.detail ?? null })),
  );
}
