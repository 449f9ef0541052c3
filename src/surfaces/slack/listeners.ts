import type { App, BlockAction, RespondFn, ViewSubmitAction, webApi } from "@slack/bolt";
import { admit, type Core, type HandleOptions, handleIntent } from "../../chat/core.ts";
import { type Deduper, handledElsewhere, hash, succeeded } from "../../chat/dedupe.ts";
import type { PlatformUser } from "../../chat/identity.ts";
import { outOfBounds } from "../../chat/input-limits.ts";
import type { Intent, Place } from "../../chat/intents.ts";
import {
  type FormValues,
  type FormView,
  filesOf,
  type MessageView,
  plainText,
  type Reply,
  say,
} from "../../chat/views.ts";
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
import { publishHome } from "./home.ts";
import type { OptionsCache } from "./options-cache.ts";
import { slackTexts } from "./texts.ts";
import { needsUploads, shareFiles, uploadCharts } from "./uploads.ts";

export interface ListenerDeps {
  core: Core;
  dedupe: Deduper;
  optionsCache: OptionsCache;
  /** Runs work after other requests have had their ack (see AckFirst.later). */
  afterAcks: <T>(work: () => Promise<T>) => Promise<T>;
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
export function registerListeners(app: App, { core, dedupe, optionsCache, afterAcks }: ListenerDeps): void {
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
    const channel = im.channel?.id ?? a.user.userId;
    await a.client.chat.postMessage({
      channel,
      ...messageBlocks(message, t, undefined, await imagesFor(a, message)),
    });
    await shareFiles(a.client, channel, message);
  }

  /** A reply's charts drawn and uploaded for its image blocks; if that fails, the tables alone. */
  async function imagesFor(a: Answer, message: MessageView) {
    if (!needsUploads(message)) return [];
    try {
      return await uploadCharts(a.client, message, core.locale, core.logger);
    } catch (err) {
      core.logger.warn({ err }, "slack: charts of a reply not uploaded, sent as tables");
      return [];
    }
  }

  /** A reply's file blocks go to the actor's DM: an ephemeral answer cannot carry a file. */
  async function filesToDm(a: Answer, message: MessageView): Promise<void> {
    if (!filesOf(message).length) return;
    const im = await a.client.conversations.open({ users: a.user.userId });
    await shareFiles(a.client, im.channel?.id ?? a.user.userId, message);
  }

  async function openForm(a: Answer, f: FormView): Promise<void> {
    if (!a.triggerId) return;
    const opened = await a.client.views.open({ trigger_id: a.triggerId, view: form(f) });
    if (opened.view?.id) optionsCache.keep(opened.view.id, a.user, f.fields);
  }

  async function show(a: Answer, reply: Reply): Promise<void> {
    switch (reply.type) {
      case "form":
      case "invalid":
        return openForm(a, reply.form);
      case "message":
      case "update": {
        if (!a.respond) return dm(a, reply.message);
        const rendered = messageBlocks(reply.message, t, undefined, await imagesFor(a, reply.message));
        await a.respond(
          reply.type === "update"
            ? { replace_original: true, ...rendered }
            : {
                response_type: responseType(reply.visibility),
                replace_original: false,
                ...rendered,
              },
        );
        return filesToDm(a, reply.message);
      }
      case "done":
        if (!reply.message) return;
        if (!a.respond) return dm(a, reply.message);
        await a.respond({
          response_type: "ephemeral",
          ...messageBlocks(reply.message, t, undefined, await imagesFor(a, reply.message)),
        });
        return filesToDm(a, reply.message);
      case "page":
        // Consecutive messages (a paged digest), in order; without a response_url, in the DM.
        for (const m of reply.messages) {
          if (!a.respond) await dm(a, m);
          else {
            await a.respond({
              response_type: "ephemeral",
              replace_original: false,
              ...messageBlocks(m, t, undefined, await imagesFor(a, m)),
            });
            await filesToDm(a, m);
          }
        }
    }
  }

  /** Runs the intent; a failure of Slack or the store is logged, never shown as a stack trace. */
  async function run(
    user: PlatformUser,
    place: Place,
    intent: Intent,
    options: HandleOptions = { admitted: true },
  ): Promise<Reply | null> {
    try {
      return await handleIntent(core, user, place, intent, options);
    } catch (err) {
      core.logger.error({ err, kind: intent.kind }, "slack: intent failed");
      return null;
    }
  }

  /** Who acted, or null for a forged payload without a user (refused, never a 500). */
  const actorOf = (body: { user?: { id?: string; team_id?: string }; team?: { id?: string } | null }) =>
    body.user?.id
      ? ({
          platform: "slack",
          workspaceId: body.user.team_id ?? body.team?.id ?? "",
          userId: body.user.id,
        } as const)
      : null;

