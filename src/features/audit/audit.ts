import type { Actor } from "../../chat/intents.ts";
import type { Db, Tx } from "../../store/client.ts";

export interface AuditFact {
  access: "read" | "write";
  /** What was touched: "case", "signal", "person", "role", "settings". */
  entity: string;
  entityId: string;
  /** What happened, e.g. "case.view", "role.assign". */
  action: string;
  detail?: string;
}

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
  await db.auditEntry.create({
    data: {
      ...fact,
      swvId,
      actorId: actor?.personId ?? null,
      surface: actor?.surface ?? "system",
      createdAt: now,
    },
  });
}
