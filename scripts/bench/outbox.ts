// Outbox benchmark: how fast state changes can queue messages, and how fast the
// dispatcher drains them through a ChatPort with a platform-like latency.
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set.

import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import { say } from "../../src/chat/views.ts";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { enqueue } from "../../src/jobs/outbox.ts";
import type { Provider } from "../../src/store/client.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { heapMb, report, timed } from "./measure.ts";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const LATENCY_MS = 20; // a typical chat API round trip
const RECIPIENTS = 50;

export async function benchOutbox(): Promise<void> {
  const providers: Provider[] = [
    "sqlite",
    ...(process.env.TEST_DATABASE_URL ? (["postgresql"] as const) : []),
  ];
  for (const provider of providers) {
    const testDb = await openTestDb(provider);
    const { db } = testDb;
    try {
      const enqueueMs = await timed(async () => {
        // One transaction per message, as a state change that causes one message would.
        for (let i = 0; i < MESSAGES; i++) {
          await db.$transaction((tx) =>
            enqueue(tx, systemClock.now(), `bench-${i}`, {
              op: "dm",
              personId: `p${i % RECIPIENTS}`,
              message: say(`bericht ${i}`),
            }),
          );
        }
      });
      const port = new MemoryChatPort(LATENCY_MS);
      const dispatcher = new OutboxDispatcher({
        db,
        port,
        clock: systemClock,
        logger: silentLogger,
        batchSize: 200,
      });
      const drainMs = await timed(() => dispatcher.drain());
      const sent = await db.outboxMessage.count({ where: { status: "sent" } });
      if (sent !== MESSAGES) throw new Error(`sent ${sent} of ${MESSAGES}`);
      report(`outbox [${provider}]`, {
        messages: MESSAGES,
        "enqueue (1 tx each)": `${Math.round((MESSAGES / enqueueMs) * 1000)} msg/s`,
        [`dispatch (${LATENCY_MS} ms port, ${RECIPIENTS} recipients)`]: `${Math.round((MESSAGES / drainMs) * 1000)} msg/s`,
        "heap after": `${heapMb()} MB`,
      });
    } finally {
      await testDb.drop();
    }
  }
}
