import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import express from "express";
import jwt from "jsonwebtoken";

/**
 * Microsoft on loopback https, for the Teams tests (TLS verification stays on: the test CA of
 * tests/fixtures/tls is trusted through NODE_EXTRA_CA_CERTS, set in vitest.config.ts):
 * - the channel's OpenID configuration and JWKS (`/botframework/...`), whose key `channel` is
 *   endorsed for msteams, and `sign()` to make the tokens Teams would send;
 * - the login service MSAL asks for Knoop's own tokens (`/{tenant}/v2.0/.well-known/...` and
 *   `/{tenant}/oauth2/v2.0/token`), which records each token it issues and for which scope;
 * - the Bot Framework connector (`/v3/conversations/...`): records every activity, checks that
 *   its bearer token came from this login service for the token issuer's scope, and creates
 *   1:1 conversations (refused for people who do not have the app, as Teams does).
 */

type Json = Record<string, unknown>;

const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));

export const APP_ID = "00000000-0000-4000-8000-00000000a99e";
export const APP_PASSWORD = "test-client-secret";
export const TENANT = "11111111-1111-4111-8111-111111111111";
export const ISSUER = "https://api.botframework.test";

/** "knoop help" in a personal chat from someone Knoop does not know, as the Teams channel posts it
 * to `/api/messages` (a started Knoop's own tests; `teams-knoop.ts` builds a cast's activities). */
export const strangerMessage = (serviceUrl: string, id: string, conversationId: string) => ({
  type: "message",
  id,
  channelId: "msteams",
  serviceUrl,
  from: { id: "29:someone", name: "Iemand", aadObjectId: "aad-someone" },
  conversation: { id: conversationId, conversationType: "personal", tenantId: TENANT },
  recipient: { id: `28:${APP_ID}`, name: "Knoop" },
  channelData: { tenant: { id: TENANT } },
  text: "knoop help",
});

/** One call the fake connector received. */
export interface ConnectorCall {
  method: "POST" | "PUT" | "GET" | "DELETE";
  path: string;
  conversationId: string;
  /** The activity id in the path (a reply or an update), when there is one. */
  activityId?: string;
  body: Json;
  /** The id the fake gave the activity. */
  id?: string;
  /** The bearer token was one the fake login service issued for the connector's scope. */
  authorized: boolean;
  /** A forced answer's status (429, 403, ...), when the call got one. */
  forcedStatus?: number;
}

export interface ForcedAnswer {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

const issuedTokens = new Map<string, string>();
const tokenRequests: { clientId: string; scope: string; tenant: string }[] = [];

export class FakeMicrosoft {
  readonly calls: ConnectorCall[] = [];
  /** Tokens issued by the login service -> their scope. One map for every fake in the process:
   * botbuilder keeps connector tokens in a process-wide cache (by app id and scope), so a second
   * fake in the same test file sees tokens the first one issued. */
  readonly issued = issuedTokens;
  /** Token requests the login service received (client id, scope), process-wide as `issued`. */
  readonly tokenRequests = tokenRequests;
  /** Entra object ids of people who have the app installed (createConversation refuses the others). */
  readonly installedFor = new Set<string>();
  /** Answers for the next connector calls, in order (429s, 403s, 5xx). */
  readonly forced: ForcedAnswer[] = [];
  readonly channelKey = keyPair();
  /** A key the JWKS serves without the msteams endorsement. */
  readonly unendorsedKey = keyPair();
  /** Scopes whose token is fixed (e.g. Graph's, which the fake Graph checks for one token). */
  readonly fixedTokens = new Map<string, string>();
  /** Members per conversation (or team) id, for GET .../pagedmembers (pages of `pageSize`). */
  readonly members = new Map<string, { id: string; name: string; aadObjectId?: string }[]>();
  private server?: Server;
  private counter = 0;
  url = "";

