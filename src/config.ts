import { z } from "zod";
import { type Locale, type MessageKey, t } from "./core/i18n.ts";
import { parseMasterKeys } from "./store/envelope.ts";

/** Every setting Knoop reads from the environment, in one place. */
const optionalText = z.string().trim().min(1, "config.expect.text").optional();

const httpsUrl = z.url({ protocol: /^https$/, error: "config.expect.httpsUrl" });

/** An origin such as https://login.microsoftonline.com: MSAL reads the tenant from the first
 * path segment of the authority, so the login host may carry no path of its own. */
const isOrigin = (u: string) => {
  try {
    const url = new URL(u);
    return url.pathname === "/" && !url.search && !url.hash;
  } catch {
    return false;
  }
};

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const seconds = (fallback: number) =>
  z.coerce
    .number({ error: "config.expect.seconds" })
    .int("config.expect.seconds")
    .min(1, "config.expect.seconds")
    .default(fallback);

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .default("file:./data/knoop.db")
      .refine((u) => /^(file:.+|postgres(ql)?:\/\/.+)$/.test(u), "config.expect.databaseUrl"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce
      .number({ error: "config.expect.port" })
      .int("config.expect.port")
      .min(0, "config.expect.port")
      .max(65535, "config.expect.port")
      .default(3000),
    /** The address people and Microsoft reach Knoop at (https://host), e.g. for the Teams app package. */
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: "config.expect.url" }).optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "config.expect.logLevel",
      })
      .default("info"),
    LOCALE: z.enum(["nl", "en"], { error: "config.expect.locale" }).default("nl"),
    TIMEZONE: z.string().default("Europe/Amsterdam").refine(isTimeZone, "config.expect.timezone"),
    SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "config.expect.slackBotToken").optional(),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: z.string().startsWith("xapp-", "config.expect.slackAppToken").optional(),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: "config.expect.url" })
      .default("https://slack.com/api/"),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText,
    TEAMS_APP_ID: optionalText,
    TEAMS_APP_PASSWORD: optionalText,
    TEAMS_TENANT_ID: optionalText,
    // Microsoft's endpoints are configuration: government clouds use other hosts, and so do tests.
    TEAMS_OPENID_METADATA_URL: httpsUrl.default(
      "https://login.botframework.com/v1/.well-known/openidconfiguration",
    ),
    TEAMS_TOKEN_ISSUER: httpsUrl.default("https://api.botframework.com"),
    TEAMS_LOGIN_URL: httpsUrl
      .refine(isOrigin, "config.expect.origin")
      .default("https://login.microsoftonline.com"),
    TEAMS_GRAPH_URL: httpsUrl.default("https://graph.microsoft.com"),
    /** Set: GET /metrics only with `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: optionalText,
    OUTBOX_STALL_SECONDS: seconds(300),
    SHUTDOWN_TIMEOUT_SECONDS: seconds(10),
    /** The master key of encryption at rest (base64 of 32 bytes; "new,old" while changing it). */
    KNOOP_DATA_KEY: z
      .string()
      .trim()
      .refine((k) => parseMasterKeys(k) !== null, "config.expect.dataKey")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
      ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "config.expect.slackPair" });
    if (env.SLACK_CLIENT_ID && (!env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET))
      ctx.addIssue({ code: "custom", path: ["SLACK_CLIENT_ID"], message: "config.expect.slackOauth" });
    if (env.SLACK_CLIENT_ID && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
      ctx.addIssue({ code: "custom", path: ["SLACK_CLIENT_ID"], message: "config.expect.slackPair" });
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN && !env.SLACK_CLIENT_ID)
      ctx.addIssue({
        code: "custom",
        path: [env.SLACK_SIGNING_SECRET ? "SLACK_SIGNING_SECRET" : "SLACK_APP_TOKEN"],
        message: "config.expect.slackAuth",
      });
    if (env.TEAMS_APP_PASSWORD && !env.TEAMS_APP_ID)
      ctx.addIssue({ code: "custom", path: ["TEAMS_APP_PASSWORD"], message: "config.expect.teamsAppId" });
    if (env.TEAMS_APP_ID && (!env.TEAMS_APP_PASSWORD || !env.TEAMS_TENANT_ID))
      ctx.addIssue({ code: "custom", path: ["TEAMS_APP_ID"], message: "config.expect.teamsPair" });
    // The sandbox makes a local key file; a real deployment must hold its key apart from the data.
    const chat = env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID || env.TEAMS_APP_ID;
    if (chat && !env.KNOOP_DATA_KEY)
      ctx.addIssue({ code: "custom", path: ["KNOOP_DATA_KEY"], message: "config.expect.dataKeyRequired" });
  });

