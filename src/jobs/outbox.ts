import { type ChatRequest, targetOf } from "../chat/port.ts";
import type { MessageView } from "../chat/views.ts";
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
