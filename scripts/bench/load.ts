// npm run bench:load: simulated people using Knoop through the real Slack HTTP surface at a human
// pace. Knoop runs as `npm start` runs it (the compiled dist, child processes) with Slack
// configured against the fake Slack Web API in this process; every request is signed as Slack
// signs it. Each person loops: think 0.5-3 s (seeded), then one step of a weighted mix for their
// role (a signal through its form, the signal and case lists with paging, a case card and a note
// or action through its form, a meeting poll answer, taking a signal from a DM, help, the digest,
// App Home). Runs: SQLite with 1 process, PostgreSQL with 1 and with 2 processes behind one port
// (a round-robin proxy here, both on one database).
// Options: --duration 60 --users 50 --db sqlite|postgres|both --processes 1|2 --seed 1 --json,
// --think 0.5-3 (seconds between two steps), --profile DIR (a V8 .cpuprofile per Knoop process).
// Errors: a non-2xx ack, a form answered with errors, no answer within 10 s, an unexpected refusal
// in an answer, a fake Slack call answered not ok, a Block Kit violation, an error-level log line
// of Knoop, a dead outbox row.
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import type { Db } from "../../src/store/client.ts";
import { FakeSlack, postSigned, postSignedJson, type SlackCall } from "../../tests/support/slack-fake.ts";
import { SECRET } from "../../tests/support/slack-knoop.ts";
import {
  buttonsOf,
  clickPayload,
  commandForm,
  type SlackActor,
  submissionPayload,
} from "../../tests/support/slack-payloads.ts";
import { createLoadWorld, type LoadUser } from "./load-world.ts";
import { percentile } from "./measure.ts";
import { rssOf, type Started, startProcess, stopProcess } from "./process.ts";

process.env.TEST_DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/test";
const { openTestDb } = await import("../../tests/support/databases.ts");

const { values: opts } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    users: { type: "string", default: "50" },
    db: { type: "string" },
    processes: { type: "string" },
    seed: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    /** Think time between two steps of a person, in seconds: "min-max". */
    think: { type: "string", default: "0.5-3" },
    /** Write a V8 CPU profile of each Knoop process into this folder (node --cpu-prof). */
    profile: { type: "string" },
  },
});
const DURATION_MS = Number(opts.duration) * 1000;
const USERS = Number(opts.users);
const [THINK_MIN_S = 0.5, THINK_MAX_S = THINK_MIN_S] = (opts.think ?? "").split("-").map(Number);
if (!(THINK_MIN_S >= 0 && THINK_MAX_S >= THINK_MIN_S))
  throw new Error(`--think min-max in seconds: ${opts.think}`);
const TEAM = "TLOAD";
/** An answer later than this counts as an error; one is waited for up to ANSWER_WAIT_MS. */
const ANSWER_MS = 10_000;
const ANSWER_WAIT_MS = 30_000;
type Json = Record<string, unknown>;
type Provider = "sqlite" | "postgresql";

/** The runs asked for: by default SQLite x1, PostgreSQL x1, PostgreSQL x2. */
function runsAsked(): { provider: Provider; processes: number }[] {
  const all = [
    { provider: "sqlite" as const, processes: 1 },
    { provider: "postgresql" as const, processes: 1 },
    { provider: "postgresql" as const, processes: 2 },
  ];
  const dbs: Provider[] | undefined =
    opts.db === "sqlite"
      ? ["sqlite"]
      : opts.db === "postgres" || opts.db === "postgresql"
        ? ["postgresql"]
        : opts.db === "both"
          ? ["sqlite", "postgresql"]
          : undefined;
  const processes = opts.processes ? [Number(opts.processes)] : undefined;
  const picked = all.filter(
    (r) => (!dbs || dbs.includes(r.provider)) && (!processes || processes.includes(r.processes)),
  );
  if (picked.length) return picked;
  return (dbs ?? ["postgresql"]).flatMap((provider) =>
    (processes ?? [1]).map((n) => ({ provider, processes: n })),
  );
}

