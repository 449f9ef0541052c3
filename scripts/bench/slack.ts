// npm run bench:slack: how fast Knoop's Slack surface acknowledges `/knoop signaal`, next to a bare
// Bolt app that only acks, both over loopback HTTP with requests signed as Slack signs them.
// 32 requests at once per round; the figures are the ack latencies (Slack's limit is 3 s).
// Knoop acks before it handles; the modal is opened after (against a fake Slack Web API).
// BENCH_MODE=flood (npm run bench:slack -- flood): one person sends 200 commands at once while the
// others send theirs; the figure is the others' ack p99, without and with the per-person limits.
// BENCH_MODE=contention (npm run bench:slack -- contention): the same rounds quiet, then with one
// busy-looping process per core in this process group, so that Knoop and the bare Bolt app (both
// in this process) meet the same contention in one run.
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { App, ExpressReceiver } from "@slack/bolt";
import { RateLimiter } from "../../src/chat/rate-limit.ts";
import { openTestDb } from "../../tests/support/databases.ts";
import { slackUser } from "../../tests/support/slack-fake.ts";
import { SECRET, startSlackKnoop, until } from "../../tests/support/slack-knoop.ts";
import { percentile, report, rssMb } from "./measure.ts";

const unlimited = {
  command: { burst: 1e9, perSecond: 1e9 },
  action: { burst: 1e9, perSecond: 1e9 },
  submission: { burst: 1e9, perSecond: 1e9 },
};

const CONCURRENT = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARMUP = 3;

/** The load generator runs in a worker thread, so that its timing is not held up by the servers'
 * work in this process: one round is CONCURRENT signed requests at once; it reports each one's
 * time to the HTTP answer. */
const client = new Worker(
  `
  const { parentPort } = require("node:worker_threads");
  const { createHmac } = require("node:crypto");
  parentPort.on("message", async ({ url, forms, secret, bodies }) => {
    const answers = [];
    const times = await Promise.all(forms.map(async (form, i) => {
      const body = new URLSearchParams(form).toString();
      const ts = Math.floor(Date.now() / 1000);
      const signature = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
      const start = performance.now();
      const res = await fetch(url, { method: "POST", body, headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts), "x-slack-signature": signature } });
      answers[i] = await res.text();
      if (res.status !== 200) throw new Error("HTTP " + res.status);
      return performance.now() - start;
    }));
    parentPort.postMessage(bodies ? { times, bodies: answers } : times);
  });
  `,
  { eval: true },
);

function round(url: string, teamId: string, responseUrl: () => string, tag: string): Promise<number[]> {
  const forms = Array.from({ length: CONCURRENT }, (_, i) => ({
    command: "/knoop",
    text: "signaal",
    team_id: teamId,
    user_id: slackUser("ib"),
    channel_id: `D${slackUser("ib")}`,
    trigger_id: `${tag}.${i}`,
    response_url: responseUrl(),
  }));
  return new Promise((resolve, reject) => {
    client.once("message", (times) => {
      client.off("error", reject);
      resolve(times);
    });
    client.once("error", reject);
    client.postMessage({ url, forms, secret: SECRET });
  });
}

