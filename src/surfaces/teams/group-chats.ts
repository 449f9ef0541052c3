/**
 * Private case spaces in Teams: a group chat per case, created through Microsoft Graph (the Bot
 * Framework connector cannot create group chats), with Knoop installed in it so it can post there.
 * The topic is the case code only; members are the participants with a Teams identity.
 *
 * Every refused call becomes a GraphError whose kind says what to do (`permissions`: an admin must
 * grant `grant`; `retry`: try again later; ...), and `advice` tells the SWV's beheerder in Dutch.
 */
import type { Locale } from "../../core/i18n.ts";
import { defineTexts } from "../../core/texts.ts";
import {
  graphApplicationPermissions as app,
  type GraphPermission,
  resourceSpecificPermissions as rsc,
} from "./permissions.ts";

export interface GraphClientOptions {
  /** The Graph origin (`TEAMS_GRAPH_URL`, default https://graph.microsoft.com; other hosts in government clouds). */
  graphUrl: string;
  /** An app-only Graph access token (client credentials, scope `{graphUrl}/.default`). */
  token: () => Promise<string>;
}

/** A person in a case chat: their Entra object id (the `aadObjectId` of their Teams account). */
export interface ChatParticipant {
  aadObjectId?: string;
}

export type GraphErrorKind =
  | "permissions" // 403: a permission is not granted (grant lists which)
  | "unauthorized" // 401: Knoop's own token was refused (app id, secret or tenant wrong)
  | "not-found" // 404: the chat, user or app does not exist (or is not visible to Knoop)
  | "invalid" // 400/409: Graph refused the request as such
  | "retry"; // 429/5xx/network: try again later (retryAfterSeconds when Graph said)

export class GraphError extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    /** What Knoop tried, e.g. "POST /chats". */
    readonly operation: string,
    readonly status: number | undefined,
    /** The permission(s) an admin must grant (kind `permissions`). */
    readonly grant: GraphPermission[],
    /** Graph's own error code and message, for the log (never holds pupil data: Knoop sends none). */
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Graph ${operation} failed (${status ?? "no response"}, ${kind}): ${detail}`);
    this.name = "GraphError";
  }

  /** What the SWV's beheerder is told. */
  advice(locale: Locale): string {
    const t = texts(locale);
    switch (this.kind) {
      case "permissions": {
        const perChat: string[] = Object.values(rsc);
        const grant = this.grant.join(", ");
        return this.grant.some((g) => perChat.includes(g))
          ? t.permissionsPerChat({ grant })
          : t.permissions({ grant });
      }
      case "unauthorized":
        return t.unauthorized;
      case "not-found":
        return t.notFound({ operation: this.operation });
      case "invalid":
        return t.invalid({ operation: this.operation, detail: this.detail });
      case "retry":
        return t.retry;
    }
  }
}

const texts = defineTexts(
  {
    permissions: (p: { grant: string }) =>
      `Knoop mag in Microsoft Teams geen groepschat voor een casus maken of beheren: de toestemming ${p.grant} is niet verleend. Laat een Microsoft 365-beheerder die in Entra ID verlenen (App-registraties -> Knoop -> API-machtigingen -> Microsoft Graph, toepassingsmachtigingen, daarna "Beheerderstoestemming verlenen"). Tot dan krijgen de deelnemers de berichten van de casus in hun eigen chat met Knoop.`,
    permissionsPerChat: (p: { grant: string }) =>
      `Knoop mag de deelnemers van de groepschat van een casus niet beheren: de toestemming per chat ${p.grant} is niet verleend. Laat een Teams-beheerder in het Teams-beheercentrum toestemming per chat (resource-specific consent) voor Knoop toestaan (Teams-apps -> Machtigingsbeleid, of Instellingen voor toestemming), en Knoop opnieuw aan de chat toevoegen.`,
    unauthorized:
      "Microsoft Graph weigert het token van Knoop. Controleer TEAMS_APP_ID, TEAMS_APP_PASSWORD (het clientgeheim kan verlopen zijn) en TEAMS_TENANT_ID.",
    notFound: (p: { operation: string }) =>
      `Microsoft Graph vindt niet wat Knoop zocht (${p.operation}): staat Knoop in de app-catalogus van jullie organisatie, en hoort iedere deelnemer bij jullie tenant?`,
    invalid: (p: { operation: string; detail: string }) =>
      `Microsoft Graph weigerde ${p.operation}: ${p.detail}`,
    retry: "Microsoft Graph is even niet bereikbaar of te druk. Knoop probeert het later opnieuw.",
  },
  {
    permissions: (p) =>
      `Knoop may not create or manage a group chat for a case in Microsoft Teams: the permission ${p.grant} is not granted. Ask a Microsoft 365 admin to grant it in Entra ID (App registrations -> Knoop -> API permissions -> Microsoft Graph, application permissions, then "Grant admin consent"). Until then the participants get the case's messages in their own chat with Knoop.`,
    permissionsPerChat: (p) =>
      `Knoop may not manage the members of a case's group chat: the per-chat permission ${p.grant} is not granted. Ask a Teams admin to allow resource-specific consent for Knoop in the Teams admin center, and to add Knoop to the chat again.`,
    unauthorized:
      "Microsoft Graph refuses Knoop's token. Check TEAMS_APP_ID, TEAMS_APP_PASSWORD (the client secret may have expired) and TEAMS_TENANT_ID.",
    notFound: (p) =>
      `Microsoft Graph cannot find what Knoop looked for (${p.operation}): is Knoop in your organisation's app catalog, and is every participant in your tenant?`,
    invalid: (p) => `Microsoft Graph refused ${p.operation}: ${p.detail}`,
    retry: "Microsoft Graph is unreachable or too busy for now. Knoop will try again later.",
  },
);

