import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { msalClient, tokenFor } from "../../src/surfaces/teams/credentials.ts";
import { GraphError, TeamsGroupChats } from "../../src/surfaces/teams/group-chats.ts";
import { FakeGraph } from "../support/fake-graph.ts";
import { APP_ID, APP_PASSWORD, FakeMicrosoft, ISSUER, TENANT } from "../support/teams-fakes.ts";

const ib = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const leerplicht = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ggd = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
const manifestId = "11111111-2222-4333-8444-555555555555";
const catalogId = "c0ffee00-aaaa-4bbb-8ccc-ddddeeeeffff";

let graph: FakeGraph;
let chats: TeamsGroupChats;
let tokensAsked = 0;

beforeEach(async () => {
  graph = await new FakeGraph({
    token: "graph-token",
    users: [ib, leerplicht, ggd],
    catalog: { [catalogId]: manifestId },
  }).start();
  tokensAsked = 0;
  chats = new TeamsGroupChats({
    graphUrl: graph.origin,
    token: async () => {
      tokensAsked++;
      return "graph-token";
    },
  });
});
afterEach(() => graph.stop());

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

describe("Teams case chats through Microsoft Graph (fake Graph on loopback)", () => {
  it("creates a group chat named after the case code with the participants who have a Teams identity, and installs Knoop in it", async () => {
    const slackPartner: { aadObjectId?: string; name: string } = { name: "buurtteam (Slack)" };
    const { chatId, leftOut } = await chats.createCaseChat("K-2026-0042", [
      { aadObjectId: ib },
      { aadObjectId: leerplicht },
      slackPartner,
    ]);
    expect(leftOut).toEqual([slackPartner]);
    const chat = graph.chats.get(chatId as string);
    expect(chat?.topic).toBe("K-2026-0042");
    expect(chat?.chatType).toBe("group");
    expect([...(chat?.members.values() ?? [])].sort()).toEqual([leerplicht, ib].sort());

    const appId = await chats.catalogAppId(manifestId);
    expect(appId).toBe(catalogId);
    await chats.installApp(chatId as string, appId);
    expect(chat?.installedApps).toEqual([catalogId]);

    // the request as Graph gets it: topic = the case code only, owners bound by object id
    const create = graph.calls.find((c) => c.method === "POST" && c.path === "/v1.0/chats");
    expect(create?.body).toEqual({
      chatType: "group",
      topic: "K-2026-0042",
      members: [ib, leerplicht].map((id) => ({
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        roles: ["owner"],
        "user@odata.bind": `${graph.origin}/v1.0/users('${id}')`,
      })),
    });
    expect(tokensAsked).toBe(graph.calls.length);
  });

  it("adds and removes participants", async () => {
    const { chatId } = await chats.createCaseChat("K-2026-0043", [
      { aadObjectId: ib },
      { aadObjectId: leerplicht },
    ]);
    const chat = graph.chats.get(chatId as string);
    await chats.addMember(chatId as string, ggd);
    expect([...(chat?.members.values() ?? [])]).toContain(ggd);
    expect(await chats.removeMember(chatId as string, leerplicht)).toBe(true);
    expect([...(chat?.members.values() ?? [])].sort()).toEqual([ib, ggd].sort());
    expect(await chats.removeMember(chatId as string, leerplicht)).toBe(false);
  });

  it("makes no chat when fewer than two participants have a Teams identity", async () => {
    const result = await chats.createCaseChat("K-2026-0044", [{ aadObjectId: ib }, {}]);
    expect(result).toEqual({ leftOut: [{}] });
    expect(graph.calls).toEqual([]);
  });

  it("says which application permission to grant when Graph answers 403, in Dutch", async () => {
    graph.granted.delete("Chat.Create");
    const error = await failure(
      chats.createCaseChat("K-2026-0045", [{ aadObjectId: ib }, { aadObjectId: ggd }]),
    );
    expect(error).toMatchObject({
      kind: "permissions",
      status: 403,
      grant: ["Chat.Create"],
      operation: "POST /chats",
    });
    expect(error.advice("nl")).toContain("de toestemming Chat.Create is niet verleend");
    expect(error.advice("nl")).toContain("Beheerderstoestemming verlenen");
    expect(error.advice("nl")).toContain("in hun eigen chat met Knoop");
    expect(error.advice("en")).toContain("the permission Chat.Create is not granted");

    graph.granted.add("Chat.Create");
    graph.granted.delete("TeamsAppInstallation.ReadWriteSelfForChat.All");
    const { chatId } = await chats.createCaseChat("K-2026-0045", [{ aadObjectId: ib }, { aadObjectId: ggd }]);
    const install = await failure(chats.installApp(chatId as string, catalogId));
    expect(install.grant).toEqual(["TeamsAppInstallation.ReadWriteSelfForChat.All"]);
    expect(install.advice("nl")).toContain("TeamsAppInstallation.ReadWriteSelfForChat.All");
  });

  it("points to resource-specific consent when managing members is refused", async () => {
    const { chatId } = await chats.createCaseChat("K-2026-0046", [{ aadObjectId: ib }, { aadObjectId: ggd }]);
    graph.granted.delete("Chat.Manage.Chat");
    const error = await failure(chats.addMember(chatId as string, leerplicht));
    expect(error).toMatchObject({ kind: "permissions", grant: ["Chat.Manage.Chat"] });
    expect(error.advice("nl")).toContain("toestemming per chat Chat.Manage.Chat");
    expect(error.advice("nl")).toContain("Teams-beheercentrum");
  });

  it("classifies the other refusals: unknown user or app (404), bad token (401), throttled (429), unreachable", async () => {
    const stranger = "12345678-1234-4234-8234-123456789abc";
    const unknown = await failure(
      chats.createCaseChat("K-2026-0047", [{ aadObjectId: ib }, { aadObjectId: stranger }]),
    );
    expect(unknown).toMatchObject({ kind: "not-found", status: 404 });
    expect(unknown.advice("nl")).toContain("hoort iedere deelnemer bij jullie tenant?");
    expect(await failure(chats.catalogAppId("99999999-9999-4999-8999-999999999999"))).toMatchObject({
      kind: "not-found",
    });

    const badToken = new TeamsGroupChats({ graphUrl: graph.origin, token: async () => "expired" });
    const refused = await failure(
      badToken.createCaseChat("K-2026-0047", [{ aadObjectId: ib }, { aadObjectId: ggd }]),
    );
    expect(refused.kind).toBe("unauthorized");
    expect(refused.advice("nl")).toContain("TEAMS_APP_PASSWORD");

    graph.failNext.push({ status: 429, retryAfter: 7 });
    const throttled = await failure(chats.addMember("19:x@thread.v2", ggd));
    expect(throttled).toMatchObject({ kind: "retry", status: 429, retryAfterSeconds: 7 });

    await graph.stop();
    const down = await failure(
      chats.createCaseChat("K-2026-0047", [{ aadObjectId: ib }, { aadObjectId: ggd }]),
    );
    expect(down).toMatchObject({ kind: "retry", status: undefined });
    expect(down.advice("nl")).toContain("probeert het later opnieuw");
  });
});

