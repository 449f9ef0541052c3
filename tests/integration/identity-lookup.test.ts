import { expect, it } from "vitest";
import { resolveActor } from "../../src/chat/identity.ts";
import { adapterFor, type Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { linkSlack, slackUser } from "../support/slack-fake.ts";
import { createWorld } from "../support/world.ts";

/** A client on the test database that records the SQL of every query it sends. */
async function recordingClient(url: string, provider: string): Promise<{ db: Db; sql: string[] }> {
  const sql: string[] = [];
  const adapter = await adapterFor(url);
  const options = { adapter, log: [{ emit: "event", level: "query" }] } as const;
  const { PrismaClient } = (
    provider === "postgresql"
      ? await import("../../src/generated/postgres/client.ts")
      : await import("../../src/generated/sqlite/client.ts")
  ) as typeof import("../../src/generated/sqlite/client.ts");
  const client = new PrismaClient(options as never) as unknown as Db & {
    $on(event: "query", listener: (e: { query: string }) => void): void;
  };
  client.$on("query", (e) => sql.push(e.query));
  return { db: client, sql };
}

describeEachDatabase("Identity lookup", (get) => {
  it("sends one query of one shape per lookup, however many run at once (no batch, no plan per size)", async () => {
    const { db: setup, url, provider } = get();
    const world = await createWorld(setup);
    const teamId = "TLOOKUP";
    await linkSlack(setup, world, teamId);
    const { db, sql } = await recordingClient(url, provider);
    try {
      const keys = Object.keys(world.people) as (keyof typeof world.people)[];
      for (const concurrent of [1, 3, keys.length]) {
        sql.length = 0;
        const actors = await Promise.all(
          keys
            .slice(0, concurrent)
            .map((key) =>
              resolveActor(db, { platform: "slack", workspaceId: teamId, userId: slackUser(key) }, "nl"),
            ),
        );
        expect(actors.map((a) => a?.personId)).toEqual(keys.slice(0, concurrent).map((k) => world.people[k]));
        const lookups = sql.filter((q) => q.includes("ChatIdentity"));
        expect(lookups).toHaveLength(concurrent);
        expect(new Set(lookups).size).toBe(1);
      }
    } finally {
      await db.$disconnect();
    }
  });
});
