import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";

/** The Prisma client Knoop uses. Both generated clients come from one model file,
 * so they have the same API; the SQLite one's type stands for both. */
export type Db = SqliteClient;
/** A Prisma interactive transaction: what services write through. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** Turns `file:./data/knoop.db` into an absolute path (relative to the working directory). */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path === ":memory:" ? path : resolve(path);
}

/** The driver adapter factory for a database URL (Prisma 7 talks to databases through these).
 * Only the adapter of the database in use is loaded. */
export async function adapterFor(url: string): Promise<PrismaBetterSqlite3 | PrismaPg> {
  if (providerOf(url) === "postgresql") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({ connectionString: url });
  }
  const path = sqlitePath(url);
  if (path !== ":memory:") prepareSqliteFile(path);
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  // timeout: a second connection waits up to 5 s for the write lock instead of failing at once.
  return new PrismaBetterSqlite3({ url: path, timeout: 5000 });
}

const prepared = new Set<string>();

/** Creates the folder and switches the file to WAL (readers keep working while one
 * connection writes). WAL is stored in the file, and switching needs the file to
 * itself, so it happens once, before any Prisma connection opens. */
function prepareSqliteFile(path: string): void {
  if (prepared.has(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.close();
  prepared.add(path);
}

export interface DbOptions {
  /** Called for every SQL statement Prisma sends (the query-count tests and bench:scale count them):
   * its SQL, its parameters as JSON and how long it took in ms. */
  onQuery?: (sql: string, params: string, durationMs: number) => void;
}

/** Loads only the generated client of the database in use (each is megabytes of code). */
export async function createDb(url: string, options: DbOptions = {}): Promise<Db> {
  const adapter = await adapterFor(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  let db: Db;
  if (providerOf(url) === "postgresql") {
    const { PrismaClient } = await import("../generated/postgres/client.ts");
    db = new PrismaClient({ adapter, log }) as unknown as Db;
  } else {
    const { PrismaClient } = await import("../generated/sqlite/client.ts");
    db = new PrismaClient({ adapter, log }) as unknown as Db;
  }
  const onQuery = options.onQuery;
  if (onQuery)
    (db as unknown as QueryEvents).$on("query", (e) => onQuery(e.query, e.params, Number(e.duration)));
  return db;
}

type QueryEvents = {
  $on(event: "query", cb: (e: { query: string; params: string; duration: number }) => void): void;
};
