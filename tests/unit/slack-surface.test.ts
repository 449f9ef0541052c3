import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { AckFirst } from "../../src/surfaces/slack/ack-first.ts";
import { Deduper } from "../../src/surfaces/slack/dedupe.ts";
import { OptionsCache } from "../../src/surfaces/slack/options-cache.ts";
import { caseChannelName } from "../../src/surfaces/slack/port.ts";
import { rejectFutureTimestamps } from "../../src/surfaces/slack/surface.ts";

describe("Slack surface helpers", () => {
  it("remembers a delivery for its window, then lets it through again", () => {
    let now = 0;
    const dedupe = new Deduper(() => now);
    expect(dedupe.first("a", 1000)).toBe(true);
    expect(dedupe.first("a", 1000)).toBe(false);
    expect(dedupe.first("b", 1000)).toBe(true);
    now = 1001;
    expect(dedupe.first("a", 1000)).toBe(true);
  });

  it("answers options requests from the open view's list, filtered as typed, at most 100", () => {
    let now = 0;
    const cache = new OptionsCache(60_000, 2, () => now);
    const options = Array.from({ length: 150 }, (_, i) => ({ value: `s${i}`, label: `School ${i}` }));
    cache.keep("V1", [{ name: "school", options }, { name: "empty" }]);
    expect(cache.find("V1", "school", "")).toHaveLength(100);
    expect(cache.find("V1", "school", "SCHOOL 14").map((o) => o.value)).toEqual([
      "s14",
      ...Array.from({ length: 10 }, (_, i) => `s${140 + i}`),
    ]);
    expect(cache.find("V1", "other", "")).toEqual([]);
    expect(cache.find("V2", "school", "")).toEqual([]);
    now = 60_001;
    expect(cache.find("V1", "school", "")).toEqual([]); // expired
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