/** The Graph calls of the case chats, each with the permission it needs. */
export class TeamsGroupChats {
  constructor(private readonly options: GraphClientOptions) {}

  /**
   * Creates the private group chat of a case. Participants without a Teams identity are left out
   * (returned in `leftOut`, so the caller reaches them elsewhere); with fewer than two left there is
   * no group chat to make (`chatId` undefined). Every member is an owner, as Graph requires for
   * chats an application creates. The topic is the case code only: nothing about the pupil.
   */
  async createCaseChat<P extends ChatParticipant>(
    caseCode: string,
    participants: P[],
  ): Promise<{ chatId?: string; leftOut: P[] }> {
    const members = participants.filter((p) => p.aadObjectId);
    const leftOut = participants.filter((p) => !p.aadObjectId);
    if (members.length < 2) return { leftOut };
    const body = {
      chatType: "group",
      topic: caseCode,
      members: members.map((p) => this.member(p.aadObjectId as string)),
    };
    const chat = await this.call<{ id: string }>("POST", "/chats", [app.create], body);
    return { chatId: chat.id, leftOut };
  }

  /** The id of Knoop in the organisation's app catalog (differs from the manifest id for uploaded apps). */
  async catalogAppId(manifestId: string): Promise<string> {
    const filter = encodeURIComponent(`externalId eq '${manifestId.replace(/'/g, "''")}'`);
    const found = await this.call<{ value: { id: string }[] }>(
      "GET",
      `/appCatalogs/teamsApps?$filter=${filter}`,
      [app.readCatalog],
    );
    const id = found.value[0]?.id;
    if (!id)
      throw new GraphError(
        "not-found",
        "GET /appCatalogs/teamsApps",
        200,
        [],
        `no app with externalId ${manifestId}`,
      );
    return id;
  }

  /** Installs Knoop in a chat (the bot learns the conversation from the `membersAdded` event). */
  async installApp(chatId: string, catalogAppId: string): Promise<void> {
    await this.call("POST", `/chats/${encodeURIComponent(chatId)}/installedApps`, [app.installInChat], {
      "teamsApp@odata.bind": `${this.base()}/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`,
    });
  }

  /** Adds a participant (no earlier history shown: they see what is posted from now on). */
  async addMember(chatId: string, aadObjectId: string): Promise<void> {
    await this.call(
      "POST",
      `/chats/${encodeURIComponent(chatId)}/members`,
      [rsc.manageChat],
      this.member(aadObjectId),
    );
  }

  /** Removes a participant; false when they were not a member. */
  async removeMember(chatId: string, aadObjectId: string): Promise<boolean> {
    const path = `/chats/${encodeURIComponent(chatId)}/members`;
    const list = await this.call<{ value: { id: string; userId?: string }[] }>("GET", path, [rsc.manageChat]);
    const membership = list.value.find((m) => m.userId?.toLowerCase() === aadObjectId.toLowerCase());
    if (!membership) return false;
    await this.call("DELETE", `${path}/${encodeURIComponent(membership.id)}`, [rsc.manageChat]);
    return true;
  }

  private base(): string {
    return `${this.options.graphUrl.replace(/\/+$/, "")}/v1.0`;
  }

  private member(aadObjectId: string) {
    return {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      roles: ["owner"],
      "user@odata.bind": `${this.base()}/users('${encodeURIComponent(aadObjectId)}')`,
    };
  }

  private async call<T = unknown>(
    method: string,
    path: string,
    needs: GraphPermission[],
    body?: unknown,
  ): Promise<T> {
    const operation = `${method} ${path.split("?")[0]}`;
    let response: Response;
    try {
      response = await fetch(`${this.base()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.options.token()}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new GraphError(
        "retry",
        operation,
        undefined,
        [],
        error instanceof Error ? error.message : String(error),
      );
    }
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : {}) as T;
    throw classify(operation, response, text, needs);
  }
}

/** Graph's answer as a GraphError: what went wrong and what to do about it. */
function classify(operation: string, response: Response, text: string, needs: GraphPermission[]): GraphError {
  let detail = text.slice(0, 300);
  try {
    const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    if (error) detail = `${error.code ?? ""}: ${error.message ?? ""}`;
  } catch {
    // not JSON: keep the start of the body
  }
  const status = response.status;
  const retryAfter = Number(response.headers.get("retry-after"));
  const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  if (status === 403) return new GraphError("permissions", operation, status, needs, detail);
  if (status === 401) return new GraphError("unauthorized", operation, status, [], detail);
  if (status === 404) return new GraphError("not-found", operation, status, [], detail);
  if (status === 429 || status >= 500) return new GraphError("retry", operation, status, [], detail, seconds);
  return new GraphError("invalid", operation, status, [], detail);
}
