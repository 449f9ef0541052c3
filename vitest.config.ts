import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The loopback https fakes of the Teams tests present a certificate of the test CA in
// tests/fixtures/tls. Node reads NODE_EXTRA_CA_CERTS only when a process starts: set here, before
// vitest forks its workers, it is trusted there, with TLS verification left on.
process.env.NODE_EXTRA_CA_CERTS ??= fileURLToPath(new URL("tests/fixtures/tls/ca.pem", import.meta.url));

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
