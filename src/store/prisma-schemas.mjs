// The one portable model file (prisma/models.prisma) becomes two Prisma schemas,
// prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma, which differ only
// in provider and client output. Plain JavaScript: postinstall runs it with node.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** @type {{ provider: "sqlite" | "postgresql"; dir: string }[]} */
export const targets = [
  { provider: "sqlite", dir: join(root, "prisma/sqlite") },
  { provider: "postgresql", dir: join(root, "prisma/postgres") },
];

/** @param {"sqlite" | "postgresql"} provider */
export function schemaText(provider) {
  const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");
  const out = provider === "sqlite" ? "sqlite" : "postgres";
  return `// GENERATED from prisma/models.prisma by src/store/prisma-schemas.mjs: do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${out}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
}

${models}`;
}

/** Writes both schema files; returns their paths. */
export function writeSchemas() {
  return targets.map(({ provider, dir }) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "schema.prisma");
    writeFileSync(path, schemaText(provider));
    return path;
  });
}
