/** The data keys (table DataKey), unwrapped with the master key(s) of KNOOP_DATA_KEY and cached
 * per process. The newest version is the one values are sealed with; it is re-read every
 * `refreshMs` (10 s), so after `npm run keys -- rotate` every process writes with the new key
 * within seconds. A value under a version the cache lacks reloads the table first. */
import type { Db } from "./client.ts";
import { EnvelopeError, newKey, unwrapKey, wrapKey } from "./envelope.ts";

export const KEY_REFRESH_MS = 10_000;

type KeyTable = Pick<Db, "dataKey">;

export class Keyring {
  private keys = new Map<number, Buffer>();
  private newest = 0;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: KeyTable,
    private readonly masters: Buffer[] | null,
    readonly refreshMs = KEY_REFRESH_MS,
  ) {}

  private masterKeys(): Buffer[] {
    if (!this.masters?.length)
      throw new EnvelopeError("geen sleutel voor versleutelde gegevens: zet KNOOP_DATA_KEY (zie README)");
    return this.masters;
  }

  /** Reads the table again (one read at a time, shared by whoever waits). */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.db.dataKey.findMany({ select: { version: true, wrapped: true } });
        for (const row of rows)
          if (!this.keys.has(row.version))
            this.keys.set(row.version, unwrapKey(this.masterKeys(), row.wrapped).key);
        this.newest = Math.max(0, ...rows.map((r) => r.version));
        this.loadedAt = Date.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Loads the keys, and makes version 1 when the table is empty (a new database). */
  async ensure(): Promise<void> {
    await this.reload();
    if (!this.newest) await this.add(1);
  }

  /** Adds data key `version` (rotation: the next one). Another process may make it first: then
   * its key is the one loaded. */
  async add(version: number, now = new Date()): Promise<void> {
    const wrapped = wrapKey(this.masterKeys()[0] as Buffer, newKey());
    try {
      await this.db.dataKey.create({ data: { version, wrapped, createdAt: now } });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
    await this.reload();
  }

  /** The key new values are sealed with. */
  async current(): Promise<{ version: number; key: Buffer }> {
    if (Date.now() - this.loadedAt > this.refreshMs) await this.reload();
    if (!this.newest) await this.ensure();
    const key = this.keys.get(this.newest);
    if (!key) throw new EnvelopeError(`gegevenssleutel ${this.newest} ontbreekt`);
    return { version: this.newest, key };
  }

  /** Makes sure every version is in the cache (reloading once), or throws. */
  async load(versions: Iterable<number>): Promise<void> {
    const missing = [...versions].filter((v) => !this.keys.has(v));
    if (!missing.length) return;
    await this.reload();
    const still = missing.filter((v) => !this.keys.has(v));
    if (still.length) throw new EnvelopeError(`onbekende gegevenssleutel ${still.join(", ")}`);
  }

  /** A cached key (after `load`). */
  key(version: number): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new EnvelopeError(`onbekende gegevenssleutel ${version}`);
    return key;
  }

  get currentVersion(): number {
    return this.newest;
  }
}
