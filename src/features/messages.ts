import type { ChatRequest } from "../chat/port.ts";
import { type MessageView, upgrade } from "../chat/views.ts";
import { enqueue } from "../jobs/outbox.ts";
import type { Tx } from "../store/client.ts";

/** Brings the message queued earlier under `ofKey` up to date. While it still waits in the outbox
 * (never tried, not claimed by a dispatcher) its content is replaced there, so it goes out as it is
 * now (`keepText`: with the text it was queued with, e.g. who sent it); otherwise an `update`
 * request is queued under `key`. (An update sent before its original would fail and wait for a
 * retry.) */
export async function updateMessage(
  tx: Tx,
  now: Date,
  ofKey: string,
  key: string,
  message: MessageView,
  { keepText = false } = {},
): Promise<void> {
  const row = await tx.outboxMessage.findUnique({
    where: { idempotencyKey: ofKey },
    select: { request: true, status: true },
  });
  const request = row?.status === "pending" ? (JSON.parse(row.request) as ChatRequest) : null;
  if (request && (request.op === "dm" || request.op === "post")) {
    const { count } = await tx.outboxMessage.updateMany({
      where: { idempotencyKey: ofKey, status: "pending", attempts: 0, lockedUntil: null },
      data: {
        request: JSON.stringify({
          ...request,
          message: keepText ? withLeadOf(message, upgrade(request.message)) : message,
        }),
      },
    });
    if (count) return;
  }
  await enqueue(tx, now, key, { op: "update", ofKey, message });
}

/** The message with the first text block of `earlier` (e.g. who sent it) instead of its own. */
function withLeadOf(message: MessageView, earlier: MessageView): MessageView {
  const lead = earlier.blocks.find((b) => b.kind === "text");
  const at = message.blocks.findIndex((b) => b.kind === "text");
  if (!lead || at < 0) return message;
  return { ...message, blocks: message.blocks.map((b, i) => (i === at ? lead : b)) };
}
