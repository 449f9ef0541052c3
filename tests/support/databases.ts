import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db, type Provider } from "../../src/store/client.ts";
import { migrateToLatest } from "../../src/store/migrate.ts";

/** A scratch database with every migration applied, dropped afterwards. */
export interface TestDb {
  provider: Provider;
  url: string;
  db: Db;
  /** Another client on the same database, as a second process would have. */
  connect(): Promise<Db>;
  drop(): Promise<void>;
}

export const postgresUrl = process.env.TEST_DATABASE_URL || undefined;

export async function openTestDb(provider: Provider): Promise<TestDb> {
  const clients: Db[] = [];
  let url: string;
  let cleanup: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "knoop-test-"));
    url = `file:${join(dir, "test.db")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
    // One database per test file: migrations target the public schema, so schemas cannot isolate.
    const name = `knoop_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(postgresUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  await migrateToLatest(url);
  const connect = async () => {
    const db = await createDb(url);
    clients.push(db);
    return db;
  };
  const db = await connect();
  return {
    provider,
    url,
    db,
    connect,
    drop: async () => {
      await Promise.all(clients.map((c) => c.$disconnect()));
      await cleanup();
    },
  };
}

/** Runs the same suite against SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
 * Without it the PostgreSQL suite is reported as skipped, with the reason in its name. */
export function describeEachDatabase(name: string, suite: (get: () => TestDb) => void): void {
  for (const provider of ["sqlite", "postgresql"] as const) {
    const skip = provider === "postgresql" && !postgresUrl;
    const title = `${name} [${provider}${skip ? ": OVERGESLAGEN, TEST_DATABASE_URL is niet gezet" : ""}]`;
    describe.skipIf(skip)(title, () => {
      let testDb: TestDb | undefined;
      beforeAll(async () => {
        testDb = await openTestDb(provider);
      }, 120_000);
      afterAll(async () => {
        await testDb?.drop();
      });
      suite(() => {
        if (!testDb) throw new Error("test database not open");
        return testDb;
      });
    });
  }
}
