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
const starting = startKnoop(config, logger);

// SIGTERM (or Ctrl-C): stop gracefully (see Running.stop), within a hard deadline; also when the
// signal comes while Knoop still starts.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return; // a second signal changes nothing: the deadline still holds
    stopping = true;
    const timeoutMs = config.shutdownTimeoutMs ?? 10_000;
    logger.info({ signal, timeoutMs }, "stopping: finishing requests and sends in flight");
    // The hard deadline: what is still going then is left to other replicas.
    const deadline = setTimeout(async () => {
      logger.error({ timeoutMs }, "shutdown deadline passed: exiting with work unfinished");
      const quick = new Promise<undefined>((resolve) => void setTimeout(resolve, 1_000));
      const running = await Promise.race([starting.catch(() => undefined), quick]);
      await Promise.race([running?.abandon().catch(() => {}), quick]);
      process.exit(1);
    }, timeoutMs);
    try {
      await (await starting).stop();
      clearTimeout(deadline);
      logger.info("stopped");
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  });
}

try {
  const running = await starting;
  running.ready.catch(() => process.exit(1)); // logged by startKnoop
} catch (error) {
  logger.fatal({ err: error }, "start-up failed");
  process.exit(1);
}
