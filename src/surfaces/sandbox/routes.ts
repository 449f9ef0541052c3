import { readFileSync } from "node:fs";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import { type Core, dedupeOf, handleIntent } from "../../chat/core.ts";
import { handledElsewhere, hash, succeeded } from "../../chat/dedupe.ts";
import { MAX_CHOICES, MAX_FIELDS, MAX_TEXT } from "../../chat/input-limits.ts";
import type { Intent, Place } from "../../chat/intents.ts";
import { fileBytes, filesOf, type MessageView, type Reply } from "../../chat/views.ts";
import { formatDateTime } from "../../core/format.ts";
import { projectPath } from "../../core/paths.ts";
import { roleNames } from "../../features/people/lookup.ts";
import type { TimeControl } from "./clock.ts";
import { SANDBOX_WORKSPACE } from "./directory.ts";
import { escapeHtml, renderForm, renderMessageWithCharts } from "./render-html.ts";
import { type SandboxTexts, sandboxTexts } from "./texts.ts";

const publicDir = projectPath("src/surfaces/sandbox/public/");

const intentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("command"), args: z.array(z.string().max(500)).max(50) }),
  z.object({ kind: z.literal("action"), name: z.string().min(1).max(200), value: z.string().max(2000) }),
  z.object({
    kind: z.literal("submission"),
    name: z.string().min(1).max(200),
    values: z
      .record(z.string(), z.union([z.string().max(MAX_TEXT), z.array(z.string().max(500)).max(MAX_CHOICES)]))
      .refine((v) => Object.keys(v).length <= MAX_FIELDS),
    context: z.string().max(2000).optional(),
  }),
]);

const intentBody = z.object({
  user: z.string().min(1),
  /** The space the intent happened in. */
  place: z.string().min(1),
  intent: intentSchema,
  /** The stored message whose button was clicked: a Reply "update" replaces it. */
  messageId: z.string().optional(),
});

const clockBody = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(366 * 24 * 60),
});

/** 400/403/404 answers with a Dutch message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A double click (or a page that sends twice) on the same button or form, within seconds. */
const CLICK_WINDOW_MS = 10_000;

/** The names the sandbox answers to: loopback, and the configured HOST. A page on another site
 * that points its own name at 127.0.0.1 (DNS rebinding) sends its own name as Host: refused. */
export function allowedHosts(host: string): Set<string> {
  const names = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
  if (host && host !== "0.0.0.0" && host !== "::") names.add(host.toLowerCase());
  return names;
}

const hostnameOf = (value: string) => {
  try {
    return new URL(`http://${value}`).hostname.toLowerCase();
  } catch {
    return "";
  }
};

/** "http://127.0.0.1:3000" -> "127.0.0.1"; anything else (e.g. "null") -> "". */
const originHost = (origin: string) =>
  /^https?:\/\//.test(origin) ? hostnameOf(origin.replace(/^https?:\/\//, "")) : "";

/**
 * The sandbox surface over HTTP: the page (GET /) and its JSON API under /sandbox/api/. It plays
 * the chat platform: it knows who is who (SandboxUser -> ChatIdentity -> Person), lets a person read
 * only the spaces they are a member of, turns what they type and click into intents and renders
 * the replies and stored messages as HTML. No feature logic lives here.
 */
