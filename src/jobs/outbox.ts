import { type ChatRequest, targetOf } from "../chat/port.ts";
import type { MessageView } from "../chat/views.ts";
import { BATCH_SIZE, inBatches } from "../store/batches.ts";
import { insertRows, newId } from "../store/bulk.ts";
import type { Tx } from "../store/client.ts";

/** Queues a message in the caller's transaction: it is sent if and only if the
 * change that caused it commits. `key` identifies the message for good (e.g.
 * `signal:<id>:routed`): queueing the same key twice keeps the first. */
export async function enqueue(tx: Tx, now: Date, key: string, request: ChatRequest): Promise<void> {
  await tx.outboxMessage.upsert({
    where: { idempotencyKey: key },
    create: {
      idempotencyKey: key,
      request: JSON.stringify(request),
      target: targetOf(request),
      nextAttemptAt: now,
    },
    update: {},
  });
}

/** `enqueue` for many messages at once (a job's batch): one query for the keys already queued and
 * one multi-row insert for the rest (per 900 parameters, see store/bulk.ts), in the caller's
 * transaction. Returns how many were new. */
export async function enqueueMany(
  tx: Tx,
  now: Date,
  messages: { key: string; request: ChatRequest }[],
): Promise<number> {
  const queued = await inBatches(
    messages.map((m) => m.key),
    BATCH_SIZE,
    (keys) =>
      tx.outboxMessage.findMany({
        where: { idempotencyKey: { in: keys } },
        select: { idempotencyKey: true },
      }),
  );
  const seen = new Set(queued.map((q) => q.idempotencyKey));
  const fresh = messages.filter((m) => !seen.has(m.key) && seen.add(m.key));
  const createdAt = new Date();
  await insertRows(
    tx,
    "OutboxMessage",
    fresh.map((m) => ({
      id: newId(),
      idempotencyKey: m.key,
      request: JSON.stringify(m.request),
      target: targetOf(m.request),
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt,
    })),
  );
  return fresh.length;
}

/** Queues a direct message to a person (see `enqueue`). */
export function sendDm(
  tx: Tx,
  now: Date,
  key: string,
  personId: string,
  message: MessageView,
): Promise<void> {
  return enqueue(tx, now, key, { op: "dm", personId, message });
}

/** Queues a post in a channel or case space (`case:<caseId>`). Never put a pupil reference in a
 * channel post: only case spaces (participants only) and DMs may carry case details. */
export function post(tx: Tx, now: Date, key: string, channelId: string, message: MessageView): Promise<void> {
  return enqueue(tx, now, key, { op: "post", channelId, message });
}
