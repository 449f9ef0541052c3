import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.ts";
import { createHttpApp, listen } from "../../src/http/server.ts";
import { createDb, type Db, type Provider } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";

const servers: Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

async function serve(db: Db, provider: Provider): Promise<string> {
  const server = await listen(
    createHttpApp({ db, provider, locale: "nl", logger: silentLogger }),
    0,
    "127.0.0.1",
  );
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describeEachDatabase("health endpoints", (get) => {
  it("answers /healthz and /readyz when the database is migrated", async () => {
    const base = await serve(get().db, get().provider);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", message: "klaar" });
  });
});

describe("readiness failures", () => {
  it("is 503 with the missing migrations named when the database was never migrated", async () => {
    const db = await createDb(`file:${join(mkdtempSync(join(tmpdir(), "knoop-ready-")), "empty.db")}`);
    const base = await serve(db, "sqlite");
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.reason).toBe("pending");
    expect(body.message).toMatch(/^migraties nog niet toegepast: \d{14}_init/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive all the same
    await db.$disconnect();
  });

  it("is 503 with the reason when the database cannot be reached", async () => {
    const db = await createDb("postgres://knoop@127.0.0.1:1/knoop");
    const base = await serve(db, "postgresql");
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.reason).toBe("db-down");
    expect(body.message).toMatch(/^database niet bereikbaar: /);
    await db.$disconnect();
  });
});
