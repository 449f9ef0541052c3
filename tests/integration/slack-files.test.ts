import { afterAll, beforeAll, expect, it } from "vitest";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import {
  type ChartBlock,
  chart,
  count,
  file,
  fileBytes,
  filesOf,
  heading,
  type MessageView,
  message,
  text,
  upgrade,
} from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue, post, sendDm } from "../../src/jobs/outbox.ts";
import { SlackClients } from "../../src/surfaces/slack/clients.ts";
import { SlackPort } from "../../src/surfaces/slack/port.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { decodePng } from "../support/png.ts";
import { FakeSlack, linkSlack, slackUser } from "../support/slack-fake.ts";
import { createWorld } from "../support/world.ts";

type Json = Record<string, unknown>;

const trend = chart({
  shape: "line",
  title: "Signalen per maand",
  unit: "signalen",
  categories: ["sep", "okt", "nov"],
  series: [{ name: "Verzuim", values: [count(12), count(3), count(7)] }],
});
const digest = message(
  heading("Bestuursoverzicht november"),
  text("Het verzuim daalde."),
  trend,
  text("Tot slot."),
);

describeEachDatabase("Slack: charts as images and files uploaded, through the outbox", (get) => {
  const slack = new FakeSlack();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  async function setup() {
    const world = await createWorld(get().db);
    const { db, clock } = world;
    const teamId = `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    await linkSlack(db, world, teamId);
    const channelId = `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    const board = `channel:bestuur-${channelId}`;
    await db.slackChannel.create({ data: { logicalId: board, teamId, channelId } });
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
    return { world, clock, dispatcher, queue, row, calls, channelId, board };
  }

  it("uploads a chart's PNG and shows it in the message, the table right after it, in order", async () => {
    const { clock, dispatcher, queue, row, calls, channelId, board } = await setup();
    await queue((tx) => post(tx, clock.now(), "d:chart", board, digest));
    await dispatcher.drain();
    expect(await row("d:chart")).toMatchObject({ status: "sent", lastError: null });
    expect(calls().map((c) => c.method)).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
      "chat.postMessage",
    ]);
    const [getUrl, , complete, posted] = calls();
    const fileId = String(getUrl?.result?.file_id);
    // Uploaded without a channel: only the message shows it.
    expect(complete?.args.channel_id).toBeUndefined();
    expect(JSON.parse(String(complete?.args.files))).toEqual([{ id: fileId, title: "Signalen per maand" }]);
    const uploaded = slack.files.get(fileId);
    expect(uploaded?.filename).toBe("grafiek-1.png");
    const png = decodePng(new Uint8Array(uploaded?.bytes ?? []));
    expect(png.width).toBeGreaterThan(300);

    const blocks = posted?.args.blocks as Json[];
    expect(posted?.args.channel).toBe(channelId);
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "image", "section", "section"]);
    expect(blocks[2]).toMatchObject({
      slack_file: { id: fileId },
      title: { type: "plain_text", text: "Signalen per maand" },
      alt_text: expect.stringContaining("Grafiek: Signalen per maand"),
    });
    const table = JSON.stringify(blocks[3]);
    expect(table).toContain("sep");
    expect(table).toContain("&lt;5"); // the table says <5 too
    expect(JSON.stringify(blocks[4])).toContain("Tot slot.");
    expect(slack.violations).toEqual([]);
  });

  it("uploads a file block into the conversation right after its message (a CSV in a DM)", async () => {
    const { world, clock, dispatcher, queue, row, calls } = await setup();
    const csv = "maand;verzuim\nsep;12\nokt;<5\n";
    const view = message(
      text("De export van november."),
      file({ name: "digest-2026-11.csv", mediaType: "text/csv", data: csv, title: "Details" }),
    );
    await queue((tx) => sendDm(tx, clock.now(), "d:file", world.people.consultant, view));
    await dispatcher.drain();
    expect((await row("d:file")).status).toBe("sent");
    expect(calls().map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const dm = `D${slackUser("consultant")}`;
    const posted = calls()[0];
    expect(JSON.stringify(posted?.args.blocks)).toContain("📎 Bijlage: Details (digest-2026-11.csv)");
    const complete = calls()[3];
    expect(complete?.args.channel_id).toBe(dm);
    const id = String(calls()[1]?.result?.file_id);
    expect(slack.files.get(id)).toMatchObject({
      filename: "digest-2026-11.csv",
      channel: dm,
      title: "Details",
    });
    expect(slack.files.get(id)?.bytes?.toString("utf8")).toBe(csv);
  });

  it("a refused upload is classified like every Slack call: rate limit waits, a scope problem is shown", async () => {
    const { clock, dispatcher, queue, row, calls, board } = await setup();
    slack.failNext("files.getUploadURLExternal", { status: 429, retryAfter: 30 });
    await queue((tx) => post(tx, clock.now(), "d:limited", board, digest));
    await dispatcher.dispatchDue();
    const waiting = await row("d:limited");
    expect(waiting).toMatchObject({ status: "pending", attempts: 0 });
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(30_000);
    expect(calls().some((c) => c.method === "chat.postMessage")).toBe(false); // no message without its chart
    clock.advance(30_000);
    await dispatcher.drain();
    expect((await row("d:limited")).status).toBe("sent");

    slack.failNext("files.getUploadURLExternal", { error: "missing_scope" });
    await queue((tx) => post(tx, clock.now(), "d:scope", board, digest));
    await dispatcher.drain();
    const refused = await row("d:scope");
    expect(refused.status).toBe("dead");
    expect(refused.lastError).toContain("missing_scope");
  });

  it("when Slack refuses the image block, the message goes with its table and the PNG is shared after it", async () => {
    const { clock, dispatcher, queue, row, calls, channelId, board } = await setup();
    slack.failNext("chat.postMessage", { error: "invalid_blocks" });
    await queue((tx) => post(tx, clock.now(), "d:fallback", board, digest));
    await dispatcher.drain();
    expect(await row("d:fallback")).toMatchObject({ status: "sent", lastError: null });
    const methods = calls().map((c) => c.method);
    expect(methods).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
      "chat.postMessage", // refused
      "chat.postMessage",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const second = calls()[4]?.args.blocks as Json[];
    expect(second.map((b) => b.type)).toEqual(["header", "section", "section", "section", "section"]);
    expect(calls()[7]?.args.channel_id).toBe(channelId);
  });

  it("an update draws the chart again into the replaced message", async () => {
    const { clock, dispatcher, queue, calls, board, row } = await setup();
    await queue((tx) => post(tx, clock.now(), "d:orig", board, message(text("Even geduld…"))));
    await dispatcher.drain();
    await queue((tx) =>
      enqueue(tx, clock.now(), "d:upd", { op: "update", ofKey: "d:orig", message: digest }),
    );
    await dispatcher.drain();
    expect(await row("d:upd")).toMatchObject({ status: "sent", lastError: null });
    const update = calls().find((c) => c.method === "chat.update");
    const image = ((update?.args.blocks ?? []) as Json[]).find((b) => b.type === "image");
    expect(slack.files.get(String((image?.slack_file as Json | undefined)?.id))?.completed).toBe(true);
  });

  it("the memory port keeps a chart and a binary file as queued (the outbox's JSON round trip)", async () => {
    const { world, clock } = await setup();
    const db = get().db;
    const port = new MemoryChatPort();
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger, baseDelayMs: 10 });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 250, 255]);
    const view = message(trend, file({ name: "grafiek.png", mediaType: "image/png", data: png }));
    await db.$transaction((tx) => sendDm(tx, clock.now(), "d:memory", world.people.bestuur, view));
    await dispatcher.drain();
    const delivered = port.delivered.find((d) => d.key === "d:memory");
    expect(delivered?.request.op).toBe("dm");
    const kept = upgrade((delivered?.request as { message: MessageView } | undefined)?.message ?? message());
    const [drawn] = kept.blocks.filter((b): b is ChartBlock => b.kind === "chart");
    expect(drawn).toEqual(trend);
    expect([...fileBytes(filesOf(kept)[0] as never)]).toEqual([...png]);
  });
});
