import type { Locale } from "../core/i18n.ts";
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

/** A chat account on one platform. */
export interface Account {
  workspaceId: string;
  userId: string;
}

/** What the dispatcher worked out before handing a request to a platform's port, so that the
 * port only carries it out (see src/jobs/delivery.ts). */
export interface Resolved {
  /** dm: the recipient's account on this platform (absent: they have none here). */
  account?: Account;
  /** createCaseSpace: the workspace to create the space in (its regisseur's). */
  workspaceId?: string;
  /** createCaseSpace, invite: the members who have an account on this platform. */
  members?: { personId: string; account: Account }[];
  /** createCaseSpace, invite: members with no account on any platform this process reaches
   * (members on another platform are left out: they get the space's posts by DM). */
  unlinked?: string[];
  /** update: what sending the earlier message returned. */
  earlier?: SendResult;
}

/** A request as a port receives it: the feature's request with what the dispatcher resolved. */
export type PortRequest = ChatRequest & { resolved?: Resolved };

export interface SendResult {
  /** The message or space created, when the request created one. */
  ref?: MessageRef;
  /** The platform's workspace (Slack team, Teams tenant) it was sent in, for later updates. */
  workspace?: string;
  /** createCaseSpace, invite: members the platform would not let in (the others are in). */
  refused?: { personId: string; kind: FailureKind; code: string }[];
}

/** Implemented by each surface (Slack, Teams, sandbox) and by the in-memory port for tests.
 * `send` must treat a repeated idempotency key as the same request: a dispatcher that
 * crashed after sending but before recording it will send again with the same key.
 * A port does not decide who hears about a failure: it throws a DeliveryFailure. */
export interface ChatPort {
  /** The platform it reaches, as in ChatIdentity.platform (default "chat"). */
  readonly platform?: string;
  send(request: PortRequest, idempotencyKey: string): Promise<SendResult>;
  /** The platform's words for one of its failure codes, for the failure notice. */
  explain?(code: string, locale: Locale): string | undefined;
  /** The rate limits a request would use (e.g. Slack: one per Web API method and workspace), as
   * named in `RateLimitedError.scope`: while one is paused the dispatcher holds the request back.
   * Without it a rate limit pauses the whole platform. */
  limitsOf?(request: PortRequest): Promise<string[]>;
  /** Whether the message of `idempotencyKey` is on the platform already (sent by a dispatcher that
   * died before recording it): its result, or undefined. Asked only for a row whose claim expired
   * without an outcome; a port that cannot tell leaves it out (the row is sent again). */
  findSent?(request: PortRequest, idempotencyKey: string): Promise<SendResult | undefined>;
}

/** Why a delivery failed, in terms the core acts on (src/jobs/failure-policy.ts):
 * - rateLimited: wait `retryAfterMs`, then try again (no attempt used up);
 * - recipientUnreachable: the person has no (working) account on the platform;
 * - spaceGone: the channel or space is gone, archived, or the app is not in it;
 * - misconfigured: the app itself (token, scopes, installation) needs an administrator;
 * - refused: the platform would not take this content (too long, invalid, not updatable);
 * - transient: a hiccup (network, 5xx): retried with backoff. */
export type FailureKind =
  | "rateLimited"
  | "recipientUnreachable"
  | "spaceGone"
  | "misconfigured"
  | "refused"
  | "transient";

/** Thrown by ports. `code` is the platform's own code (e.g. Slack's `is_archived`). */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: string,
    readonly retryAfterMs = 0,
    message = code,
  ) {
    super(message);
  }

  get permanent(): boolean {
    return this.kind !== "rateLimited" && this.kind !== "transient";
  }
}

/** The platform asked us to slow down; retry after `retryAfterMs`. `scope` names the limit that
 * was hit (see `ChatPort.limitsOf`); without it, the whole platform's. */
export class RateLimitedError extends DeliveryFailure {
  constructor(
    retryAfterMs: number,
    readonly scope?: string,
  ) {
    super(
      "rateLimited",
      "ratelimited",
      retryAfterMs,
      `rate limited: retry after ${Math.round(retryAfterMs / 1000)} s`,
    );
  }
}

/** Retrying will not help: dead-letter at once (kind `misconfigured` unless given). */
export class PermanentChatError extends DeliveryFailure {
  constructor(code: string, kind: FailureKind = "misconfigured") {
    super(kind, code);
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
