import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKnoop } from "../support/start-process.ts";
import {
  APP_ID,
  APP_PASSWORD,
  cardsOf,
  FakeMicrosoft,
  ISSUER,
  strangerMessage,
  TENANT,
} from "../support/teams-fakes.ts";

const children: ChildProcess[] = [];
let ms: FakeMicrosoft;
beforeAll(async () => {
  ms = await new FakeMicrosoft().start();
});
afterAll(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await ms?.stop();
});

const start = (env: Record<string, string>) => startKnoop(env, children);

describe("npm start with Teams configured", () => {
  it("serves /api/messages with authentication on and answers through the connector with its own token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knoop-teams-start-"));
    const { url, log } = await start({
      DATABASE_URL: `file:${join(dir, "knoop.db")}`,
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_PASSWORD: APP_PASSWORD,
      TEAMS_TENANT_ID: TENANT,
      TEAMS_OPENID_METADATA_URL: ms.openIdMetadataUrl,
      TEAMS_TOKEN_ISSUER: ISSUER,
      TEAMS_LOGIN_URL: ms.loginUrl,
      TEAMS_GRAPH_URL: `${ms.url}/graph`,
    });
    expect(log.some((l) => l.includes("lokale demo-chat"))).toBe(false); // Teams configured: no sandbox
    const activity = strangerMessage(ms.serviceUrl, "m1", "a:personal-someone");
    const post = (token?: string) =>
      fetch(`${url}/api/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(activity),
      });
    expect((await post()).status).toBe(401);
    expect((await post(ms.sign({ aud: "someone-else" }))).status).toBe(401);
    expect((await post(ms.sign())).status).toBe(200);
    const reply = ms.sent("a:personal-someone").at(-1);
    expect(reply?.authorized).toBe(true);
    // A new database has no SWV: the tenant is not linked yet, and Knoop says how to link it.
    expect(JSON.stringify(cardsOf(reply?.body))).toContain("knoop koppel");
  }, 90_000);

  it("refuses a Teams password without an app id", async () => {
    await expect(start({ TEAMS_APP_PASSWORD: "geheim", DATABASE_URL: "file::memory:" })).rejects.toThrow(
      /exited with 1[\s\S]*TEAMS_APP_PASSWORD werkt alleen samen met TEAMS_APP_ID/,
    );
  }, 90_000);
});
