import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Core } from "../../src/chat/core.ts";
import type { ChatPort } from "../../src/chat/port.ts";
import type { RateLimiter } from "../../src/chat/rate-limit.ts";
import type { Router } from "../../src/chat/router.ts";
import { type Logger, silentLogger } from "../../src/core/logger.ts";
import { listen } from "../../src/http/server.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Db } from "../../src/store/client.ts";
import { slackDirectory } from "../../src/surfaces/slack/directory.ts";
import { createSlack, type SlackConfig, type SlackSurface } from "../../src/surfaces/slack/surface.ts";
import { FakeSlack, linkSlack, postSigned, postSignedJson, type SlackCall, slackUser } from "./slack-fake.ts";
import { clickPayload, commandForm, submissionPayload } from "./slack-payloads.ts";
import { type CastKey, createWorld, type World } from "./world.ts";

export const SECRET = "test-signing-secret";
type Json = Record<string, unknown>;

/** Waits (briefly) until `check` holds: commands and buttons are handled after their ack. */
export async function until<T>(
  check: () => T | undefined | false,
  what = "condition",
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface SlackKnoop {
  world: World;
  slack: FakeSlack;
  surface: SlackSurface;
  teamId: string;
  /** POST /slack/events on Knoop. */
  url: string;
  dispatcher: OutboxDispatcher;
  /** `/knoop <text>` as one of the cast, signed as Slack signs it. */
  command(
    who: CastKey | string,
    text: string,
    headers?: Record<string, string>,
  ): ReturnType<typeof postSigned>;
  /** An interaction payload (block_actions, view_submission, block_suggestion), signed. */
  interact(payload: Json, headers?: Record<string, string>): ReturnType<typeof postSigned>;
  event(event: Json, eventId?: string, headers?: Record<string, string>): ReturnType<typeof postSignedJson>;
  /** Clicks the button of `action` on a message Knoop sent (a chat.postMessage or respond call). */
  click(
    who: CastKey,
    call: SlackCall,
    action: string,
    headers?: Record<string, string>,
    /** Which of the buttons with this action (default: the first). */
    value?: (value: string) => boolean,
  ): ReturnType<typeof postSigned>;
  /** Submits a modal Knoop opened, with values per field (block id). */
  submit(
    who: CastKey,
    view: Json,
    values: Record<string, string | string[]>,
    headers?: Record<string, string>,
  ): ReturnType<typeof postSigned>;
  /** The last modal opened with callback_id `id` (waits for it). */
  modal(id: string, after?: number): Promise<Json>;
  /** Sends the outbox through the Slack port. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Knoop's Slack surface on a loopback HTTP server, with a test world linked to a fake Slack.
 * `others`: more platforms in the same process (e.g. a MemoryChatPort named "teams"). */
export async function startSlackKnoop(
  db: Db,
  extra: Partial<SlackConfig> = {},
  /** `router`: another routing table (e.g. with a test command that answers with a chart). */
  options: { logger?: Logger; limiter?: RateLimiter; others?: ChatPort[]; router?: Router } = {},
): Promise<SlackKnoop> {
  const world = await createWorld(db);
  const teamId = `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const slack = await new FakeSlack(teamId).start();
  await linkSlack(db, world, teamId);
  const config: SlackConfig = {
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: slack.apiUrl,
    ...extra,
  };
  const logger = options.logger ?? silentLogger;
  const http = express();
  let dispatcher: OutboxDispatcher | undefined;
  const core: Core = {
    ...world.core,
    ...(options.router ? { router: options.router } : {}),
    logger,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    directory: slackDirectory({ db, logger, apiUrl: slack.apiUrl, botToken: config.botToken }),
  };
  const surface = createSlack(core, config, http);
  dispatcher = new OutboxDispatcher({
    db,
    ports: [surface.port, ...(options.others ?? [])],
    clock: world.clock,
    logger,
  });
  const server: Server = await listen(http, 0, "127.0.0.1");
  await surface.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const sign = { secret: SECRET };
  const user = (who: string) => (who in world.people ? slackUser(who) : who);
  let triggers = 0;
  const trigger = () => `${++triggers}.${Date.now()}.trigger`;

  const interact = (payload: Json, headers?: Record<string, string>) =>
    postSigned(url, { payload: JSON.stringify(payload) }, { ...sign, headers });
  const actor = (who: string) => ({ teamId, userId: user(who), name: who });

  return {
    world,
    slack,
    surface,
    teamId,
    url,
    dispatcher,
    command: (who, text, headers) =>
      postSigned(url, commandForm(actor(who), text, trigger(), slack.responseUrl()), { ...sign, headers }),
    interact,
    event: (event, eventId = `Ev${Math.random().toString(36).slice(2)}`, headers) =>
      postSignedJson(
        url,
        {
          type: "event_callback",
          team_id: teamId,
          api_app_id: "AKNOOP",
          event_id: eventId,
          event,
          event_time: 1,
        },
        { ...sign, headers },
      ),
    click(who, call, action, headers, value = () => true) {
      const payload = clickPayload(actor(who), call, slack.calls.indexOf(call), action, {
        triggerId: trigger(),
        responseUrl: slack.responseUrl(),
        value,
      });
      return interact(payload, headers);
    },
    submit(who, view, values, headers) {
      return interact(submissionPayload(actor(who), view, values, trigger()), headers);
    },
    async modal(id, after = 0) {
      const call = await until(
        () =>
          slack.calls
            .slice(after)
            .filter((c) => c.method === "views.open" && (c.args.view as Json)?.callback_id === id)
            .at(-1),
        `modal ${id}`,
      );
      // The fake gives each opened view an id; Slack sends it back with the submission.
      return { ...(call.args.view as Json), id: (call.result?.view as Json | undefined)?.id };
    },
    async flush() {
      await dispatcher?.drain();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await surface.stop();
      await slack.stop();
    },
  };
}
