import { describe, expect, it } from "vitest";
import { Deduper, refusal, succeeded } from "../../src/chat/dedupe.ts";
import { type Reply, say } from "../../src/chat/views.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { AckFirst } from "../../src/surfaces/slack/ack-first.ts";
import { OptionsCache } from "../../src/surfaces/slack/options-cache.ts";
import { caseChannelName } from "../../src/surfaces/slack/port.ts";
import { rejectFutureTimestamps } from "../../src/surfaces/slack/surface.ts";

/** What a duplicate of work done in another process gets (these Dedupers are memory only). */
const elsewhere: Reply = { type: "done" };

describe("Slack surface helpers", () => {
  it("remembers a delivery for its window once it succeeded, then lets it through again", async () => {
    let now = 0;
    const dedupe = new Deduper(() => now);
    let runs = 0;
    const done: Reply = { type: "done" };
    const work = (reply: Reply) => async () => {
      runs++;
      return reply;
    };
    expect(await dedupe.once("a", 1000, work(done), succeeded, elsewhere)).toEqual({
      result: done,
      duplicate: false,
    });
    expect(await dedupe.once("a", 1000, work(done), succeeded, elsewhere)).toEqual({
      result: done,
      duplicate: true,
    });
    expect(runs).toBe(1);
    now = 1001;
    expect((await dedupe.once("a", 1000, work(done), succeeded, elsewhere)).duplicate).toBe(false);
    expect(runs).toBe(2);
  });

  it("forgets a key whose work failed, was refused or was invalid: the retry is handled", async () => {
    const dedupe = new Deduper(() => 0);
    const failed = refusal<Reply>({ type: "message", message: say("Er ging iets mis") });
    const invalid: Reply = { type: "invalid", form: { id: "f", title: "F", submitLabel: "OK", fields: [] } };
    for (const reply of [failed, invalid]) {
      expect(
        (await dedupe.once(`k${reply.type}`, 1000, async () => reply, succeeded, elsewhere)).duplicate,
      ).toBe(false);
      expect(
        (await dedupe.once(`k${reply.type}`, 1000, async () => reply, succeeded, elsewhere)).duplicate,
      ).toBe(false);
    }
    await expect(
      dedupe.once("t", 1000, () => Promise.reject(new Error("x")), succeeded, elsewhere),
    ).rejects.toThrow();
    expect(
      (await dedupe.once("t", 1000, async () => ({ type: "done" }) as Reply, succeeded, elsewhere)).duplicate,
    ).toBe(false);
  });

  it("lets a duplicate that arrives while the first runs wait for it and join its result", async () => {
    const dedupe = new Deduper(() => 0);
    let release: (r: Reply) => void = () => {};
    let runs = 0;
    const slow = () => {
      runs++;
      return new Promise<Reply>((resolve) => {
        release = resolve;
      });
    };
    const first = dedupe.once("s", 1000, slow, succeeded, elsewhere);
    const second = dedupe.once("s", 1000, slow, succeeded, elsewhere);
    release({ type: "done" });
    expect(await first).toEqual({ result: { type: "done" }, duplicate: false });
    expect(await second).toEqual({ result: { type: "done" }, duplicate: true });
    expect(runs).toBe(1);
  });

  it("answers options requests from the open view's list, filtered as typed, at most 100", () => {
    let now = 0;
    const cache = new OptionsCache({ ttlMs: 60_000, now: () => now });
    const options = Array.from({ length: 150 }, (_, i) => ({ value: `s${i}`, label: `School ${i}` }));
    const me = { workspaceId: "T1", userId: "U1" };
    cache.keep("V1", me, [{ name: "school", options }, { name: "empty" }]);
    expect(cache.find("V1", me, "school", "")).toHaveLength(100);
    expect(cache.find("V1", { workspaceId: "T1", userId: "U2" }, "school", "")).toEqual([]);
    expect(cache.find("V1", { workspaceId: "T2", userId: "U1" }, "school", "")).toEqual([]);
    expect(cache.find("V1", me, "school", "SCHOOL 14").map((o) => o.value)).toEqual([
      "s14",
      ...Array.from({ length: 10 }, (_, i) => `s${140 + i}`),
    ]);
    expect(cache.find("V1", me, "other", "")).toEqual([]);
    expect(cache.find("V2", me, "school", "")).toEqual([]);
    now = 60_001;
    expect(cache.find("V1", me, "school", "")).toEqual([]); // expired
  });

  it("keeps only the lists Slack loads as you type, and evicts the least recently used by size", () => {
    const me = { workspaceId: "T1", userId: "U1" };
    const list = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ value: `${tag}${i}`, label: `School ${tag} ${i}` }));
    // A short list is a static select (its options are in the modal): nothing to keep.
    const cache = new OptionsCache({ maxBytes: 1_000_000 });
    cache.keep("VSHORT", me, [{ name: "school", options: list(100, "a") }]);
    expect(cache.views).toBe(0);
    expect(cache.bytes).toBe(0);

    // Views of 2,000 options each: the budget holds a few, never more.
    for (let v = 0; v < 50; v++) cache.keep(`V${v}`, me, [{ name: "school", options: list(2000, `v${v}`) }]);
    expect(cache.bytes).toBeLessThanOrEqual(1_000_000);
    expect(cache.views).toBeGreaterThan(0);
    expect(cache.views).toBeLessThan(10);
    const kept = cache.views;
    expect(cache.find("V49", me, "school", "v49 1999").map((o) => o.value)).toEqual(["v491999"]);
    expect(cache.find("V0", me, "school", "")).toEqual([]); // evicted

    // Used recently: stays while a newer view pushes the oldest out.
    const oldest = `V${50 - kept}`;
    expect(cache.find(oldest, me, "school", "")).toHaveLength(100);
    cache.keep("VNEW", me, [{ name: "school", options: list(2000, "new") }]);
    expect(cache.find(oldest, me, "school", "")).toHaveLength(100);
    expect(cache.find(`V${51 - kept}`, me, "school", "")).toEqual([]);
    expect(cache.bytes).toBeLessThanOrEqual(1_000_000);

    // Reopening a view replaces its entry instead of counting it twice.
    const before = cache.bytes;
    cache.keep("VNEW", me, [{ name: "school", options: list(2000, "new") }]);
    expect(cache.bytes).toBe(before);
  });

  it("names a case channel after the case code only", () => {
    expect(caseChannelName("K-2026-0042")).toBe("knoop-k-2026-0042");
  });

  it("refuses a request signed more than 5 minutes in the future", () => {
    const check = rejectFutureTimestamps(() => 1_000_000_000);
    const answer = (timestamp: number) => {
      let status = 0;
      let passed = false;
      const req = { header: () => String(timestamp) } as never;
      const res = {
        status: (s: number) => ({
          send: () => {
            status = s;
          },
        }),
      } as never;
      check(req, res, () => {
        passed = true;
      });
      return passed ? "next" : status;
    };
    expect(answer(1_000_000 + 301)).toBe(401);
    expect(answer(1_000_000 + 299)).toBe("next");
    expect(answer(1_000_000 - 600)).toBe("next"); // too old: Bolt answers 401 itself
  });

  it("runs the work after the acks a few at a time, each on its own turn of the event loop", async () => {
    const ackFirst = new AckFirst(0, 1000, 2);
    let running = 0;
    let most = 0;
    const turns: string[] = [];
    const work = (i: number) =>
      ackFirst.later(async () => {
        running++;
        most = Math.max(most, running);
        turns.push(`start ${i}`);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return i;
      });
    // A request arriving while the work is queued is answered before the work begins.
    setImmediate(() => turns.push("ack"));
    expect(await Promise.all([1, 2, 3, 4, 5].map(work))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(turns[0]).toBe("ack");
    expect(turns.filter((t) => t.startsWith("start"))).toHaveLength(5);
  });

  it("lets work after an ack wait until no request waits for its ack", async () => {
    const ackFirst = new AckFirst(0, 1000);
    const track = ackFirst.track();
    const closers: (() => void)[] = [];
    const res = { once: (_: string, close: () => void) => closers.push(close) } as never;
    track({} as never, res, () => {});
    let done = false;
    const waiting = ackFirst.idle().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    for (const close of closers) close();
    await waiting;
    expect(done).toBe(true);
  });

  it("reads the OAuth settings, and explains in Dutch which Slack settings belong together", () => {
    const oauth = loadConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_CLIENT_ID: "1.2",
      SLACK_CLIENT_SECRET: "c",
      SLACK_STATE_SECRET: "st",
      KNOOP_DATA_KEY: "a25vb3AtdGVzdC1rZXkha25vb3AtdGVzdC1rZXkha24=",
    });
    expect(oauth.slack).toMatchObject({ clientId: "1.2", clientSecret: "c", stateSecret: "st" });
    const error = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
      }
      return "";
    };
    expect(error({ SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_ID: "1.2" })).toContain(
      "SLACK_CLIENT_ID is nodig samen met SLACK_CLIENT_SECRET en SLACK_STATE_SECRET",
    );
    expect(error({ SLACK_SIGNING_SECRET: "s" })).toContain(
      "SLACK_SIGNING_SECRET is nodig samen met SLACK_BOT_TOKEN (één werkruimte) of SLACK_CLIENT_ID",
    );
  });
});
