/** The little SQL that differs between the two databases, for the few reads written as raw SQL
 * (aggregates the ORM cannot express, such as a duration per row). */
import { raw, type Sql, sqltag } from "@prisma/client/runtime/client";
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

/** Whole milliseconds from moment `a` to moment `b`: timestamp columns (Prisma stores UTC on both:
 * ISO 8601 text in SQLite, `timestamp(3)` without time zone in PostgreSQL) or, with `aIsDay`, a
 * date column of `YYYY-MM-DD` text as its midnight UTC. Columns are SQL written here, never input. */
export function msBetween(provider: Provider, a: string, b: string, aIsDay = false): Sql {
  if (provider === "postgresql") {
    const from = aIsDay ? `CAST(${a} AS TIMESTAMP)` : a;
    return raw(`CAST(ROUND((EXTRACT(EPOCH FROM ${b}) - EXTRACT(EPOCH FROM ${from})) * 1000) AS BIGINT)`);
  }
  return raw(`CAST(ROUND((unixepoch(${b}, 'subsec') - unixepoch(${a}, 'subsec')) * 1000) AS INTEGER)`);
}

/** The values of `expr` in a group as one comma-separated text (NULLs left out; NULL if none). */
export function listOf(provider: Provider, expr: Sql): Sql {
  return provider === "postgresql"
    ? sqltag`string_agg(CAST(${expr} AS TEXT), ',')`
    : sqltag`group_concat(${expr}, ',')`;
}
