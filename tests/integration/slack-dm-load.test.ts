import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { runDmLoad } from "../support/dm-load.ts";

// The CI-sized `npm run bench:dm`: each person's messages queued together (the hardest case for
// their order), two dispatchers on one database, a fake Slack that refuses what is over its limits.
describeEachDatabase("many DMs through a rate-limited Slack", (get) => {
  it("loses, doubles and reorders nothing and needs no conversations.open (first DMs by user id)", {
    timeout: 60_000,
  }, async () => {
    const figures = await runDmLoad(get().db, {
      people: 60,
      perPerson: 5,
      perSecond: 50,
      perChannel: { perSecond: 1, burst: 2 },
      order: "byPerson",
      dispatchers: 2,
      timeoutMs: 50_000,
    });
    expect(figures).toMatchObject({
      delivered: 300,
      lost: 0,
      doubled: 0,
      outOfOrder: 0,
      rows: { sent: 300 },
    });
    expect(figures.opens).toBe(0); // each first DM posted by user id; its DM channel kept from the answer
    expect(Object.values(figures.refused).reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // limits were hit
  });
});
