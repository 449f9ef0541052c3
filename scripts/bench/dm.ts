// npm run bench:dm: 2,000 DMs (400 people, 5 each, a fan-out round after round) through the outbox,
// the Slack port and a fake Slack limited like Slack (50 calls/s per method, about 1 message a
// second per channel with bursts of 3; HTTP 429 with Retry-After beyond that).
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set. BENCH_ORDER=byPerson sends each
// person's messages together instead; BENCH_DISPATCHERS=2 runs two dispatchers on one database.
import type { Provider } from "../../src/store/client.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { runDmLoad } from "../../tests/support/dm-load.ts";
import { report } from "./measure.ts";

const people = Number(process.env.BENCH_PEOPLE ?? 400);
const perPerson = Number(process.env.BENCH_PER_PERSON ?? 5);
const order = process.env.BENCH_ORDER === "byPerson" ? "byPerson" : "interleaved";
const dispatchers = Number(process.env.BENCH_DISPATCHERS ?? 1);

const providers: Provider[] = ["sqlite", ...(process.env.TEST_DATABASE_URL ? (["postgresql"] as const) : [])];
for (const provider of providers) {
  const testDb = await openTestDb(provider);
  try {
    const f = await runDmLoad(testDb.db, {
      people,
      perPerson,
      perSecond: 50,
      perChannel: { perSecond: 1, burst: 3 },
      order,
      dispatchers,
    });
    report(`DMs through Slack [${provider}, ${order}, ${dispatchers} dispatcher(s)]`, {
      messages: `${f.messages} to ${people} people`,
      "time to the last message": `${f.seconds.toFixed(1)} s`,
      "minimum the limits allow": `${f.minimumSeconds.toFixed(1)} s`,
      ratio: `${(f.seconds / f.minimumSeconds).toFixed(2)}x`,
      "lost / doubled / out of order": `${f.lost} / ${f.doubled} / ${f.outOfOrder}`,
      "conversations.open: calls, most opened per person": `${f.opens}, ${f.maxOpensPerRecipient}`,
      "refused (429) per method": JSON.stringify(f.refused),
      "refused per second": (Object.values(f.refused).reduce((a, b) => a + b, 0) / f.seconds).toFixed(1),
      "outbox rows": JSON.stringify(f.rows),
      ...(process.env.BENCH_TIMELINE ? { "posts per second": f.postsPerSecond.join(" ") } : {}),
    });
  } finally {
    await testDb.drop();
  }
}
