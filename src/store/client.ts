import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";

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

/** The driver adapter factory for a database URL (Prisma 7 talks to databases through these). */
export function adapterFor(url: string): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(url) === "postgresql") return new PrismaPg({ connectionString: url });
  const path = sqlitePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // WAL lets readers (the dashboard, /readyz) work while a writer holds the lock;
  // busy_timeout makes a second process wait for the lock instead of failing at once.
  return new PrismaBetterSqlite3({ url: path, timeout: 5000 });
}

export async function createDb(url: string): Promise<Db> {
  const adapter = adapterFor(url);
  const db =
    providerOf(url) === "postgresql"
      ? (new PostgresClient({ adapter }) as unknown as Db)
      : new SqliteClient({ adapter });
  if (providerOf(url) === "sqlite") await db.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  return db;
}
