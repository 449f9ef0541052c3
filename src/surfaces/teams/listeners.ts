import type { Application } from "@microsoft/teams-ai";
import { ActivityTypes, type TaskModuleTaskInfo, type TurnContext } from "botbuilder";
import { type Core, handleIntent } from "../../chat/core.ts";
import { type Deduper, handledElsewhere, hash, succeeded } from "../../chat/dedupe.ts";
import type { PlatformUser } from "../../chat/identity.ts";
import { outOfBounds } from "../../chat/input-limits.ts";
import { redeemInstallLink } from "../../chat/install-links.ts";
import type { Intent, Place } from "../../chat/intents.ts";
import { withMemberChoices } from "../../chat/person-choices.ts";
import { RateLimiter } from "../../chat/rate-limit.ts";
import {
  buttons,
  type FormView,
  type MessageView,
  message,
  plainText,
  type Reply,
  say,
  text,
} from "../../chat/views.ts";
import {
  type ActionData,
  CARD_CONTENT_TYPE,
  cardActivity,
  dialogOf,
  type FormData,
  formValues,
  type Json,
  messageCard,
  OPEN_COMMAND_FORM,
  SUBMIT_FORM,
  withOrigin,
} from "./cards.ts";
import { aadOf, type Conversations, kindOf, tenantOf } from "./conversations.ts";
import { TeamsDirectory } from "./directory.ts";
import { type MemberOption, membersOf, membersSource } from "./members.ts";
import type { TeamsConnector } from "./port.ts";
import { isRefresh, refreshOf } from "./refresh.ts";
import { teamsTexts } from "./texts.ts";

/** How long a delivery is remembered: redeliveries come within minutes, double clicks within seconds. */
const RETRY_WINDOW_MS = 5 * 60_000;
const CLICK_WINDOW_MS = 60_000;

export interface ListenerDeps {
  core: Core;
  dedupe: Deduper;
  conversations: Conversations;
  connector: TeamsConnector;
}

/** The words of a typed command: HTML and the bot's mention (already removed by teams-ai when it is
 * the recipient's) stripped, then an optional leading `knoop` or `/knoop`. One parser for the 1:1
 * chat (`knoop <words>`), channels and group chats (`@Knoop <words>`). */
