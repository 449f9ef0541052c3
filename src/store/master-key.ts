/** Where the master key comes from: KNOOP_DATA_KEY, or (the sandbox, without it) a local key file
 * next to the SQLite database, made on first start (mode 0600, gitignored). */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseMasterKeys } from "./envelope.ts";
import { providerOf, sqlitePath } from "./url.ts";

function readKeyFile(path: string): Buffer[] {
  const keys = parseMasterKeys(readFileSync(path, "utf8").trim());
  if (!keys) throw new Error(`het sleutelbestand ${path} is beschadigd`);
  return keys;
}

export const KEY_FILE = "knoop-data.key";

/** data/knoop-data.key next to data/knoop.db (PostgreSQL: ./data/knoop-data.key). */
export function localKeyPath(databaseUrl: string): string {
  const db = providerOf(databaseUrl) === "sqlite" ? sqlitePath(databaseUrl) : ":memory:";
  return db === ":memory:" ? resolve("data", KEY_FILE) : join(dirname(db), KEY_FILE);
}

export interface MasterKeys {
  keys: Buffer[];
  /** env: KNOOP_DATA_KEY; file: the local key file; created: the file, made just now. */
  source: "env" | "file" | "created";
  path?: string;
}

/** The master keys for a database: KNOOP_DATA_KEY when set, else the local key file (made when
 * `create` and missing). Null: neither. Throws on a malformed key (config.ts says it in Dutch first). */
export function masterKeysFor(
  databaseUrl: string,
  env: Record<string, string | undefined> = process.env,
  { create = false } = {},
): MasterKeys | null {
  const fromEnv = env.KNOOP_DATA_KEY?.trim();
  if (fromEnv) {
    const keys = parseMasterKeys(fromEnv);
    if (!keys) throw new Error('KNOOP_DATA_KEY moet base64 van 32 bytes zijn (of "nieuw,oud")');
    return { keys, source: "env" };
  }
  const path = localKeyPath(databaseUrl);
  if (existsSync(path)) return { keys: readKeyFile(path), source: "file", path };
  if (!create) return null;
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process made it a moment ago: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return { keys: readKeyFile(path), source: "file", path };
    throw error;
  }
  return { keys: [key], source: "created", path };
}
