import { afterAll, beforeAll, expect, it } from "vitest";
import { type Delivery, MemoryChatPort } from "../../src/chat/memory-port.ts";
import { DeliveryFailure } from "../../src/chat/port.ts";
import { say } from "../../src/chat/views.ts";
import { enqueue, post, sendDm } from "../../src/jobs/outbox.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { slackUser } from "../support/slack-fake.ts";
import { type SlackKnoop, startSlackKnoop } from "../support/slack-knoop.ts";

type Json = Record<string, unknown>;
/** What a delivery showed, as JSON (the message view is opaque here). */
const shown = (d?: Delivery) => JSON.stringify(d && "message" in d.request ? d.request.message : null);

/** Slack and a second platform ("teams", an in-memory port) in one process: the schools on Slack,
 * the leerplichtambtenaar only on Teams. */
describeEachDatabase("delivery across platforms: Slack and Teams at once", (get) => {
  let k: SlackKnoop;
  let teams: MemoryChatPort;
  let lotte = "";
  let caseId = "";
  let code = "";
  const lotteOnTeams = { workspaceId: "tenant-swv", userId: "29:lotte" };
  const toLotte = () => teams.delivered.filter((d) => d.request.op === "dm" && d.request.personId === lotte);
  const slackDmsTo = (who: string) =>
    k.slack.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === `D${slackUser(who)}`);

  beforeAll(async () => {
    teams = new MemoryChatPort(0, "teams");
    k = await startSlackKnoop(get().db, {}, { others: [teams] });
    const { db, people } = k.world;
    lotte = people.leerplicht;
    // Lotte Peters (leerplicht) is only on Teams.
    await db.chatIdentity.deleteMany({ where: { personId: lotte } });
    await db.chatIdentity.create({ data: { platform: "teams", personId: lotte, ...lotteOnTeams } });
  }, 60_000);
  afterAll(() => k?.stop());

  it("a signal reported on Slack reaches the partner whose only account is on Teams", async () => {
    const since = k.slack.calls.length;
    await k.command("ib", "signaal");
    const view = await k.modal("signal.create", since);
    const values = {
      school: k.world.schools.A,
      pupilRef: "JB 2015",
      domain: "verzuim",
      description: "Vaak afwezig op maandag",
      urgency: "normaal",
    };
    expect((await k.submit("ib", view, values)).body).toBe("");
    await k.flush();
    const routed = toLotte().at(-1);
    expect(shown(routed)).toContain("Ilse Bakker meldt een signaal");
    expect(routed?.resolved?.account).toEqual(lotteOnTeams);
    expect(k.slack.called("conversations.open").map((c) => c.args.users)).not.toContain(
      slackUser("leerplicht"),
    );
  });

  it("a case led on Slack lives in a Slack channel; its posts reach the Teams partner by DM", async () => {
    const since = k.slack.calls.length;
    await k.command("ib", "casus nieuw");
    const view = await k.modal("case.create", since);
    const done = await k.submit("ib", view, {
      pupilRef: "JB 2015",
      reason: "Veel verzuim",
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [lotte],
    });
    expect(done.body).toBe("");
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    ({ id: caseId, code } = c);
    await k.flush();

    const channel = (k.slack.called("conversations.create").at(-1)?.result?.channel as Json | undefined)?.id;
    expect(channel).toBeTruthy();
    // Only the Slack people are invited into the channel; Lotte is not a Slack user at all.
    expect(k.slack.called("conversations.invite").map((i) => i.args.users)).toEqual([slackUser("ib")]);
    const announce = k.slack.called("chat.postMessage").find((m) => m.args.channel === channel);
    expect(JSON.stringify(announce?.args)).toContain(code);
    const copy = toLotte().find((d) => d.key === `case:${caseId}:announce:to:${lotte}`);
    expect(shown(copy)).toContain(code);
    expect(await k.world.db.chatSpace.findUnique({ where: { id: `case:${caseId}` } })).toMatchObject({
      platform: "slack",
      workspaceId: k.teamId,
    });

    // A later post in the case space, and an update of it, reach her too.
    const { db, clock } = k.world;
    await db.$transaction((tx) =>
      post(tx, clock.now(), "test:poll", `case:${caseId}`, say("Wie kan dinsdag? 1 kan")),
    );
    await k.flush();
    await db.$transaction((tx) =>
      enqueue(tx, clock.now(), "test:poll:2", {
        op: "update",
        ofKey: "test:poll",
        message: say("Wie kan dinsdag? 2 kunnen"),
      }),
    );
    await k.flush();
    expect(k.slack.called("chat.update").at(-1)?.args).toMatchObject({
      channel,
      text: expect.stringContaining("2 kunnen"),
    });
    const updated = teams.delivered.find((d) => d.key === `test:poll:2:to:${lotte}`);
    expect(updated?.request).toMatchObject({ op: "update", ofKey: `test:poll:to:${lotte}` });
    expect(updated?.result.ref).toEqual(
      teams.delivered.find((d) => d.key === `test:poll:to:${lotte}`)?.result.ref,
    );
  });

  it("a failure on either platform is reported by the one failure policy, in Dutch, to who can act", async () => {
    const { db, clock, people } = k.world;
    // Teams: Lotte's account is gone. The beheerder (on Slack) hears it, without the message.
    teams.failWith(new DeliveryFailure("recipientUnreachable", "user_gone"));
    await db.$transaction((tx) => sendDm(tx, clock.now(), "test:gone", lotte, say("Signaal voor JB 2015")));
    await k.flush();
    const gone = await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: "test:gone" } });
    expect(gone).toMatchObject({ status: "dead", lastError: "user_gone" });
    const toAdmin = slackDmsTo("beheerder").at(-1);
    expect(toAdmin?.args.text).toContain("Knoop kon Lotte Peters geen bericht sturen via Teams");
    expect(toAdmin?.args.text).toContain("niet (meer) bereikbaar via Teams");
    expect(JSON.stringify(toAdmin?.args)).not.toContain("JB 2015");

    // Slack: the case channel was archived. The regisseur gets the post by DM; Lotte still gets hers.
    k.slack.failNext("chat.postMessage", { error: "is_archived" });
    await db.$transaction((tx) =>
      post(tx, clock.now(), "test:archived", `case:${caseId}`, say("Overleg bevestigd")),
    );
    await k.flush();
    const archived = await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: "test:archived" } });
    expect(archived).toMatchObject({ status: "dead", lastError: "is_archived: het kanaal is gearchiveerd" });
    const toRegisseur = slackDmsTo("ib").at(-1);
    expect(toRegisseur?.args.text).toContain(`casuskanaal van ${code} kon niet worden geplaatst`);
    expect(toRegisseur?.args.text).toContain("Overleg bevestigd");
    expect(toLotte().some((d) => d.key === `test:archived:to:${lotte}`)).toBe(true);

    // Someone with accounts on both platforms is reached on the one they prefer.
    await db.chatIdentity.create({
      data: { platform: "teams", personId: people.beheerder, workspaceId: "tenant-swv", userId: "29:britt" },
    });
    await db.person.update({ where: { id: people.beheerder }, data: { preferredPlatform: "teams" } });
    teams.failWith(new DeliveryFailure("recipientUnreachable", "user_gone"));
    await db.$transaction((tx) => sendDm(tx, clock.now(), "test:gone:again", lotte, say("Nog een")));
    await k.flush();
    const onTeams = teams.delivered.filter(
      (d) => d.request.op === "dm" && d.request.personId === people.beheerder,
    );
    expect(shown(onTeams.at(-1))).toContain("geen bericht sturen via Teams");
  });
});