export function sandboxRoutes(core: Core, time: TimeControl, options: { host?: string } = {}): Router {
  const { db, locale, timezone } = core;
  const t = sandboxTexts(locale);
  const router = express.Router();
  const hosts = allowedHosts(options.host ?? "127.0.0.1");
  const dedupe = dedupeOf(core);

  // Every request names this server as Host; a write also comes from a page of this server
  // (Origin, which browsers send with every POST). Scripts without Origin are fine.
  router.use((req, res, next) => {
    const origin = req.header("origin");
    const write = req.method !== "GET" && req.method !== "HEAD";
    const foreignOrigin = write && origin !== undefined && !hosts.has(originHost(origin));
    if (!hosts.has(hostnameOf(req.header("host") ?? "")) || foreignOrigin) {
      res.status(403).json({ error: t.foreignHost });
      return;
    }
    next();
  });
  const page = fillPage(readFileSync(`${publicDir}index.html`, "utf8"), t);
  const label = (date: Date) => formatDateTime(date, locale, timezone);

  /** The person behind a sandbox account (null: an account Knoop does not know yet). */
  async function personOf(userId: string): Promise<string | null> {
    const user = await db.sandboxUser.findUnique({ where: { id: userId } });
    if (!user) throw new HttpError(404, t.unknownUser);
    const identity = await db.chatIdentity.findUnique({
      where: { platform_workspaceId_userId: { platform: "sandbox", workspaceId: SANDBOX_WORKSPACE, userId } },
    });
    return identity?.personId ?? null;
  }

  /** The account's own DM with Knoop (it exists before Knoop sent anything in it). */
  const ownDm = (userId: string, personId: string | null) => `dm:${personId ?? `user:${userId}`}`;

  /** Only members read a space: the sandbox must not show one person another's DMs. */
  async function requireMember(userId: string, spaceId: string): Promise<string | null> {
    const personId = await personOf(userId);
    if (spaceId === ownDm(userId, personId)) return personId;
    const member =
      personId && (await db.sandboxMember.findUnique({ where: { spaceId_personId: { spaceId, personId } } }));
    if (!member) throw new HttpError(403, t.notMember);
    return personId;
  }

  const query = (req: Request, name: string) => {
    const value = req.query[name];
    if (typeof value !== "string" || !value) throw new HttpError(400, t.badRequest);
    return value;
  };

  router.get("/", (_req, res) => {
    res.type("html").send(page);
  });
  router.use("/sandbox/assets", express.static(publicDir, { index: false }));
  router.use("/sandbox/api", express.json({ limit: "200kb" }));

  router.get("/sandbox/api/users", async (_req, res) => {
    const users = await db.sandboxUser.findMany({ orderBy: { name: "asc" } });
    const identities = await db.chatIdentity.findMany({
      where: { platform: "sandbox", workspaceId: SANDBOX_WORKSPACE },
      include: { person: { include: { roles: { include: { school: { select: { name: true } } } } } } },
    });
    const people = new Map(identities.map((i) => [i.userId, i.person]));
    const names = new Map<string, Map<string, string>>(); // the role names of each SWV
    const result = [];
    for (const user of users) {
      const person = people.get(user.id);
      if (person && !names.has(person.swvId)) names.set(person.swvId, await roleNames(db, person.swvId));
      const role = person ? describeRoles(person.roles, names.get(person.swvId)) : t.noPerson;
      result.push({ id: user.id, name: user.name, role });
    }
    res.json({ users: result });
  });

  router.get("/sandbox/api/spaces", async (req, res) => {
    const userId = query(req, "user");
    const personId = await personOf(userId);
    const spaces = personId
      ? await db.sandboxSpace.findMany({
          where: { members: { some: { personId } } },
          include: { _count: { select: { messages: true } } },
        })
      : [];
    const dm = ownDm(userId, personId);
    const order = { dm: 0, case: 1, channel: 2 } as Record<string, number>;
    const listed = spaces.map((s) => ({ id: s.id, kind: s.kind, name: s.name, count: s._count.messages }));
    if (!listed.some((s) => s.id === dm)) listed.push({ id: dm, kind: "dm", name: "Knoop", count: 0 });
    listed.sort((a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3) || a.name.localeCompare(b.name, "nl"));
    res.json({
      spaces: listed.map((s) => ({
        ...s,
        name: s.kind === "dm" ? t.dm : s.kind === "channel" ? `#${s.name}` : s.name,
      })),
    });
  });

  router.get("/sandbox/api/messages", async (req, res) => {
    const userId = query(req, "user");
    const spaceId = query(req, "space");
    await requireMember(userId, spaceId);
    const rows = await db.sandboxMessage.findMany({
      where: { spaceId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const messages = [];
    for (const m of rows)
      messages.push({
        id: m.id,
        at: m.createdAt.toISOString(),
        version: m.updatedAt.toISOString(),
        html: await renderMessageWithCharts(JSON.parse(m.body) as MessageView, locale, {
          id: m.id,
          time: label(m.createdAt),
          fileUrl: fileUrl(userId, m.id),
        }),
      });
    res.json({ messages });
  });

  /** A file block of a stored message, for a member of its space (the link in the message). */
  router.get("/sandbox/api/files", async (req, res) => {
    const userId = query(req, "user");
    const row = await db.sandboxMessage.findUnique({ where: { id: query(req, "message") } });
    if (!row) throw new HttpError(404, t.badRequest);
    await requireMember(userId, row.spaceId);
    const found = filesOf(JSON.parse(row.body) as MessageView)[Number(query(req, "file"))];
    if (!found) throw new HttpError(404, t.badRequest);
    res
      .type(found.mediaType)
      .attachment(found.name)
      .set("X-Content-Type-Options", "nosniff")
      .send(Buffer.from(fileBytes(found)));
  });

  router.post("/sandbox/api/intent", async (req, res) => {
    const parsed = intentBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, t.badRequest);
    const { user: userId, place: spaceId, messageId } = parsed.data;
    await requireMember(userId, spaceId);
    const kind = spaceId.startsWith("case:") ? "case" : spaceId.startsWith("dm:") ? "dm" : "channel";
    const place: Place = { kind, id: spaceId };
    const intent = parsed.data.intent as Intent;
    const user = { platform: "sandbox" as const, workspaceId: SANDBOX_WORKSPACE, userId };

    // A button's "update" replaces the message it was on, for everyone in the space (as chat.update
    // does): only the message in this space that carries this very button (action and value).
    const message = messageId ? await db.sandboxMessage.findUnique({ where: { id: messageId } }) : null;
    if (messageId) {
      const own = message?.spaceId === spaceId && intent.kind === "action" && carries(message.body, intent);
      if (!own) throw new HttpError(403, t.notThisMessage);
    }
    // A double click on a button or on Versturen: the second gets the first one's answer (see dedupe.ts).
    const work = () => handleIntent(core, user, place, intent);
    const { result: reply } =
      intent.kind === "command"
        ? { result: await work() }
        : await dedupe.once(
            hash([userId, spaceId, messageId, intent]),
            CLICK_WINDOW_MS,
            work,
            succeeded,
            handledElsewhere(locale),
          );

    let stored: string | undefined;
    if (reply.type === "update" && message) {
      await db.sandboxMessage.update({
        where: { id: message.id },
        data: { body: JSON.stringify(reply.message), updatedAt: core.clock.now() },
      });
      stored = message.id;
    }
    // A reply for everyone here is a message in the space, not a private answer.
    if (reply.type === "message" && reply.visibility === "everyone") {
      const now = core.clock.now();
      const row = await db.sandboxMessage.create({
        data: { spaceId, body: JSON.stringify(reply.message), createdAt: now, updatedAt: now },
      });
      stored = row.id;
    }
    res.json({
      type: reply.type,
      html: await replyHtml(reply, stored, userId),
      stored: Boolean(stored),
      at: core.clock.now(),
    });
  });

  async function replyHtml(reply: Reply, storedId?: string, userId?: string): Promise<string | null> {
    const ephemeral = { ephemeral: true, time: label(core.clock.now()) };
    const stored = (id: string) => ({ id, ...(userId ? { fileUrl: fileUrl(userId, id) } : {}) });
    switch (reply.type) {
      case "form":
      case "invalid":
        return renderForm(reply.form, locale);
      case "update":
        return renderMessageWithCharts(reply.message, locale, storedId ? stored(storedId) : ephemeral);
      case "message":
        return renderMessageWithCharts(reply.message, locale, storedId ? stored(storedId) : ephemeral);
      case "done":
        return reply.message ? renderMessageWithCharts(reply.message, locale, ephemeral) : null;
      case "page":
        return (
          await Promise.all(reply.messages.map((m) => renderMessageWithCharts(m, locale, ephemeral)))
        ).join("");
    }
  }

  router.get("/sandbox/api/clock", (_req, res) => {
    const now = time.now();
    res.json({ now, label: label(now) });
  });

  router.post("/sandbox/api/clock", async (req, res) => {
    const parsed = clockBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, t.badRequest);
    const now = await time.forward(parsed.data.minutes);
    res.json({ now, label: label(now) });
  });

  router.use("/sandbox/api", (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    if ((error as { type?: string }).type === "entity.parse.failed") {
      res.status(400).json({ error: t.badRequest });
      return;
    }
    core.logger.error({ err: error }, "sandbox: request failed");
    res.status(500).json({ error: t.failed });
  });

  return router;
}

/** Where the sandbox serves a stored message's n-th file block to this account. */
const fileUrl = (userId: string, messageId: string) => (index: number) =>
  `/sandbox/api/files?${new URLSearchParams({ user: userId, message: messageId, file: String(index) })}`;

/** Whether a stored message (its view as JSON, in whatever shape the views take) has a button
 * with this action and value. */
function carries(body: string, intent: { name: string; value: string }): boolean {
  const has = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(has);
    if (!node || typeof node !== "object") return false;
    const o = node as Record<string, unknown>;
    if (o.action === intent.name && (o.value ?? "") === intent.value) return true;
    return Object.values(o).some(has);
  };
  try {
    return has(JSON.parse(body));
  } catch {
    return false;
  }
}

/** "IB'er (School A, School B); Bestuurslid": a person's roles, for the person picker. */
function describeRoles(
  roles: { role: string; school: { name: string } | null }[],
  names?: Map<string, string>,
) {
  const grouped = new Map<string, string[]>();
  for (const r of roles) {
    const name = names?.get(r.role) ?? r.role;
    grouped.set(name, [...(grouped.get(name) ?? []), ...(r.school ? [r.school.name] : [])]);
  }
  return [...grouped].map(([name, at]) => (at.length ? `${name} (${at.join(", ")})` : name)).join("; ");
}

/** Fills the page's {{placeholders}} with escaped texts; the script gets its texts as JSON in `data-texts`. */
function fillPage(template: string, t: SandboxTexts): string {
  const forScript = JSON.stringify({
    ephemeral: t.ephemeral,
    noMessages: t.noMessages,
    noSpaces: t.noSpaces,
    unread: t.unread({ count: 0 }).replace("0", "{count}"),
    failed: t.failed,
    network: t.network,
  });
  return template.replace("{{texts}}", escapeHtml(forScript)).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = t[key as keyof SandboxTexts];
    return typeof value === "string" ? escapeHtml(value) : "";
  });
}
