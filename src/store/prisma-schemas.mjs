// The one portable model file (prisma/models.prisma) becomes two Prisma schemas,
// prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma, which differ only
// in provider and client output. Plain JavaScript: postinstall runs it with node.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder: the nearest one up with package.json (the same from src/ and from the
 * compiled copy in dist/src/ that `npm start` runs). */
export const root = findRoot(dirname(fileURLToPath(import.meta.url)));

/** @param {string} dir */
function findRoot(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) throw new Error(`knoop: no package.json above ${dir}`);
  }
}

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
  // The query compiler built for size: half the Wasm of the default "fast" build, about 40 MB
  // less memory in a running Knoop (README, "Benchmarks").
  compilerBuild = "small"
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
