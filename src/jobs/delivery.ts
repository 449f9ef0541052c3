import {
  type Account,
  type ChatPort,
  type ChatRequest,
  DeliveryFailure,
  type PortRequest,
  type SendResult,
} from "../chat/port.ts";
import type { Db } from "../store/client.ts";

/** The chat platforms this process delivers to: platform name -> ChatPort. The first one is the
 * fallback, for people with no account on any of them and for spaces from before routing. */
export class PortRegistry {
  private readonly byPlatform = new Map<string, ChatPort>();
  readonly fallback: string;

  constructor(ports: ChatPort[]) {
    if (!ports.length) throw new Error("PortRegistry: at least one ChatPort is needed");
    for (const port of ports) this.byPlatform.set(nameOf(port), port);
    this.fallback = nameOf(ports[0] as ChatPort);
  }

  has(platform: string): boolean {
    return this.byPlatform.has(platform);
  }

  get(platform: string): ChatPort {
    return this.byPlatform.get(platform) ?? (this.byPlatform.get(this.fallback) as ChatPort);
  }
}

export const nameOf = (port: ChatPort) => port.platform ?? "chat";

/** Where a request goes: the platform, the request with what the port needs, and the DM copies
 * for members of the space who are on another platform. */
export interface Route {
  platform: string;
  request: PortRequest;
  copies: { key: string; request: ChatRequest }[];
}

/** The key of the DM copy of `key` for a member on another platform (updates find it by it). */
export const copyKey = (key: string, personId: string) => `${key}:to:${personId}`;

type Identity = { personId: string; platform: string; workspaceId: string; userId: string };

/** Works out the platform and the accounts for a request (see README "Outbox and scheduler"). */
export class Router {
  constructor(
    private readonly db: Db,
    private readonly ports: PortRegistry,
  ) {}

  async route(request: ChatRequest, key: string, now: Date): Promise<Route> {
    switch (request.op) {
      case "dm": {
        const [identity] = (await this.identities([request.personId])).get(request.personId) ?? [];
        const platform = identity?.platform ?? this.ports.fallback;
        return {
          platform,
          request: { ...request, resolved: { account: identity && accountOf(identity) } },
          copies: [],
        };
      }
      case "post": {
        const space = await this.spaceOf(request.channelId);
        if (!space) return { platform: this.ports.fallback, request, copies: [] };
        const members = await this.db.chatSpaceMember.findMany({ where: { spaceId: space.id } });
        const copies = [];
        for (const [personId, found] of await this.identities(members.map((m) => m.personId))) {
          // Members with an account where the space is read it there; the others get a DM.
          if (!found.length || found.some((i) => i.platform === space.platform)) continue;
          copies.push({
            key: copyKey(key, personId),
            request: { op: "dm" as const, personId, message: request.message },
          });
        }
        return {
          platform: space.platform,
          request: { ...request, resolved: { workspaceId: space.workspaceId } },
          copies,
        };
      }
      case "update": {
        const earlier = await this.db.outboxMessage.findUnique({ where: { idempotencyKey: request.ofKey } });
        // Not sent yet (or not even queued yet): a plain error, retried with backoff.
        if (!earlier || earlier.status === "pending")
          throw new Error(`outbox: message ${request.ofKey} not sent yet`);
        const result = earlier.result
          ? (JSON.parse(earlier.result) as SendResult & { platform?: string })
          : {};
        if (!result.ref) throw new DeliveryFailure("refused", "original_not_sent");
        // The DM copies of the earlier message (members on another platform) are updated too.
        const copies = await this.db.outboxMessage.findMany({
          where: { idempotencyKey: { startsWith: copyKey(request.ofKey, "") } },
          select: { idempotencyKey: true },
        });
        return {
          platform:
            result.platform && this.ports.has(result.platform) ? result.platform : this.ports.fallback,
          request: { ...request, resolved: { earlier: result } },
          copies: copies.map((c) => ({
            key: copyKey(key, c.idempotencyKey.slice(copyKey(request.ofKey, "").length)),
            request: { op: "update" as const, ofKey: c.idempotencyKey, message: request.message },
          })),
        };
      }
      case "createCaseSpace":
      case "invite": {
        const spaceId = request.op === "invite" ? request.channelId : `case:${request.caseId}`;
        const space = (await this.spaceOf(spaceId)) ?? (await this.createSpace(spaceId, now));
        for (const personId of new Set(request.personIds))
          await this.db.chatSpaceMember.upsert({
            where: { spaceId_personId: { spaceId, personId } },
            create: { spaceId, personId },
            update: {},
          });
        const members = [];
        const unlinked = [];
        for (const [personId, found] of await this.identities(request.personIds)) {
          const here = found.filter((i) => i.platform === space.platform);
          const identity = here.find((i) => i.workspaceId === space.workspaceId) ?? here[0];
          if (identity) members.push({ personId, account: accountOf(identity) });
          else if (!found.length) unlinked.push(personId);
        }
        const workspaceId = space.workspaceId || undefined;
        return {
          platform: space.platform,
          request: { ...request, resolved: { workspaceId, members, unlinked } },
          copies: [],
        };
      }
    }
  }

  /** Each person's identities on the platforms this process reaches, preferred platform first,
   * then in the order they were linked. */
  private async identities(personIds: string[]): Promise<Map<string, Identity[]>> {
    const unique = [...new Set(personIds)];
    const [people, rows] = await Promise.all([
      this.db.person.findMany({
        where: { id: { in: unique } },
        select: { id: true, preferredPlatform: true },
      }),
      this.db.chatIdentity.findMany({
        where: { personId: { in: unique } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
    ]);
    const preferred = new Map(people.map((p) => [p.id, p.preferredPlatform]));
    const byPerson = new Map<string, Identity[]>(unique.map((id) => [id, []]));
    for (const row of rows) if (this.ports.has(row.platform)) byPerson.get(row.personId)?.push(row);
    for (const [id, list] of byPerson)
      list.sort(
        (a, b) => Number(b.platform === preferred.get(id)) - Number(a.platform === preferred.get(id)),
      );
    return byPerson;
  }

  private async spaceOf(id: string) {
    const space = await this.db.chatSpace.findUnique({ where: { id } });
    return space && this.ports.has(space.platform) ? space : null;
  }

  /** A case space lives where its regisseur is (their preferred platform), in their workspace;
   * without a reachable regisseur on the fallback platform, in the SWV's workspace there. */
  private async createSpace(id: string, now: Date) {
    const kase = id.startsWith("case:")
      ? await this.db.case.findUnique({
          where: { id: id.slice(5) },
          select: { swvId: true, regisseurId: true },
        })
      : null;
    const [identity] = kase ? ((await this.identities([kase.regisseurId])).get(kase.regisseurId) ?? []) : [];
    const platform = identity?.platform ?? this.ports.fallback;
    const workspace =
      identity?.workspaceId ??
      (kase
        ? (
            await this.db.workspace.findFirst({
              where: { platform, swvId: kase.swvId },
              orderBy: { createdAt: "asc" },
            })
          )?.externalId
        : undefined);
    return this.db.chatSpace.upsert({
      where: { id },
      create: { id, platform, workspaceId: workspace ?? "", createdAt: now },
      update: {},
    });
  }
}

const accountOf = (i: Identity): Account => ({ workspaceId: i.workspaceId, userId: i.userId });
