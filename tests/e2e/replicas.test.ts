import { type ChildProcess, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.ts";
import { createJobs } from "../../src/features/index.ts";
import { openTestDb, postgresUrl, type TestDb } from "../support/databases.ts";
import { FakeSlack, linkSlack, postSigned, type SlackCall, slackUser } from "../support/slack-fake.ts";
import { SECRET, until } from "../support/slack-knoop.ts";
import { viewState } from "../support/slack-payloads.ts";
import { startKnoop } from "../support/start-process.ts";
import {
  APP_ID,
  APP_PASSWORD,
  FakeMicrosoft,
  ISSUER,
  strangerMessage,
  TENANT,
} from "../support/teams-fakes.ts";
import { createWorld, type World } from "../support/world.ts";

// Two Knoop processes, started as `npm start` starts one, on one PostgreSQL database, with Slack
// (and Teams) configured against one fake Slack (and fake Microsoft). Requests alternate between
// them, and retries of one request reach both: every signal is stored once, every outbox message
// reaches Slack once, every job catches up its missed period once, and a retry that arrives at the
// other replica is handled once (the dedupe is in the database).
type Json = Record<string, unknown>;
const root = fileURLToPath(new URL("../..", import.meta.url));
const skip = !postgresUrl;
const SIGNALS = Number(process.env.REPLICA_TEST_SIGNALS ?? 8);
const TEAM = "TREPLICA";
const ib = slackUser("ib");

describe.skipIf(skip)(
  `two Knoop replicas on one PostgreSQL${skip ? " [OVERGESLAGEN: TEST_DATABASE_URL is niet gezet]" : ""}`,
  () => {
    const children: ChildProcess[] = [];
    const slack = new FakeSlack(TEAM);
    let ms: FakeMicrosoft;
    let testDb: TestDb;
    let world: World;
    let replicas: { url: string; log: string[] }[] = [];
    const jobs = createJobs({
      db: undefined as never,
      clock: { now: () => new Date() },
      logger: silentLogger,
      timezone: "Europe/Amsterdam",
      locale: "nl",
      notify() {},
    }).map((j) => j.name);

    beforeAll(async () => {
      await slack.start();
      ms = await new FakeMicrosoft().start();
      testDb = await openTestDb("postgresql");
      const { db } = testDb;
      world = await createWorld(db);
      await linkSlack(db, world, TEAM);
      await db.workspace.create({ data: { platform: "teams", externalId: TENANT, swvId: world.swvId } });
      // Every job ran once, long ago: each replica catches up its latest period at start.
      await db.jobRun.createMany({
        data: jobs.map((job) => ({
          job,
          period: "2020-01-06T06:00:00.000Z",
          owner: "earlier",
          startedAt: new Date("2020-01-06T06:00:00Z"),
          finishedAt: new Date("2020-01-06T06:00:01Z"),
        })),
      });
      // Build once, so that both start at the same moment (and race for every lease).
      execFileSync(
        process.execPath,
        ["-e", "import('./scripts/build.mjs').then((b) => { if (b.isStale()) b.build(); })"],
        { cwd: root, stdio: "inherit" },
      );
      const env = {
        DATABASE_URL: testDb.url,
        SLACK_BOT_TOKEN: "xoxb-replicas",
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        TEAMS_APP_ID: APP_ID,
        TEAMS_APP_PASSWORD: APP_PASSWORD,
        TEAMS_TENANT_ID: TENANT,
        TEAMS_OPENID_METADATA_URL: ms.openIdMetadataUrl,
        TEAMS_TOKEN_ISSUER: ISSUER,
        TEAMS_LOGIN_URL: ms.loginUrl,
        TEAMS_GRAPH_URL: `${ms.url}/graph`,
      };
      replicas = await Promise.all([startKnoop(env, children), startKnoop(env, children)]);
      // Ready: migrations seen, catch-up done.
      for (const { url } of replicas)
        for (let ready = false; !ready; await new Promise((r) => setTimeout(r, 200)))
          ready = (await fetch(`${url}/readyz`)).status === 200;
    }, 180_000);

    afterAll(async () => {
      for (const child of children.splice(0)) child.kill("SIGTERM");
      await Promise.all([slack.stop(), ms?.stop()]);
      await testDb?.drop();
    });

    const events = (i: number) => `${replicas[i % 2]?.url}/slack/events`;
    let triggers = 0;
    const command = (text: string, trigger = `${++triggers}.${Date.now()}.trigger`) => ({
      command: "/knoop",
      text,
      team_id: TEAM,
      user_id: ib,
      channel_id: `D${ib}`,
      channel_name: "directmessage",
      trigger_id: trigger,
      response_url: slack.responseUrl(),
      api_app_id: "AKNOOP",
    });
    const opened = (trigger: string) =>
      slack.called("views.open").filter((c) => c.args.trigger_id === trigger);
    const submission = (view: Json, pupilRef: string) => ({
      payload: JSON.stringify({
        type: "view_submission",
        user: { id: ib, team_id: TEAM, name: "ib" },
        team: { id: TEAM, domain: "testregio" },
        api_app_id: "AKNOOP",
        trigger_id: `${++triggers}.${Date.now()}.trigger`,
        view: {
          ...view,
          state: {
            values: viewState(view, {
              school: world.schools.A,
              pupilRef,
              domain: "verzuim",
              description: "Vaak afwezig op maandag",
              urgency: "normaal",
            }),
          },
        },
      }),
    });
    /** The modal a command opened: as Slack sends it back, with the id it gave it. */
    const modalOf = async (trigger: string): Promise<Json> => {
      const call = await until(() => opened(trigger)[0], `the modal of ${trigger}`, 15_000);
      return { ...(call.args.view as Json), id: (call.result?.view as Json | undefined)?.id };
    };
    /** Knoop's own confirmations to the IB'er (not outbox messages: those carry a key). */
    const confirmations = () =>
      slack
        .called("chat.postMessage")
        .filter((c: SlackCall) => c.args.channel === `D${ib}` && !c.args.metadata);

    it(`stores ${SIGNALS} signals made across both replicas once each`, async () => {
      for (let i = 0; i < SIGNALS; i++) {
        const trigger = `signal-${i}.trigger`;
        // The command at one replica, the modal's submission at the other.
        expect((await postSigned(events(i), command("signaal", trigger), { secret: SECRET })).status).toBe(
          200,
        );
        const view = await modalOf(trigger);
        const done = await postSigned(events(i + 1), submission(view, `RP ${1000 + i}`), { secret: SECRET });
        expect([done.status, done.body]).toEqual([200, ""]); // the modal closes
      }
      const rows = await testDb.db.signal.findMany({ where: { pupilRef: { startsWith: "RP " } } });
      expect(rows.map((r) => r.pupilRef).sort()).toEqual(
        Array.from({ length: SIGNALS }, (_, i) => `RP ${1000 + i}`).sort(),
      );
      await until(() => confirmations().length >= SIGNALS, "the confirmations", 15_000);
    });

    it("handles a retried command and a retried submission once, whichever replica each copy reaches", async () => {
      const signed = { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) };
      const retry = { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" };
      // The same command (same body and signature) at both at once, then retried at each.
      const form = command("signaal", "retried.trigger");
      const acks = await Promise.all([
        postSigned(events(0), form, signed),
        postSigned(events(1), form, signed),
      ]);
      acks.push(await postSigned(events(1), form, { ...signed, headers: retry }));
      acks.push(await postSigned(events(0), form, { ...signed, headers: retry }));
      expect(acks.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const view = await modalOf("retried.trigger");

      const before = confirmations().length;
      const body = submission(view, "RP 2000");
      const answers = await Promise.all([
        postSigned(events(0), body, signed),
        postSigned(events(1), body, signed),
      ]);
      answers.push(await postSigned(events(1), body, { ...signed, headers: retry }));
      answers.push(await postSigned(events(0), body, { ...signed, headers: retry }));
      // Every copy closes the modal (Slack shows the person one answer).
      expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([200, ""]));
      expect(await testDb.db.signal.count({ where: { pupilRef: "RP 2000" } })).toBe(1);
      await until(() => confirmations().length > before, "the confirmation", 15_000);
      await new Promise((r) => setTimeout(r, 1000)); // a second one would have come by now
      expect(opened("retried.trigger")).toHaveLength(1);
      expect(confirmations().length - before).toBe(1);
      // What each replica recorded: hashes with a state, no request content.
      const handled = await testDb.db.handledRequest.findMany();
      expect(handled.length).toBeGreaterThan(0);
      expect(handled.every((h) => /^[0-9a-f]{64}$/.test(h.key))).toBe(true);
      expect(JSON.stringify(handled)).not.toContain("RP 2000");
    });

    it("handles a Teams activity redelivered to the other replica once", async () => {
      const activity = strangerMessage(ms.serviceUrl, "replica-activity-1", "a:personal-replicas");
      const post = (i: number) =>
        fetch(`${replicas[i % 2]?.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${ms.sign()}` },
          body: JSON.stringify(activity),
        });
      const statuses = (await Promise.all([post(0), post(1)])).map((r) => r.status);
      statuses.push((await post(1)).status, (await post(0)).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      await until(() => ms.sent("a:personal-replicas").length > 0, "the answer", 15_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(ms.sent("a:personal-replicas")).toHaveLength(1);
    });

    it("sends every outbox message to Slack once, from either replica", async () => {
      const { db } = testDb;
      await expect
        .poll(() => db.outboxMessage.count({ where: { status: "pending" } }), {
          timeout: 60_000,
          interval: 200,
        })
        .toBe(0);
      const rows = await db.outboxMessage.findMany();
      expect(rows.filter((r) => r.status === "dead").map((r) => [r.idempotencyKey, r.lastError])).toEqual([]);
      // Each signal's routing message is among them.
      expect(
        new Set(
          rows
            .filter((r) => /^signal:[^:]+:routed:/.test(r.idempotencyKey))
            .map((r) => r.idempotencyKey.split(":")[1]),
        ).size,
      ).toBe(SIGNALS + 1);
      const posted = rows.filter((r) => {
        const kind = (JSON.parse(r.request) as { kind?: string }).kind;
        return (kind === "dm" || kind === "post") && !r.result?.includes("supersededBy");
      });
      const seen = new Map<string, number>();
      for (const p of slack.posted()) if (p.key) seen.set(p.key, (seen.get(p.key) ?? 0) + 1);
      expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
      expect(posted.map((r) => r.idempotencyKey).filter((k) => !seen.has(k))).toEqual([]);
      console.log(`replicas: ${rows.length} outbox rows, ${seen.size} messages at Slack, each once`);
    });

    it("runs each job's missed period once between the two", async () => {
      const lines = replicas.flatMap(({ log }, i) =>
        log
          .filter((l) => l.includes('"msg":"job ran"') || l.includes('"msg":"job failed"'))
          .map((l) => ({ replica: i, job: (JSON.parse(l) as { job: string }).job })),
      );
      const runs = new Map<string, number>();
      for (const { job } of lines) runs.set(job, (runs.get(job) ?? 0) + 1);
      expect(Object.fromEntries(runs)).toEqual(Object.fromEntries(jobs.map((j) => [j, 1])));
      const leases = await testDb.db.jobRun.groupBy({
        by: ["job"],
        _count: true,
        where: { owner: { not: "earlier" } },
      });
      expect(leases.every((l) => l._count === 1)).toBe(true);
      console.log(
        `replicas: ${jobs.length} jobs caught up, by a/b: ${lines.filter((l) => l.replica === 0).length}/${lines.filter((l) => l.replica === 1).length}`,
      );
    });
  },
);
