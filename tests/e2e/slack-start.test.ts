import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type Running, startKnoop } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { describeEachDatabase, openTestDb, type TestDb } from "../support/databases.ts";
import { FakeSlack, linkSlack, postSigned, slackUser } from "../support/slack-fake.ts";
import { SECRET, until } from "../support/slack-knoop.ts";
import { createWorld, type World } from "../support/world.ts";

type Json = Record<string, unknown>;

/** Knoop started from its configuration, as `npm start` does: Slack over HTTP, and over Socket
 * Mode against a loopback websocket that plays Slack (hello, then envelopes). */
describeEachDatabase("Slack from the configuration", (get) => {
  const slack = new FakeSlack();
  const teamId = slack.teamId;
  const base = (db: TestDb = get()): Config => ({
    databaseUrl: db.url,
    host: "127.0.0.1",
    port: 0,
    logLevel: "silent",
    locale: "nl",
    timezone: "Europe/Amsterdam",
  });

  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  /** Knoop first (it migrates: on SQLite that must happen before this process writes), then the world. */
  async function boot(db: TestDb, slackConfig: NonNullable<Config["slack"]>): Promise<Running> {
    const running = await startKnoop({ ...base(db), slack: slackConfig }, silentLogger);
    const world: World = await createWorld(db.db);
    await linkSlack(db.db, world, teamId);
    return running;
  }

  it("serves /slack/events on Knoop's own port, next to the health endpoints", async () => {
    const running = await boot(get(), { botToken: "xoxb-test", signingSecret: SECRET, apiUrl: slack.apiUrl });
    try {
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      const n = slack.called("respond").length;
      const form = {
        command: "/knoop",
        text: "help",
        team_id: teamId,
        user_id: slackUser("ib"),
        channel_id: "DX",
        trigger_id: "t.1",
        response_url: slack.responseUrl(),
      };
      expect((await postSigned(`${running.url}/slack/events`, form, { secret: SECRET })).status).toBe(200);
      const help = await until(() => slack.called("respond").slice(n).at(-1), "the help response");
      expect(JSON.stringify(help.args)).toContain("/knoop signaal");
      expect((await postSigned(`${running.url}/slack/events`, form, { secret: "wrong" })).status).toBe(401);
      expect((await fetch(`${running.url}/slack/install`)).status).toBe(404); // one workspace: no OAuth
    } finally {
      await running.stop();
    }
  });

  it("works over Socket Mode: acknowledges envelopes on the websocket and answers through the Web API", async () => {
    const sockets = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => sockets.once("listening", resolve));
    const connected = new Promise<WebSocket>((resolve) =>
      sockets.on("connection", (socket) => {
        socket.send(
          JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "AKNOOP" } }),
        );
        resolve(socket);
      }),
    );
    slack.socketUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/link`;
    const db = await openTestDb(get().provider);
    const running = await boot(db, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
    try {
      const socket = await connected;
      const acks: Json[] = [];
      socket.on("message", (data) => acks.push(JSON.parse(String(data)) as Json));
      expect(slack.called("apps.connections.open").at(-1)?.token).toBe("xapp-test");

      const n = slack.called("respond").length;
      socket.send(
        JSON.stringify({
          envelope_id: "env-1",
          type: "slash_commands",
          accepts_response_payload: true,
          payload: {
            command: "/knoop",
            text: "ik",
            team_id: teamId,
            user_id: slackUser("leerplicht"),
            channel_id: "DX",
            trigger_id: "t.2",
            response_url: slack.responseUrl(),
          },
        }),
      );
      await until(() => acks.find((a) => a.envelope_id === "env-1"), "the ack of the envelope");
      const answer = await until(() => slack.called("respond").slice(n).at(-1), "the response");
      expect(JSON.stringify(answer.args)).toContain("Lotte Peters");

      socket.send(
        JSON.stringify({
          envelope_id: "env-2",
          type: "events_api",
          accepts_response_payload: false,
          retry_attempt: 0,
          payload: {
            type: "event_callback",
            team_id: teamId,
            event_id: "EvSOCKET",
            event: { type: "app_home_opened", user: slackUser("ib"), tab: "home" },
          },
        }),
      );
      const home = await until(() => slack.called("views.publish").at(-1), "the home tab");
      expect(home.args.user_id).toBe(slackUser("ib"));
      expect(slack.violations).toEqual([]);
    } finally {
      await running.stop();
      for (const client of sockets.clients) client.terminate();
      await new Promise((resolve) => sockets.close(resolve));
      await db.drop();
    }
  });
});
