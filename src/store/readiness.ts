import { existsSync, readdirSync } from "node:fs";
import type { Db, Provider } from "./client.ts";
import { migrationsDir } from "./migrate.ts";

export type Readiness =
  | { ready: true }
  | { ready: false; reason: "db-down"; error: string }
  | {
      ready: false;
      reason: "pending" | "failed";
      migrations: string[];
    };

/** Is the database reachable, with every migration on disk applied? A cheap check
 * (two small queries) so /readyz can be polled often. */
export async function checkReadiness(db: Db, provider: Provider): Promise<Readiness> {
  const dir = migrationsDir(provider);
  const onDisk = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
  let rows: { migration_name: string; finished_at: unknown; rolled_back_at: unknown }[];
  try {
    await db.$queryRawUnsafe("SELECT 1");
    rows = onDisk.length
      ? await db.$queryRawUnsafe(
          `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
        )
      : [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/_prisma_migrations/.test(message)) return { ready: false, reason: "pending", migrations: onDisk };
    return { ready: false, reason: "db-down", error: message.split("\n").filter(Boolean).pop() ?? message };
  }
  const live = rows.filter((r) => r.rolled_back_at === null);
  const failed = live.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (failed.length) return { ready: false, reason: "failed", migrations: failed };
  const applied = new Set(live.map((r) => r.migration_name));
  const pending = onDisk.filter((name) => !applied.has(name));
  if (pending.length) return { ready: false, reason: "pending", migrations: pending };
  return { ready: true };
}

/** Whether the outbox stopped draining: a pending row has been due for longer than `windowMs`
 * and no row was sent within it. Rows waiting on a backoff or a Retry-After are not due yet
 * (their nextAttemptAt is in the future). Usually one query on the (status, nextAttemptAt) index;
 * only when a row waited that long, a second one on (status, sentAt). */
export async function outboxStall(db: Db, now: Date, windowMs: number): Promise<{ waitedMs: number } | null> {
  const since = new Date(now.getTime() - windowMs);
  const oldest = await db.outboxMessage.findFirst({
    where: { status: "pending", nextAttemptAt: { lt: since } },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  if (!oldest) return null;
  const recent = await db.outboxMessage.findFirst({
    where: { status: "sent", sentAt: { gte: since } },
    select: { id: true },
  });
  return recent ? null : { waitedMs: now.getTime() - oldest.nextAttemptAt.getTime() };
}