  get serviceUrl(): string {
    return `${this.url}/connector/`;
  }
  get openIdMetadataUrl(): string {
    return `${this.url}/botframework/v1/.well-known/openidconfiguration`;
  }
  /** The login host (an origin, as TEAMS_LOGIN_URL). */
  get loginUrl(): string {
    return this.url;
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    app.use(express.urlencoded({ extended: false }));

    app.get("/botframework/v1/.well-known/openidconfiguration", (_req, res) => {
      res.json({
        issuer: ISSUER,
        authorization_endpoint: `${this.url}/botframework/authorize`,
        jwks_uri: `${this.url}/botframework/v1/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    });
    app.get("/botframework/v1/keys", (_req, res) => {
      res.json({
        keys: [
          {
            ...this.channelKey.publicKey.export({ format: "jwk" }),
            kid: "channel",
            use: "sig",
            endorsements: ["msteams", "webchat"],
          },
          {
            ...this.unendorsedKey.publicKey.export({ format: "jwk" }),
            kid: "unendorsed",
            use: "sig",
            endorsements: ["webchat"],
          },
        ],
      });
    });

    app.get("/:tenant/v2.0/.well-known/openid-configuration", (req, res) => {
      const base = `${this.url}/${req.params.tenant}`;
      res.json({
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    });
    app.post("/:tenant/oauth2/v2.0/token", (req, res) => {
      const body = req.body as Record<string, string>;
      const scope = String(body.scope ?? "")
        .split(" ")
        .find((s) => s.endsWith("/.default"));
      this.tokenRequests.push({
        clientId: body.client_id ?? "",
        scope: scope ?? "",
        tenant: req.params.tenant,
      });
      if (
        body.grant_type !== "client_credentials" ||
        body.client_id !== APP_ID ||
        body.client_secret !== APP_PASSWORD ||
        req.params.tenant !== TENANT ||
        !scope
      ) {
        res
          .status(401)
          .json({ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret" });
        return;
      }
      const token = this.fixedTokens.get(scope) ?? randomBytes(24).toString("base64url");
      this.issued.set(token, scope);
      res.json({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
    });

    const connector = express.Router();
    const authorized = (header?: string) => {
      const token = /^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "";
      return this.issued.get(token) === `${ISSUER}/.default`;
    };
    const record = (req: express.Request, res: express.Response, method: ConnectorCall["method"]) => {
      const call: ConnectorCall = {
        method,
        path: req.path,
        conversationId: decodeURIComponent(String(req.params.conversationId ?? "")),
        activityId: req.params.activityId ? decodeURIComponent(String(req.params.activityId)) : undefined,
        body: (req.body ?? {}) as Json,
        authorized: authorized(req.header("authorization")),
      };
      this.calls.push(call);
      if (!call.authorized) {
        res.status(401).json({ message: "Authorization has been denied for this request." });
        return null;
      }
      const forced = this.forced.shift();
      if (forced) {
        call.forcedStatus = forced.status;
        res
          .status(forced.status)
          .set(forced.headers ?? {})
          .json(forced.body ?? {});
        return null;
      }
      return call;
    };
    connector.post("/v3/conversations", (req, res) => {
      const call = record(req, res, "POST");
      if (!call) return;
      const body = call.body as { members?: { id?: string; aadObjectId?: string }[]; tenantId?: string };
      const member = body.members?.[0];
      const aad = member?.aadObjectId ?? member?.id ?? "";
      if (body.members?.length !== 1 || !this.installedFor.has(aad)) {
        res.status(403).json({
          error: {
            code: "BotNotInConversationRoster",
            message: "The bot is not part of the conversation roster.",
          },
        });
        return;
      }
      call.id = `a:personal-${aad}`;
      res.status(201).json({ id: call.id });
    });
    const send = (req: express.Request, res: express.Response) => {
      const call = record(req, res, "POST");
      if (!call) return;
      call.id = `1${String(++this.counter).padStart(12, "0")}`;
      res.status(200).json({ id: call.id });
    };
    connector.post("/v3/conversations/:conversationId/activities", send);
    connector.post("/v3/conversations/:conversationId/activities/:activityId", send);
    connector.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      const call = record(req, res, "PUT");
      if (!call) return;
      call.id = call.activityId;
      res.status(200).json({ id: call.activityId });
    });
    connector.get("/v3/conversations/:conversationId/pagedmembers", (req, res) => {
      const call = record(req, res, "GET");
      if (!call) return;
      const all = this.members.get(call.conversationId);
      if (!all) return void res.status(404).json({ error: { code: "ConversationNotFound" } });
      const start = Number(req.query.continuationToken ?? 0);
      const size = Number(req.query.pageSize ?? 50);
      const page = all.slice(start, start + size);
      res.status(200).json({
        members: page,
        ...(start + size < all.length ? { continuationToken: String(start + size) } : {}),
      });
    });
    app.use("/connector", connector);

    this.server = createServer({ key: tls("localhost.key"), cert: tls("localhost.pem") }, app);
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `https://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A token as the Bot Framework channel signs it for Knoop; `claims` override the defaults. */
  sign(claims: Json = {}, options: { key?: KeyObject; kid?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign(
      {
        iss: ISSUER,
        aud: APP_ID,
        serviceurl: this.serviceUrl,
        nbf: now - 60,
        exp: now + 3600,
        ...claims,
      },
      options.key ?? this.channelKey.privateKey,
      { algorithm: "RS256", keyid: options.kid ?? "channel" },
    );
  }

  /** Activities sent (not updated) to a conversation, newest last. */
  sent(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) =>
        c.method === "POST" && c.conversationId && (!conversationId || c.conversationId === conversationId),
    );
  }
}

const keyPair = () => generateKeyPairSync("rsa", { modulusLength: 2048 });

/** The Adaptive Cards of an activity. */
export const cardsOf = (activity: Json | undefined): Json[] =>
  ((activity?.attachments as { contentType?: string; content?: Json }[] | undefined) ?? [])
    .filter((a) => a.contentType === "application/vnd.microsoft.card.adaptive")
    .map((a) => a.content as Json);
