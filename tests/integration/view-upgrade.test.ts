import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChatRequest } from "../../src/chat/port.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { clearAll } from "../../src/demo/demo.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue } from "../../src/jobs/outbox.ts";
import { SandboxPort } from "../../src/surfaces/sandbox/port.ts";
import { renderMessage } from "../../src/surfaces/sandbox/render-html.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { FakeSlack, linkSlack } from "../support/slack-fake.ts";
import { createWorld } from "../support/world.ts";

/** A message queued before views had blocks: version 1's fixed slots, as JSON in the outbox. */
const legacy = (personId: string) =>
  ({
    op: "dm",
    personId,
    message: {
      title: "Nieuw signaal",
      text: "Er is een *signaal* voor je",
      facts: [{ label: "School", value: "De Regenboog" }],
      buttons: [{ action: "signal.take", label: "Oppakken", value: "s1", style: "primary" }],
    },
  }) as unknown as ChatRequest;

describeEachDatabase("views queued before the upgrade still render", (get) => {
  const slack = new FakeSlack();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  it("Slack renders a version 1 outbox row as blocks", async () => {
    const world = await createWorld(get().db);
    const { db, clock } = world;
    await linkSlack(db, world, `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`);
    const clients = new SlackClients({
      db,
      logger: silentLogger,
      apiUrl: slack.apiUrl,
      botToken: "xoxb-test",
    });
    const port = new SlackPort({ db, logger: silentLogger, locale: "nl", clients });
    const since = slack.calls.length;
    await db.$transaction((tx) => enqueue(tx, clock.now(), "old:slack", legacy(world.people.jgz)));
    await new OutboxDispatcher({ db, port, clock, logger: silentLogger, baseDelayMs: 10 }).drain();
    const posted = slack.calls.slice(since).find((c) => c.method === "chat.postMessage");
    expect(posted?.args.text).toBe("Nieuw signaal: Er is een *signaal* voor je");
    const blocks = posted?.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
    expect(blocks[1]?.text?.text).toBe("Er is een *signaal* voor je");
  });

  it("the sandbox renders a version 1 outbox row (and SandboxMessage.body) as blocks", async () => {
    await clearAll(get().db);
    const clock = new ManualClock("2026-11-23T09:00:00+01:00");
    const db = get().db;
    const port = new SandboxPort(db, clock);
    await db.$transaction((tx) => enqueue(tx, clock.now(), "old:sandbox", legacy("p1")));
    await new OutboxDispatcher({ db, port, clock, logger: silentLogger, baseDelayMs: 10 }).drain();
    const row = await db.sandboxMessage.findFirstOrThrow({ where: { spaceId: "dm:p1" } });
    const html = renderMessage(JSON.parse(row.body), "nl");
    expect(html).toContain(`<h3 class="title">Nieuw signaal</h3>`);
    expect(html).toContain("Er is een <strong>signaal</strong> voor je");
    expect(html).toContain("<dt>School</dt><dd>De Regenboog</dd>");
    expect(html).toContain(`data-action="signal.take"`);
  });
});
