import type { MessageView } from "./views.ts";

/** Where a sent message lives, so it can be updated later. Opaque to features. */
export interface MessageRef {
  space: string;
  id: string;
}

/** What a feature may ask of a chat platform. Requests are plain data: they are
 * stored in the outbox as JSON and carried out later by the dispatcher. */
export type ChatRequest =
  | { op: "post"; channelId: string; message: MessageView }
  | { op: "dm"; personId: string; message: MessageView }
  /** Replace the message sent earlier under the idempotency key `ofKey` (e.g. a live tally). */
  | { op: "update"; ofKey: string; message: MessageView }
  /** Create the private space of a case (Slack private channel, Teams group chat) named after
   * its code only, with these people in it. Posts to it use channelId `case:<caseId>`. */
  | { op: "createCaseSpace"; caseId: string; caseCode: string; personIds: string[] }
  | { op: "invite"; channelId: string; personIds: string[] };

export interface SendResult {
  /** The message or space created, when the request created one. */
  ref?: MessageRef;
}

/** Implemented by each surface (Slack, Teams, sandbox) and by the in-memory port for tests.
 * `send` must treat a repeated idempotency key as the same request: a dispatcher that
 * crashed after sending but before recording it will send again with the same key. */
export interface ChatPort {
  send(request: ChatRequest, idempotencyKey: string): Promise<SendResult>;
}

/** The platform asked us to slow down; retry after `retryAfterMs`. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited: retry after ${Math.round(retryAfterMs / 1000)} s`);
  }
}

/** Retrying will not help (e.g. channel_not_found, missing_scope): dead-letter at once. */
export class PermanentChatError extends Error {
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

/** The target a request writes to; messages to one target are sent in order (a case
 * space is created before anything is posted in it). */
export function targetOf(request: ChatRequest): string {
  switch (request.op) {
    case "post":
      return `channel:${request.channelId}`;
    case "dm":
      return `person:${request.personId}`;
    case "update":
      return `message:${request.ofKey}`;
    case "createCaseSpace":
      return `channel:case:${request.caseId}`;
    case "invite":
      return `channel:${request.channelId}`;
  }
}
