// Writes both Prisma schemas and generates both clients. Runs on `npm install`.
// Prisma's native engines cannot be downloaded here (nor in an air-gapped school
// IT network); `generate` does not need them. The stub engine makes any command
// that would need one fail loudly instead of silently doing nothing.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root, writeSchemas } from "../src/store/prisma-schemas.mjs";

for (const schema of writeSchemas()) {
  execFileSync(join(root, "node_modules/.bin/prisma"), ["generate", "--schema", schema], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      PRISMA_SCHEMA_ENGINE_BINARY: join(root, "scripts/engine-stub.sh"),
    },
  });
}
console.log("knoop: Prisma clients generated for SQLite and PostgreSQL");
