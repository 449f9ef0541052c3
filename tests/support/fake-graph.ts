/**
 * A fake Microsoft Graph on 127.0.0.1 (http, or https with a test certificate): the calls Knoop's
 * case chats make (`POST /v1.0/chats`, installed apps, members, the app catalog), answered as
 * Graph does. It checks the bearer token, refuses a call whose permission is not granted with 403
 * like Graph, validates request bodies the way Graph would refuse them (400), and records every call.
 */
import { randomUUID } from "node:crypto";
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";

export interface GraphCall {
  method: string;
  path: string;
  body?: unknown;
  status: number;
}

export interface FakeChat {
  id: string;
  topic: string;
  chatType: string;
  /** membership id -> user (Entra object id) */
  members: Map<string, string>;
  installedApps: string[];
}

interface FakeGraphOptions {
  /** The bearer token Knoop must send, or a check of it (e.g. issued by the fake login service for
   * this Graph's scope); any other answers 401. */
  token: string | ((token: string) => boolean);
  /** Entra object ids of the tenant's users (others answer 404, as Graph does). */
  users: string[];
  /** Apps in the organisation's catalog: catalog id -> manifest (external) id. */
  catalog?: Record<string, string>;
  /** Granted permissions (default: all that Knoop uses). */
  granted?: string[];
  tls?: { key: string | Buffer; cert: string | Buffer };
}

