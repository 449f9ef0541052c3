import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { adapterFor, type Provider, providerOf } from "./client.ts";
import { root, schemaText, targets } from "./prisma-schemas.mjs";

/*
 * Migrations through Prisma's Wasm schema engine. Prisma's CLI would download a
 * native engine, which this network (and many school networks) cannot reach; the
 * Wasm engine ships in an npm package and talks to the database through the same
 * driver adapters as the client. Folders and the `_prisma_migrations` table stay
 * compatible with the stock `prisma migrate deploy`.
 * See docs in README ("Database and migrations").
 */

const SNAPSHOT = "schema.snapshot.prisma"; // the schema as of the newest migration
const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
}

export function migrationsDir(provider: Provider): string {
  const target = targets.find((t) => t.provider === provider);
  if (!target) throw new Error(`unknown provider ${provider}`);
  return join(target.dir, "migrations");
}

/** The migration folders on disk, in the shape the engine wants. */
export function migrationsList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = join(baseDir, "migration_lock.toml");
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((path) => ({
      path,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(join(baseDir, path, "migration.sql"), "utf8") },
      },
    })),
  };
}

let wasmLoaded: Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> | undefined;

/** The package targets bundlers (it imports a .wasm file); Node needs it instantiated by hand. */
function loadWasm() {
  wasmLoaded ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = join(root, "node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm");
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg;
  })();
  return wasmLoaded;
}

/** A schema engine connected to one database. Call `close()` when done. */
export class Migrator {
  private constructor(
    readonly provider: Provider,
    private readonly engine: SchemaEngine,
    private readonly adapter: ReturnType<typeof bindMigrationAwareSqlAdapterFactory>,
    private readonly connections: SqlDriverAdapter[],
    private readonly log: (line: string) => void,
  ) {}

  static async open(url: string, log: (line: string) => void = () => {}): Promise<Migrator> {
    const provider = providerOf(url);
    const bg = await loadWasm();
    // Keep the connections the engine opens: freeing the engine does not close them, and
    // on SQLite the engine's connection keeps a write lock until it is closed.
    const base = await adapterFor(url);
    const connections: SqlDriverAdapter[] = [];
    const track = async (open: () => Promise<SqlDriverAdapter>) => {
      const connection = await open();
      connections.push(connection);
      return connection;
    };
    const adapter = bindMigrationAwareSqlAdapterFactory({
      provider: base.provider,
      adapterName: base.adapterName,
      connect: () => track(() => base.connect()),
      connectToShadowDb: () => track(() => base.connectToShadowDb()),
    });
    const datamodel = schemaText(provider);
    const engine = await bg.SchemaEngine.new(
      { datamodels: [["schema.prisma", datamodel]] },
      (message: string) => log(message),
      adapter,
    );
    return new Migrator(provider, engine, adapter, connections, log);
  }

  /** Runs an engine call; turns the engine's "External error id#N" into the driver's real error. */
  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const id = /External error id#(\d+)/.exec(message)?.[1];
      const cause = id ? this.adapter.errorRegistry.consumeError(Number(id))?.error : undefined;
      const detail = cause ? ` (${cause instanceof Error ? cause.message : JSON.stringify(cause)})` : "";
      throw new Error(`${what} failed: ${message}${detail}`, { cause: error });
    }
  }

  /** Applies every migration not yet applied; returns their names. */
  async deploy(): Promise<string[]> {
    const out = await this.call("migrate deploy", () =>
      this.engine.applyMigrations({ migrationsList: migrationsList(this.provider), filters: noFilter }),
    );
    for (const name of out.appliedMigrationNames) this.log(`applied ${name}`);
    return out.appliedMigrationNames;
  }

  async status(): Promise<MigrationStatus> {
    const list = migrationsList(this.provider);
    const out = await this.call("migrate status", () =>
      this.engine.diagnoseMigrationHistory({
        migrationsList: list,
        optInToShadowDatabase: false,
        filters: noFilter,
      }),
    );
    const all = list.migrationDirectories.map((d) => d.path);
    const pending =
      out.history?.diagnostic === "databaseIsBehind" || out.history?.diagnostic === "historiesDiverge"
        ? out.history.unappliedMigrationNames
        : [];
    return { applied: all.filter((n) => !pending.includes(n)), pending, failed: out.failedMigrationNames };
  }

  /** The SQL that would bring the newest migration up to the current model; empty when none is needed. */
  async pendingChange(): Promise<string> {
    const snapshotPath = join(migrationsDir(this.provider), SNAPSHOT);
    const datamodel = (content: string): DiffTarget => ({
      tag: "schemaDatamodel",
      files: [{ path: "schema.prisma", content }],
    });
    const from = existsSync(snapshotPath)
      ? datamodel(readFileSync(snapshotPath, "utf8"))
      : { tag: "empty" as const };
    const to = datamodel(schemaText(this.provider));
    const out = await this.call("migrate diff", () =>
      this.engine.diff({ from, to, script: true, exitCode: true, filters: noFilter }),
    );
    if (out.exitCode === 0) return "";
    return out.stdout ?? "";
  }

  /** Writes the migration folder `folder` (e.g. 20261122_add_cases) when the model
   * changed; returns false when there was nothing to migrate. */
  async create(folder: string): Promise<boolean> {
    const sql = await this.pendingChange();
    if (!sql.trim()) return false;
    const dir = migrationsDir(this.provider);
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, "migration.sql"), sql);
    writeFileSync(
      join(dir, "migration_lock.toml"),
      `# Written by npm run db -- create. Do not edit.\nprovider = "${this.provider}"\n`,
    );
    writeFileSync(join(dir, SNAPSHOT), schemaText(this.provider));
    return true;
  }

  async markApplied(migrationName: string): Promise<void> {
    await this.call("migrate resolve --applied", () =>
      this.engine.markMigrationApplied({ migrationName, migrationsList: migrationsList(this.provider) }),
    );
  }

  async markRolledBack(migrationName: string): Promise<void> {
    await this.call("migrate resolve --rolled-back", () =>
      this.engine.markMigrationRolledBack({ migrationName }),
    );
  }

  async close(): Promise<void> {
    this.engine.free();
    await Promise.all(this.connections.map((c) => c.dispose()));
  }
}

/** Applies pending migrations (used by `npm start` and the tests). */
export async function migrateToLatest(url: string, log?: (line: string) => void): Promise<string[]> {
  const migrator = await Migrator.open(url, log);
  try {
    return await migrator.deploy();
  } finally {
    await migrator.close();
  }
}
