import type { ChatPort, ChatRequest, PortRequest, Resolved, SendResult } from "./port.ts";

export interface Delivery {
  key: string;
  /** The feature's request as queued. */
  request: ChatRequest;
  /** What the dispatcher resolved for it (accounts, the earlier message of an update). */
  resolved?: Resolved;
  result: SendResult;
}

/** A ChatPort that keeps what it is sent, for tests. Like a real platform client it
 * answers a repeated idempotency key with the first result instead of delivering twice.
 * `failWith` queues errors to throw on the next calls (one per call). `platform` names it
 * in a PortRegistry (e.g. "teams" as a second platform next to Slack). */
export class MemoryChatPort implements ChatPort {
  readonly delivered: Delivery[] = [];
  readonly attempts: string[] = [];
  private readonly byKey = new Map<string, SendResult>();
  private readonly failures: Error[] = [];
  private sequence = 0;

  constructor(
    private readonly latencyMs = 0,
    readonly platform = "memory",
  ) {}

  failWith(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async send(request: PortRequest, key: string): Promise<SendResult> {
    this.attempts.push(key);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const failure = this.failures.shift();
    if (failure) throw failure;
    const earlier = this.byKey.get(key);
    if (earlier) return earlier;
    const space =
      request.op === "post" ? request.channelId : request.op === "dm" ? `dm-${request.personId}` : "x";
    const ref = request.op === "update" ? request.resolved?.earlier?.ref : undefined;
    const result: SendResult = { ref: ref ?? { space, id: String(++this.sequence) } };
    this.byKey.set(key, result);
    const { resolved, ...queued } = request;
    this.delivered.push({ key, request: queued, ...(resolved ? { resolved } : {}), result });
    return result;
  }
}
