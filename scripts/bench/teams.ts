// npm run bench:teams: how fast Knoop's Teams surface answers a card action (an `adaptiveCard/action`
// invoke, Action.Execute), next to a bare teams-ai app that answers at once. Both sit behind the
// same authentication (auth.ts's JWT check and botbuilder's own, with a fake OpenID/JWKS on loopback
// https) and get the same tokens, signed per request as the Bot Framework channel signs them.
// 32 requests at once per round, rounds alternating between the two; the figures are the times to
// the HTTP answer (Teams waits at most 15 s for an invoke).
// The action: `cycle.overview` by an SWV consultant in their 1:1 chat (reads the check-in
// overview, answers with the card that replaces the clicked one).
import { spawnSync } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// The fakes speak https with a test CA; Node reads NODE_EXTRA_CA_CERTS only at start, so run again
// with it pointing at that CA (TLS checks stay on; nothing here talks to the internet).
const ca = fileURLToPath(new URL("../../tests/fixtures/tls/ca.pem", import.meta.url));
if (process.env.NODE_EXTRA_CA_CERTS !== ca) {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
  });
  process.exit(child.status ?? 1);
}

const { Application, TeamsAdapter } = await import("@microsoft/teams-ai");
const { default: express } = await import("express");
const { silentLogger } = await import("../../src/core/logger.ts");
const { ChannelKeys, requireChannelToken } = await import("../../src/surfaces/teams/auth.ts");
const { botFrameworkOptions, credentialsFactory } = await import("../../src/surfaces/teams/credentials.ts");
const { createTeams } = await import("../../src/surfaces/teams/surface.ts");
const { openTestDb } = await import("../../tests/support/databases.ts");
const { APP_ID, APP_PASSWORD, FakeMicrosoft, ISSUER, TENANT } = await import(
  "../../tests/support/teams-fakes.ts"
);
const { createWorld } = await import("../../tests/support/world.ts");
const { createPerson, grantRole } = await import("../../src/features/people/service.ts");
const { percentile, report, rssMb } = await import("./measure.ts");

type TeamsConfig = import("../../src/surfaces/teams/credentials.ts").TeamsConfig;

const CONCURRENT = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARMUP = 3;
const VERB = "cycle.overview";
/** 32 consultants, one per concurrent request (one person clicking 32 times at once would meet
 * Knoop's per-person limits instead). */
const consultants = Array.from({ length: CONCURRENT }, (_, i) => ({
  aadObjectId: `c0c0c0c0-1111-4222-8333-${String(i).padStart(12, "0")}`,
  teamsId: `29:bench-consultant-${i}`,
  name: `Consultant ${i + 1}`,
}));

/** The load generator, in a worker thread so its timing is not held up by the servers' work here:
 * posts the given signed activities at once and reports each one's time to the answer. */
const client = new Worker(
  `
  const { parentPort } = require("node:worker_threads");
  parentPort.on("message", async ({ url, requests }) => {
    try {
      const times = await Promise.all(requests.map(async ({ token, body }) => {
        const start = performance.now();
        const res = await fetch(url, { method: "POST", body, headers: {
          "content-type": "application/json", authorization: "Bearer " + token } });
        const text = await res.text();
        const elapsed = performance.now() - start;
        if (res.status !== 200) throw new Error("HTTP " + res.status + " " + text.slice(0, 200));
        if (!text.includes("AdaptiveCard")) throw new Error("no card in the answer: " + text.slice(0, 300));
        return elapsed;
      }));
      parentPort.postMessage({ times });
    } catch (error) {
      parentPort.postMessage({ error: String(error) });
    }
  });
  `,
  { eval: true },
);

const microsoft = await new FakeMicrosoft().start();
const config: TeamsConfig = {
  appId: APP_ID,
  password: APP_PASSWORD,
  tenantId: TENANT,
  openIdMetadataUrl: microsoft.openIdMetadataUrl,
  tokenIssuer: ISSUER,
  loginUrl: microsoft.loginUrl,
  graphUrl: microsoft.url,
};

