import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { Keyring } from "./data-keys.ts";
import { withEncryption } from "./encryption.ts";
import { masterKeysFor } from "./master-key.ts";
import { rememberProvider } from "./sql.ts";
import { providerOf, sqlitePath } from "./url.ts";

/** The Prisma client Knoop uses. Both generated clients come from one model file,
 * so they have the same API; the SQLite one's type stands for both. */
export type Db = SqliteClient;
/** A Prisma interactive transaction: what services write through. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Provider } from "./url.ts";

export { providerOf, sqlitePath } from "./url.ts";

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
  /** The master key(s) that wrap the data keys; default: KNOOP_DATA_KEY, else the local key file
   * next to the SQLite database (store/master-key.ts), made when missing. */
  masterKeys?: Buffer[];
  /** How often the newest data key is re-read (ms; tests of rotation make it short). */
  keyRefreshMs?: number;
}

/** The Prisma client with encryption at rest (store/encryption.ts): the listed free-text columns
 * are sealed on write and opened on read. Loads only the generated client of the database in use. */
export async function createDb(url: string, options: DbOptions = {}): Promise<Db> {
  const base = await createPlainDb(url, options);
  const masters = options.masterKeys ?? masterKeysFor(url, process.env, { create: true })?.keys ?? null;
  const keyring = new Keyring(base, masters, options.keyRefreshMs);
  // Make the first data key now, outside any transaction (a rolled-back one would take it along);
  // a database not migrated yet gets it later (app.ts calls ensure after migrating).
  await keyring.ensure().catch(() => {});
  const db = withEncryption(base, keyring);
  rememberProvider(db, providerOf(url));
  return db;
}

/** The bare Prisma client: what is stored, as stored (sealed values stay sealed). For the keys
 * command and tests that look at the columns themselves. */
export async function createPlainDb(url: string, options: DbOptions = {}): Promise<Db> {
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
  rememberProvider(db, providerOf(url));
  if (providerOf(url) === "sqlite") await tuneSqlite(db);
  const onQuery = options.onQuery;
  // The key table's own reads (every 10 s) are not the statements of the step being counted.
  if (onQuery)
    (db as unknown as QueryEvents).$on("query", (e) => {
      if (!e.query.includes('"DataKey"')) onQuery(e.query, e.params, Number(e.duration));
    });
  return db;
}

/** Reads of a large database (digests over years of rows) go at memory speed: SQLite's own page
 * cache is 2 MB by default, so most pages were read from the OS again by a syscall each. Memory
 * mapping lets the OS page cache serve them directly (read-only pages; writes go as before). */
async function tuneSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe(`PRAGMA mmap_size = ${SQLITE_MMAP_BYTES}`);
  await db.$executeRawUnsafe(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
  await db.$executeRawUnsafe("PRAGMA temp_store = MEMORY");
}
const SQLITE_MMAP_BYTES = 2 ** 31; // SQLite's own ceiling (better-sqlite3: 2 GB)
const SQLITE_CACHE_KIB = 64 * 1024;

type QueryEvents = {
  $on(event: "query", cb: (e: { query: string; params: string; duration: number }) => void): void;
};