const allPermissions = [
  "Chat.Create",
  "TeamsAppInstallation.ReadWriteSelfForChat.All",
  "AppCatalog.Read.All",
  "Chat.Manage.Chat",
];

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  readonly chats = new Map<string, FakeChat>();
  granted: Set<string>;
  /** The next calls answer with this status (e.g. 429, 503) before being handled. */
  failNext: { status: number; retryAfter?: number }[] = [];
  private server?: Server;
  private url = "";

  constructor(private readonly options: FakeGraphOptions) {
    this.granted = new Set(options.granted ?? allPermissions);
  }

  /** The origin to configure as TEAMS_GRAPH_URL. */
  get origin(): string {
    return this.url;
  }

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = this.options.tls ? createHttps(this.options.tls, handler) : createHttp(handler);
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `${this.options.tls ? "https" : "http"}://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://graph");
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.answer(
        res,
        { method, path: url.pathname, status: 400 },
        error("BadRequest", "Invalid JSON"),
      );
    }
    const call: GraphCall = { method, path: decodeURIComponent(url.pathname), body, status: 0 };
    const fail = this.failNext.shift();
    if (fail) {
      if (fail.retryAfter) res.setHeader("retry-after", String(fail.retryAfter));
      return this.answer(res, { ...call, status: fail.status }, error("TooManyRequests", "Try later"));
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const check = this.options.token;
    if (typeof check === "string" ? bearer !== check : !check(bearer))
      return this.answer(
        res,
        { ...call, status: 401 },
        error("InvalidAuthenticationToken", "Access token is invalid."),
      );
    const [status, result] = this.route(method, call.path, url.searchParams, body);
    return this.answer(res, { ...call, status }, result);
  }

  private answer(res: ServerResponse, call: GraphCall, result: unknown): void {
    this.calls.push(call);
    res.statusCode = call.status;
    if (result === undefined) return void res.end();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(result));
  }

  private needs(permission: string): [number, unknown] | undefined {
    if (this.granted.has(permission)) return undefined;
    return [
      403,
      error("Forbidden", `Missing role permissions on the request. API requires one of '${permission}'.`),
    ];
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown): [number, unknown] {
    const p = path.replace(/^\/v1\.0/, "");
    if (method === "POST" && p === "/chats") return this.needs("Chat.Create") ?? this.createChat(body);
    if (method === "GET" && p === "/appCatalogs/teamsApps") {
      const denied = this.needs("AppCatalog.Read.All");
      if (denied) return denied;
      const external = /^externalId eq '(.+)'$/.exec(query.get("$filter") ?? "")?.[1];
      const value = Object.entries(this.options.catalog ?? {})
        .filter(([, ext]) => !external || ext === external)
        .map(([id, externalId]) => ({ id, externalId, distributionMethod: "organization" }));
      return [200, { value }];
    }
    const chatPath = /^\/chats\/([^/]+)\/(installedApps|members)(?:\/([^/]+))?$/.exec(p);
    if (!chatPath) return [404, error("NotFound", `Unsupported: ${method} ${path}`)];
    const [, chatId = "", what, memberId] = chatPath;
    const chat = this.chats.get(chatId);
    if (what === "installedApps" && method === "POST") {
      const denied = this.needs("TeamsAppInstallation.ReadWriteSelfForChat.All");
      if (denied) return denied;
      if (!chat) return [404, error("NotFound", "Chat not found")];
      const bind = (body as Record<string, unknown> | undefined)?.["teamsApp@odata.bind"];
      const appId =
        typeof bind === "string" ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
      if (!appId) return [400, error("BadRequest", "teamsApp@odata.bind is required")];
      if (!this.options.catalog?.[decodeURIComponent(appId)])
        return [404, error("NotFound", "App not found in catalog")];
      chat.installedApps.push(decodeURIComponent(appId));
      return [201, undefined];
    }
    if (what === "members") {
      const denied = this.needs("Chat.Manage.Chat");
      if (denied) return denied;
      if (!chat) return [404, error("NotFound", "Chat not found")];
      if (method === "GET" && !memberId)
        return [200, { value: [...chat.members].map(([id, userId]) => ({ id, userId, roles: ["owner"] })) }];
      if (method === "POST" && !memberId) {
        const [status, user] = this.memberUser(body);
        if (status !== 200) return [status, user];
        const id = randomUUID();
        chat.members.set(id, user as string);
        return [201, { id, userId: user }];
      }
      if (method === "DELETE" && memberId) {
        if (!chat.members.delete(memberId)) return [404, error("NotFound", "Member not found")];
        return [204, undefined];
      }
    }
    return [405, error("MethodNotAllowed", `${method} ${path}`)];
  }

  private createChat(body: unknown): [number, unknown] {
    const b = body as { chatType?: unknown; topic?: unknown; members?: unknown } | undefined;
    if (b?.chatType !== "group") return [400, error("BadRequest", "chatType must be group")];
    if (typeof b.topic !== "string" || !b.topic)
      return [400, error("BadRequest", "A group chat needs a topic")];
    if (!Array.isArray(b.members) || b.members.length < 2)
      return [400, error("BadRequest", "A group chat needs at least two members")];
    const users: string[] = [];
    for (const m of b.members) {
      const [status, user] = this.memberUser(m);
      if (status !== 200) return [status, user];
      users.push(user as string);
    }
    const id = `19:${randomUUID().replace(/-/g, "")}@thread.v2`;
    const members = new Map(users.map((u) => [randomUUID(), u]));
    this.chats.set(id, { id, topic: b.topic, chatType: "group", members, installedApps: [] });
    return [201, { id, topic: b.topic, chatType: "group" }];
  }

  /** The user a conversationMember binds, or Graph's refusal. */
  private memberUser(member: unknown): [number, unknown] {
    const m = member as Record<string, unknown> | undefined;
    if (m?.["@odata.type"] !== "#microsoft.graph.aadUserConversationMember")
      return [400, error("BadRequest", "Members must be aadUserConversationMember")];
    if (!Array.isArray(m.roles) || !m.roles.includes("owner"))
      return [400, error("BadRequest", "Members of a chat created by an application must be owners")];
    const bind = m["user@odata.bind"];
    const user = typeof bind === "string" ? /\/v1\.0\/users\('([^']+)'\)$/.exec(bind)?.[1] : undefined;
    if (!user || !bind?.toString().startsWith(this.url))
      return [400, error("BadRequest", "Invalid user@odata.bind")];
    const id = decodeURIComponent(user);
    if (!this.options.users.includes(id)) return [404, error("NotFound", `User ${id} not found`)];
    return [200, id];
  }
}

function error(code: string, message: string) {
  return {
    error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } },
  };
}
