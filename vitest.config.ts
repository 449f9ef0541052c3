import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The loopback https fakes of the Teams tests present a certificate of the test CA in
// tests/fixtures/tls. Node reads NODE_EXTRA_CA_CERTS only when a process starts: set here, before
// vitest forks its workers, it is trusted there, with TLS verification left on. A CA file the
// environment already names is kept (one bundle of both).
const testCa = fileURLToPath(new URL("tests/fixtures/tls/ca.pem", import.meta.url));
const extra = process.env.NODE_EXTRA_CA_CERTS;
if (!extra) process.env.NODE_EXTRA_CA_CERTS = testCa;
else if (extra !== testCa && !readFileSync(extra, "utf8").includes(readFileSync(testCa, "utf8").trim())) {
  const bundle = join(tmpdir(), `knoop-test-ca-${process.pid}.pem`);
  writeFileSync(bundle, `${readFileSync(extra, "utf8")}\n${readFileSync(testCa, "utf8")}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}

// A fixed master key for encryption at rest (src/store/encryption.ts), set before the workers fork so
// the test processes and every process they start (npm start, replicas) share it. Not a secret.
process.env.KNOOP_DATA_KEY ||= "a25vb3AtdGVzdC1rZXkha25vb3AtdGVzdC1rZXkha24=";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
