import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");

/** A throwaway copy of the project (sharing node_modules) to change the model in. */
function copyOfProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "knoop-check-"));
  for (const part of ["package.json", "prisma", "scripts", "src"])
    cpSync(join(repo, part), join(dir, part), { recursive: true });
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const check = (cwd: string) =>
  spawnSync(join(repo, "node_modules/.bin/tsx"), ["scripts/db.ts", "check"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  });

describe("npm run db -- check", () => {
  it("passes while the model and the migrations agree", () => {
    const run = check(copyOfProject());
    expect(run.stdout).toContain("sqlite: model en migraties komen overeen");
    expect(run.status).toBe(process.env.TEST_DATABASE_URL || !process.env.CI ? 0 : 1);
  });

  it("fails when the model changed without a migration, and shows the missing SQL", () => {
    const dir = copyOfProject();
    const models = join(dir, "prisma/models.prisma");
    writeFileSync(
      models,
      readFileSync(models, "utf8").replace(
        "  email       String?\n",
        "  email       String?\n  phone       String?\n",
      ),
    );
    const run = check(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("sqlite: het model is gewijzigd zonder migratie");
    expect(run.stdout).toMatch(/ALTER TABLE "Person" ADD COLUMN "phone" TEXT/);
    if (process.env.TEST_DATABASE_URL)
      expect(run.stdout).toContain("postgresql: het model is gewijzigd zonder migratie");
  });
});
