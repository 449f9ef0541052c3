import { type Logger, pino } from "pino";

export type { Logger };

/** Structured JSON logs on stdout (one object per line). */
export function createLogger(level = "info"): Logger {
  return pino({ level, base: { app: "knoop" } });
}

/** For tests and scripts that should stay quiet. */
export const silentLogger: Logger = pino({ level: "silent" });
