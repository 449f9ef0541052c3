import { afterAll, beforeAll, expect, it } from "vitest";
import { heading, message, say, text } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue, post, sendDm } from "../../src/jobs/outbox.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { FakeSlack, linkSlack, slackUser } from "../support/slack-fake.ts";
import { createWorld } from "../support/world.ts";

describeEachDatabase("Slack port: the outbox through the Slack Web API", (get) => {
  const slack = new FakeSlack();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  /** A world linked to a fresh Slack workspace, with a case led by the IB'er, and a Slack dispatcher. */
  async function setup() {
    const world = await createWorld(get().db);
    const { db, clock } = world;
    const teamId = `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    await linkSlack(db, world, teamId);
    const year = 2026;
    const code = `K-${year}-${String(Math.floor(Math.random() * 9999)).padStart(4, "0")}`;
    const kase = await db.case.create({
      data: {
        swvId: world.swvId,
        code,
        schoolId: world.schools.A,
        pupilRef: "JB2016",
        form: "verkennend",
        status: "verkennend",
        regisseurId: world.people.ib,
        reason: "Veel verzuim",
        createdAt: clock.now(),
      },
    });
    const clients = new SlackClients({
      db,
      logger: silentLogger,
      apiUrl: slack.apiUrl,
      botToken: "xoxb-test",
    });
    const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger, baseDelayMs: 10 });
    const queue = (fn: Parameters<typeof db.$transaction>[0]) => db.$transaction(fn);
    const row = (key: string) => db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
    const since = slack.calls.length;
    const calls = () => slack.calls.slice(since);
    return { world, db, clock, kase, dispatcher, queue, row, calls, teamId, port, clients };
  }

  it("DMs a person on their Slack account and keeps channel and ts for later updates", async () => {
    const { world, clock, dispatcher, queue, row, calls } = await setup();
    await queue((tx) =>
      sendDm(tx, clock.now(), "k:dm", world.people.jgz, message(heading("Signaal"), text("Nieuw signaal"))),
    );
    await dispatcher.drain();
    // Posted with the user id (no conversations.open); Slack answers with the DM's channel.
    expect(calls().map((c) => c.method)).toEqual(["chat.postMessage"]);
    expect(calls()[0]?.to).toBe(slackUser("jgz"));
    expect(calls()[0]?.args.channel).toBe(`D${slackUser("jgz")}`);
    const sent = await row("k:dm");
    expect(sent.status).toBe("sent");
    const ref = JSON.parse(sent.result ?? "{}").ref;
    expect(ref).toEqual({ space: `D${slackUser("jgz")}`, id: expect.stringMatching(/^\d+\.\d+$/) });

    await queue((tx) =>
      enqueue(tx, clock.now(), "k:dm:update", { op: "update", ofKey: "k:dm", message: say("Opgepakt") }),
    );
    await dispatcher.drain();
    const update = calls().find((c) => c.method === "chat.update");
    expect(update?.args).toMatchObject({ channel: ref.space, ts: ref.id, text: "Opgepakt" });
    expect(slack.violations).toEqual([]);
  });

  it("creates a private case channel named after the code only, invites, posts, and reuses it", async () => {
    const { world, clock, kase, dispatcher, queue, calls, db } = await setup();
    const people = [world.people.ib, world.people.leerplicht];
    const space = { op: "createCaseSpace", caseId: kase.id, caseCode: kase.code, personIds: people } as const;
    await queue(async (tx) => {
      await enqueue(tx, clock.now(), "k:space", space);
      await post(tx, clock.now(), "k:post", `case:${kase.id}`, say(`Casus ${kase.code} is geopend`));
    });
    await dispatcher.drain();
    const created = calls().find((c) => c.method === "conversations.create");
    const name = `knoop-${kase.code.toLowerCase()}`;
    expect(created?.args).toMatchObject({ name, is_private: "true" });
    expect(JSON.stringify(created?.args)).not.toContain("JB2016");
    const channel = slack.channels.get(name);
    expect(
      calls()
        .filter((c) => c.method === "conversations.invite")
        .map((c) => c.args),
    ).toEqual([
      expect.objectContaining({ channel, users: slackUser("ib") }),
      expect.objectContaining({ channel, users: slackUser("leerplicht") }),
    ]);
    expect(calls().find((c) => c.method === "chat.postMessage")?.args.channel).toBe(channel);

    // Sent again (a crash before it was recorded, or a new invite): no second channel.
    await queue((tx) =>
      enqueue(tx, clock.now(), "k:space:again", { ...space, personIds: [world.people.jgz] }),
    );
    await dispatcher.drain();
    expect(calls().filter((c) => c.method === "conversations.create")).toHaveLength(1);
    // The mapping lost (e.g. restored backup): Slack says name_taken and Knoop finds its channel again.
    await db.slackChannel.delete({ where: { logicalId: `case:${kase.id}` } });
    await queue((tx) => enqueue(tx, clock.now(), "k:space:third", space));
    await dispatcher.drain();
    expect(
      (await db.slackChannel.findUniqueOrThrow({ where: { logicalId: `case:${kase.id}` } })).channelId,
    ).toBe(channel);
  });

  it("waits as Slack asks on a rate limit, without using up an attempt", async () => {
    const { world, clock, dispatcher, queue, row } = await setup();
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 42 });
    await queue((tx) => sendDm(tx, clock.now(), "k:limited", world.people.jgz, say("Hallo")));
    await dispatcher.dispatchDue();
    const waiting = await row("k:limited");
    expect(waiting).toMatchObject({ status: "pending", attempts: 0 });
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(42_000);
    clock.advance(42_000);
    await dispatcher.drain();
    expect((await row("k:limited")).status).toBe("sent");
  });

  it("keeps a person's DM channel, also across restarts, and posts by user id again only when Slack says it is gone", async () => {
    const { world, db, clock, dispatcher, queue, row, calls, clients, teamId } = await setup();
    for (const key of ["k:one", "k:two"]) {
      await queue((tx) => sendDm(tx, clock.now(), key, world.people.jgz, say("Hallo")));
      await dispatcher.drain();
    }
    // A new process: the channel comes from the database.
    const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
    const restarted = new OutboxDispatcher({ db, port, clock, logger: silentLogger });
    await queue((tx) => sendDm(tx, clock.now(), "k:three", world.people.jgz, say("Hallo")));
    await restarted.drain();
    expect(calls().filter((c) => c.method === "conversations.open")).toHaveLength(0);
    expect(calls().map((c) => c.to)).toEqual([slackUser("jgz"), undefined, undefined]);

    for (const [key, error] of [
      ["k:dm-gone", "channel_not_found"],
      ["k:dm-archived", "is_archived"],
    ] as const) {
      slack.failNext("chat.postMessage", { error });
      await queue((tx) => sendDm(tx, clock.now(), key, world.people.jgz, say("Nog eens")));
      await restarted.drain();
      expect((await row(key)).status).toBe("sent");
    }
    const user = slackUser("jgz");
    expect(calls().map((c) => [c.method, c.to ?? c.args.channel])).toEqual([
      ["chat.postMessage", user],
      ["chat.postMessage", `D${user}`],
      ["chat.postMessage", `D${user}`],
      ...[
        ["chat.postMessage", `D${user}`],
        ["chat.postMessage", user],
      ], // gone: by user id, once
      ...[
        ["chat.postMessage", `D${user}`],
        ["chat.postMessage", user],
      ],
    ]);
    expect(
      await db.slackDmChannel.findMany({ where: { teamId, userId: user }, select: { channelId: true } }),
    ).toEqual([{ channelId: `D${user}` }]);
  });

  it("a 429 pauses that method in that workspace: later DMs wait without calling Slack, updates go on", async () => {
    const { world, db, clock, queue, row, calls, port } = await setup();
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger, parallel: 1 });
    await queue((tx) => sendDm(tx, clock.now(), "k:tally", world.people.ib, say("0 stemmen")));
    await dispatcher.drain();
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 30 });
    await queue(async (tx) => {
      await sendDm(tx, clock.now(), "k:first", world.people.jgz, say("Hallo"));
      await sendDm(tx, clock.now(), "k:second", world.people.leerplicht, say("Hallo"));
      await enqueue(tx, clock.now(), "k:tally:1", { op: "update", ofKey: "k:tally", message: say("1 stem") });
    });
    await dispatcher.drain();
    const methods = () => calls().map((c) => c.method);
    expect(methods().slice(1)).toEqual(["chat.postMessage", "chat.update"]);
    expect((await row("k:second")).attempts).toBe(0);
    clock.advance(29_000);
    await dispatcher.drain();
    expect(methods()).toHaveLength(3); // still paused: not one call
    clock.advance(1_000);
    await dispatcher.drain();
    expect((await row("k:first")).status).toBe("sent");
    expect((await row("k:second")).status).toBe("sent");
  });

  it("a post to an archived case channel reaches the regisseur in Dutch, with the message", async () => {
    const { world, clock, kase, dispatcher, queue, row, calls, db, teamId } = await setup();
    await db.slackChannel.create({ data: { logicalId: `case:${kase.id}`, teamId, channelId: "CARCHIVED" } });
    slack.failNext("chat.postMessage", { error: "is_archived" });
    await queue((tx) => post(tx, clock.now(), "k:archived", `case:${kase.id}`, say("Overleg bevestigd")));
    await dispatcher.drain();
    const dead = await row("k:archived");
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toBe("is_archived: het kanaal is gearchiveerd");
    const notice = calls()
      .filter((c) => c.method === "chat.postMessage")
      .at(-1);
    expect(notice?.args.channel).toBe(`D${slackUser("ib")}`);
    expect(notice?.args.text).toContain(`casuskanaal van ${kase.code} kon niet worden geplaatst`);
    expect(notice?.args.text).toContain("Overleg bevestigd");
    expect(world.people.ib).toBeTruthy();
  });

  it("a person Slack does not know, or without a Slack account, is reported to the beheerders", async () => {
    const { world, clock, dispatcher, queue, row, calls, db } = await setup();
    slack.failNext("chat.postMessage", { error: "user_not_found" });
    await queue((tx) => sendDm(tx, clock.now(), "k:gone", world.people.jgz, say("Signaal voor JB2016")));
    await dispatcher.drain();
    expect((await row("k:gone")).lastError).toContain("user_not_found: het Slack-account bestaat niet");
    const toAdmin = calls().filter((c) => c.args.channel === `D${slackUser("beheerder")}`);
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]?.args.text).toContain("Knoop kon Jasmijn Gerritsen geen bericht sturen via Slack");
    expect(slack.texts((c) => c.args.channel === `D${slackUser("beheerder")}`)).not.toContain("JB2016");

    await db.chatIdentity.deleteMany({ where: { personId: world.people.buurtteam, platform: "slack" } });
    await queue((tx) => sendDm(tx, clock.now(), "k:none", world.people.buurtteam, say("Hallo")));
    await dispatcher.drain();
    expect((await row("k:none")).lastError).toContain("geen Slack-account aan deze persoon gekoppeld");
    expect(slack.texts((c) => c.args.channel === `D${slackUser("beheerder")}`)).toContain("Bas Timmermans");
  });

  it("one person who cannot be invited does not keep the others out; the regisseur hears who", async () => {
    const { world, clock, kase, dispatcher, queue, row, calls } = await setup();
    slack.failNext("conversations.invite", { error: "already_in_channel" }, { error: "user_disabled" });
    const personIds = [world.people.ib, world.people.jgz, world.people.leerplicht];
    await queue((tx) =>
      enqueue(tx, clock.now(), "k:invite", {
        op: "createCaseSpace",
        caseId: kase.id,
        caseCode: kase.code,
        personIds,
      }),
    );
    await dispatcher.drain();
    expect((await row("k:invite")).status).toBe("sent");
    expect(calls().filter((c) => c.method === "conversations.invite")).toHaveLength(3);
    const notice = calls().filter((c) => c.args.channel === `D${slackUser("ib")}`);
    expect(notice.at(-1)?.args.text).toContain(
      `Jasmijn Gerritsen kon niet worden uitgenodigd in het casuskanaal van ${kase.code}: het Slack-account is gedeactiveerd`,
    );
  });

  it("an invalid token is shown on the outbox row, and the failure notice does not loop", async () => {
    const { world, clock, dispatcher, queue, row } = await setup();
    slack.failNext("chat.postMessage", { error: "invalid_auth" }, { error: "invalid_auth" });
    await queue((tx) => sendDm(tx, clock.now(), "k:auth", world.people.jgz, say("Hallo")));
    await dispatcher.drain();
    expect((await row("k:auth")).lastError).toContain("invalid_auth: het Slack-token van Knoop is ongeldig");
    const notices = await get().db.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: "slack-notice:k:auth" } },
    });
    expect(notices).toHaveLength(1); // to the one beheerder; its own failure made no further notice
    expect(notices[0]?.status).toBe("dead");
  });
});
