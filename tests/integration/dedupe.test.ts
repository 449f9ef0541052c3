import { expect, it } from "vitest";
import { Deduper, hash, refusal, succeeded } from "../../src/chat/dedupe.ts";
import { type Reply, say } from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";

// Two Dedupers on two connections to one database, as two replicas have: a retry that reaches the
// other one is not handled again, a failed first attempt is, and a dead process's claim is freed.
const done: Reply = { type: "done", message: say("Signaal opgeslagen") };
const elsewhere: Reply = { type: "done" };

describeEachDatabase("dedupe shared through the database", (get) => {
  let now = Date.parse("2026-12-02T09:00:00Z");
  const clock = () => now;
  const pair = async () => {
    const { db, connect } = get();
    return [
      new Deduper(clock, { db, pollMs: 10 }),
      new Deduper(clock, { db: await connect(), pollMs: 10 }),
    ] as const;
  };
  let runs = 0;
  const work = (reply: Reply) => async () => {
    runs++;
    return reply;
  };

  it("a retry at the other replica gets the neutral answer, not a second run; after the window it runs", async () => {
    const [a, b] = await pair();
    runs = 0;
    const key = `command:${hash({ text: "signaal" })}`;
    expect(await a.once(key, 60_000, work(done), succeeded, elsewhere)).toEqual({
      result: done,
      duplicate: false,
    });
    expect(await b.once(key, 60_000, work(done), succeeded, elsewhere)).toEqual({
      result: elsewhere,
      duplicate: true,
    });
    expect(runs).toBe(1);
    // The row holds a hash of the key, nothing of the request.
    const rows = await get().db.handledRequest.findMany();
    expect(rows.map((r) => r.key)).toEqual([hash(key)]);
    expect(rows[0]?.state).toBe("done");
    now += 60_001;
    expect((await b.once(key, 60_000, work(done), succeeded, elsewhere)).duplicate).toBe(false);
    expect(runs).toBe(2);
  });

  it("a duplicate arriving while the other replica works waits for it, then answers without redoing", async () => {
    const [a, b] = await pair();
    runs = 0;
    let release: (r: Reply) => void = () => {};
    const slow = () => {
      runs++;
      return new Promise<Reply>((resolve) => {
        release = resolve;
      });
    };
    const first = a.once("slow", 60_000, slow, succeeded, elsewhere);
    await expect.poll(() => get().db.handledRequest.count({ where: { state: "running" } })).toBe(1);
    const second = b.once("slow", 60_000, slow, succeeded, elsewhere);
    await new Promise((r) => setTimeout(r, 100)); // b is polling
    release(done);
    expect(await first).toEqual({ result: done, duplicate: false });
    expect(await second).toEqual({ result: elsewhere, duplicate: true });
    expect(runs).toBe(1);
  });

  it("a failed, refused or invalid first attempt is forgotten: the retry at the other replica is handled", async () => {
    const [a, b] = await pair();
    const failed = refusal<Reply>({ type: "message", message: say("Er ging iets mis") });
    const invalid: Reply = { type: "invalid", form: { id: "f", title: "F", submitLabel: "OK", fields: [] } };
    for (const reply of [failed, invalid]) {
      runs = 0;
      expect((await a.once(`k${reply.type}`, 60_000, work(reply), succeeded, elsewhere)).duplicate).toBe(
        false,
      );
      expect((await b.once(`k${reply.type}`, 60_000, work(done), succeeded, elsewhere)).duplicate).toBe(
        false,
      );
      expect(runs).toBe(2);
    }
    await expect(
      a.once("thrown", 60_000, () => Promise.reject(new Error("x")), succeeded, elsewhere),
    ).rejects.toThrow();
    expect(await b.once("thrown", 60_000, work(done), succeeded, elsewhere)).toEqual({
      result: done,
      duplicate: false,
    });
  });

  it("a duplicate waiting on a first attempt that then fails does the work itself", async () => {
    const [a, b] = await pair();
    let fail: (e: Error) => void = () => {};
    const first = a.once(
      "fails",
      60_000,
      () =>
        new Promise<Reply>((_, reject) => {
          fail = reject;
        }),
      succeeded,
      elsewhere,
    );
    await expect.poll(() => get().db.handledRequest.count({ where: { state: "running" } })).toBe(1);
    runs = 0;
    const second = b.once("fails", 60_000, work(done), succeeded, elsewhere);
    await new Promise((r) => setTimeout(r, 50));
    fail(new Error("slack down"));
    await expect(first).rejects.toThrow("slack down");
    expect(await second).toEqual({ result: done, duplicate: false });
    expect(runs).toBe(1);
  });

  it("takes over the claim of a process that died; deletes rows whose window ended", async () => {
    const { db } = get();
    await db.handledRequest.deleteMany();
    const b = new Deduper(clock, { db, pollMs: 10 });
    await b.once("warm", 1000, work(done), succeeded, elsewhere); // its clean-up ran
    // A process claimed this and died: its lease ended a second ago.
    await db.handledRequest.create({
      data: { key: hash("orphan"), state: "running", owner: "dead:1", expiresAt: new Date(now - 1000) },
    });
    runs = 0;
    expect(await b.once("orphan", 60_000, work(done), succeeded, elsewhere)).toEqual({
      result: done,
      duplicate: false,
    });
    expect(runs).toBe(1);
    now += 2000; // "warm" (a 1 s window) ended; a process that starts cleans up
    await new Deduper(clock, { db }).once("other", 60_000, work(done), succeeded, elsewhere);
    const rows = await db.handledRequest.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((r) => r.key).sort()).toEqual([hash("orphan"), hash("other")].sort());
    expect(rows.every((r) => r.state === "done")).toBe(true);
  });

  it("stops waiting on a first attempt that takes too long and answers without redoing", async () => {
    const { db } = get();
    await db.handledRequest.create({
      data: { key: hash("stuck"), state: "running", owner: "other:1", expiresAt: new Date(now + 30_000) },
    });
    const b = new Deduper(clock, { db, pollMs: 10, waitMs: 200 });
    runs = 0;
    expect(await b.once("stuck", 60_000, work(done), succeeded, elsewhere)).toEqual({
      result: elsewhere,
      duplicate: true,
    });
    expect(runs).toBe(0);
  });
});
