import { resolve } from "node:path";

export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** Turns `file:./data/knoop.db` into an absolute path (relative to the working directory). */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path === ":memory:" ? path : resolve(path);
}
