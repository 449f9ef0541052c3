import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInstallLink } from "../../src/chat/install-links.ts";
import { message, say, text } from "../../src/chat/views.ts";
import { enqueue, sendDm } from "../../src/jobs/outbox.ts";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { APP_ID, cardsOf, TENANT } from "../support/teams-fakes.ts";
import { aadOf, personalOf, startTeamsKnoop, type TeamsKnoop } from "../support/teams-knoop.ts";

const text_ = (x: unknown) => JSON.stringify(x ?? {});

describeEachDatabase("Teams delivery: references, proactive 1:1 chats, updates, failures", (get) => {
  let k: TeamsKnoop;
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db);
    // The beheerder once talked to Knoop: Knoop now knows the tenant's service URL.
    await k.say("beheerder", "knoop help");
  }, 60_000);
  afterAll(() => k?.stop());

  const queue = (key: string, personId: string, words: string) =>
    k.world.db.$transaction((tx) => sendDm(tx, k.world.clock.now(), key, personId, say(words)));

  it("captures the conversation on install (membersAdded) with the 29: id beside the object id, and greets", async () => {
    const before = k.ms.calls.length;
    const answer = await k.post({
      ...k.activity("buurtteam"),
      type: "conversationUpdate",
      membersAdded: [{ id: `28:${APP_ID}`, name: "Knoop" }],
    });
    expect(answer.status).toBe(200);
    const row = await k.world.db.teamsConversation.findUnique({
      where: { tenantId_conversationId: { tenantId: TENANT, conversationId: personalOf("buurtteam") } },
    });
    expect(row).toMatchObject({
      kind: "personal",
      aadObjectId: aadOf("buurtteam"),
      teamsUserId: "29:buurtteam",
    });
    const hello = k.ms.calls.slice(before).find((c) => c.conversationId === personalOf("buurtteam"));
    expect(text_(cardsOf(hello?.body))).toContain("Ik ben");
  });

  it("a DM to someone who never talked to Knoop opens a 1:1 chat with the tenant id, then reuses it", async () => {
    const before = k.ms.calls.length;
    await queue("t:dm:jgz:1", k.world.people.jgz, "Welkom bij de casus.");
    await k.flush();
    const created = k.ms.calls.slice(before).find((c) => c.path === "/v3/conversations");
    expect(created?.body).toMatchObject({
      isGroup: false,
      tenantId: TENANT,
      members: [{ id: aadOf("jgz"), aadObjectId: aadOf("jgz") }],
    });
    const sent = k.ms.sent(personalOf("jgz"));
    expect(text_(cardsOf(sent.at(-1)?.body))).toContain("Welkom bij de casus.");
    await queue("t:dm:jgz:2", k.world.people.jgz, "Nog een bericht.");
    await k.flush();
    expect(k.ms.calls.filter((c) => c.path === "/v3/conversations")).toHaveLength(1);
    expect(k.ms.sent(personalOf("jgz"))).toHaveLength(2);
  });

  it("updates an earlier message in place (updateActivity)", async () => {
    await queue("t:tally", k.world.people.jgz, "Stand: 1 van 3");
    await k.flush();
    const original = k.ms.sent(personalOf("jgz")).at(-1);
    await k.world.db.$transaction((tx) =>
      enqueue(tx, k.world.clock.now(), "t:tally:2", {
        op: "update",
        ofKey: "t:tally",
        message: message(text("Stand: 2 van 3")),
      }),
    );
    await k.flush();
    const put = k.ms.calls.filter((c) => c.method === "PUT").at(-1);
    expect(put).toMatchObject({ conversationId: personalOf("jgz"), activityId: original?.id });
    expect(text_(cardsOf(put?.body))).toContain("Stand: 2 van 3");
  });

  it("someone without the app installed is unreachable: the beheerders are told what to do", async () => {
    k.ms.installedFor.delete(aadOf("consultant"));
    await queue("t:dm:consultant", k.world.people.consultant, "Hallo");
    await k.flush();
    const row = await k.world.db.outboxMessage.findUnique({ where: { idempotencyKey: "t:dm:consultant" } });
    expect(row?.status).toBe("dead");
    const told = k.ms.sent(personalOf("beheerder")).at(-1);
    const shown = text_(cardsOf(told?.body));
    expect(shown).toContain("Carla Smeets");
    expect(shown).toContain("niet voor deze persoon geïnstalleerd");
  });

  it("429 waits for Retry-After and sends it then; nothing is lost", async () => {
    k.ms.forced.push({ status: 429, headers: { "retry-after": "2" }, body: {} });
    const before = k.ms.calls.length;
    await queue("t:dm:limited", k.world.people.jgz, "Na de pauze");
    await k.flush(); // the dispatcher holds the platform back for Retry-After, then sends
    const row = await k.world.db.outboxMessage.findUnique({ where: { idempotencyKey: "t:dm:limited" } });
    expect(row?.status).toBe("sent");
    const tries = k.ms.calls.slice(before).filter((c) => c.conversationId === personalOf("jgz"));
    expect(tries.map((c) => c.forcedStatus ?? 200)).toEqual([429, 200]);
    expect(text_(cardsOf(tries.at(-1)?.body))).toContain("Na de pauze");
  });

  it("401 and 403 from the connector are Knoop's own configuration: dead-lettered as misconfigured", async () => {
    for (const [status, key] of [
      [401, "t:dm:401"],
      [403, "t:dm:403"],
    ] as const) {
      k.ms.forced.push({ status, body: { error: { code: "Unauthorized", message: "no" } } });
      await queue(key, k.world.people.jgz, "x");
      await k.flush();
      const row = await k.world.db.outboxMessage.findUnique({ where: { idempotencyKey: key } });
      expect(row?.status).toBe("dead");
      expect(row?.lastError ?? "").toMatch(/unauthorized|forbidden/);
    }
  });

  describe("a tenant is linked to one SWV with an install link typed in the 1:1 chat", () => {
    const other = "22222222-2222-4222-8222-222222222222";
    const stranger = (words: string, conversationType = "personal") => {
      const base = k.activity("stranger");
      return k.post({
        ...base,
        type: "message",
        text: words,
        conversation: { id: "a:personal-stranger", conversationType, tenantId: other },
        channelData: { tenant: { id: other } },
      });
    };
    const lastTo = () => text_(cardsOf(k.ms.sent("a:personal-stranger").at(-1)?.body));

    it("an unlinked tenant gets a neutral welcome that says how to link", async () => {
      await stranger("knoop casus lijst");
      expect(lastTo()).toContain("nog niet aan een samenwerkingsverband gekoppeld");
    });

    it("a wrong code is refused; the beheerder's code links the tenant, once", async () => {
      await stranger("knoop koppel ongeldige-code-die-niet-bestaat");
      expect(lastTo()).toContain("werkt niet");
      const { token } = await issueInstallLink(
        k.world.db,
        k.world.swvId,
        k.world.people.beheerder,
        k.world.clock.now(),
      );
      await stranger(`knoop koppel ${token}`);
      expect(lastTo()).toContain("hoort nu bij SWV Testregio");
      const workspace = await k.world.db.workspace.findUnique({
        where: { platform_externalId: { platform: "teams", externalId: other } },
      });
      expect(workspace?.swvId).toBe(k.world.swvId);
      await stranger(`knoop koppel ${token}`);
      expect(lastTo()).toContain("hoort al bij SWV Testregio");
      // Linked, but the person is not known yet: the onboarding message names the beheerders.
      await stranger("knoop casus lijst");
      expect(lastTo()).toContain("Britt Hendriks");
    });
  });

  it("every card Knoop sent or answered with validates with adaptivecards (1.5)", () => {
    const cards = k.allCards();
    expect(cards.length).toBeGreaterThan(3);
    expect(cards.flatMap((card, i) => adaptiveCardProblems(card).map((p) => `card ${i}: ${p}`))).toEqual([]);
  });
});
