import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberOptions } from "../../src/surfaces/teams/members.ts";

// A connector on loopback answering GET /v3/conversations/{id}/pagedmembers in pages of two.
const members: Record<string, object[]> = {
  "19:groupchat@thread.v2": [
    { id: "29:bot", name: "Knoop", aadObjectId: undefined },
    {
      id: "29:zoe",
      name: "Zoë de Vries",
      aadObjectId: "AAAAAAAA-1111-4111-8111-111111111111",
      email: "z.devries@ggd.nl",
    },
    { id: "29:guest", name: "Gast zonder id" },
    { id: "29:eva", name: "Eva Jansen", aadObjectId: "bbbbbbbb-2222-4222-8222-222222222222" },
    { id: "29:zoe", name: "Zoë de Vries", aadObjectId: "aaaaaaaa-1111-4111-8111-111111111111" },
  ],
  "19:team-general@thread.tacv2": [
    { id: "29:ahmed", name: "Ahmed El Amrani", aadObjectId: "cccccccc-3333-4333-8333-333333333333" },
  ],
};
const requested: string[] = [];
let server: Server;
let serviceUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://connector");
    requested.push(decodeURIComponent(url.pathname) + url.search);
    const match = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(url.pathname);
    const all = match ? members[decodeURIComponent(match[1] ?? "")] : undefined;
    if (!all) {
      res.statusCode = 404;
      return void res.end();
    }
    const start = Number(url.searchParams.get("continuationToken") ?? 0);
    const page = all.slice(start, start + 2);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        members: page,
        continuationToken: start + 2 < all.length ? String(start + 2) : undefined,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs `logic` in a turn of a real botbuilder CloudAdapter for a conversation (no app id: no auth). */
async function inTurn<T>(
  reference: Partial<ConversationReference>,
  logic: (ctx: TurnContext) => Promise<T>,
): Promise<T> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  let result: T | undefined;
  await adapter.continueConversationAsync("", reference, async (ctx) => {
    result = await logic(ctx);
  });
  return result as T;
}

describe("picking a person from the team's or chat's members (TeamsInfo.getPagedMembers)", () => {
  it("reads every page of a group chat, leaves out the bot and accounts without an Entra object id, sorts by name", async () => {
    const options = await inTurn(
      {
        channelId: "msteams",
        serviceUrl,
        bot: { id: "29:bot", name: "Knoop" },
        conversation: {
          id: "19:groupchat@thread.v2",
          conversationType: "groupChat",
          isGroup: true,
          name: "",
        },
      },
      (ctx) => memberOptions(ctx, { pageSize: 2 }),
    );
    expect(options).toEqual([
      {
        aadObjectId: "bbbbbbbb-2222-4222-8222-222222222222",
        name: "Eva Jansen",
        teamsUserId: "29:eva",
        email: undefined,
      },
      {
        aadObjectId: "aaaaaaaa-1111-4111-8111-111111111111",
        name: "Zoë de Vries",
        teamsUserId: "29:zoe",
        email: "z.devries@ggd.nl",
      },
    ]);
    expect(requested.filter((r) => r.startsWith("/v3/conversations/19:groupchat"))).toEqual([
      "/v3/conversations/19:groupchat@thread.v2/pagedmembers?pageSize=2",
      "/v3/conversations/19:groupchat@thread.v2/pagedmembers?pageSize=2&continuationToken=2",
      "/v3/conversations/19:groupchat@thread.v2/pagedmembers?pageSize=2&continuationToken=4",
    ]);
  });

  it("in a team channel, lists the team's members (the team id from channelData)", async () => {
    const options = await inTurn(
      {
        channelId: "msteams",
        serviceUrl,
        bot: { id: "29:bot", name: "Knoop" },
        conversation: {
          id: "19:signalen@thread.tacv2",
          conversationType: "channel",
          isGroup: true,
          name: "",
        },
      },
      async (ctx) => {
        ctx.activity.channelData = { team: { id: "19:team-general@thread.tacv2" } };
        return memberOptions(ctx);
      },
    );
    expect(options.map((o) => o.name)).toEqual(["Ahmed El Amrani"]);
    expect(requested).toContain("/v3/conversations/19:team-general@thread.tacv2/pagedmembers?pageSize=200");
  });
});
