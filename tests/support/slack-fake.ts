import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { blockKitViolations } from "../../src/surfaces/slack/limits.ts";

/** One call the fake Slack received: a Web API method, or a post to a response_url ("respond"). */
export interface SlackCall {
  method: string;
  token?: string;
  args: Record<string, unknown>;
  /** What the fake answered. */
  result?: Record<string, unknown>;
  /** When it came in (performance.now()). */
  at?: number;
  /** The request path (for "respond": the response_url's path). */
  path?: string;
  /** A `chat.postMessage` to a user id: that id (`args.channel` is then the user's DM, as Slack
   * resolves it; the per-channel limit and the history count it there). */
  to?: string;
}

type Failure = { error: string } | { status: 429; retryAfter: number };
type Json = Record<string, unknown>;

/** Rate limits like Slack's (off unless given): per Web API method and token, `perSecond` calls
 * with a burst of one second's worth; per channel, `chat.postMessage` about 1 a second with short
 * bursts. Beyond them the call gets HTTP 429 with `Retry-After` (whole seconds, as Slack sends). */
export interface FakeLimits {
  /** Calls per second per method (and token); a method not listed uses `default`. */
  perMethod?: Record<string, number> & { default?: number };
  /** Messages per second per channel and the burst allowed (default 1 a second, burst 3). */
  perChannel?: { perSecond: number; burst: number };
}

/** A token bucket: `capacity` calls at once, refilled at `rate` a second. */
class Bucket {
  private tokens: number;
  private at = performance.now();
  constructor(
    private readonly rate: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }
  /** Takes a token, or says how many ms until one is there. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.rate) * 1000;
  }
}

/**
 * A fake Slack Web API on 127.0.0.1: answers the methods Knoop calls, records every call, and
 * checks every payload it receives against Block Kit's limits (`violations`). `failNext` makes
 * the next call of a method fail as Slack would (an error code, or HTTP 429 with Retry-After).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly violations: string[] = [];
  /** Set by the Socket Mode test: what apps.connections.open answers. */
  socketUrl = "";
  private server: Server | undefined;
  private readonly failures = new Map<string, Failure[]>();
  private sequence = 0;
  /** Private channels created so far, by name. */
  readonly channels = new Map<string, string>();
  /** Files uploaded through files.uploadV2, by id: their bytes, and where completeUploadExternal shared them. */
  readonly files = new Map<
    string,
    {
      filename: string;
      length: number;
      bytes?: Buffer;
      completed?: boolean;
      title?: string;
      channel?: string;
    }
  >();
  /** Calls refused with HTTP 429 by the `limits`, per method. */
  readonly refused = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  /** The messages posted per channel, oldest first (what conversations.history reads). */
  readonly history = new Map<string, Json[]>();
  /** When set: after this many messages posted, every call is taken (and recorded) but never
   * answered, as a process that dies mid-send sees it. `release()` ends it. */
  holdAfterPosts: number | undefined;
  private held: (() => void)[] = [];
  /** Called with each Web API call or response once it is answered (the load benchmark waits on it). */
  onCall: ((call: SlackCall) => void) | undefined;

