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
  const actor = (who: string) => ({
    user: { id: user(who), team_id: teamId, name: who },
    team: { id: teamId, domain: "testregio" },
  });

  return {
    world,
    slack,
    surface,
    teamId,
    url,
    dispatcher,
    command: (who, text, headers) =>
      postSigned(
        url,
        {
          command: "/knoop",
          text,
          team_id: teamId,
          user_id: user(who),
          user_name: who,
          channel_id: `D${user(who)}`,
          channel_name: "directmessage",
          trigger_id: trigger(),
          response_url: slack.responseUrl(),
          api_app_id: "AKNOOP",
        },
        { ...sign, headers },
      ),
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
      const blocks = (call.args.blocks ?? (call.args.view as Json | undefined)?.blocks ?? []) as Json[];
      const buttons: Json[] = blocks.flatMap((b) =>
        ((b.elements as Json[] | undefined) ?? []).map((e) => ({ ...e, block_id: b.block_id ?? "b" })),
      );
      const button = buttons.find(
        (e) => String(e.action_id).replace(/::\d+$/, "") === action && value(String(e.value ?? "")),
      );
      if (!button) throw new Error(`no button ${action} in ${JSON.stringify(blocks).slice(0, 300)}`);
      // Each message has its own ts (ephemeral responses too): a double click is the same ts.
      const ts = String(call.result?.ts ?? call.args.ts ?? `1700000001.${slack.calls.indexOf(call)}`);
      const channel = String(call.args.channel ?? `D${user(who)}`);
      const onHome = call.method === "views.publish";
      return interact(
        {
          type: "block_actions",
          ...actor(who),
          api_app_id: "AKNOOP",
          trigger_id: trigger(),
          ...(onHome
            ? { container: { type: "view", view_id: "VHOME" }, view: { id: "VHOME", type: "home", blocks } }
            : {
                container: { type: "message", message_ts: ts, channel_id: channel },
                channel: { id: channel },
                message: { ts, blocks },
                response_url: slack.responseUrl(),
              }),
          actions: [
            {
              type: "button",
              action_id: button.action_id,
              block_id: button.block_id,
              value: button.value,
              action_ts: String(Date.now()),
            },
          ],
        },
        headers,
      );
    },
    submit(who, view, values, headers) {
      const state = viewState(view, values);
      return interact(
        {
          type: "view_submission",
          ...actor(who),
          api_app_id: "AKNOOP",
          trigger_id: trigger(),
          view: { ...view, id: view.id ?? "VMODAL", state: { values: state } },
        },
        headers,
      );
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

/** The `view.state.values` Slack sends with a submission of `view`: `values` per field (block id);
 * a field not given keeps what the modal showed (its initial value). */
export function viewState(view: Json, values: Record<string, string | string[]>): Record<string, Json> {
  const blocks = (view.blocks ?? []) as Json[];
  const state: Record<string, Json> = {};
  for (const b of blocks) {
    if (b.type !== "input") continue;
    const el = b.element as Json;
    const shown =
      el.initial_value ??
      (el.initial_option as Json | undefined)?.value ??
      (el.initial_options as Json[] | undefined)?.map((o) => String(o.value)) ??
      el.initial_date ??
      el.initial_date_time ??
      el.initial_user;
    const given = values[String(b.block_id)];
    const v = given ?? (shown === undefined ? undefined : Array.isArray(shown) ? shown : String(shown));
    const one = Array.isArray(v) ? v[0] : v;
    const type = String(el.type);
    const entry: Json = { type };
    if (type.startsWith("multi_"))
      entry.selected_options = (Array.isArray(v) ? v : v ? [v] : []).map((value) => ({ value }));
    else if (type.endsWith("select") && type !== "users_select")
      entry.selected_option = one ? { value: one } : null;
    else if (type === "users_select") entry.selected_user = one ?? null;
    else if (type === "datepicker") entry.selected_date = one ?? null;
    else if (type === "datetimepicker") entry.selected_date_time = one ? Number(one) : null;
    else entry.value = one ?? null;
    state[String(b.block_id)] = { value: entry };
  }
  return state;
}
