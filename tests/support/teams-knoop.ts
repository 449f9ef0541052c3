import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Core } from "../../src/chat/core.ts";
import type { ChatPort } from "../../src/chat/port.ts";
import { createLogger, type Logger, silentLogger } from "../../src/core/logger.ts";
import { listen } from "../../src/http/server.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Db } from "../../src/store/client.ts";
import { createTeams, type TeamsConfig, type TeamsSurface } from "../../src/surfaces/teams/surface.ts";
import {
  APP_ID,
  APP_PASSWORD,
  type ConnectorCall,
  cardsOf,
  FakeMicrosoft,
  ISSUER,
  TENANT,
} from "./teams-fakes.ts";
import { type CastKey, cast, createWorld, type World } from "./world.ts";

type Json = Record<string, unknown>;

/** The Entra object id of one of the cast (what an admin exports from Entra ID). */
export const aadOf = (who: string) => `aad-${who}`;
/** The `29:` id Teams gives one of the cast for this bot. */
export const teamsIdOf = (who: string) => `29:${who}`;
export const personalOf = (who: string) => `a:personal-${aadOf(who)}`;
export const CHANNEL = "19:knoop-general@thread.tacv2";

export interface Answer {
  status: number;
  body: Json | null;
  text: string;
}

export interface TeamsKnoop {
  world: World;
  ms: FakeMicrosoft;
  surface: TeamsSurface;
  config: TeamsConfig;
  url: string;
  /** Every answer Knoop gave to an activity (invoke answers carry cards and dialogs). */
  answers: Answer[];
  /** Every card Knoop sent (fake connector) or answered with (invokes, dialogs). */
  allCards(): Json[];
  /** POSTs an activity with a token (default: a valid one signed by the fake channel). */
  post(activity: Json, token?: string | null): Promise<Answer>;
  /** A message typed by one of the cast: in their 1:1 chat, or in the channel (@Knoop ...). */
  say(who: CastKey | string, text: string, where?: "personal" | "channel"): Promise<Answer>;
  /** Clicks the button with `verb` on a card Knoop sent (Action.Execute or a dialog opener). */
  click(
    who: CastKey,
    call: ConnectorCall | Json,
    verb: string,
    value?: (v: string) => boolean,
  ): Promise<Answer>;
  /** Submits a dialog's card with values per input id (other inputs keep what the card showed). */
  submit(who: CastKey, dialogCard: Json, values: Record<string, string | string[]>): Promise<Answer>;
  /** The base activity of one of the cast in a conversation. */
  activity(who: CastKey | string, where?: "personal" | "channel"): Json;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Every action of a card, also those inside ActionSets and Action.ShowCard. */
export function actionsOf(cardJson: Json): Json[] {
  const out: Json[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Json;
    if (typeof n.type === "string" && n.type.startsWith("Action.") && n.type !== "Action.OpenUrl")
      out.push(n);
    for (const v of Object.values(n)) walk(v);
  };
  walk(cardJson);
  return out.filter((a) => a.type !== "Action.ShowCard");
}

/** The inputs of a card with the value each shows. */
export function inputsOf(cardJson: Json): Json[] {
  const out: Json[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Json;
    if (typeof n.type === "string" && n.type.startsWith("Input.")) out.push(n);
    for (const v of Object.values(n)) walk(v);
  };
  walk(cardJson);
  return out;
}

/** Knoop's Teams surface on a loopback HTTP server, authentication on, against the fake Microsoft
 * of teams-fakes.ts (https); the test world's SWV linked to the fake tenant, and every one of the
 * cast with a Teams identity (tenant + Entra object id) and the app installed for them. */
export async function startTeamsKnoop(
  db: Db,
  options: { logger?: Logger; others?: ChatPort[]; identities?: CastKey[] } = {},
): Promise<TeamsKnoop> {
  const world = await createWorld(db);
  const ms = await new FakeMicrosoft().start();
  const config: TeamsConfig = {
    appId: APP_ID,
    password: APP_PASSWORD,
    tenantId: TENANT,
    openIdMetadataUrl: ms.openIdMetadataUrl,
    tokenIssuer: ISSUER,
    loginUrl: ms.loginUrl,
    graphUrl: `${ms.url}/graph`,
  };
  await db.workspace.create({ data: { platform: "teams", externalId: TENANT, swvId: world.swvId } });
  for (const who of options.identities ?? (Object.keys(cast) as CastKey[])) {
    await db.chatIdentity.create({
      data: { platform: "teams", workspaceId: TENANT, userId: aadOf(who), personId: world.people[who] },
    });
    ms.installedFor.add(aadOf(who));
  }
  const logger = options.logger ?? (process.env.TEAMS_TEST_LOG ? createLogger("debug") : silentLogger);
  const http = express();
  const core: Core = { ...world.core, logger };
  const surface = createTeams(core, config, http);
  const dispatcher = new OutboxDispatcher({
    db,
    ports: [surface.port, ...(options.others ?? [])],
    clock: world.clock,
    logger,
  });
  const server: Server = await listen(http, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  let counter = 0;
  const answers: Answer[] = [];

  const activity = (who: string, where: "personal" | "channel" = "personal"): Json => ({
    id: `act-${++counter}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: ms.serviceUrl,
    from: {
      id: teamsIdOf(who),
      name: (cast as Record<string, { name: string }>)[who]?.name ?? who,
      aadObjectId: aadOf(who),
    },
    conversation:
      where === "personal"
        ? { id: personalOf(who), conversationType: "personal", tenantId: TENANT }
        : { id: CHANNEL, conversationType: "channel", tenantId: TENANT, isGroup: true },
    recipient: { id: `28:${APP_ID}`, name: "Knoop" },
    channelData: { tenant: { id: TENANT }, ...(where === "channel" ? { channel: { id: CHANNEL } } : {}) },
    locale: "nl-NL",
  });

  async function post(body: Json, token: string | null = ms.sign()): Promise<Answer> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: Json | null = null;
    try {
      json = text ? (JSON.parse(text) as Json) : null;
    } catch {}
    const answer = { status: response.status, body: json, text };
    answers.push(answer);
    return answer;
  }

  /** Where a card came from: a connector call, or a card Knoop returned in an invoke answer. */
  const cardOf = (source: ConnectorCall | Json): Json => {
    if ("conversationId" in source && "body" in source)
      return cardsOf((source as ConnectorCall).body)[0] ?? {};
    return source as Json;
  };

  return {
    world,
    ms,
    surface,
    config,
    url,
    answers,
    allCards() {
      const fromInvokes = answers.flatMap((a) => {
        const body = (a.body ?? {}) as Json & {
          task?: { value?: { card?: { content?: Json } } };
          value?: Json;
        };
        const dialog = body.task?.value?.card?.content;
        const replaced = body.type === "application/vnd.microsoft.card.adaptive" ? body.value : undefined;
        return [dialog, replaced].filter((c): c is Json => Boolean(c));
      });
      return [...ms.calls.flatMap((c) => cardsOf(c.body)), ...fromInvokes];
    },
    post,
    activity,
    say(who, text, where = "personal") {
      const base = activity(who, where);
      const mention = "<at>Knoop</at>";
      return post({
        ...base,
        type: "message",
        text: where === "channel" ? `${mention} ${text}` : text,
        ...(where === "channel"
          ? {
              entities: [
                { type: "mention", text: mention, mentioned: { id: `28:${APP_ID}`, name: "Knoop" } },
              ],
            }
          : {}),
      });
    },
    click(who, source, verb, value = () => true) {
      const content = cardOf(source);
      const found = actionsOf(content).find((a) => {
        const data = (a.data ?? {}) as Json;
        return (a.verb === verb || data.verb === verb) && value(String(data.value ?? ""));
      });
      if (!found) throw new Error(`no button ${verb} in ${JSON.stringify(content).slice(0, 400)}`);
      const where = "conversationId" in source && source.conversationId === CHANNEL ? "channel" : "personal";
      const base = activity(who, where);
      const replyToId = "conversationId" in source ? (source as ConnectorCall).id : undefined;
      if (found.type === "Action.Execute")
        return post({
          ...base,
          type: "invoke",
          name: "adaptiveCard/action",
          ...(replyToId ? { replyToId } : {}),
          value: {
            action: { type: "Action.Execute", verb: found.verb, data: found.data },
            trigger: "manual",
          },
        });
      const { msteams: _m, ...data } = found.data as Json;
      return post({
        ...base,
        type: "invoke",
        name: "task/fetch",
        ...(replyToId ? { replyToId } : {}),
        value: { type: "task/fetch", data },
      });
    },
    submit(who, dialogCard, values) {
      const inputs: Json = {};
      for (const input of inputsOf(dialogCard)) {
        const id = String(input.id);
        const given = values[id];
        const shown = input.value === undefined ? undefined : String(input.value);
        const v = given === undefined ? shown : Array.isArray(given) ? given.join(",") : given;
        if (v !== undefined) inputs[id] = v;
      }
      const submitAction = actionsOf(dialogCard).find((a) => a.type === "Action.Submit");
      return post({
        ...activity(who),
        type: "invoke",
        name: "task/submit",
        value: { type: "task/submit", data: { ...((submitAction?.data as Json) ?? {}), ...inputs } },
      });
    },
    flush: () => dispatcher.drain().then(() => undefined),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ms.stop();
    },
  };
}
