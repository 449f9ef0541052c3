import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The Dockerfile and compose.yaml cannot be built or run here (no Docker daemon, no registry):
// these checks keep them in step with the repository they describe.
const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

describe("Dockerfile", () => {
  const lines = read("Dockerfile").split("\n");
  const instructions = lines.filter((l) => /^[A-Z]+ /.test(l));

  it("copies only files that exist, none that .dockerignore leaves out", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    const sources = instructions
      .filter((l) => l.startsWith("COPY ") && !l.includes("--from="))
      .flatMap((l) =>
        l
          .replace(/^COPY (--\S+ )*/, "")
          .split(" ")
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(`${root}${source}`), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it("runs the compiled entry point as the node user, in production, with a health check", () => {
    expect(instructions[0]).toMatch(/^FROM node:20-bookworm-slim AS build$/);
    expect(instructions).toContain("FROM node:20-bookworm-slim");
    expect(instructions).toContain("USER node");
    expect(instructions).toContain("EXPOSE 3000");
    expect(lines.join("\n")).toMatch(/ENV NODE_ENV=production/);
    expect(lines.join("\n")).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \[[^\n]*\/healthz/);
    const cmd = JSON.parse(instructions.find((l) => l.startsWith("CMD "))?.slice(4) ?? "[]") as string[];
    expect(cmd.at(-1)).toBe("dist/src/main.js");
    expect(read("scripts/start.mjs")).toContain('"../dist/src/main.js"'); // what npm start runs too
    const engines = JSON.parse(read("package.json")).engines.node as string;
    expect(engines).toBe(">=20.19"); // node:20 images are 20.19 or newer
  });
});

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml"), { merge: true }) as {
    services: Record<
      string,
      { image?: string; environment?: Record<string, string>; stop_grace_period?: string }
    >;
  };

  it("has PostgreSQL 16, two Knoop replicas on it and a proxy", () => {
    expect(compose.services.db?.image).toBe("postgres:16");
    for (const name of ["knoop-1", "knoop-2"]) {
      const env = compose.services[name]?.environment ?? {};
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/knoop:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432\/knoop$/);
      expect(env.KNOOP_DATA_KEY).toMatch(/^\$\{KNOOP_DATA_KEY:\?/); // required
      expect(env.HOST).toBe("0.0.0.0");
      // Docker's SIGKILL must come after Knoop's own shutdown deadline.
      expect(Number.parseInt(compose.services[name]?.stop_grace_period ?? "10", 10)).toBeGreaterThan(
        Number(env.SHUTDOWN_TIMEOUT_SECONDS),
      );
    }
    expect(compose.services.proxy?.image).toBe("caddy:2");
    expect(read("deploy/Caddyfile")).toMatch(/reverse_proxy knoop-1:3000 knoop-2:3000/);
  });

  it("sets only variables Knoop reads, plus the encryption key", async () => {
    const { envVariables } = await import("../../src/config.ts");
    const env = compose.services["knoop-1"]?.environment ?? {};
    for (const name of Object.keys(env)) expect([...envVariables, "KNOOP_DATA_KEY"], name).toContain(name);
  });
});
