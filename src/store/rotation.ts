/** `npm run keys`: rotation of the data keys, online; their status; re-wrapping them under a new
 * master key. Works on the bare client (store/client.ts createPlainDb): it reads and writes the
 * sealed values as stored. */
import { raw, sqltag } from "@prisma/client/runtime/client";
import type { Db } from "./client.ts";
import type { Keyring } from "./data-keys.ts";
import { ENCRYPTED } from "./encryption.ts";
import { isSealed, open, SEALED, seal, unwrapKey, versionOf, wrapKey } from "./envelope.ts";

type Where = Record<string, unknown>;
type Delegate = {
  findMany(args: unknown): Promise<Record<string, unknown>[]>;
  count(args: unknown): Promise<number>;
};
const delegate = (db: Db, model: string) =>
  (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)] as Delegate;

/** Every encrypted column, as (model, field, the rows that hold free text there). */
function columns(): { model: string; field: string; only: Where }[] {
  return Object.entries(ENCRYPTED).flatMap(([model, spec]) =>
    spec.fields.map((field) => ({
      model,
      field,
      only: spec.when ? { [spec.when.field]: { in: spec.when.values } } : {},
    })),
  );
}

/** A value is there (not null, not empty): `gt ""` means the same on both databases. */
const present = (field: string) => ({ [field]: { gt: "" } });

export interface RotateReport {
  version: number;
  /** Values sealed again under `version`, per "Model.field" (clear values of an upgraded install too). */
  resealed: Record<string, number>;
  total: number;
  /** Versions no value uses any more (retiredAt set; the keys are kept for backups). */
  retired: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Adds data key version n+1, waits until every process writes with it (`waitMs`: their refresh
 * interval and a margin), then seals every value under an older version (or clear) again, in
 * batches of small transactions. Optimistic: a row is only updated while it still holds the value
 * read, so a concurrent edit is never overwritten; the loop runs until no old value is left.
 */
export async function rotate(
  db: Db,
  keyring: Keyring,
  { waitMs = keyring.refreshMs + 2_000, batch = 200, now = () => new Date() } = {},
): Promise<RotateReport> {
  await keyring.ensure();
  const version = keyring.currentVersion + 1;
  await keyring.add(version, now());
  const key = await keyring.current();
  if (key.version !== version) throw new Error(`gegevenssleutel ${version} werd niet de nieuwste`);
  await sleep(waitMs);
  const resealed: Record<string, number> = {};
  let total = 0;
  for (const { model, field, only } of columns()) {
    const name = `${model}.${field}`;
    resealed[name] = 0;
    for (let idle = 0; ; ) {
      const rows = await delegate(db, model).findMany({
        where: {
          ...only,
          AND: [present(field), { NOT: { [field]: { startsWith: `${SEALED}${version}:` } } }],
        },
        select: { id: true, [field]: true },
        orderBy: { id: "asc" },
        take: batch,
      });
      if (!rows.length) break;
      await keyring.load(new Set(rows.flatMap((r) => (isSealed(r[field]) ? [versionOf(r[field])] : []))));
      const updates = rows.map((r) => {
        const old = r[field] as string;
        const plain = isSealed(old) ? open(keyring.key(versionOf(old)), old) : old;
        // Raw SQL: leaves @updatedAt alone (a rotation is no change of the record).
        return db.$executeRaw(
          sqltag`UPDATE ${raw(`"${model}"`)} SET ${raw(`"${field}"`)} = ${seal(key.key, version, plain)} WHERE "id" = ${r.id} AND ${raw(`"${field}"`)} = ${old}`,
        );
      });
      const changed = (await db.$transaction(updates)).reduce((a, b) => a + b, 0);
      resealed[name] += changed;
      total += changed;
      // Rows changed meanwhile are read again; give a writer that still seals with the old key
      // (it refreshes within its interval) time, and give up only when nothing moves for long.
      if (changed === 0 && ++idle > 50)
        throw new Error(`${name}: waarden veranderen steeds, probeer het opnieuw`);
      if (changed === 0) await sleep(200);
    }
  }
  const retired = await db.dataKey.findMany({
    where: { version: { lt: version }, retiredAt: null },
    select: { version: true },
  });
  await db.dataKey.updateMany({
    where: { version: { in: retired.map((r) => r.version) } },
    data: { retiredAt: now() },
  });
  return { version, resealed, total, retired: retired.map((r) => r.version) };
}

export interface StatusReport {
  current: number;
  keys: { version: number; createdAt: string; retiredAt: string | null; values: number }[];
  /** Values of encrypted columns still in clear (written before encryption; `rotate` seals them). */
  clear: number;
  /** Per "Model.field": values per key version ("clear" for unencrypted ones). */
  columns: Record<string, Record<string, number>>;
}

export async function status(db: Db): Promise<StatusReport> {
  const keys = await db.dataKey.findMany({ orderBy: { version: "asc" } });
  const columnsReport: Record<string, Record<string, number>> = {};
  const perVersion = new Map<number, number>();
  let clear = 0;
  for (const { model, field, only } of columns()) {
    const counts: Record<string, number> = {};
    const count = (where: Where) =>
      delegate(db, model).count({ where: { ...only, AND: [present(field), where] } });
    for (const k of keys) {
      const n = await count({ [field]: { startsWith: `${SEALED}${k.version}:` } });
      if (n) counts[String(k.version)] = n;
      perVersion.set(k.version, (perVersion.get(k.version) ?? 0) + n);
    }
    const inClear = await count({ NOT: { [field]: { startsWith: SEALED } } });
    if (inClear) counts.clear = inClear;
    clear += inClear;
    columnsReport[`${model}.${field}`] = counts;
  }
  return {
    current: Math.max(0, ...keys.map((k) => k.version)),
    keys: keys.map((k) => ({
      version: k.version,
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
      values: perVersion.get(k.version) ?? 0,
    })),
    clear,
    columns: columnsReport,
  };
}

/** After KNOOP_DATA_KEY became "new,old": wraps every data key under the new master key (the first).
 * The values stay as they are. Afterwards KNOOP_DATA_KEY=new is enough. */
export async function rewrap(db: Db, masters: Buffer[]): Promise<{ rewrapped: number; keys: number }> {
  const first = masters[0];
  if (!first) throw new Error("geen sleutel in KNOOP_DATA_KEY");
  const rows = await db.dataKey.findMany({ select: { version: true, wrapped: true } });
  const todo = rows.flatMap((r) => {
    const { key, master } = unwrapKey(masters, r.wrapped);
    return master === 0 ? [] : [{ version: r.version, wrapped: wrapKey(first, key) }];
  });
  if (todo.length)
    await db.$transaction(
      todo.map((r) => db.dataKey.update({ where: { version: r.version }, data: { wrapped: r.wrapped } })),
    );
  return { rewrapped: todo.length, keys: rows.length };
}
