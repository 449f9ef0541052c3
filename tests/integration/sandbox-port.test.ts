import { beforeEach, expect, it } from "vitest";
import { say } from "../../src/chat/views.ts";
import { ManualClock, MINUTE } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { clearAll } from "../../src/demo/demo.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue, sendDm } from "../../src/jobs/outbox.ts";
import { SandboxPort } from "../../src/surfaces/sandbox/port.ts";
import { describeEachDatabase } from "../support/databases.ts";

describeEachDatabase("sandbox port", (get) => {
  let clock: ManualClock;
  let port: SandboxPort;
  beforeEach(async () => {
    await clearAll(get().db);
    clock = new ManualClock("2026-11-23T09:00:00+01:00");
    port = new SandboxPort(get().db, clock);
  });

  const messages = (spaceId: string) =>
    get().db.sandboxMessage.findMany({ where: { spaceId }, orderBy: { createdAt: "asc" } });
  const members = async (spaceId: string) =>
    (await get().db.sandboxMember.findMany({ where: { spaceId } })).map((m) => m.personId).sort();

  it("puts a DM in the person's own space, once per idempotency key", async () => {
    const first = await port.send({ op: "dm", personId: "p1", message: say("Nieuw signaal") }, "k1");
    const again = await port.send({ op: "dm", personId: "p1", message: say("Nieuw signaal") }, "k1");
    expect(again).toEqual(first);
    expect(first.ref?.space).toBe("dm:p1");
    const space = await get().db.sandboxSpace.findUniqueOrThrow({ where: { id: "dm:p1" } });
    expect(space.kind).toBe("dm");
    expect(await members("dm:p1")).toEqual(["p1"]);
    const rows = await messages("dm:p1");
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.body ?? "")).toEqual(say("Nieuw signaal"));
    expect(rows[0]?.createdAt).toEqual(clock.now());
  });

  it("creates a case space named by its code with its members, invites more, and posts in it", async () => {
    await port.send(
      { op: "createCaseSpace", caseId: "c1", caseCode: "K-2026-0001", personIds: ["ib", "lp"] },
      "s1",
    );
    await port.send(
      { op: "createCaseSpace", caseId: "c1", caseCode: "K-2026-0001", personIds: ["ib", "lp"] },
      "s1",
    );
    const space = await get().db.sandboxSpace.findUniqueOrThrow({ where: { id: "case:c1" } });
    expect(space).toMatchObject({ kind: "case", name: "K-2026-0001" });
    expect(await members("case:c1")).toEqual(["ib", "lp"]);

    await port.send({ op: "invite", channelId: "case:c1", personIds: ["jgz", "lp"] }, "i1");
    expect(await members("case:c1")).toEqual(["ib", "jgz", "lp"]);

    await port.send({ op: "post", channelId: "case:c1", message: say("Welkom") }, "p1");
    await port.send({ op: "post", channelId: "case:c1", message: say("Welkom") }, "p1");
    expect(await messages("case:c1")).toHaveLength(1);
  });

  it("posts to channels by name, and refuses (for a retry) a space that does not exist yet", async () => {
    await port.ensureSpace("channel:bestuur", "channel", "bestuur", ["board"]);
    await port.send({ op: "post", channelId: "bestuur", message: say("Overzicht") }, "b1");
    await port.send({ op: "post", channelId: "channel:bestuur", message: say("Nog een") }, "b2");
    expect(await messages("channel:bestuur")).toHaveLength(2);
    await expect(port.send({ op: "post", channelId: "case:nope", message: say("x") }, "x1")).rejects.toThrow(
      "does not exist",
    );
    await expect(
      port.send({ op: "invite", channelId: "case:nope", personIds: ["a"] }, "x2"),
    ).rejects.toThrow();
  });

  it("replaces the message sent under `ofKey`, and fails (for a retry) when it was not sent yet", async () => {
    await expect(port.send({ op: "update", ofKey: "tally", message: say("2 kunnen") }, "u0")).rejects.toThrow(
      "no message with key tally",
    );
    const sent = await port.send({ op: "dm", personId: "p1", message: say("1 kan") }, "tally");
    clock.advance(5 * MINUTE);
    const updated = await port.send({ op: "update", ofKey: "tally", message: say("2 kunnen") }, "u1");
    expect(updated.ref).toEqual(sent.ref);
    const [row] = await messages("dm:p1");
    expect(JSON.parse(row?.body ?? "")).toEqual(say("2 kunnen"));
    expect(row?.updatedAt).toEqual(clock.now());
    expect(await messages("dm:p1")).toHaveLength(1);
  });

  it("works as the outbox's port: an update queued before its message is retried until that is sent", async () => {
    const { db } = get();
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger, baseDelayMs: 1000 });
    const update = { op: "update", ofKey: "orig", message: say("bijgewerkt") } as const;
    await db.$transaction((tx) => enqueue(tx, clock.now(), "upd", update));
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });

    await db.$transaction((tx) => sendDm(tx, clock.now(), "orig", "p9", say("origineel")));
    expect((await dispatcher.drain()).sent).toBe(1);
    clock.advance(MINUTE);
    expect((await dispatcher.drain()).sent).toBe(1);
    const rows = await messages("dm:p9");
    expect(rows.map((r) => JSON.parse(r.body))).toEqual([say("bijgewerkt")]);
  });
});
