import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.ts";
import { redactLine } from "../../src/surfaces/slack/logger.ts";

/** Everything a logger at `trace` writes, as lines. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("trace", sink), lines };
}

it("logs an error without what it carries: no request body, no query arguments", () => {
  const { logger, lines } = capture();
  // An HTTP client's error (axios, as Bolt's respond uses) keeps the request it sent.
  const http = Object.assign(new Error("Request failed with status code 500"), {
    config: { data: '{"text":"Signaal over QX 4711"}' },
    response: { data: "QX 4711" },
  });
  // Prisma repeats the arguments of the failed query in its message.
  const prisma = new Error(
    '\nInvalid `prisma.signal.create()` invocation:\n\n{ data: { pupilRef: "QX 4711" } }',
  );
  logger.error({ err: http }, "respond failed");
  logger.error({ err: prisma }, "handler failed");
  logger.warn({ body: { pupilRef: "QX 4711" }, values: { description: "Moeder belt af" } }, "fields");
  logger.info({ intent: { pupilRef: "QX 4711", description: "Moeder belt af" } }, "nested");
  expect(lines).toHaveLength(4);
  expect(lines.join("\n")).not.toMatch(/QX 4711|Moeder belt/);
  expect(lines[0]).toContain("Request failed with status code 500");
  expect(lines[1]).toContain("Invalid `prisma.signal.create()` invocation:");
});

it("cuts the Slack client's and Bolt's lines before any body", () => {
  expect(redactLine('http request body: {"channel":"D1","text":"QX 4711"}')).toBe("http request [redacted]");
  expect(redactLine('ack() response sent (body: {"errors":{"pupilRef":"x"}})')).toBe(
    "ack() response sent ([redacted]",
  );
  expect(redactLine("apiCall('chat.postMessage') start")).toBe("apiCall('chat.postMessage') start");
});
