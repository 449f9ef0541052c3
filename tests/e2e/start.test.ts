import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
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

  it("the sandbox without KNOOP_DATA_KEY makes a local key file next to its database and logs that, not the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "knoop-key-"));
    const { url, log, child } = await start({
      DATABASE_URL: `file:${join(dir, "knoop.db")}`,
      KNOOP_DATA_KEY: "",
    });
    const file = join(dir, "knoop-data.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, "utf8").trim();
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(
      log.some((l) => l.includes("sleutel voor versleutelde gegevens aangemaakt") && l.includes(file)),
    ).toBe(true);
    expect(log.join("\n")).not.toContain(key);
    // The demo (sealed with that key) reads back.
    const users = (await (await fetch(`${url}/sandbox/api/users`)).json()) as { users: { name: string }[] };
    expect(users.users.map((u) => u.name)).toContain("Fatima El Amrani");
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses Slack without KNOOP_DATA_KEY in one Dutch line", async () => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_SIGNING_SECRET: "s", KNOOP_DATA_KEY: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    expect(await new Promise((r) => child.on("exit", r))).toBe(1);
    expect(stderr.trim()).toMatch(
      /^Ongeldige configuratie: KNOOP_DATA_KEY is nodig met Slack of Teams: [^\n]+$/,
    );
  });
});
