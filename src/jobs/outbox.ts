import type { ChatRequest } from "../chat/port.ts";
import type { Tx } from "../store/client.ts";

/** Queues a message in the caller's transaction: it is sent if and only if the
 * change that caused it commits. `key` identifies the message for good (e.g.
 * `signal:<id>:routed`): queueing the same key twice keeps the first. */
export async function enqueue(tx: Tx, now: Date, key: string, request: ChatRequest): Promise<void> {
  await tx.outboxMessage.upsert({
    where: { idempotencyKey: key },
    create: { idempotencyKey: key, request: JSON.stringify(request), nextAttemptAt: now },
    update: {},
  });
}
