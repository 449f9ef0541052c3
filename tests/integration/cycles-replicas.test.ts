import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { addDays, atLocal, parseClock, weekday } from "../../src/features/cycles/dates.ts";
import { openTestDb, postgresUrl } from "../support/databases.ts";
import { createWorld } from "../support/world.ts";

// Two Knoop processes on one PostgreSQL, each with its own scheduler, dispatcher, connection and
// fake clock, step through the same school year side by side: every check-in instance is made once
// and every prompt is sent once, by one of them (counted at each process's chat port).
const root = fileURLToPath(new URL("../..", import.meta.url));
const skip = !postgresUrl;

function startProcess(url: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/scheduler-child.ts"], {
    cwd: root,
    env: { ...process.env, SCHEDULER_DATABASE_URL: url },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async tick(at: Date): Promise<{ sent: string[]; ran: string[] }> {
      child.stdin.write(`tick ${at.toISOString()}\n`);
      const { value, done } = await lines.next();
      if (done) throw new Error("the process ended");
      return JSON.parse(value) as { sent: string[]; ran: string[] };
    },
    async quit() {
      child.stdin.write("quit\n");
      await new Promise((resolve) => child.on("exit", resolve));
    },
  };
}

describe.skipIf(skip)(
  `two scheduler processes on one PostgreSQL${skip ? " [OVERGESLAGEN: TEST_DATABASE_URL is niet gezet]" : ""}`,
  () => {
    it("run the school year: each instance created once, each prompt sent once", {
      timeout: 600_000,
    }, async () => {
      const testDb = await openTestDb("postgresql");
      const [a, b] = [startProcess(testDb.url), startProcess(testDb.url)];
      try {
        const world = await createWorld(testDb.db, "2026-08-01T06:00:00+02:00");
        const sent = new Map<string, string[]>();
        const ranBy = { a: 0, b: 0 };
        for (let day = "2026-08-01"; day <= "2027-07-31"; day = addDays(day, 1)) {
          const hours = weekday(day) <= 5 ? ["09:05", "14:05"] : ["09:05"];
          for (const hour of hours) {
            const at = atLocal(day, parseClock(hour), "Europe/Amsterdam");
            const [fromA, fromB] = await Promise.all([a.tick(at), b.tick(at)]);
            for (const [who, r] of [
              ["a", fromA],
              ["b", fromB],
            ] as const) {
              ranBy[who] += r.ran.length;
              for (const key of r.sent) sent.set(key, [...(sent.get(key) ?? []), who]);
            }
          }
        }
        const { db } = testDb;
        // Instances: 2 schools x (4 registrations + SOP + jaarplan + jaarverslag + kernpartnergesprek),
        // the SWV's teldatum and groeitelling, the board's two spiegelgesprekken.
        const instances = await db.cycleInstance.findMany({ where: { swvId: world.swvId } });
        const ids = instances.map((i) => `${i.momentKey}:${i.periodKey}:${i.subjectId}`);
        expect(new Set(ids).size).toBe(ids.length);
        expect(instances.filter((i) => i.subjectKind === "school")).toHaveLength(16);
        expect(
          instances
            .filter((i) => i.subjectKind !== "school")
            .map((i) => i.momentKey)
            .sort(),
        ).toEqual(["groeitelling", "spiegelgesprek", "spiegelgesprek", "teldatum"]);
        const rows = await db.outboxMessage.findMany({ select: { idempotencyKey: true, status: true } });
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.status === "sent")).toBe(true);
        // Every queued prompt was sent, by one process, once.
        expect([...sent.keys()].sort()).toEqual(rows.map((r) => r.idempotencyKey).sort());
        expect([...sent].filter(([, by]) => by.length > 1)).toEqual([]);
        // Every step logged once; every school instance with an owner was announced.
        const steps = await db.cyclePrompt.findMany({ select: { instanceId: true, step: true } });
        expect(new Set(steps.map((s) => `${s.instanceId}:${s.step}`)).size).toBe(steps.length);
        for (const i of instances.filter((x) => x.subjectKind === "school" && x.ownerId))
          expect(steps.some((s) => s.instanceId === i.id && s.step === "announce")).toBe(true);
        // Both processes took leases (the lease, not luck, kept them apart).
        expect(ranBy.a + ranBy.b).toBe(await db.jobRun.count({ where: { error: null } }));
        console.log(
          `two schedulers: ${instances.length} instances, ${steps.length} steps, ${rows.length} DMs; jobs run by a/b: ${ranBy.a}/${ranBy.b}`,
        );
      } finally {
        await Promise.all([a.quit(), b.quit()]);
        await testDb.drop();
      }
    });
  },
);
