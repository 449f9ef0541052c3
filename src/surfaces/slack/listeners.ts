import type { App, BlockAction, RespondFn, ViewSubmitAction, webApi } from "@slack/bolt";
import { type Core, handleIntent } from "../../chat/core.ts";
import type { PlatformUser } from "../../chat/identity.ts";
import type { Intent, Place } from "../../chat/intents.ts";
import { type FormView, type MessageView, plainText, type Reply, say } from "../../chat/views.ts";
import { isoDay, parseLocal } from "../../core/format.ts";
import {
  actionName,
  fieldErrors,
  messageBlocks,
  modalView,
  options,
  renderTexts,
  responseType,
  submittedValues,
} from "./blocks.ts";
import { type Deduper, hash } from "./dedupe.ts";
import { publishHome } from "./home.ts";
import type { OptionsCache } from "./options-cache.ts";
import { slackTexts } from "./texts.ts";

export interface ListenerDeps {
  core: Core;
  dedupe: Deduper;
  optionsCache: OptionsCache;
  /** Resolves when other requests have had their ack (see AckFirst). */
  acked: () => Promise<void>;
}

/** How long a delivery is remembered: retries of commands and events come within minutes;
 * a double click on a button or a modal's submit within seconds. */
const RETRY_WINDOW_MS = 5 * 60_000;
const CLICK_WINDOW_MS = 60_000;

/** Where to answer the person who acted. */
interface Answer {
  client: webApi.WebClient;
  user: PlatformUser;
  triggerId?: string;
  /** The response_url (commands and buttons on messages); without it, a DM. */
  respond?: RespondFn;
}

/**
 * The Bolt listeners: they only translate. Slack events become intents for `handleIntent`;
 * its Reply becomes an ephemeral response, a replaced message, a modal or a DM.
 * Commands and buttons are acknowledged at once and handled after; a modal submission is
 * handled before its acknowledgement, because the acknowledgement carries the field errors.
 */
