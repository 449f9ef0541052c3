import { startKnoop } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./core/logger.ts";

try {
  process.loadEnvFile(); // .env, when present
} catch {}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message); // one readable line naming the variable
  process.exit(1);
}

const logger = createLogger(config.logLevel);
try {
  const running = await startKnoop(config, logger);
  running.ready.catch(() => process.exit(1)); // logged by startKnoop
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      logger.info({ signal }, "stopping");
      await running.stop();
      process.exit(0);
    });
  }
} catch (error) {
  logger.fatal({ err: error }, "start-up failed");
  process.exit(1);
}