/** A card action (Action.Execute) in the consultant's 1:1 chat, as Teams posts it. */
function invoke(tag: string, consultant = consultants[0] ?? { aadObjectId: "", teamsId: "", name: "" }) {
  return {
    type: "invoke",
    name: "adaptiveCard/action",
    id: `f:${tag}`,
    channelId: "msteams",
    serviceUrl: microsoft.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: "nl-NL",
    from: { id: consultant.teamsId, aadObjectId: consultant.aadObjectId, name: consultant.name },
    recipient: { id: `28:${APP_ID}`, name: "Knoop" },
    conversation: {
      id: `a:personal-${consultant.aadObjectId}`,
      conversationType: "personal",
      tenantId: TENANT,
    },
    channelData: { tenant: { id: TENANT } },
    replyToId: "1000000000001",
    value: { action: { type: "Action.Execute", verb: VERB, data: { value: "" } }, trigger: "manual" },
  };
}

/** One round: CONCURRENT requests, each with its own token (signed before the clock starts). */
function round(url: string, tag: string): Promise<number[]> {
  const requests = Array.from({ length: CONCURRENT }, (_, i) => ({
    token: microsoft.sign({ jti: `${tag}.${i}` }),
    body: JSON.stringify(invoke(`${tag}.${i}`, consultants[i])),
  }));
  return new Promise((resolve, reject) => {
    client.once("message", (answer: { times?: number[]; error?: string }) =>
      answer.error ? reject(new Error(answer.error)) : resolve(answer.times ?? []),
    );
    client.postMessage({ url, requests });
  });
}

async function listen(app: ReturnType<typeof express>): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A teams-ai app that answers every card action at once with a small card, behind the same checks. */
async function bareApp() {
  const adapter = new TeamsAdapter(botFrameworkOptions(config), credentialsFactory(config));
  const app = new Application({
    adapter,
    botAppId: config.appId,
    removeRecipientMention: true,
    startTypingTimer: false,
  });
  app.adaptiveCards.actionExecute(/.*/, async () => ({
    type: "AdaptiveCard",
    version: "1.5",
    body: [{ type: "TextBlock", text: "Klaar", wrap: true }],
  }));
  const http = express();
  const keys = new ChannelKeys(config.openIdMetadataUrl);
  http.post(
    "/api/messages",
    express.json({ limit: "1mb" }),
    requireChannelToken(config, keys, silentLogger, "?"),
    (req, res) => adapter.process(req, res, (ctx) => app.run(ctx).then(() => undefined)),
  );
  return listen(http);
}

/** Knoop's Teams surface on a test world, with the consultant's Teams account linked. */
async function knoopApp(db: Awaited<ReturnType<typeof openTestDb>>["db"]) {
  const world = await createWorld(db);
  await db.workspace.create({ data: { platform: "teams", externalId: TENANT, swvId: world.swvId } });
  for (const c of consultants)
    await db.$transaction(async (tx) => {
      const account = { platform: "teams" as const, workspaceId: TENANT, userId: c.aadObjectId };
      const person = await createPerson(tx, null, world.clock.now(), {
        swvId: world.swvId,
        displayName: c.name,
        email: null,
        account,
      });
      await grantRole(tx, null, world.clock.now(), {
        swvId: world.swvId,
        personId: person.id,
        role: "swv-consultant",
        schoolId: null,
      });
    });
  const http = express();
  createTeams(world.core, config, http);
  return listen(http);
}

const testDb = await openTestDb("sqlite");
const knoop = await knoopApp(testDb.db);
const bare = await bareApp();
try {
  const samples = { knoop: [] as number[], bare: [] as number[] };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    // Alternate which goes first, so that both meet the same machine noise.
    const k = r % 2 ? await round(knoop.url, `k${r}`) : [];
    const b = await round(bare.url, `b${r}`);
    if (!(r % 2)) k.push(...(await round(knoop.url, `k${r}`)));
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
    `Teams card action (adaptiveCard/action, ${VERB}), ${CONCURRENT} concurrent x ${ROUNDS} rounds (SQLite)`,
    {
      "Knoop p50": ms(percentile(k, 50)),
      "Knoop p99": ms(percentile(k, 99)),
      "bare teams-ai p50": ms(percentile(b, 50)),
      "bare teams-ai p99": ms(percentile(b, 99)),
      "ratio p50 (Knoop / bare teams-ai)": (percentile(k, 50) / percentile(b, 50)).toFixed(2),
      "ratio p99 (Knoop / bare teams-ai, goal <= 1.5)": (percentile(k, 99) / percentile(b, 99)).toFixed(2),
      "connector calls (Knoop and bare)": microsoft.calls.length,
      "process RSS": `${rssMb()} MB`,
    },
  );
} finally {
  await client.terminate();
  await bare.stop();
  await knoop.stop();
  await microsoft.stop();
  await testDb.drop();
}
