import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { masterKeysFor } from "../../src/store/master-key.ts";

/** A Knoop started as `npm start` starts it (a child process), with its log lines. */
export interface Started {
  child: ChildProcess;
  url: string;
  log: string[];
  /** ms from spawn to the "listening" log line. */
  listeningMs: number;
}

/** Spawns `command` (default `npm start`) with `env` and resolves once Knoop logs that it listens. */
export function startProcess(
  env: Record<string, string>,
  command = ["npm", "start", "--silent"],
  cwd?: string,
): Promise<Started> {
  const began = performance.now();
  const [bin = "npm", ...args] = command;
  const all: Record<string, string | undefined> = { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env };
  // The bench seeds in this process, through the local key file of its database (createDb makes
  // it); the child must use that same master key, and with Slack or Teams it needs one in the env.
  all.KNOOP_DATA_KEY ||= masterKeysFor(all.DATABASE_URL ?? "file:./data/knoop.db", all, {
    create: true,
  })?.keys[0]?.toString("base64");
  const child = spawn(bin, args, {
    env: all,
    stdio: ["ignore", "pipe", "pipe"],
    ...(cwd ? { cwd } : {}),
    detached: true, // its own process group, so that stopProcess ends npm and its children
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${log.join("\n")}`)), 60_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        log.push(line);
        const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
        if (url && line.includes("Knoop luistert op")) {
          clearTimeout(timer);
          resolve({ child, url, log, listeningMs: performance.now() - began });
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${log.join("\n")}`)));
  });
}

/** Polls /readyz until 200; resolves with the ms since `since` (performance.now()). */
export async function untilReady(url: string, since: number, ms = 60_000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) return performance.now() - since;
    if (Date.now() > end) throw new Error("not ready in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** RSS in MB of a process and of it with all its descendants (npm, tsx, node, ...), from ps. */
export function rssOf(pid: number): { server: number; tree: number; serverPid: number } {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,rss=,args="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => {
      const [p, pp, rss, ...rest] = l.trim().split(/\s+/);
      return { pid: Number(p), ppid: Number(pp), rss: Number(rss), args: rest.join(" ") };
    });
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows)
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
  }
  const members = rows.filter((r) => tree.has(r.pid));
  // The server is the deepest node process (npm -> [tsx ->] node).
  const nodes = members.filter((r) => /\bnode\b/.test(r.args) && !/npm/.test(r.args));
  const server = nodes.at(-1) ?? members[0];
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    server: mb(server?.rss ?? 0),
    tree: mb(members.reduce((s, r) => s + r.rss, 0)),
    serverPid: server?.pid ?? pid,
  };
}

/** Stops the process group started by startProcess and waits for it to exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}