export function commandWords(raw: string): string[] {
  const plain = raw
    .replace(/<at[^>]*>.*?<\/at>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .trim();
  const words = plain.split(/\s+/).filter(Boolean);
  if (/^\/?knoop$/i.test(words[0] ?? "")) words.shift();
  return words;
}

/**
 * The teams-ai routes: they only translate. Messages become command intents, Action.Execute and
 * dialogs (task/fetch, task/submit) action and submission intents for `handleIntent`; its Reply
 * becomes a card in the conversation, a replaced card, a dialog, or a message in the person's
 * 1:1 chat (Teams channels have no ephemeral messages).
 */
export function registerListeners(
  app: Application,
  { core: shared, conversations, connector, dedupe }: ListenerDeps,
): void {
  // The features name a member picked in a form through the Teams directory (directory.ts).
  const directory = new TeamsDirectory(shared.directory, () => shared.clock.now().getTime());
  const core: Core = { ...shared, directory, limiter: shared.limiter ?? new RateLimiter() };
  const locale = core.locale;
  const t = teamsTexts(locale);
  const card = (view: MessageView) => messageCard(view, locale);
  const activityOf = (view: MessageView) => cardActivity(card(view), plainText(view));

  const userOf = (ctx: TurnContext): PlatformUser | null => {
    const aad = aadOf(ctx.activity);
    const tenant = tenantOf(ctx.activity);
    return aad && tenant ? { platform: "teams", workspaceId: tenant, userId: aad } : null;
  };

  async function placeOf(ctx: TurnContext): Promise<Place> {
    const conversationId = ctx.activity.conversation?.id ?? "";
    if (kindOf(ctx.activity) === "personal") return { kind: "dm", id: conversationId };
    const known = await conversations.byId(tenantOf(ctx.activity), conversationId);
    return known?.logicalId ? { kind: "case", id: known.logicalId } : { kind: "channel", id: conversationId };
  }

  /** A message only the actor may see: here in their 1:1 chat, else there with a pointer here. */
  async function sendPrivately(ctx: TurnContext, view: MessageView, pointer = true): Promise<void> {
    if (kindOf(ctx.activity) === "personal") {
      await ctx.sendActivity(activityOf(view));
      return;
    }
    // Its form buttons remember this team or chat (a people pick lists its members).
    const privately = cardActivity(withOrigin(card(view), membersSource(ctx.activity)), plainText(view));
    const tenant = tenantOf(ctx.activity);
    const from = ctx.activity.from;
    const aad = aadOf(ctx.activity);
    const known = await conversations.personal(tenant, aad);
    const ref =
      known?.ref ??
      (await connector.createPersonal(tenant, ctx.activity.serviceUrl, { id: from.id, aadObjectId: aad }));
    if (!known && ref.conversation?.id)
      await conversations.save({
        tenantId: tenant,
        conversationId: ref.conversation.id,
        kind: "personal",
        serviceUrl: ctx.activity.serviceUrl,
        reference: ref,
        aadObjectId: aad,
        teamsUserId: from.id,
      });
    await connector.send(ref, privately);
    if (pointer) await ctx.sendActivity(activityOf(say(t.pointer)));
  }

  /** A reply to a typed command or to a message the bot posted. */
  async function show(ctx: TurnContext, reply: Reply, words: string[] = []): Promise<void> {
    switch (reply.type) {
      case "message":
      case "update":
        if (reply.type === "message" && reply.visibility === "everyone")
          await ctx.sendActivity(activityOf(reply.message));
        else await sendPrivately(ctx, reply.message);
        return;
      case "form":
      case "invalid": {
        // A typed message cannot open a dialog: a card with a button that opens it.
        const opener = message(
          text(t.formIntro({ title: reply.form.title })),
          buttons([
            {
              action: OPEN_COMMAND_FORM,
              label: t.openForm,
              // Where the command was typed: a people pick lists that team's or chat's members.
              value: JSON.stringify({ words, from: membersSource(ctx.activity) }),
              opensForm: true,
            },
          ]),
        );
        await sendPrivately(ctx, opener);
        return;
      }
      case "done":
        if (reply.message) await sendPrivately(ctx, reply.message);
        return;
      case "page":
        for (const m of reply.messages) await sendPrivately(ctx, m, false);
    }
  }

  async function run(user: PlatformUser, place: Place, intent: Intent): Promise<Reply | null> {
    try {
      return await handleIntent(core, user, place, intent);
    } catch (err) {
      core.logger.error({ err, kind: intent.kind }, "teams: intent failed");
      return null;
    }
  }

  /** `run` once per key: a redelivered activity or a double click gets the first one's reply,
   * marked as a duplicate (its messages were sent already); one first handled by another replica
   * gets a neutral "already handled". */
  const once = (key: unknown, ttlMs: number, user: PlatformUser, place: Place, intent: Intent) =>
    dedupe.once(hash(key), ttlMs, () => run(user, place, intent), succeeded, handledElsewhere(locale));

  /** `knoop koppel <code>`: links this tenant to the SWV of an install link (1:1 chat only). */
  async function link(ctx: TurnContext, user: PlatformUser, token: string): Promise<void> {
    if (kindOf(ctx.activity) !== "personal") {
      await ctx.sendActivity(activityOf(say(t.onlyInPersonal)));
      return;
    }
    const where = { platform_externalId: { platform: "teams", externalId: user.workspaceId } };
    const before = await core.db.workspace.findUnique({ where });
    if (before) {
      const swv = await core.db.swv.findUnique({ where: { id: before.swvId } });
      await ctx.sendActivity(activityOf(say(t.alreadyLinked({ swv: swv?.name ?? "" }))));
      return;
    }
    const swvId = await redeemInstallLink(core.db, token, "teams", user.workspaceId, core.clock.now());
    const swv = swvId ? await core.db.swv.findUnique({ where: { id: swvId } }) : null;
    core.logger.info({ tenant: user.workspaceId, linked: Boolean(swv) }, "teams: tenant link attempt");
    await ctx.sendActivity(activityOf(say(swv ? t.linked({ swv: swv.name }) : t.badLink)));
  }

  // Every message: remember where it came from, then one catch-all parser (teams-ai's string
  // keywords are substring matches: "status" would also fire on "statusupdate").
  app.message(/[\s\S]*/, async (ctx) => {
    await conversations.remember(ctx.activity);
    const user = userOf(ctx);
    if (!user) return;
    const raw = ctx.activity.text ?? "";
    const words = commandWords(raw);
    if (words[0]?.toLowerCase() === "koppel" && words.length === 2) return link(ctx, user, words[1] ?? "");
    const linked = await core.db.workspace.findUnique({
      where: { platform_externalId: { platform: "teams", externalId: user.workspaceId } },
    });
    if (!linked) {
      await ctx.sendActivity(activityOf(say(t.notLinked)));
      return;
    }
    const { result: reply, duplicate } = await once(
      ["message", user, ctx.activity.conversation?.id, ctx.activity.id],
      RETRY_WINDOW_MS,
      user,
      await placeOf(ctx),
      { kind: "command", args: words },
    );
    if (reply && !duplicate) await show(ctx, reply, words);
  });

  // Installed (1:1, team or group chat): keep the conversation, and say hello once.
  app.conversationUpdate("membersAdded", async (ctx) => {
    await conversations.remember(ctx.activity);
    const botId = ctx.activity.recipient?.id;
    if (!ctx.activity.membersAdded?.some((m) => m.id === botId)) return;
    const linked = await core.db.workspace.findUnique({
      where: { platform_externalId: { platform: "teams", externalId: tenantOf(ctx.activity) } },
    });
    await ctx.sendActivity(activityOf(say(linked ? t.welcome : t.notLinked)));
  });

  // Buttons (Action.Execute): the reply replaces the card for everyone (an update) or answers the
  // clicker (the card stays, the answer comes as a message, privately unless said otherwise).
  app.adaptiveCards.actionExecute<ActionData>(/^(?!knoop\.).+$/, async (ctx, _state, data) => {
    await conversations.remember(ctx.activity);
    const user = userOf(ctx);
    const verb = String((ctx.activity.value as { action?: { verb?: string } })?.action?.verb ?? "");
    if (!user) return t.malformed;
    const value = typeof data?.value === "string" ? data.value : "";
    const intent: Intent = { kind: "action", name: verb, value };
    // A person's own view of a card (see refresh.ts), answered to them alone. Answered here, not
    // returned: teams-ai sends a returned card that has a `refresh` to everyone (updateActivity),
    // and from then on every card of this route.
    const own = async (view: MessageView) => {
      const value = messageCard(view, locale, refreshOf(view, [ctx.activity.from.id]));
      await ctx.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value } },
      });
      return "";
    };
    if (isRefresh(ctx.activity.value)) {
      // Teams asks for this person's view (not a click: no dedupe, an old card shows what is now).
      // Only a view the core marked as this person's replaces the card; anything else (an unknown
      // person, a refusal) leaves them the shared card as sent.
      const reply = await run(user, await placeOf(ctx), intent);
      if ((reply?.type === "update" || reply?.type === "message") && reply.message.personal)
        return own(reply.message);
      return t.done;
    }
    const click = ["click", user, ctx.activity.conversation?.id, ctx.activity.replyToId, verb, value];
    const { result: reply, duplicate } = await once(click, CLICK_WINDOW_MS, user, await placeOf(ctx), intent);
    if (!reply) return t.failed;
    // A person's own view (clicked on their view of a shared card) is theirs alone: never for all.
    if (reply.type === "update" && reply.message.personal) return own(reply.message);
    if (duplicate) return reply.type === "update" ? card(reply.message) : t.done;
    if (reply.type === "update") {
      const replaced = card(reply.message);
      // Shared conversations: the message changes for everyone, not only for the clicker.
      if (kindOf(ctx.activity) !== "personal" && ctx.activity.replyToId)
        await ctx.updateActivity({
          ...cardActivity(replaced, plainText(reply.message)),
          id: ctx.activity.replyToId,
        });
      return replaced;
    }
    if (reply.type === "message") {
      if (reply.visibility === "everyone") await ctx.sendActivity(activityOf(reply.message));
      else await sendPrivately(ctx, reply.message, false);
      return kindOf(ctx.activity) === "personal" ? t.done : t.sentPrivately;
    }
    await show(ctx, reply);
    return t.done;
  });

  /** The form with its people picks listing the members of `origin` (a team or chat the actor is
   * in; else the form as the feature made it). Their names are kept for the feature (directory). */
  async function withMembers(ctx: TurnContext, user: PlatformUser, form: FormView, origin?: string) {
    if (!origin || !form.fields.some((f) => f.pick)) return form;
    let members: MemberOption[];
    try {
      members = await membersOf(ctx, origin);
    } catch (err) {
      core.logger.warn({ err }, "teams: member list not read");
      return form;
    }
    // A forged origin (a chat the actor is not in) lists nobody.
    if (!members.some((m) => m.aadObjectId === user.userId.toLowerCase())) return form;
    directory.remember(user.workspaceId, members);
    const accounts = members.map((m) => ({ userId: m.aadObjectId, name: m.name }));
    return withMemberChoices(core.db, user, form, accounts);
  }

  /** A dialog for a form reply, or a message dialog for anything else. */
  const dialog = async (
    ctx: TurnContext,
    user: PlatformUser,
    reply: Reply | null,
    origin?: string,
  ): Promise<TaskModuleTaskInfo | string> => {
    if (!reply) return t.failed;
    if (reply.type === "form" || reply.type === "invalid")
      return dialogOf(await withMembers(ctx, user, reply.form, origin), locale, origin);
    if (reply.type === "message" || reply.type === "update" || reply.type === "done")
      return reply.message ? plainText(reply.message) : t.done;
    return t.done;
  };

  // A button that opens a form: the form's dialog (also for a typed command that answered a form).
  app.taskModules.fetch<ActionData>(/.+/, async (ctx, _state, data) => {
    await conversations.remember(ctx.activity);
    const user = userOf(ctx);
    if (!user || typeof data?.verb !== "string") return t.malformed;
    const place = await placeOf(ctx);
    let origin =
      membersSource(ctx.activity) ?? (typeof data.from === "string" && data.from ? data.from : undefined);
    if (data.verb === OPEN_COMMAND_FORM) {
      let args: string[] = [];
      try {
        // The words, or (since people picks) the words and where they were typed.
        const opened = JSON.parse(String(data.value ?? "[]")) as unknown;
        const words = Array.isArray(opened) ? opened : (opened as { words?: unknown })?.words;
        args = Array.isArray(words) ? words.map(String) : [];
        const from = (opened as { from?: unknown })?.from;
        if (typeof from === "string" && from) origin ??= from;
      } catch {}
      return dialog(ctx, user, await run(user, place, { kind: "command", args }), origin);
    }
    const value = typeof data.value === "string" ? data.value : "";
    return dialog(ctx, user, await run(user, place, { kind: "action", name: data.verb, value }), origin);
  });

  // The dialog's submit: errors come back in the dialog at their field with the values kept; a
  // chained form replaces the dialog; done closes it (its message goes to the person).
  app.taskModules.submit<FormData & Json>(SUBMIT_FORM, async (ctx, _state, data) => {
    const user = userOf(ctx);
    const meta = data?.knoop as FormData["knoop"] | undefined;
    if (!user || typeof meta?.form !== "string" || typeof meta.kinds !== "object" || !meta.kinds)
      return t.malformed;
    const values = formValues(data, meta.kinds);
    const bounds = outOfBounds(values, locale);
    if (bounds[""]) return bounds[""];
    const intent: Intent = {
      kind: "submission",
      name: meta.form,
      values,
      ...(typeof meta.context === "string" ? { context: meta.context } : {}),
    };
    const { result: reply, duplicate } = await once(
      ["submit", user, meta.form, meta.context, values],
      CLICK_WINDOW_MS,
      user,
      await placeOf(ctx),
      intent,
    );
    if (!reply) return t.failed;
    if (reply.type === "invalid" || reply.type === "form") {
      const origin = typeof meta.origin === "string" ? meta.origin : undefined;
      return dialogOf(await withMembers(ctx, user, reply.form, origin), locale, origin);
    }
    if (reply.type === "done") {
      // A double click closes the dialog once more; the confirmation came with the first.
      if (reply.message && !duplicate) await sendPrivately(ctx, reply.message, false);
      return null;
    }
    if (reply.type === "message" || reply.type === "update") {
      // A refusal (no access, a failure on our side): said in the dialog, nothing typed is lost.
      return plainText(reply.message);
    }
    return null;
  });

  app.error(async (ctx, error) => {
    core.logger.error({ err: error, type: ctx.activity.type }, "teams: turn failed");
  });
}