export function registerListeners(app: App, { core, dedupe, optionsCache, acked }: ListenerDeps): void {
  const t = renderTexts(core.locale);
  const toEpoch = (local: string) => {
    const date = parseLocal(local, core.timezone);
    return date ? Math.floor(date.getTime() / 1000) : null;
  };
  const toLocal = (seconds: number) => localIso(new Date(seconds * 1000), core.timezone);
  const form = (f: FormView) => modalView(f, toEpoch, t);

  async function placeOf(channelId: string | undefined): Promise<Place> {
    if (!channelId) return { kind: "dm", id: "dm" };
    if (channelId.startsWith("D")) return { kind: "dm", id: channelId };
    const space = await core.db.slackChannel.findFirst({ where: { channelId } });
    return space ? { kind: "case", id: space.logicalId } : { kind: "channel", id: channelId };
  }

  async function dm(a: Answer, message: MessageView): Promise<void> {
    const im = await a.client.conversations.open({ users: a.user.userId });
    await a.client.chat.postMessage({
      channel: im.channel?.id ?? a.user.userId,
      ...messageBlocks(message, t),
    });
  }

  async function openForm(a: Answer, f: FormView): Promise<void> {
    if (!a.triggerId) return;
    const opened = await a.client.views.open({ trigger_id: a.triggerId, view: form(f) });
    if (opened.view?.id) optionsCache.keep(opened.view.id, f.fields);
  }

  async function show(a: Answer, reply: Reply): Promise<void> {
    switch (reply.type) {
      case "form":
      case "invalid":
        return openForm(a, reply.form);
      case "message":
      case "update": {
        const rendered = messageBlocks(reply.message, t);
        if (!a.respond) return dm(a, reply.message);
        await a.respond(
          reply.type === "update"
            ? { replace_original: true, ...rendered }
            : {
                response_type: responseType(reply.visibility),
                replace_original: false,
                ...rendered,
              },
        );
        return;
      }
      case "done":
        if (reply.message)
          await (a.respond
            ? a.respond({ response_type: "ephemeral", ...messageBlocks(reply.message, t) })
            : dm(a, reply.message));
    }
  }

  /** Runs the intent; a failure of Slack or the store is logged, never shown as a stack trace. */
  async function run(user: PlatformUser, place: Place, intent: Intent): Promise<Reply | null> {
    try {
      return await handleIntent(core, user, place, intent);
    } catch (err) {
      core.logger.error({ err, kind: intent.kind }, "slack: intent failed");
      return null;
    }
  }

  app.command("/knoop", async ({ command, ack, respond, client, body }) => {
    await ack();
    if (!dedupe.first(`command:${hash(body)}`, RETRY_WINDOW_MS)) return;
    await acked();
    const user: PlatformUser = { platform: "slack", workspaceId: command.team_id, userId: command.user_id };
    const args = command.text.trim().split(/\s+/).filter(Boolean);
    const reply = await run(user, await placeOf(command.channel_id), { kind: "command", args });
    if (reply) await show({ client, user, respond, triggerId: command.trigger_id }, reply);
  });

  app.action<BlockAction>({ type: "block_actions" }, async ({ ack, body, action, respond, client }) => {
    await ack();
    const container = body.container as { message_ts?: string; view_id?: string };
    const value =
      "value" in action && typeof action.value === "string"
        ? action.value
        : "selected_option" in action
          ? (action.selected_option?.value ?? "")
          : "";
    const user: PlatformUser = {
      platform: "slack",
      workspaceId: body.user.team_id ?? body.team?.id ?? "",
      userId: body.user.id,
    };
    const click = [
      user.workspaceId,
      user.userId,
      container.message_ts ?? container.view_id,
      action.action_id,
      value,
    ];
    if (!dedupe.first(`action:${hash(click)}`, CLICK_WINDOW_MS)) return;
    await acked();
    const onMessage = Boolean(body.message || container.message_ts);
    const reply = await run(user, await placeOf(body.channel?.id), {
      kind: "action",
      name: actionName(action.action_id),
      value,
    });
    if (reply)
      await show(
        { client, user, triggerId: body.trigger_id, respond: onMessage ? respond : undefined },
        reply,
      );
    // A button on the Home tab changed something shown there: show the new state.
    if (body.view?.type === "home") await publishHome(core, client, user);
  });

  app.view<ViewSubmitAction>({ type: "view_submission" }, async ({ ack, body, view, client }) => {
    const user: PlatformUser = {
      platform: "slack",
      workspaceId: body.user.team_id ?? body.team?.id ?? "",
      userId: body.user.id,
    };
    if (!dedupe.first(`submit:${hash([view.id, view.state.values])}`, CLICK_WINDOW_MS)) {
      await ack();
      return;
    }
    const values = submittedValues(view.state.values as Parameters<typeof submittedValues>[0], toLocal);
    const intent: Intent = {
      kind: "submission",
      name: view.callback_id,
      values,
      ...(view.private_metadata ? { context: view.private_metadata } : {}),
    };
    const reply = await run(user, { kind: "dm", id: "dm" }, intent);
    const answer: Answer = { client, user };
    if (reply?.type === "invalid") {
      const errors = fieldErrors(reply.form);
      if (Object.keys(errors).length) await ack({ response_action: "errors", errors });
      else await ack({ response_action: "update", view: form(reply.form) });
    } else if (reply?.type === "form") {
      await ack({ response_action: "update", view: form(reply.form) });
      optionsCache.keep(view.id, reply.form.fields);
    } else if (reply?.type === "done") {
      await ack();
      if (reply.message) await dm(answer, reply.message);
    } else {
      // Something went wrong (no access, a failure on our side): say so in the modal, at its first
      // field, so that nothing typed is lost.
      const first = view.blocks.find((b) => b.type === "input")?.block_id;
      const text =
        reply && "message" in reply && reply.message
          ? plainText(reply.message)
          : slackTexts(core.locale).failed;
      if (first) await ack({ response_action: "errors", errors: { [first]: text.slice(0, 2000) } });
      else {
        await ack();
        await dm(answer, say(text));
      }
    }
  });

  app.options("value", async ({ ack, body }) => {
    const found = optionsCache.find(body.view?.id ?? "", body.block_id, body.value ?? "");
    await ack({ options: options(found) });
  });

  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    if (!dedupe.first(`event:${body.event_id}`, RETRY_WINDOW_MS)) return;
    await publishHome(core, client, { platform: "slack", workspaceId: body.team_id, userId: event.user });
  });

  app.error(async (error) => {
    core.logger.error({ err: error }, "slack: listener failed");
  });
}

/** "YYYY-MM-DDTHH:MM" of `date` in `timeZone` (what a datetime field's value looks like). */
function localIso(date: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return `${isoDay(date, timeZone)}T${time.format(date)}`;
}
