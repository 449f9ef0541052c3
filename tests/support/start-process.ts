import { type ChildProcess, spawn } from "node:child_process";

/** Starts what `npm start` runs (the compiled Knoop, built first when a source changed) as its own
 * process on a free port; resolves with its URL and log, or rejects with its log. The caller kills
 * `child` (it is also pushed onto `children`). */
export function startKnoop(
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<{ url: string; log: string[]; child: ChildProcess }> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${log.join("\n")}`)), 60_000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        log.push(line);
        const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
        if (url && line.includes("Knoop luistert op")) {
          clearTimeout(timer);
          resolve({ url, log, child });
        }
      }
    };
    child.stdout?.on("data", onLine);
    child.stderr?.on("data", onLine);
    child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${log.join("\n")}`)));
  });
}
