import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const key = "a25vb3AtdGVzdC1rZXkha25vb3AtdGVzdC1rZXkha24=";

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("starts on embedded SQLite with Dutch defaults when nothing is set", () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: "file:./data/knoop.db",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      locale: "nl",
      timezone: "Europe/Amsterdam",
      outboxStallMs: 300_000,
      shutdownTimeoutMs: 10_000,
      slack: undefined,
      teams: undefined,
    });
  });

  it("reads the operations settings, and refuses seconds that are not a whole number", () => {
    expect(
      loadConfig({ METRICS_TOKEN: "t0k3n", OUTBOX_STALL_SECONDS: "600", SHUTDOWN_TIMEOUT_SECONDS: "25" }),
    ).toMatchObject({ metricsToken: "t0k3n", outboxStallMs: 600_000, shutdownTimeoutMs: 25_000 });
    expect(errorOf({ SHUTDOWN_TIMEOUT_SECONDS: "tien" })).toBe(
      'Ongeldige configuratie: SHUTDOWN_TIMEOUT_SECONDS moet een heel aantal seconden zijn (1 of meer) (nu: "tien").',
    );
    expect(errorOf({ OUTBOX_STALL_SECONDS: "0" })).toMatch(/^Ongeldige configuratie: OUTBOX_STALL_SECONDS /);
    expect(errorOf({ METRICS_TOKEN: "   " })).toMatch(/METRICS_TOKEN mag niet leeg zijn \(nu: \*\*\*\)/);
  });

  it("names the variable and what it expects, in one Dutch line", () => {
    const message = errorOf({ PORT: "drieduizend" });
    expect(message).toBe(
      'Ongeldige configuratie: PORT moet een poortnummer tussen 0 en 65535 zijn (nu: "drieduizend").',
    );
    expect(message).not.toContain("\n");
    expect(errorOf({ PORT: "70000" })).toContain("PORT moet een poortnummer");
    expect(errorOf({ LOCALE: "de" })).toContain("LOCALE moet nl of en zijn");
    expect(errorOf({ TIMEZONE: "Europe/Amsterdm" })).toContain("TIMEZONE moet een IANA-tijdzone zijn");
    expect(errorOf({ DATABASE_URL: "mysql://localhost/knoop" })).toContain(
      "DATABASE_URL moet een SQLite-pad",
    );
    expect(errorOf({ SLACK_API_URL: "slack" })).toContain("SLACK_API_URL moet een http(s)-adres zijn");
  });

  it("speaks English when LOCALE=en", () => {
    expect(errorOf({ LOCALE: "en", LOG_LEVEL: "loud" })).toBe(
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got: "loud").',
    );
  });

  it("never prints a secret or a database password", () => {
    const token = errorOf({ SLACK_BOT_TOKEN: "xoxp-very-secret" });
    expect(token).toContain("SLACK_BOT_TOKEN moet met xoxb- beginnen");
    expect(token).not.toContain("very-secret");
    const url = errorOf({ DATABASE_URL: "mysql://knoop:hunter2@db/knoop" });
    expect(url).not.toContain("hunter2");
  });

  it("needs the Slack and Teams credentials that belong together", () => {
    expect(errorOf({ SLACK_BOT_TOKEN: "xoxb-1-2" })).toContain("SLACK_SIGNING_SECRET of SLACK_APP_TOKEN");
    expect(errorOf({ TEAMS_APP_ID: "app" })).toContain("TEAMS_APP_PASSWORD");
    expect(errorOf({ TEAMS_APP_ID: "app", TEAMS_APP_PASSWORD: "pw" })).toContain("TEAMS_TENANT_ID");
    // botbuilder turns authentication off without an app id: a password alone must not start.
    expect(errorOf({ TEAMS_APP_PASSWORD: "pw" })).toBe(
      "Ongeldige configuratie: TEAMS_APP_PASSWORD werkt alleen samen met TEAMS_APP_ID (zonder app-id zou Teams-verkeer niet gecontroleerd worden) (nu: ***).",
    );
  });

  it("refuses Slack or Teams without the key of encryption at rest, and a malformed key, in Dutch", () => {
    const slack = { SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_SIGNING_SECRET: "s" };
    expect(errorOf(slack)).toBe(
      'Ongeldige configuratie: KNOOP_DATA_KEY is nodig met Slack of Teams: de sleutel waarmee Knoop de vrije tekst over leerlingen versleutelt (maak er een met `openssl rand -base64 32` en bewaar hem apart van de back-ups) (nu: "").',
    );
    expect(errorOf({ TEAMS_APP_ID: "app", TEAMS_APP_PASSWORD: "pw", TEAMS_TENANT_ID: "t1" })).toContain(
      "KNOOP_DATA_KEY is nodig met Slack of Teams",
    );
    const short = errorOf({ KNOOP_DATA_KEY: "dGVzdA==" });
    expect(short).toContain("KNOOP_DATA_KEY moet base64 van 32 bytes zijn");
    expect(short).not.toContain("dGVzdA");
    expect(errorOf({ KNOOP_DATA_KEY: `${key},nope` })).toContain("KNOOP_DATA_KEY moet base64");
    expect(loadConfig({ ...slack, KNOOP_DATA_KEY: key }).dataKeys).toEqual([Buffer.from(key, "base64")]);
  });

  it("takes Microsoft's endpoints from configuration (government clouds, tests)", () => {
    const teams = {
      TEAMS_APP_ID: "app",
      TEAMS_APP_PASSWORD: "pw",
      TEAMS_TENANT_ID: "t1",
      KNOOP_DATA_KEY: key,
    };
    expect(loadConfig(teams).teams).toEqual({
      appId: "app",
      password: "pw",
      tenantId: "t1",
      openIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
      tokenIssuer: "https://api.botframework.com",
      loginUrl: "https://login.microsoftonline.com",
      graphUrl: "https://graph.microsoft.com",
    });
    const gov = loadConfig({
      ...teams,
      TEAMS_OPENID_METADATA_URL: "https://login.botframework.azure.us/v1/.well-known/openidconfiguration",
      TEAMS_TOKEN_ISSUER: "https://api.botframework.us",
      TEAMS_LOGIN_URL: "https://login.microsoftonline.us/",
      TEAMS_GRAPH_URL: "https://graph.microsoft.us",
    }).teams;
    expect(gov).toMatchObject({
      tokenIssuer: "https://api.botframework.us",
      loginUrl: "https://login.microsoftonline.us",
      graphUrl: "https://graph.microsoft.us",
    });
    expect(errorOf({ ...teams, TEAMS_LOGIN_URL: "https://login.microsoftonline.com/t1" })).toContain(
      "TEAMS_LOGIN_URL moet een https-adres zonder pad zijn",
    );
    expect(errorOf({ ...teams, TEAMS_GRAPH_URL: "http://graph.example" })).toContain(
      "TEAMS_GRAPH_URL moet een https-adres zijn",
    );
  });

  it("reads PostgreSQL, Slack and Teams settings", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://knoop@db:5432/knoop",
      PORT: "8080",
      LOCALE: "en",
      SLACK_BOT_TOKEN: "xoxb-1-2",
      SLACK_SIGNING_SECRET: "s3cr3t",
      SLACK_API_URL: "http://127.0.0.1:9999/api/",
      TEAMS_APP_ID: "app",
      TEAMS_APP_PASSWORD: "pw",
      TEAMS_TENANT_ID: "tenant",
      KNOOP_DATA_KEY: `${key},${Buffer.alloc(32, 7).toString("base64")}`,
      LOG_LEVEL: "",
    });
    expect(config.dataKeys?.map((k) => k.length)).toEqual([32, 32]);
    expect(config).toMatchObject({
      databaseUrl: "postgres://knoop@db:5432/knoop",
      port: 8080,
      locale: "en",
      logLevel: "info",
      slack: { botToken: "xoxb-1-2", signingSecret: "s3cr3t", apiUrl: "http://127.0.0.1:9999/api/" },
      teams: {
        appId: "app",
        password: "pw",
        tenantId: "tenant",
        tokenIssuer: "https://api.botframework.com",
      },
    });
  });
});

describe(".env.example", () => {
  it("documents every variable Knoop reads, and nothing else", async () => {
    const { readFileSync } = await import("node:fs");
    const { envVariables } = await import("../../src/config.ts");
    const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const documented = new Set([...text.matchAll(/^#?\s?([A-Z][A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...envVariables].sort());
    expect(() =>
      loadConfig(Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]))),
    ).not.toThrow();
  });
});
