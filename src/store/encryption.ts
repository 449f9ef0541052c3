/** Encryption at rest: the one place that knows which columns hold free text about pupils (and the
 * chat tokens), and the Prisma extension that seals them on every write and opens them on every
 * read. Values carry their key version (envelope.ts); values without the prefix (written before
 * encryption, an upgraded install) are read as they are, until `npm run keys -- rotate` seals them.
 * Nothing searches or sorts by these columns: a sealed value says nothing to SQL. */
import type { Db } from "./client.ts";
import type { Keyring } from "./data-keys.ts";
import { isSealed, open, seal, versionOf } from "./envelope.ts";

export interface EncryptedModel {
  fields: string[];
  /** Only rows whose `field` is one of `values` hold free text there (the others a lookup key). */
  when?: { field: string; values: string[] };
}

/** Every encrypted column. Pupil references, codes, dates and states stay clear: they are searched. */
export const ENCRYPTED: Record<string, EncryptedModel> = {
  Signal: { fields: ["description"] },
  // detail is a person id or outbox key for the lookup types (searched, @@index([detail, type])),
  // and free text for a forward's reason and a closing note.
  SignalEvent: { fields: ["detail"], when: { field: "type", values: ["forwarded", "closed"] } },
  Case: { fields: ["reason", "evaluation"] },
  CaseGoal: { fields: ["text"] },
  CaseAction: { fields: ["description"] },
  CaseNote: { fields: ["text"] },
  CaseEvent: { fields: ["summary", "data"] },
  Meeting: { fields: ["location"] },
  CycleInstance: { fields: ["answer", "waivedReason"] },
  OutboxMessage: { fields: ["request"] },
  SandboxMessage: { fields: ["body"] },
  SlackInstallation: { fields: ["botToken", "data"] },
};

/** Relations through which a nested write can reach an encrypted model. */
const RELATIONS: Record<string, Record<string, string>> = {
  Case: {
    goals: "CaseGoal",
    actions: "CaseAction",
    notes: "CaseNote",
    events: "CaseEvent",
    meetings: "Meeting",
  },
  Signal: { events: "SignalEvent" },
  SandboxSpace: { messages: "SandboxMessage" },
};

const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
]);

type Row = Record<string, unknown>;
const isObject = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);
const each = (v: unknown, fn: (row: Row) => void) => {
  for (const item of Array.isArray(v) ? v : [v]) if (isObject(item)) fn(item);
};

/** Whether `model`'s `field` is sealed in a row with these values (an update that does not say the
 * discriminating field is sealed: the safe side). */
export function sealsField(model: string, field: string, row: Row): boolean {
  const spec = ENCRYPTED[model];
  if (!spec?.fields.includes(field)) return false;
  const discriminator = spec.when && row[spec.when.field];
  return typeof discriminator !== "string" || !spec.when || spec.when.values.includes(discriminator);
}

/** Seals the listed fields of one row of `model` in place (also `{ set: value }`). */
export function sealRow(model: string, row: Row, key: { version: number; key: Buffer }): void {
  const spec = ENCRYPTED[model];
  if (spec)
    for (const field of spec.fields) {
      if (!sealsField(model, field, row)) continue;
      const value = row[field];
      if (typeof value === "string" && value !== "" && !isSealed(value))
        row[field] = seal(key.key, key.version, value);
      else if (isObject(value) && typeof value.set === "string" && value.set !== "" && !isSealed(value.set))
        row[field] = { ...value, set: seal(key.key, key.version, value.set) };
    }
  const relations = RELATIONS[model];
  if (!relations) return;
  for (const [relation, target] of Object.entries(relations)) {
    const nested = row[relation];
    if (!isObject(nested)) continue;
    each(nested.create, (r) => sealRow(target, r, key));
    each(nested.connectOrCreate, (r) => each(r.create, (c) => sealRow(target, c, key)));
    if (isObject(nested.createMany)) each(nested.createMany.data, (r) => sealRow(target, r, key));
    each(nested.update, (r) => each(r.data ?? r, (d) => sealRow(target, d, key)));
    each(nested.updateMany, (r) => each(r.data, (d) => sealRow(target, d, key)));
    each(nested.upsert, (r) => {
      each(r.create, (c) => sealRow(target, c, key));
      each(r.update, (u) => sealRow(target, u, key));
    });
  }
}

function needsSealing(model: string): boolean {
  return model in ENCRYPTED || model in RELATIONS;
}

/** The write's arguments with every listed field sealed (a copy: callers may reuse their objects). */
async function sealArgs(model: string, operation: string, args: Row, keyring: Keyring): Promise<Row> {
  const copy = structuredClone(args);
  const key = await keyring.current();
  if (operation === "upsert") {
    each(copy.create, (r) => sealRow(model, r, key));
    each(copy.update, (r) => sealRow(model, r, key));
  } else each(copy.data, (r) => sealRow(model, r, key));
  return copy;
}

/** Opens every sealed string in a result, wherever it is (nested includes, raw rows). A result
 * without one costs a walk over its values and a prefix check per string. */
export async function openResult<T>(result: T, keyring: Keyring): Promise<T> {
  const found: [Row | unknown[], string | number, string][] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === "string") {
          if (isSealed(v)) found.push([value, i, v]);
        } else if (typeof v === "object" && v !== null) walk(v);
      }
    } else if (
      typeof value === "object" &&
      value !== null &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      const row = value as Row;
      for (const k in row) {
        const v = row[k];
        if (typeof v === "string") {
          if (isSealed(v)) found.push([row, k, v]);
        } else if (typeof v === "object" && v !== null) walk(v);
      }
    }
  };
  if (typeof result === "string") {
    if (!isSealed(result)) return result;
    await keyring.load([versionOf(result)]);
    return open(keyring.key(versionOf(result)), result) as T;
  }
  walk(result);
  if (!found.length) return result;
  await keyring.load(new Set(found.map(([, , v]) => versionOf(v))));
  for (const [holder, k, v] of found) (holder as Row)[k] = open(keyring.key(versionOf(v)), v);
  return result;
}

const keyrings = new WeakMap<object, Keyring>();

/** The Prisma client with encryption at rest. The keyring reads its table through `base`. */
export function withEncryption(base: Db, keyring: Keyring): Db {
  const db = base.$extends({
    name: "encryption-at-rest",
    client: {
      /** For store/bulk.ts (raw INSERTs) and the keys command; also on transactions. */
      $keyring: () => keyring,
    },
    query: {
      async $allOperations({ model, operation, args, query }) {
        const sealed =
          model && WRITES.has(operation) && needsSealing(model)
            ? await sealArgs(model, operation, args as Row, keyring)
            : args;
        return openResult(await query(sealed), keyring);
      },
    },
  }) as unknown as Db;
  keyrings.set(db, keyring);
  return db;
}

/** The keyring of an encrypted client or one of its transactions. */
export function keyringOf(db: object): Keyring {
  const keyring = (db as { $keyring?: () => Keyring }).$keyring?.() ?? keyrings.get(db);
  if (!keyring) throw new Error("store: client without encryption (use createDb)");
  return keyring;
}