/** A Bolt app that acknowledges `/knoop` at once and does nothing else. */
async function bareBolt() {
  const receiver = new ExpressReceiver({ signingSecret: SECRET });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: "xoxb-bench", botId: "B", botUserId: "U" }),
  });
  app.command("/knoop", async ({ ack }) => ack());
  const server = await new Promise<ReturnType<typeof receiver.app.listen>>((resolve) => {
    const s = receiver.app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.env.BENCH_MODE === "flood" || process.argv.includes("flood")) {
  await flood();
  process.exit(0);
}

/** 200 concurrent `/knoop signaal` from one person, with the other 8 people's commands among them. */
async function flood() {
  const FLOOD = 200;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const others = [
    "ib",
    "directeur",
    "leerplicht",
    "buurtteam",
    "consultant",
    "bestuur",
    "beheerder",
    "outsider",
  ];
  const figures: Record<string, string> = {};
  for (const [label, limiter] of [
    ["without limits (before)", new RateLimiter(undefined, unlimited)],
    ["with per-person limits (after)", undefined],
  ] as const) {
    const testDb = await openTestDb("sqlite");
    const knoop = await startSlackKnoop(testDb.db, {}, { limiter });
    const samples: number[] = [];
    let refused = 0;
    try {
      for (let r = 0; r < rounds + 1; r++) {
        const form = (who: string, i: number) => ({
          command: "/knoop",
          text: "signaal",
          team_id: knoop.teamId,
          user_id: slackUser(who),
          channel_id: `D${slackUser(who)}`,
          trigger_id: `f${r}.${who}.${i}`,
          response_url: knoop.slack.responseUrl(),
        });
        // The others' commands come in among the flood's (every 25th request).
        const forms: Record<string, string>[] = [];
        const mine: number[] = [];
        let next = 0;
        for (let i = 0; i < FLOOD; i++) {
          forms.push(form("jgz", i));
          if (i % 25 === 12)
            for (let j = 0; j < 2; j++) {
              mine.push(forms.length);
              forms.push(form(others[next++ % others.length] ?? "ib", i));
            }
        }
        const times = await new Promise<{ times: number[]; bodies: string[] }>((resolve, reject) => {
          client.once("message", (answer) => {
            client.off("error", reject);
            resolve(answer);
          });
          client.once("error", reject);
          client.postMessage({ url: knoop.url, forms, secret: SECRET, bodies: true });
        });
        refused += times.bodies.filter((b) => b.includes("Rustig aan")).length;
        if (r > 0) samples.push(...mine.map((i) => times.times[i] ?? Number.NaN));
        await settle(knoop.slack.calls);
      }
    } finally {
      await knoop.stop();
      await testDb.drop();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    figures[`others' ack p50, ${label}`] = `${percentile(sorted, 50).toFixed(1)} ms`;
    figures[`others' ack p99, ${label}`] = `${percentile(sorted, 99).toFixed(1)} ms`;
    figures[`others' ack max, ${label}`] = `${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
    figures[`flood commands told "rustig aan", ${label}`] = `${refused} of ${FLOOD * (rounds + 1)}`;
  }
  report(
    `Slack ack latency of other people while one person sends ${FLOOD} commands at once (${rounds} rounds, SQLite)`,
    {
      ...figures,
      "process RSS": `${rssMb()} MB`,
    },
  );
  await client.terminate();
}

/** Waits until the fake Slack has had no call for 300 ms (the work after the acks is done). */
async function settle(calls: unknown[]) {
  let seen = -1;
  while (seen !== calls.length) {
    seen = calls.length;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** One CPU-bound process per core, in this process group (not detached). */
function busyLoops(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
  );
}

const contention = process.env.BENCH_MODE === "contention" || process.argv.includes("contention");
const testDb = await openTestDb("sqlite");
// One person sends all 32 at once: without lifting the per-person limit (burst 10) most would be
// refused in their ack and open no modal (the flood mode measures the limits).
const knoop = await startSlackKnoop(testDb.db, {}, { limiter: new RateLimiter(undefined, unlimited) });
const bare = await bareBolt();
let loops: ChildProcess[] = [];
try {
  /** Rounds of 32 at once against Knoop and the bare Bolt app, alternating which goes first. */
  async function measure(label: string) {
    const samples = { knoop: [] as number[], bare: [] as number[] };
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      // Alternate which goes first, so that both meet the same machine noise.
      const runKnoop = async () => {
        const opened = knoop.slack.called("views.open").length;
        const times = await round(knoop.url, knoop.teamId, () => knoop.slack.responseUrl(), `k${label}${r}`);
        // Let Knoop finish the work after the ack (32 modals) before anything else.
        await until(
          () => knoop.slack.called("views.open").length >= opened + CONCURRENT,
          "the modals",
          60_000,
        );
        return times;
      };
      const runBare = () => round(bare.url, knoop.teamId, () => knoop.slack.responseUrl(), `b${label}${r}`);
      const k = r % 2 ? await runKnoop() : [];
      const b = await runBare();
      if (!(r % 2)) k.push(...(await runKnoop()));
      if (r >= WARMUP) {
        samples.knoop.push(...k);
        samples.bare.push(...b);
      }
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const k = sorted(samples.knoop);
    const b = sorted(samples.bare);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    report(
      `Slack ack latency, /knoop signaal, ${CONCURRENT} concurrent x ${ROUNDS} rounds (SQLite), ${label}`,
      {
        "Knoop p50": ms(percentile(k, 50)),
        "Knoop p99": ms(percentile(k, 99)),
        "bare Bolt p50": ms(percentile(b, 50)),
        "bare Bolt p99": ms(percentile(b, 99)),
        "ratio p50 (Knoop / bare Bolt)": (percentile(k, 50) / percentile(b, 50)).toFixed(2),
        "ratio p99 (Knoop / bare Bolt, goal <= 1.5)": (percentile(k, 99) / percentile(b, 99)).toFixed(2),
        "Block Kit violations": knoop.slack.violations.length,
        "process RSS": `${rssMb()} MB`,
      },
    );
  }
  await measure("quiet");
  if (contention) {
    loops = busyLoops();
    await measure(`under contention (${loops.length} busy-looping processes, one per core)`);
  }
} finally {
  for (const loop of loops) loop.kill("SIGKILL");
  await client.terminate();
  await bare.stop();
  await knoop.stop();
  await testDb.drop();
}
