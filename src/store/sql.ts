/** The little SQL that differs between the two databases, for the few reads written as raw SQL
 * (aggregates the ORM cannot express, such as a duration per row). */
import { raw, type Sql } from "@prisma/client/runtime/client";
import type { Provider } from "./url.ts";

const providers = new WeakMap<object, Provider>();

/** Remembers which database a client talks to (client.ts does this for every client it makes). */
export function rememberProvider(db: object, provider: Provider): void {
  providers.set(db, provider);
}

export function providerOfDb(db: object): Provider {
  const provider = providers.get(db);
  if (!provider) throw new Error("store: client not made by createDb");
  return provider;
}

/** A timestamp column as seconds since 1970 (a float with its milliseconds). Prisma stores UTC on
 * both: ISO 8601 text in SQLite, `timestamp(3)` without time zone in PostgreSQL. `column` is SQL
 * written here, never input. */
export function epochOf(provider: Provider, column: string): Sql {
  return raw(
    provider === "postgresql"
      ? `CAST(EXTRACT(EPOCH FROM ${column}) AS DOUBLE PRECISION)`
      : `unixepoch(${column}, 'subsec')`,
  );
}
