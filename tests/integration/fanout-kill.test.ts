import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { FANOUT_TEAM, ibPerSchool, onlyThuiszitters, seedSwv, startChild } from "../support/fanout.ts";
import { FakeSlack } from "../support/slack-fake.ts";

// A Knoop process killed with SIGKILL in the middle of the quarterly thuiszitter fan-out, with
// messages Slack took but the process never recorded, and restarted: counted at the fake Slack,
// every prompt is there once. KILL_TEST_PROMPTS sets the size (default 300; 2,000 as in the issue).
const prompts = Number(process.env.KILL_TEST_PROMPTS ?? 300);

describeEachDatabase("a process killed mid fan-out", (get) => {
  it(`delivers all ${prompts} prompts, none twice, after a SIGKILL and a restart`, {
    timeout: 300_000,
  }, async () => {
    const { db, url } = get();
    await seedSwv(db, prompts);
    expect(await ibPerSchool(db)).toBe(prompts);
    await onlyThuiszitters(db);
    // Slack's limits (50 calls a second per method, about 1 a second per channel).
    const slack = await new FakeSlack(FANOUT_TEAM, {
      perMethod: { default: 50 },
      perChannel: { perSecond: 1, burst: 3 },
    }).start();
    try {
      // Halfway Slack takes the messages but the answers never come back: then the process dies.
      slack.holdAfterPosts = Math.floor(prompts / 2);
      const options = { databaseUrl: url, slackApiUrl: slack.apiUrl, realEpoch: Date.now(), claimMs: 2_000 };
      const first = startChild(options);
      await expect
        .poll(() => slack.posted().length, { timeout: 200_000, interval: 50 })
        .toBeGreaterThan(prompts / 2);
      await new Promise((r) => setTimeout(r, 300)); // the other workers' posts get held too
      first.child.kill("SIGKILL");
      expect((await first.exited).signal).toBe("SIGKILL");
      const postedBeforeKill = slack.posted().length;
      const recorded = await db.outboxMessage.count({ where: { status: "sent" } });
      // The window this is about: messages on Slack the outbox does not know were sent.
      expect(postedBeforeKill).toBeGreaterThan(recorded);
      slack.release();

      const second = startChild(options);
      const { code, stderr } = await second.exited;
      expect(code, stderr).toBe(0);

      const keys = (await db.outboxMessage.findMany({ select: { idempotencyKey: true } })).map(
        (r) => r.idempotencyKey,
      );
      expect(keys).toHaveLength(prompts); // one DM per IB'er
      const seen = new Map<string, number>();
      for (const p of slack.posted()) seen.set(p.key ?? "", (seen.get(p.key ?? "") ?? 0) + 1);
      const lost = keys.filter((k) => !seen.has(k));
      const doubled = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
      expect({ lost, doubled, posted: slack.posted().length }).toEqual({
        lost: [],
        doubled: [],
        posted: prompts,
      });
      expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(prompts);
      // The restarted process read the DMs of the rows the killed one had in flight.
      expect(slack.called("conversations.history").length).toBeGreaterThanOrEqual(
        postedBeforeKill - recorded,
      );
    } finally {
      slack.release();
      await slack.stop();
    }
  });
});