  constructor(
    readonly teamId = "T0KNOOP",
    private readonly limits: FakeLimits = {},
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status = 200, headers = {}, body }) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo | null)?.port}`;
  }

  /** SLACK_API_URL for the app. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for one command or interaction. */
  responseUrl(): string {
    return `${this.url}/respond/${++this.sequence}`;
  }

  /** Answers the calls held so far (their caller may be gone) and holds no more. */
  release(): void {
    this.holdAfterPosts = undefined;
    for (const answer of this.held.splice(0)) answer();
  }

  /** The messages posted (answered ok or held), with the outbox key of their metadata. */
  posted(): { channel: string; key?: string }[] {
    return [...this.history].flatMap(([channel, messages]) =>
      messages.map((m) => ({
        channel,
        key: ((m.metadata as Json | undefined)?.event_payload as Json | undefined)?.key as string | undefined,
      })),
    );
  }

  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  called(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every text Knoop sent (messages, responses, views), for content checks. */
  texts(filter: (c: SlackCall) => boolean = () => true): string {
    return this.calls
      .filter(filter)
      .map((c) => JSON.stringify(c.args))
      .join("\n");
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status?: number; headers?: Json; body: unknown }> {
    const bytes = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });
    const path = req.url ?? "";
    // The upload step of files.uploadV2: the bytes go to the URL getUploadURLExternal gave.
    const upload = /^\/upload\/(F\w+)$/.exec(path);
    if (upload?.[1]) {
      const pending = this.files.get(upload[1]);
      this.calls.push({
        method: "upload",
        args: { fileId: upload[1], bytes: bytes.length },
        at: performance.now(),
      });
      if (!pending) return { status: 404, body: { ok: false } };
      pending.bytes = multipartFile(bytes, String(req.headers["content-type"] ?? "")) ?? bytes;
      return { body: { ok: true } };
    }
    const raw = bytes.toString("utf8");
    const args: Json = (req.headers["content-type"] ?? "").includes("json")
      ? (JSON.parse(raw || "{}") as Json)
      : Object.fromEntries(new URLSearchParams(raw));
    for (const name of ["blocks", "view", "metadata"])
      if (typeof args[name] === "string") args[name] = JSON.parse(args[name] as string);
    const method = path.startsWith("/respond/")
      ? "respond"
      : path.replace(/^\/api\//, "").split("?")[0] || "";
    const token =
      (req.headers.authorization ?? "").replace(/^Bearer /, "") || (args.token as string | undefined);
    const call: SlackCall = { method, token, args, at: performance.now(), path };
    // As Slack: a user id as the channel of chat.postMessage posts in the app's DM with that user.
    if (method === "chat.postMessage" && /^[UW]/.test(String(args.channel))) {
      call.to = String(args.channel);
      args.channel = dmOf(call.to);
    }
    this.calls.push(call);
    this.check(method, args);

    const failure = this.failures.get(method)?.shift() ?? this.overLimit(method, token, args);
    if (failure && "status" in failure)
      return {
        status: 429,
        headers: { "retry-after": String(failure.retryAfter) },
        body: { ok: false, error: "ratelimited" },
      };
    call.result = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    this.onCall?.(call);
    if (this.holdAfterPosts !== undefined && this.posted().length > this.holdAfterPosts) {
      await new Promise<void>((resolve) => this.held.push(resolve));
    }
    return { body: call.result };
  }

  /** A 429 when the call is beyond the configured limits (the call still counts as made). */
  private overLimit(method: string, token: string | undefined, args: Json): Failure | undefined {
    const { perMethod, perChannel } = this.limits;
    const rate = perMethod?.[method] ?? perMethod?.default;
    const waits = [rate ? this.bucket(`${token}:${method}`, rate, rate).take() : 0];
    if (perChannel && method === "chat.postMessage") {
      const bucket = this.bucket(`channel:${String(args.channel)}`, perChannel.perSecond, perChannel.burst);
      if (!waits[0]) waits.push(bucket.take());
    }
    const wait = Math.max(...waits);
    if (!wait) return undefined;
    this.refused.set(method, (this.refused.get(method) ?? 0) + 1);
    return { status: 429, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
  }

  private bucket(key: string, rate: number, capacity: number): Bucket {
    const bucket = this.buckets.get(key) ?? new Bucket(rate, capacity);
    this.buckets.set(key, bucket);
    return bucket;
  }

  private check(method: string, args: Json): void {
    const kind = method === "views.publish" ? "home" : method.startsWith("views.") ? "modal" : "message";
    const view = args.view as Json | undefined;
    const problems = view
      ? blockKitViolations({ view, kind })
      : args.blocks
        ? blockKitViolations({ blocks: args.blocks as unknown[], kind })
        : [];
    // A response_action answered in the HTTP response is checked by the test itself.
    this.violations.push(...problems.map((p) => `${method}: ${p}`));
  }

  private answer(method: string, args: Json): Json {
    const n = ++this.sequence;
    switch (method) {
      case "auth.test":
        return { ok: true, team_id: this.teamId, team: "Testregio", user_id: "UKNOOPBOT", bot_id: "BKNOOP" };
      case "conversations.open":
        return { ok: true, channel: { id: dmOf(String(args.users)) } };
      case "chat.postMessage": {
        // As Slack: an image block may only show a file that was uploaded and completed.
        const missing = ((args.blocks ?? []) as Json[]).some((b) => {
          const id = (b.slack_file as Json | undefined)?.id as string | undefined;
          return b.type === "image" && id !== undefined && !this.files.get(id)?.completed;
        });
        if (missing) return { ok: false, error: "invalid_blocks", errors: ["invalid slack file"] };
        const ts = `1700000000.${String(n).padStart(6, "0")}`;
        const channel = String(args.channel);
        this.history.set(channel, [
          ...(this.history.get(channel) ?? []),
          { type: "message", ts, text: args.text, metadata: args.metadata },
        ]);
        return { ok: true, channel: args.channel, ts };
      }
      case "files.getUploadURLExternal": {
        const id = `F${String(n).padStart(10, "0")}`;
        this.files.set(id, { filename: String(args.filename), length: Number(args.length) });
        return { ok: true, file_id: id, upload_url: `${this.url}/upload/${id}` };
      }
      case "files.completeUploadExternal": {
        const list = JSON.parse(String(args.files ?? "[]")) as { id: string; title?: string }[];
        for (const f of list) {
          const file = this.files.get(f.id);
          if (!file?.bytes || file.bytes.length !== file.length)
            return { ok: false, error: "file_not_found" };
          file.completed = true;
          file.title = f.title;
          if (args.channel_id) file.channel = String(args.channel_id);
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case "conversations.history": {
        // Newest first; metadata only when asked for, as Slack does.
        const messages = [...(this.history.get(String(args.channel)) ?? [])].reverse();
        const withMetadata = String(args.include_all_metadata) === "true";
        return {
          ok: true,
          messages: messages
            .slice(0, Number(args.limit ?? 100))
            .map((m) => (withMetadata ? m : { ...m, metadata: undefined })),
          has_more: messages.length > Number(args.limit ?? 100),
        };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "conversations.create": {
        const name = String(args.name);
        if (this.channels.has(name)) return { ok: false, error: "name_taken" };
        const id = `C${String(n).padStart(8, "0")}`;
        this.channels.set(name, id);
        return { ok: true, channel: { id, name, is_private: true } };
      }
      case "conversations.list":
        return {
          ok: true,
          channels: [...this.channels].map(([name, id]) => ({ id, name, is_private: true })),
          response_metadata: { next_cursor: "" },
        };
      case "views.open":
      case "views.update":
      case "views.publish":
        return { ok: true, view: { ...(args.view as Json), id: (args.view_id as string) ?? `V${n}` } };
      case "users.info":
        return {
          ok: true,
          user: {
            id: args.user,
            name: `user-${String(args.user)}`,
            real_name: `Gebruiker ${String(args.user)}`,
          },
        };
      case "apps.connections.open":
        return { ok: true, url: this.socketUrl };
      case "oauth.v2.access":
        return {
          ok: true,
          app_id: "AKNOOP",
          authed_user: { id: "UINSTALLER" },
          scope: "commands,chat:write",
          token_type: "bot",
          access_token: "xoxb-installed-token",
          bot_user_id: "UKNOOPBOT2",
          team: { id: "T0OTHER", name: "Andere regio" },
          enterprise: null,
          is_enterprise_install: false,
        };
      default:
        return { ok: true };
    }
  }
}

/** The fake's id of the app's DM with a user. */
const dmOf = (userId: string) => `D${userId}`;

/** The first part of a multipart/form-data body (how the SDK posts the file to the upload URL). */
function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return undefined;
  const start = body.indexOf("\r\n\r\n", body.indexOf(`--${mark}`));
  const end = body.indexOf(`\r\n--${mark}`, start);
  return start < 0 || end < 0 ? undefined : body.subarray(start + 4, end);
}

/** Signs a request body the way Slack does: v0:{timestamp}:{body}, HMAC-SHA256. */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignedOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  headers?: Record<string, string>;
  signature?: string;
}

/** Posts a form-encoded body to Knoop signed as Slack would; returns status and body. */
export async function postSigned(
  url: string,
  form: Record<string, string>,
  options: SignedOptions,
): Promise<{ status: number; body: string; json: () => Json }> {
  const body = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? (JSON.parse(text) as Json) : {}) };
}

/** Posts a JSON event (Events API) signed as Slack would. */
export async function postSignedJson(url: string, payload: Json, options: SignedOptions) {
  const body = JSON.stringify(payload);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}

/** The Slack user id of a cast member in the tests (e.g. "UIB" for "ib"). */
export const slackUser = (key: string) => `U${key.toUpperCase()}`;

/** Links a test world's SWV to a Slack workspace and gives every person of the cast a Slack account. */
export async function linkSlack(
  db: import("../../src/store/client.ts").Db,
  world: { swvId: string; people: Record<string, string> },
  teamId: string,
): Promise<void> {
  await db.workspace.create({ data: { platform: "slack", externalId: teamId, swvId: world.swvId } });
  for (const [key, personId] of Object.entries(world.people))
    await db.chatIdentity.create({
      data: { platform: "slack", workspaceId: teamId, userId: slackUser(key), personId },
    });
}