  app.command("/knoop", async ({ command, ack, respond, client, body }) => {
    const user: PlatformUser = { platform: "slack", workspaceId: command.team_id, userId: command.user_id };
    const intent: Intent = {
      kind: "command",
      args: (command.text ?? "").trim().split(/\s+/).filter(Boolean),
    };
    // Over the person's limit: say so in the ack itself, and queue no work, so that one person's
    // flood does not push everyone else's acks past Slack's 3 s.
    const refused = admit(core, user, intent);
    if (refused?.type === "message") {
      await ack({ response_type: "ephemeral", ...messageBlocks(refused.message, t) });
      return;
    }
    await ack();
    await afterAcks(() =>
      dedupe.once(
        `command:${hash(body)}`,
        RETRY_WINDOW_MS,
        // Remembered as done or not, not the reply itself: a retry needs no answer, and 10,000
        // remembered replies of a few kB each would be tens of MB.
        async () => {
          const reply = await run(user, await placeOf(command.channel_id), intent);
          if (reply) await show({ client, user, respond, triggerId: command.trigger_id }, reply);
          return succeeded(reply);
        },
        (done) => done,
        true, // done by another replica: it answered
      ),
    );
  });

  app.action<BlockAction>({ type: "block_actions" }, async ({ ack, body, action, respond, client }) => {
    await ack();
    const user = actorOf(body);
    if (!user) return;
    const container = (body.container ?? {}) as { message_ts?: string; view_id?: string };
    const value =
      "value" in action && typeof action.value === "string"
        ? action.value
        : "selected_option" in action
          ? (action.selected_option?.value ?? "")
          : "";
    const intent: Intent = { kind: "action", name: actionName(action.action_id), value };
    const onMessage = Boolean(body.message || container.message_ts);
    const answer: Answer = {
      client,
      user,
      triggerId: body.trigger_id,
      respond: onMessage ? respond : undefined,
    };
    const refused = admit(core, user, intent);
    if (refused) return show(answer, refused);
    const click = [
      user.workspaceId,
      user.userId,
      container.message_ts ?? container.view_id,
      action.action_id,
      value,
    ];
    await afterAcks(() =>
      dedupe.once(
        `action:${hash(click)}`,
        CLICK_WINDOW_MS,
        async () => {
          const reply = await run(user, await placeOf(body.channel?.id), intent);
          if (reply) await show(answer, reply);
          // A button on the Home tab changed something shown there: show the new state.
          if (body.view?.type === "home") await publishHome(core, client, user);
          return succeeded(reply); // done or not, as for commands
        },
        (done) => done,
        true,
      ),
    );
  });

  app.view<ViewSubmitAction>({ type: "view_submission" }, async ({ ack, body, view, client }) => {
    const st = slackTexts(core.locale);
    const first = (view.blocks ?? []).find((b) => b.type === "input")?.block_id;
    /** A message in the modal at its first field (nothing typed is lost), else a plain ack and a DM. */
    const refuse = async (text: string, user: PlatformUser | null) => {
      if (first) return ack({ response_action: "errors", errors: { [first]: text.slice(0, 2000) } });
      await ack();
      if (user) await dm({ client, user }, say(text));
    };
    const user = actorOf(body);
    if (!user) return refuse(st.malformed, null);
    let values: FormValues;
    try {
      values = submittedValues(view.state.values as Parameters<typeof submittedValues>[0], toLocal);
    } catch {
      return refuse(st.malformed, user);
    }
    const intent: Intent = {
      kind: "submission",
      name: view.callback_id,
      values,
      ...(view.private_metadata ? { context: view.private_metadata } : {}),
    };
    const bounds = outOfBounds(values, core.locale);
    if (bounds[""]) return refuse(bounds[""], user);
    if (Object.keys(bounds).length) return ack({ response_action: "errors", errors: bounds });
    const refused = admit(core, user, intent);
    if (refused?.type === "message") return refuse(plainText(refused.message), user);

    const { result: reply, duplicate } = await dedupe.once(
      `submit:${hash([user, view.id, view.state.values])}`,
      CLICK_WINDOW_MS,
      () => run(user, { kind: "dm", id: "dm" }, intent, { admitted: true }),
      succeeded,
      // Submitted at another replica: the modal closes; the confirmation came from there.
      handledElsewhere(core.locale),
    );
    const answer: Answer = { client, user };
    if (reply?.type === "invalid") {
      const errors = fieldErrors(reply.form);
      if (Object.keys(errors).length) await ack({ response_action: "errors", errors });
      else await ack({ response_action: "update", view: form(reply.form) });
    } else if (reply?.type === "form") {
      await ack({ response_action: "update", view: form(reply.form) });
      optionsCache.keep(view.id, user, reply.form.fields);
    } else if (reply?.type === "done") {
      await ack();
      // A double click closes the modal once more; the confirmation came with the first.
      if (reply.message && !duplicate) await dm(answer, reply.message);
    } else {
      // Something went wrong (no access, a failure on our side): say so in the modal.
      await refuse(reply && "message" in reply && reply.message ? plainText(reply.message) : st.failed, user);
    }
  });

  app.options("value", async ({ ack, body }) => {
    const owner = actorOf(body as Parameters<typeof actorOf>[0]);
    const found = owner ? optionsCache.find(body.view?.id ?? "", owner, body.block_id, body.value ?? "") : [];
    await ack({ options: options(found) });
  });

  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    const user: PlatformUser = { platform: "slack", workspaceId: body.team_id, userId: event.user };
    await dedupe.once(
      `event:${body.event_id}`,
      RETRY_WINDOW_MS,
      () => publishHome(core, client, user).then(() => true),
      (ok) => ok,
      true,
    );
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
