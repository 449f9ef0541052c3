import { afterAll, beforeAll, expect, it } from "vitest";
import { plainText, say } from "../../src/chat/views.ts";
import { sendDm } from "../../src/jobs/outbox.ts";
import { botScopes } from "../../src/surfaces/slack/scopes.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { postSigned } from "../support/slack-fake.ts";
import { SECRET, type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";

/** More than one workspace: no SLACK_BOT_TOKEN; each workspace installs Knoop through OAuth at
 * /slack/install, and its bot token comes from the installation in the store. */
describeEachDatabase("Slack OAuth install", (get) => {
  let k: SlackKnoop;
  let base: string;
  beforeAll(async () => {
    k = await startSlackKnoop(get().db, {
      botToken: undefined,
      clientId: "111.222",
      clientSecret: "client-secret",
      stateSecret: "state-secret-long-and-random",
    });
    base = k.url.replace(/\/slack\/events$/, "");
  }, 60_000);
  afterAll(() => k?.stop());

  /** Runs the install flow as Slack would (consent page, then back with a code); the fake Slack's
   * oauth.v2.access always answers with workspace T0OTHER ("Andere regio"). */
  async function install(query: string) {
    const start = await fetch(`${base}/slack/install${query}`, { redirect: "manual" });
    if (start.status !== 302) return { status: start.status, page: await start.text() };
    const to = new URL(start.headers.get("location") ?? "");
    expect(`${to.origin}${to.pathname}`).toBe(`${k.slack.url}/oauth/v2/authorize`);
    expect(to.searchParams.get("scope")?.split(",").sort()).toEqual(botScopes);
    const state = to.searchParams.get("state") ?? "";
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    // Slack sends the admin back with a code; a wrong state is refused.
    const forged = await fetch(`${base}/slack/oauth_redirect?code=abc&state=forged`, { headers: { cookie } });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("Installeren is niet gelukt");
    const back = await fetch(`${base}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    return { status: back.status, page: await back.text() };
  }

  const linkOf = async () => {
    const reply = await k.world.as("beheerder", { kind: "command", args: ["installatielink"] });
    const text = reply.type === "message" ? plainText(reply.message) : "";
    return text.match(/\/slack\/install\?link=[\w-]+/)?.[0].replace("/slack/install", "") ?? "";
  };

  it("a stranger's install with ?swv= links nothing, and its users are shown no names", async () => {
    const swv = await k.world.db.swv.findUniqueOrThrow({ where: { id: k.world.swvId } });
    const { status, page } = await install(`?swv=${swv.code}`);
    expect(status).toBe(200);
    expect(page).toContain("Knoop is geïnstalleerd in Andere regio");
    expect(page).toContain("nog niet aan een samenwerkingsverband gekoppeld");
    expect(await k.world.db.workspace.count({ where: { platform: "slack", externalId: "T0OTHER" } })).toBe(0);

    const n = k.slack.called("respond").length;
    const form = {
      command: "/knoop",
      text: "signaal",
      team_id: "T0OTHER",
      user_id: "UVREEMD",
      channel_id: "DUVREEMD",
      trigger_id: "t.stranger",
      response_url: k.slack.responseUrl(),
    };
    expect((await postSigned(k.url, form, { secret: SECRET })).status).toBe(200);
    const answer = JSON.stringify(
      (await until(() => k.slack.called("respond").slice(n).at(-1), "answer")).args,
    );
    expect(answer).toContain("Welkom bij Knoop");
    expect(answer).not.toContain("Britt Hendriks");
  });

  it("refuses an unknown install link, and a non-beheerder cannot make one", async () => {
    const { status, page } = await install("?link=bm90LWEtcmVhbC1saW5rLWF0LWFsbC14eXo");
    expect(status).toBe(400);
    expect(page).toContain("Deze installatielink werkt niet (meer)");
    const reply = await k.world.as("ib", { kind: "command", args: ["installatielink"] });
    expect(reply.type === "message" && plainText(reply.message)).toContain("alleen voor beheerders");
  });

  it("installs with a beheerder's link: links the workspace once, then works with its token", async () => {
    const swv = await k.world.db.swv.findUniqueOrThrow({ where: { id: k.world.swvId } });
    const link = await linkOf();
    expect(link).toMatch(/^\?link=/);
    const { status, page } = await install(link);
    expect(status).toBe(200);
    expect(page).toContain("Knoop is geïnstalleerd in Andere regio");
    expect(page).toContain(`gekoppeld aan samenwerkingsverband ${swv.name}`);
    const installed = await k.world.db.slackInstallation.findUniqueOrThrow({ where: { teamId: "T0OTHER" } });
    expect(installed.botToken).toBe("xoxb-installed-token");
    const workspace = await k.world.db.workspace.findFirstOrThrow({
      where: { platform: "slack", externalId: "T0OTHER" },
    });
    expect(workspace.swvId).toBe(k.world.swvId);
    // Single use.
    expect((await install(link)).status).toBe(400);

    // A person of the new workspace: commands authorise with the installation's token...
    await k.world.db.chatIdentity.create({
      data: { platform: "slack", workspaceId: "T0OTHER", userId: "UNIEUW", personId: k.world.people.jgz },
    });
    const n = k.slack.called("respond").length;
    const form = {
      command: "/knoop",
      text: "ik",
      team_id: "T0OTHER",
      user_id: "UNIEUW",
      channel_id: "DUNIEUW",
      trigger_id: "t.oauth",
      response_url: k.slack.responseUrl(),
    };
    expect((await postSigned(k.url, form, { secret: SECRET })).status).toBe(200);
    const answer = await until(() => k.slack.called("respond").slice(n).at(-1), "the response");
    expect(JSON.stringify(answer.args)).toContain("Jasmijn Gerritsen");

    // ... and so do messages from the outbox.
    await k.world.db.chatIdentity.deleteMany({
      where: { personId: k.world.people.jgz, workspaceId: k.teamId },
    });
    await k.world.db.$transaction((tx) =>
      sendDm(tx, k.world.clock.now(), "oauth:dm", k.world.people.jgz, say("Hallo")),
    );
    await k.flush();
    const dm = k.slack.called("chat.postMessage").at(-1);
    expect(dm?.token).toBe("xoxb-installed-token");
    expect(dm?.args.channel).toBe("DUNIEUW");
  });

  it("a workspace that never installed Knoop gets nothing, and its messages a clear error", async () => {
    await k.world.db.$transaction((tx) =>
      sendDm(tx, k.world.clock.now(), "oauth:none", k.world.people.ib, say("Hallo")),
    );
    await k.flush();
    const row = await k.world.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: "oauth:none" } });
    expect(row.status).toBe("dead");
    expect(row.lastError).toContain("Knoop is niet (meer) geïnstalleerd in deze Slack-werkruimte");
  });
});