describe("with Knoop's own Graph token (client credentials through MSAL, https on loopback)", () => {
  it("gets a token for the Graph host's scope from the login service and Graph accepts it", async () => {
    const microsoft = await new FakeMicrosoft().start();
    const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
    let scope = "";
    const secure = await new FakeGraph({
      token: (token) => microsoft.issued.get(token) === scope,
      users: [ib, ggd],
      tls: { key: tls("localhost.key"), cert: tls("localhost.pem") },
    }).start();
    scope = `${secure.origin}/.default`;
    try {
      const msal = msalClient({
        appId: APP_ID,
        password: APP_PASSWORD,
        tenantId: TENANT,
        openIdMetadataUrl: microsoft.openIdMetadataUrl,
        tokenIssuer: ISSUER,
        loginUrl: microsoft.loginUrl,
        graphUrl: secure.origin,
      });
      const withMsal = new TeamsGroupChats({
        graphUrl: secure.origin,
        token: () => tokenFor(msal, secure.origin),
      });
      const { chatId } = await withMsal.createCaseChat("K-2026-0048", [
        { aadObjectId: ib },
        { aadObjectId: ggd },
      ]);
      expect(secure.chats.get(chatId as string)?.topic).toBe("K-2026-0048");
      expect(microsoft.tokenRequests).toEqual([{ clientId: APP_ID, scope, tenant: TENANT }]);
    } finally {
      await secure.stop();
      await microsoft.stop();
    }
  });
});
