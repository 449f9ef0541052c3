import { afterAll, beforeAll, expect, it } from "vitest";
import { say } from "../../src/chat/views.ts";
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

  it("installs into a new workspace, links it to the SWV, and then works with that workspace's token", async () => {
    const swv = await k.world.db.swv.findUniqueOrThrow({ where: { id: k.world.swvId } });
    const start = await fetch(`${base}/slack/install?swv=${swv.code}`, { redirect: "manual" });
    expect(start.status).toBe(302);
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
    expect(back.status).toBe(200);
    const page = await back.text();
    expect(page).toContain("Knoop is geïnstalleerd in Andere regio");
    expect(page).toContain(`gekoppeld aan samenwerkingsverband ${swv.name}`);
    const installed = await k.world.db.slackInstallation.findUniqueOrThrow({ where: { teamId: "T0OTHER" } });
    expect(installed.botToken).toBe("xoxb-installed-token");
    const workspace = await k.world.db.workspace.findFirstOrThrow({
      where: { platform: "slack", externalId: "T0OTHER" },
    });
    expect(workspace.swvId).toBe(k.world.swvId);

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
