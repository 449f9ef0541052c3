import { createPublicKey, type KeyObject } from "node:crypto";
import type { RequestHandler } from "express";
import jwt from "jsonwebtoken";
import type { Logger } from "../../core/logger.ts";
import type { TeamsConfig } from "./credentials.ts";

/** How long the channel's OpenID configuration and keys are kept; an unknown key id fetches them
 * again, but at most once per REFRESH_MS (a flood of made-up key ids must not flood Microsoft). */
const KEEP_MS = 60 * 60_000;
const REFRESH_MS = 60_000;
/** The clock skew botbuilder allows too. */
const CLOCK_TOLERANCE_S = 300;

interface Jwk {
  kid?: string;
  kty?: string;
  endorsements?: string[];
  [k: string]: unknown;
}

export class AuthFailure extends Error {}

/** The signing keys of the channel, from its OpenID configuration's jwks_uri. */
export class ChannelKeys {
  private keys = new Map<string, { key: KeyObject; endorsements: string[] }>();
  private fetchedAt = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly metadataUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(kid: string): Promise<{ key: KeyObject; endorsements: string[] } | undefined> {
    const stale = this.now() - this.fetchedAt > KEEP_MS;
    if (stale || (!this.keys.has(kid) && this.now() - this.fetchedAt > REFRESH_MS)) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    const metadata = (await getJson(this.metadataUrl)) as { jwks_uri?: string };
    if (!metadata.jwks_uri) throw new Error("teams: OpenID configuration without jwks_uri");
    const jwks = (await getJson(metadata.jwks_uri)) as { keys?: Jwk[] };
    const keys = new Map<string, { key: KeyObject; endorsements: string[] }>();
    for (const jwk of jwks.keys ?? []) {
      if (!jwk.kid || jwk.kty !== "RSA") continue;
      try {
        const { endorsements = [], ...rest } = jwk;
        keys.set(jwk.kid, { key: createPublicKey({ key: rest, format: "jwk" }), endorsements });
      } catch {
        // a key we cannot read is a key nobody can use to get in
      }
    }
    this.keys = keys;
    this.fetchedAt = this.now();
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`teams: ${url} answered ${response.status}`);
  return response.json();
}

/** Checks one request's bearer token as the Bot Framework prescribes: RS256 with a key from the
 * channel's JWKS that is endorsed for msteams, audience = the app id, the token issuer, expiry and
 * not-before, and the `serviceUrl` claim equal to the activity's. Throws AuthFailure. */
export async function verifyChannelToken(
  header: string | undefined,
  serviceUrl: string,
  config: Pick<TeamsConfig, "appId" | "tokenIssuer">,
  keys: ChannelKeys,
): Promise<jwt.JwtPayload> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header ?? "")?.[1];
  if (!token) throw new AuthFailure("no bearer token");
  const decoded = jwt.decode(token, { complete: true });
  if (decoded?.header.alg !== "RS256" || !decoded.header.kid) throw new AuthFailure("not RS256");
  let found: Awaited<ReturnType<ChannelKeys["get"]>>;
  try {
    found = await keys.get(decoded.header.kid);
  } catch (error) {
    // The OpenID service is down: nobody gets in, and it is our problem, not the caller's.
    throw new AuthFailure(`keys unavailable: ${(error as Error).message}`);
  }
  if (!found) throw new AuthFailure("unknown key");
  if (!found.endorsements.includes("msteams")) throw new AuthFailure("key not endorsed for msteams");
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, found.key, {
      algorithms: ["RS256"],
      audience: config.appId,
      issuer: config.tokenIssuer,
      clockTolerance: CLOCK_TOLERANCE_S,
    }) as jwt.JwtPayload;
  } catch (error) {
    throw new AuthFailure((error as Error).message);
  }
  if (typeof payload.exp !== "number") throw new AuthFailure("no expiry");
  if (normalized(String(payload.serviceurl ?? payload.serviceUrl ?? "")) !== normalized(serviceUrl))
    throw new AuthFailure("serviceUrl mismatch");
  return payload;
}

const normalized = (url: string) => url.replace(/\/+$/, "").toLowerCase();

/** Express middleware in front of the SDK: a body that is no activity answers 400, any token that
 * does not pass `verifyChannelToken` 401 (never 500: botbuilder itself answers 500 to some). */
export function requireChannelToken(
  config: TeamsConfig,
  keys: ChannelKeys,
  logger: Logger,
  malformed: string,
): RequestHandler {
  return async (req, res, next) => {
    const activity = req.body as { type?: unknown; serviceUrl?: unknown } | undefined;
    if (!activity || typeof activity !== "object" || Array.isArray(activity)) {
      res.status(400).type("text/plain").send(malformed);
      return;
    }
    if (typeof activity.type !== "string" || typeof activity.serviceUrl !== "string") {
      res.status(400).type("text/plain").send(malformed);
      return;
    }
    try {
      await verifyChannelToken(req.header("authorization"), activity.serviceUrl, config, keys);
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, "teams: request refused (authentication)");
      res.status(401).send();
      return;
    }
    next();
  };
}