export type Env = z.infer<typeof schema>;

/** The names of every variable Knoop reads (documented in .env.example). */
export const envVariables = Object.keys(schema.shape);

export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl?: string;
  logLevel: Env["LOG_LEVEL"];
  locale: Locale;
  timezone: string;
  metricsToken?: string;
  /** /readyz: a due outbox message older than this with nothing sent meanwhile is a stall. */
  outboxStallMs?: number;
  /** SIGTERM: exit within this, in-flight work done or not. */
  shutdownTimeoutMs?: number;
  /** KNOOP_DATA_KEY decoded: the master key(s), the first wraps new data keys. Unset: the sandbox's
   * local key file (store/master-key.ts). */
  dataKeys?: Buffer[];
  slack?: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    /** The OAuth install flow (more than one workspace): all three or none. */
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
  };
  teams?: {
    appId: string;
    password: string;
    /** The app's home tenant: Knoop's own tokens come from `${loginUrl}/${tenantId}`. */
    tenantId: string;
    /** Inbound: the OpenID configuration whose keys sign the channel's tokens. */
    openIdMetadataUrl: string;
    /** Inbound: the issuer of the channel's tokens; outbound: the audience of Knoop's tokens. */
    tokenIssuer: string;
    /** The authority host (an origin) of Knoop's own tokens. */
    loginUrl: string;
    graphUrl: string;
  };
}

export class ConfigError extends Error {}

/** A value as it may appear in an error line: secrets hidden, URL passwords masked. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined || value === "") return '""';
  if (/TOKEN|SECRET|PASSWORD|KEY/.test(name)) return "***";
  return JSON.stringify(value.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@"));
}

/** Reads the environment. A bad value throws a ConfigError whose message is one
 * readable line naming the variable and what it expects. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset (a blank line in .env must not break start-up).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  const locale: Locale = env.LOCALE === "en" ? "en" : "nl";
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "?");
    const key = (issue?.message ?? "config.expect.text") as MessageKey;
    const expected = key.startsWith("config.expect.") ? t(locale, key as "config.expect.text") : key;
    throw new ConfigError(t(locale, "config.invalid", { name, expected, got: shown(name, env[name]) }));
  }
  const e = parsed.data;
  const slackConfigured =
    e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN || e.SLACK_CLIENT_ID;
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    locale: e.LOCALE,
    timezone: e.TIMEZONE,
    metricsToken: e.METRICS_TOKEN,
    outboxStallMs: e.OUTBOX_STALL_SECONDS * 1000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    dataKeys: e.KNOOP_DATA_KEY ? (parseMasterKeys(e.KNOOP_DATA_KEY) ?? undefined) : undefined,
    slack: slackConfigured
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          clientId: e.SLACK_CLIENT_ID,
          clientSecret: e.SLACK_CLIENT_SECRET,
          stateSecret: e.SLACK_STATE_SECRET,
        }
      : undefined,
    teams:
      e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD && e.TEAMS_TENANT_ID
        ? {
            appId: e.TEAMS_APP_ID,
            password: e.TEAMS_APP_PASSWORD,
            tenantId: e.TEAMS_TENANT_ID,
            openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
            tokenIssuer: e.TEAMS_TOKEN_ISSUER.replace(/\/$/, ""),
            loginUrl: new URL(e.TEAMS_LOGIN_URL).origin,
            graphUrl: e.TEAMS_GRAPH_URL.replace(/\/$/, ""),
          }
        : undefined,
  };
}
