import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../core/logger.ts";

/** A line from Bolt or the Web API client without what it carries: they log request and response
 * bodies (`http request body: {…}`, `ack() … (body: …)`, a whole payload), which hold pupil
 * references and descriptions. Everything from the first `{`, `[` or `body`/`result` on is cut,
 * at every level. */
export function redactLine(line: string): string {
  const cut = line.search(/[{[]|\b(body|result|payload|text)\b/i);
  return cut < 0 ? line.slice(0, 300) : `${line.slice(0, cut).slice(0, 300)}[redacted]`;
}

/** Bolt's and the Web API client's logs in Knoop's JSON log (pino), under `slack`. */
export function slackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: "slack" });
  const line = (msg: unknown[]) =>
    redactLine(msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : "")).join(" "));
  return {
    // Bolt logs a debug line on every ack: not even redacted unless debug is on.
    debug: (...msg) => {
      if (log.isLevelEnabled("debug")) log.debug(line(msg));
    },
    info: (...msg) => log.info(line(msg)),
    warn: (...msg) => log.warn(line(msg)),
    error: (...msg) => log.error(line(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
