import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startKnoop } from "../support/start-process.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const start = (env: Record<string, string>) => startKnoop(env, children);

describe("npm start", () => {
  it("migrates a new SQLite database, serves the sandbox when no chat is configured, and /healthz and /readyz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knoop-start-"));
    const { url, log, child } = await start({ DATABASE_URL: `file:${join(dir, "knoop.db")}` });
    expect(log.some((l) => l.includes("database migrations applied"))).toBe(true);
    expect(
      log.some((l) =>
        l.includes(`Geen Slack of Teams geconfigureerd: de lokale demo-chat (sandbox) draait op ${url}/`),
      ),
    ).toBe(true);
    for (const line of log.filter((l) => l.startsWith("{"))) expect(() => JSON.parse(line)).not.toThrow();

    // Asked for at once, while the demo is (likely) still being seeded: the request waits for the seed.
    const early = fetch(`${url}/sandbox/api/users`).then(
      (r) => r.json() as Promise<{ users: { name: string }[] }>,
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // The demo is seeded after listening: until then /readyz says so (503, reason "starting").
    const answers: { status: number; body: { reason?: string; message?: string } }[] = [];
    for (let i = 0; i < 600 && answers.at(-1)?.status !== 200; i++) {
      const res = await fetch(`${url}/readyz`);
      answers.push({ status: res.status, body: await res.json() });
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(answers.at(-1)?.status).toBe(200);
    for (const early of answers.slice(0, -1))
      expect(early.body).toMatchObject({
        reason: "starting",
        message: "Knoop start nog op: de demo-gegevens worden klaargezet",
      });
    expect((await early).users.map((u) => u.name)).toContain("Fatima El Amrani");

    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses a bad setting with one readable line and exit code 1", async () => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: "abc" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'Ongeldige configuratie: PORT moet een poortnummer tussen 0 en 65535 zijn (nu: "abc").',
    );
  });
});