/** A small seeded random generator (mulberry32), so that runs do the same mix. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Refusals a person at a human pace should never see (a rate limit, no access, a failure). */
const REFUSALS = [
  "Rustig aan",
  "Geen toegang",
  "Er ging iets mis",
  "Onbekend commando",
  "werkt niet meer",
  "kon dit formulier niet lezen",
];

/** A round-robin HTTP proxy in front of the Knoop processes (one port for Slack). */
async function roundRobin(targets: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? "/", targets[next++ % targets.length]);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Sample {
  kind: string;
  ack: number;
  /** ms from the request to Knoop's answer at the fake Slack (response, modal, Home). */
  answer?: number;
}

/** One run: a fresh database and fake Slack, the Knoop process(es), the people, the drain. */
async function run(provider: Provider, processes: number) {
  const testDb = await openTestDb(provider);
  const slack = await new FakeSlack(TEAM).start();
  const people = await createLoadWorld(testDb.db, TEAM, USERS);
  const started: Started[] = [];
  let proxy: Server | undefined;
  try {
    const env = {
      DATABASE_URL: testDb.url,
      SLACK_BOT_TOKEN: "xoxb-load",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    // One after the other: the first builds dist/ when a source changed.
    for (let i = 0; i < processes; i++)
      started.push(
        await startProcess(env, [
          "node",
          "--optimize-for-size",
          ...(opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${opts.profile}`] : []),
          "scripts/start.mjs",
        ]),
      );
    let base = started[0]?.url ?? "";
    if (processes > 1) {
      const p = await roundRobin(started.map((s) => s.url));
      proxy = p.server;
      base = p.url;
    }
    const events = `${base}/slack/events`;
    return await load(testDb.db, slack, people, events, started);
  } finally {
    for (const s of started) await stopProcess(s.child);
    proxy?.close();
    await slack.stop();
    await testDb.drop();
  }
}

async function load(db: Db, slack: FakeSlack, people: LoadUser[], events: string, started: Started[]) {
  const errors: string[] = [];
  const samples: Sample[] = [];
  const sign = { secret: SECRET };
  // Knoop's answers, found by what the request carried: its response_url, its trigger id, the user.
  const waiting = new Map<string, (call: SlackCall) => void>();
  /** Per Slack user, the DMs Knoop posted (latest version per ts). */
  const inbox = new Map<string, Map<string, SlackCall>>();
  slack.onCall = (call) => {
    const key =
      call.method === "respond"
        ? `respond:${call.path}`
        : call.method === "views.open"
          ? `open:${String(call.args.trigger_id)}`
          : call.method === "views.publish"
            ? `publish:${String(call.args.user_id)}`
            : undefined;
    if (key) waiting.get(key)?.(call);
    if (call.result?.ok === false) errors.push(`fake Slack ${call.method}: ${String(call.result.error)}`);
    const channel = String(call.args.channel ?? "");
    if ((call.method === "chat.postMessage" || call.method === "chat.update") && channel.startsWith("D")) {
      const ts = String(call.result?.ts ?? call.args.ts);
      const box = inbox.get(channel.slice(1)) ?? new Map<string, SlackCall>();
      box.set(ts, { ...call, result: { ...call.result, ts } });
      inbox.set(channel.slice(1), box);
    }
  };
  let sequence = 0;
  const trigger = () => `load.${++sequence}`;
  const answerOf = (key: string) =>
    new Promise<SlackCall | undefined>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(key);
        resolve(undefined);
      }, ANSWER_WAIT_MS);
      waiting.set(key, (call) => {
        clearTimeout(timer);
        waiting.delete(key);
        resolve(call);
      });
    });

  /** Sends one signed request and waits for its answer (`expect`: where it arrives). */
  async function step(
    kind: string,
    send: () => Promise<{ status: number; body: string }>,
    expect: string | undefined,
    measured: boolean,
  ): Promise<{ body: string; answer?: SlackCall }> {
    const answered = expect ? answerOf(expect) : undefined;
    const began = performance.now();
    const res = await send();
    const ack = performance.now() - began;
    if (res.status < 200 || res.status > 299)
      errors.push(`${kind}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    for (const r of REFUSALS)
      if (res.body.includes(r)) errors.push(`${kind}: ack refused: ${res.body.slice(0, 200)}`);
    const answer = await answered;
    const at = answer?.at;
    if (expect && !answer) errors.push(`${kind}: no answer within ${ANSWER_WAIT_MS / 1000} s`);
    if (at && at - began > ANSWER_MS) errors.push(`${kind}: answered after more than ${ANSWER_MS / 1000} s`);
    const shown = answer ? JSON.stringify(answer.args) : "";
    for (const r of REFUSALS) if (shown.includes(r)) errors.push(`${kind}: refused: ${shown.slice(0, 300)}`);
    if (measured) samples.push({ kind, ack, ...(at ? { answer: at - began } : {}) });
    return { body: res.body, ...(answer ? { answer } : {}) };
  }

  const actorOf = (u: LoadUser): SlackActor => ({ teamId: TEAM, userId: u.userId });
  const command = (u: LoadUser, kind: string, text: string, measured: boolean) => {
    const responseUrl = slack.responseUrl();
    const triggerId = trigger();
    const form = commandForm(actorOf(u), text, triggerId, responseUrl);
    const expect = text === "signaal" ? `open:${triggerId}` : `respond:${new URL(responseUrl).pathname}`;
    return step(kind, () => postSigned(events, form, sign), expect, measured);
  };
  const click = (
    u: LoadUser,
    kind: string,
    on: SlackCall,
    action: string,
    opens: boolean,
    measured: boolean,
    value?: (v: string) => boolean,
  ) => {
    const responseUrl = slack.responseUrl();
    const triggerId = trigger();
    const payload = clickPayload(actorOf(u), on, ++sequence, action, {
      triggerId,
      responseUrl,
      ...(value ? { value } : {}),
    });
    const expect = opens ? `open:${triggerId}` : `respond:${new URL(responseUrl).pathname}`;
    return step(kind, () => postSigned(events, { payload: JSON.stringify(payload) }, sign), expect, measured);
  };
  const submit = async (
    u: LoadUser,
    kind: string,
    opened: SlackCall | undefined,
    values: (view: Json) => Record<string, string | string[]>,
    measured: boolean,
  ) => {
    if (!opened) return;
    const view = { ...(opened.args.view as Json), id: (opened.result?.view as Json | undefined)?.id };
    const payload = submissionPayload(actorOf(u), view, values(view), trigger());
    const { body } = await step(
      kind,
      () => postSigned(events, { payload: JSON.stringify(payload) }, sign),
      undefined,
      measured,
    );
    if (body !== "") errors.push(`${kind}: the form answered ${body.slice(0, 300)}`);
  };
  const hasButton = (call: SlackCall | undefined, action: string) =>
    Boolean(call && buttonsOf(call).some((b) => String(b.action_id).replace(/::\d+$/, "") === action));
  /** The first option of a select field of a modal. */
  const firstOption = (view: Json, field: string) => {
    const block = ((view.blocks ?? []) as Json[]).find((b) => b.block_id === field);
    const el = (block?.element ?? {}) as {
      options?: { value: string }[];
      initial_option?: { value: string };
    };
    return el.initial_option?.value ?? el.options?.[0]?.value ?? "";
  };
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  // Setup, not measured: every IB'er proposes a meeting for their first case, so that the
  // kernpartners have polls to answer (the DMs and the tally go through the outbox).
  const proposers = people.filter((u) => u.role === "ib" && u.codes[0]);
  for (let i = 0; i < proposers.length; i += 5)
    await Promise.all(
      proposers.slice(i, i + 5).map(async (u) => {
        const card = await command(u, "setup", `casus ${u.codes[0]}`, false);
        if (!hasButton(card.answer, "meeting.propose")) return;
        const form = await click(u, "setup", card.answer as SlackCall, "meeting.propose", true, false);
        const day = Math.floor(Date.now() / 86_400_000) * 86_400;
        await submit(
          u,
          "setup",
          form.answer,
          () => ({
            slot1: String(day + 3 * 86_400 + 9 * 3600),
            slot2: String(day + 4 * 86_400 + 13 * 3600),
            slot3: String(day + 5 * 86_400 + 10 * 3600),
            location: "School, kamer IB",
          }),
          false,
        );
      }),
    );
  await drained(db, 120_000);

  const pending = () =>
    db.outboxMessage.aggregate({ where: { status: "pending" }, _count: true, _min: { createdAt: true } });
  const backlog: { t: number; pending: number; oldestS: number }[] = [];
  const rss = new Map<number, number>();
  const sampleRss = () => {
    for (const s of started) {
      const { server, serverPid } = rssOf(s.child.pid ?? 0);
      rss.set(serverPid, Math.max(rss.get(serverPid) ?? 0, server));
    }
  };
  const cpuAtStart = started.map((s) => cpuSeconds(s.child.pid ?? 0));
  const benchCpuAtStart = process.cpuUsage();
  const began = Date.now();
  const deadline = began + DURATION_MS;
  const sampler = setInterval(() => {
    sampleRss();
    void pending().then((p) =>
      backlog.push({
        t: Math.round((Date.now() - began) / 1000),
        pending: p._count,
        oldestS: p._min.createdAt ? (Date.now() - p._min.createdAt.getTime()) / 1000 : 0,
      }),
    );
  }, 5000);

  /** The steps a person of each role picks from, with their weights. */
  type Step = (u: LoadUser, random: () => number) => Promise<unknown>;
  const listWithPaging =
    (list: string, more: string, kind: string): Step =>
    async (u, random) => {
      const first = await command(u, kind, list, true);
      if (random() < 0.5 && hasButton(first.answer, more))
        await click(u, `${kind}: Meer`, first.answer as SlackCall, more, false, true);
    };
  const steps: Record<string, Step> = {
    signal: async (u, random) => {
      const form = await command(u, "signaal (form)", "signaal", true);
      const domains = ["verzuim", "gezondheid", "gezin", "schoolloopbaan"];
      await submit(
        u,
        "signaal (submit)",
        form.answer,
        (view) => ({
          school: firstOption(view, "school"),
          pupilRef: `${10000 + Math.floor(random() * 89999)}`,
          domain: domains[Math.floor(random() * domains.length)] ?? "verzuim",
          description: "Sinds twee weken vaak te laat en moe in de klas.",
        }),
        true,
      );
    },
    signals: listWithPaging("signaal lijst", "signal.list.more", "signaal lijst"),
    cases: listWithPaging("casus lijst", "case.list.more", "casus lijst"),
    note: async (u, random) => {
      const code = u.codes[Math.floor(random() * u.codes.length)];
      if (!code) return;
      const card = await command(u, "casus (card)", `casus ${code}`, true);
      if (!hasButton(card.answer, "case.note.add")) return;
      const addAction = u.role === "ib" && random() < 0.4;
      const action = addAction ? "case.action.add" : "case.note.add";
      const form = await click(u, `${action} (form)`, card.answer as SlackCall, action, true, true);
      await submit(
        u,
        `${action} (submit)`,
        form.answer,
        (view): Record<string, string> =>
          addAction
            ? { description: "Gesprek met ouders plannen", owner: firstOption(view, "owner"), due: inDays(7) }
            : { text: "Gesprek gehad met de leerkracht; afspraken gemaakt over de ochtenden." },
        true,
      );
    },
    poll: async (u, random) => {
      const polls = [...(inbox.get(u.userId)?.values() ?? [])].filter((c) => hasButton(c, "meeting.answer"));
      const poll = polls[Math.floor(random() * polls.length)];
      if (!poll) return steps.cases?.(u, random);
      // Not an answer clicked on this poll in the last minute (Slack's double click window).
      const key = `${u.userId}:${poll.result?.ts}`;
      const recent = (clicked.get(key) ?? []).filter((c) => Date.now() - c.at < 70_000);
      const values = buttonsOf(poll)
        .filter((b) => String(b.action_id).startsWith("meeting.answer"))
        .map((b) => String(b.value))
        .filter((v) => !recent.some((c) => c.value === v));
      const value = values[Math.floor(random() * values.length)];
      if (!value) return steps.cases?.(u, random);
      clicked.set(key, [...recent, { value, at: Date.now() }]);
      await click(u, "meeting.answer", poll, "meeting.answer", false, true, (v) => v === value);
    },
    take: async (u, random) => {
      const open = [...(inbox.get(u.userId)?.values() ?? [])].filter(
        (c) => hasButton(c, "signal.take") && !taken.has(`${u.userId}:${c.result?.ts}`),
      );
      const card = open.at(-1);
      if (!card) return steps.signals?.(u, random);
      taken.add(`${u.userId}:${card.result?.ts}`);
      await click(u, "signal.take", card, "signal.take", false, true);
    },
    help: (u) => command(u, "help", "help", true),
    digest: (u) => command(u, "digest", "digest", true),
    me: (u) => command(u, "ik", "ik", true),
    home: async (u) => {
      const body = {
        type: "event_callback",
        team_id: TEAM,
        api_app_id: "AKNOOP",
        event_id: `EvLoad${++sequence}`,
        event: { type: "app_home_opened", user: u.userId, tab: "home", channel: `D${u.userId}` },
        event_time: 1,
      };
      await step("home", () => postSignedJson(events, body, sign), `publish:${u.userId}`, true);
    },
  };
  const clicked = new Map<string, { value: string; at: number }[]>();
  const taken = new Set<string>();
  const kernpartner = { signal: 1, signals: 3, cases: 3, note: 2, poll: 4, take: 3, help: 1, home: 1 };
  const mixes: Record<LoadUser["role"], Record<string, number>> = {
    ib: { signal: 3, signals: 2, cases: 3, note: 4, help: 1, home: 2 },
    leerplicht: kernpartner,
    jgz: kernpartner,
    buurtteam: { signal: 2, signals: 3, cases: 2, take: 3, help: 1, home: 1 },
    directeur: { signal: 2, signals: 2, cases: 2, help: 1, home: 2, me: 1 },
    bestuur: { digest: 3, help: 1, home: 1, me: 1 },
    beheerder: { signals: 1, cases: 1, help: 2, home: 2, me: 2 },
    "swv-consultant": { signals: 3, cases: 2, digest: 1, take: 2, help: 1, home: 1 },
  };
  const pick = (mix: Record<string, number>, random: () => number) => {
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    let r = random() * total;
    for (const [name, weight] of Object.entries(mix)) {
      r -= weight;
      if (r < 0) return name;
    }
    return "help";
  };

  await Promise.all(
    people.map(async (u, i) => {
      const random = rng(Number(opts.seed) * 1000 + i);
      for (;;) {
        await new Promise((r) =>
          setTimeout(r, 1000 * (THINK_MIN_S + random() * (THINK_MAX_S - THINK_MIN_S))),
        );
        if (Date.now() >= deadline) return;
        const name = pick(mixes[u.role], random);
        try {
          await steps[name]?.(u, random);
        } catch (err) {
          errors.push(`${name}: ${String(err)}`);
        }
      }
    }),
  );
  const loadSeconds = (Date.now() - began) / 1000;
  clearInterval(sampler);
  sampleRss();
  const drainStart = Date.now();
  const drainedOk = await drained(db, 300_000);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const knoopCpuS = started.reduce(
    (sum, s, i) => sum + cpuSeconds(s.child.pid ?? 0) - (cpuAtStart[i] ?? 0),
    0,
  );
  const benchCpu = process.cpuUsage(benchCpuAtStart);
  const rows = await db.outboxMessage.groupBy({ by: ["status"], _count: true });
  const dead = await db.outboxMessage.findMany({ where: { status: "dead" }, take: 5 });
  if (!drainedOk) errors.push("the outbox did not drain within 300 s");
  for (const d of dead) errors.push(`dead outbox row ${d.idempotencyKey}: ${d.lastError}`);
  errors.push(...slack.violations.map((v) => `Block Kit: ${v}`));
  for (const s of started)
    if (s.child.exitCode !== null || s.child.signalCode)
      errors.push(
        `Knoop ${s.child.pid} exited (${s.child.exitCode ?? s.child.signalCode}): ${s.log.slice(-5).join("\n")}`,
      );
  for (const s of started)
    for (const line of s.log) if (/"level":(5\d|6\d)/.test(line)) errors.push(`error log: ${logged(line)}`);
  return {
    samples,
    errors,
    loadSeconds,
    backlog,
    drainSeconds,
    outbox: Object.fromEntries(rows.map((r) => [r.status, r._count])),
    peakRssMb: [...rss.values()],
    slackCalls: slack.calls.length,
    knoopCpuS,
    benchCpuS: (benchCpu.user + benchCpu.system) / 1e6,
  };
}

/** An error log line in short: its message, and its error's code and message (first line). */
function logged(line: string): string {
  try {
    const { msg, err } = JSON.parse(line) as { msg?: string; err?: { code?: string; message?: string } };
    const first = (err?.message ?? "").split("\n").filter(Boolean);
    return [msg, err?.code, first.slice(0, 1).join(""), first.at(-1)]
      .filter(Boolean)
      .join(" | ")
      .slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return 0;
  }
}

/** Waits until no outbox row is pending (or `ms` passed); true when drained. */
async function drained(db: Db, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if ((await db.outboxMessage.count({ where: { status: "pending" } })) === 0) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

type Result = Awaited<ReturnType<typeof load>>;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => Math.round(x);
  return {
    n: s.length,
    p50: f(percentile(s, 50)),
    p95: f(percentile(s, 95)),
    p99: f(percentile(s, 99)),
    max: f(s.at(-1) ?? Number.NaN),
  };
};
function summary(r: Result) {
  const byKind = new Map<string, Sample[]>();
  for (const s of r.samples) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return {
    requests: r.samples.length,
    perSecond: Number((r.samples.length / r.loadSeconds).toFixed(1)),
    ack: stats(r.samples.map((s) => s.ack)),
    answer: stats(r.samples.flatMap((s) => (s.answer === undefined ? [] : [s.answer]))),
    kinds: Object.fromEntries(
      [...byKind].map(([kind, xs]) => [
        kind,
        {
          ack: stats(xs.map((s) => s.ack)),
          answer: stats(xs.flatMap((s) => (s.answer === undefined ? [] : [s.answer]))),
        },
      ]),
    ),
    errors: r.errors.length,
    /** The errors by kind (ids and numbers left out), with how often each came. */
    errorKinds: Object.fromEntries(
      Object.entries(
        r.errors.reduce<Record<string, number>>((acc, e) => {
          const kind = e
            .replace(/"time":\d+/, "")
            .replace(/\d+/g, "#")
            .slice(0, 160);
          acc[kind] = (acc[kind] ?? 0) + 1;
          return acc;
        }, {}),
      ).sort((a, b) => b[1] - a[1]),
    ),
    errorDetails: r.errors.slice(0, 10),
    backlog: r.backlog,
    backlogPeak: Math.max(0, ...r.backlog.map((b) => b.pending)),
    oldestPeakS: Number(Math.max(0, ...r.backlog.map((b) => b.oldestS)).toFixed(1)),
    drainSeconds: Number(r.drainSeconds.toFixed(1)),
    outbox: r.outbox,
    peakRssMb: r.peakRssMb,
    slackCalls: r.slackCalls,
    /** CPU seconds Knoop (all its processes) used for the load and the drain, and per request. */
    knoopCpuS: Number(r.knoopCpuS.toFixed(1)),
    knoopCpuMsPerRequest: Math.round((r.knoopCpuS * 1000) / Math.max(1, r.samples.length)),
    benchCpuS: Number(r.benchCpuS.toFixed(1)),
  };
}

const results: { run: string; summary: ReturnType<typeof summary> }[] = [];
for (const { provider, processes } of runsAsked()) {
  const label = `${provider === "sqlite" ? "SQLite" : "PostgreSQL"}, ${processes} process${processes > 1 ? "es" : ""}`;
  if (!opts.json) console.log(`\n${label}: ${USERS} people for ${DURATION_MS / 1000} s ...`);
  const s = summary(await run(provider, processes));
  results.push({ run: label, summary: s });
  if (opts.json) continue;
  console.log(`  per kind: requests, ack p50/p95/p99/max ms, answered p50/p99 ms`);
  for (const [kind, k] of Object.entries(s.kinds))
    console.log(
      `  ${kind.padEnd(28)} ${String(k.ack.n).padStart(5)}  ${k.ack.p50}/${k.ack.p95}/${k.ack.p99}/${k.ack.max}  ${k.answer.n ? `${k.answer.p50}/${k.answer.p99}` : "-"}`,
    );
  console.log(
    `  outbox backlog every 5 s (pending, oldest s): ${s.backlog.map((b) => `${b.t}s ${b.pending} (${b.oldestS.toFixed(1)})`).join(", ")}`,
  );
  for (const [e, n] of Object.entries(s.errorKinds)) console.log(`  ERROR x${n}: ${e}`);
}

if (opts.json)
  console.log(JSON.stringify({ users: USERS, durationS: DURATION_MS / 1000, runs: results }, null, 2));
else {
  const rows: [string, (s: ReturnType<typeof summary>) => string | number][] = [
    ["requests", (s) => s.requests],
    ["throughput (req/s)", (s) => s.perSecond],
    ["ack p50 / p95 / p99 / max (ms)", (s) => `${s.ack.p50} / ${s.ack.p95} / ${s.ack.p99} / ${s.ack.max}`],
    ["answered p50 / p99 (ms)", (s) => `${s.answer.p50} / ${s.answer.p99}`],
    ["errors", (s) => s.errors],
    ["outbox: peak pending, oldest (s)", (s) => `${s.backlogPeak}, ${s.oldestPeakS}`],
    ["outbox drained after the load (s)", (s) => s.drainSeconds],
    ["outbox rows", (s) => JSON.stringify(s.outbox)],
    ["peak RSS per process (MB)", (s) => s.peakRssMb.join(" + ")],
    ["Knoop CPU s (ms per request)", (s) => `${s.knoopCpuS} (${s.knoopCpuMsPerRequest})`],
    ["this bench's CPU s (fake Slack, people)", (s) => s.benchCpuS],
  ];
  console.log(
    `\n${USERS} simulated people for ${DURATION_MS / 1000} s, think time ${THINK_MIN_S}-${THINK_MAX_S} s`,
  );
  console.log(`  ${"".padEnd(36)} ${results.map((r) => r.run.padEnd(24)).join(" ")}`);
  for (const [name, f] of rows)
    console.log(`  ${name.padEnd(36)} ${results.map((r) => String(f(r.summary)).padEnd(24)).join(" ")}`);
}
process.exit(0);
