import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/** Fields that may hold what a person typed or a platform sent (pupil references, descriptions):
 * never logged, whoever passes them. */
const redactPaths = [
  "body",
  "payload",
  "values",
  "text",
  "blocks",
  "message.text",
  "pupilRef",
  "description",
  "req.body",
  "*.body",
  "*.payload",
  "*.values",
  "*.pupilRef",
  "*.description",
];

/** An error as it may appear in the log: its name, code, first line and stack frames. Not its
 * enumerable extras (an HTTP client's error carries the request body in `config.data`), and not
 * the rest of its message (Prisma repeats the query arguments there). */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error))
    return { message: typeof err === "string" ? firstLine(err) : String(typeof err) };
  const e = err as Error & { code?: unknown; cause?: unknown };
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  return {
    type: e.name,
    message: firstLine(e.message),
    ...(typeof e.code === "string" || typeof e.code === "number" ? { code: e.code } : {}),
    stack: frames.join("\n"),
    ...(e.cause ? { cause: safeError(e.cause) } : {}),
  };
}

const firstLine = (s: string) => (s.split("\n").find((l) => l.trim()) ?? "").trim().slice(0, 300);

/** Structured JSON logs on stdout (one object per line); `destination` for tests. */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: "knoop" },
    redact: { paths: redactPaths, censor: "[redacted]" },
    serializers: { err: safeError, error: safeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** For tests and scripts that should stay quiet. */
export const silentLogger: Logger = pino({ level: "silent" });
