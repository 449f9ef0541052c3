import { validate } from "../../chat/forms.ts";
import type { Context, Routes } from "../../chat/router.ts";
import { type FormValues, type Reply, say, type Text } from "../../chat/views.ts";
import { UserError } from "../../core/errors.ts";
import { schoolsOf } from "../people/lookup.ts";
import { signalActions } from "./actions.ts";
import {
  closeSchema,
  closeSignal,
  createSignal,
  forwardChoices,
  forwardSchema,
  forwardSignal,
  openSignalFor,
  openSignalsFor,
  proposeCase,
  signalSchema,
  takeSignal,
} from "./service.ts";
import { texts } from "./texts.ts";
import { closeForm, confirmation, forwardForm, roleName, signalForm, signalList } from "./views.ts";

const answer = (text: Text): Reply => ({ type: "message", message: say(text) });

/** `/knoop signaal` opens the form; `/knoop signaal lijst` lists my open signals. */
async function signalCommand(ctx: Context, args: string[]): Promise<Reply> {
  const { locale } = ctx.actor;
  const t = texts(locale);
  if (args.length === 1 && ["lijst", "list"].includes(args[0]?.toLowerCase() ?? "")) return list(ctx);
  if (args.length) return answer(t.usage);
  const schools = await schoolsOf(ctx.db, ctx.actor);
  if (!schools.length) return answer(t.noSchool);
  return { type: "form", form: signalForm(locale, schools) };
}

/** `/knoop signaal lijst`, a page at a time; `after`: the *meer* button's cursor. A stale cursor (its
 * signal is closed or gone) gets the first page again, saying so. */
async function list(ctx: Context, after?: string): Promise<Reply> {
  const { locale } = ctx.actor;
  const page = await openSignalsFor(ctx, "signal.list", { after });
  if (!page.stale) return { type: "message", message: signalList(locale, ctx.timezone, page) };
  const first = signalList(locale, ctx.timezone, await openSignalsFor(ctx, "signal.list"));
  return {
    type: "message",
    message: { ...first, blocks: [...say(texts(locale).listStale).blocks, ...first.blocks] },
  };
}

async function create(ctx: Context, values: FormValues): Promise<Reply> {
  const { locale } = ctx.actor;
  const schools = await schoolsOf(ctx.db, ctx.actor);
  const form = signalForm(locale, schools);
  const schoolIds = schools.map((s) => s.id);
  const input = validate(form, values, signalSchema(locale, schoolIds));
  if (!input.ok) return input.reply;
  const { details, routing, admins, informed } = await createSignal(ctx, input.data);
  ctx.notify();
  return { type: "done", message: confirmation(locale, ctx.timezone, details, routing, admins, informed) };
}

async function take(ctx: Context, id: string): Promise<Reply> {
  const message = await takeSignal(ctx, id);
  ctx.notify();
  return { type: "update", message };
}

async function propose(ctx: Context, id: string): Promise<Reply> {
  const ibs = await proposeCase(ctx, id);
  ctx.notify();
  return answer(texts(ctx.actor.locale).proposed({ names: ibs.map((p) => p.displayName).join(", ") }));
}

async function openForward(ctx: Context, id: string): Promise<Reply> {
  const { signal, partners, roles } = await forwardChoices(ctx, id, "read");
  if (!partners.length) throw new UserError(texts(ctx.actor.locale).noPartners);
  return { type: "form", form: forwardForm(ctx.actor.locale, signal.id, partners, roles) };
}

async function forward(ctx: Context, values: FormValues, id = ""): Promise<Reply> {
  const { locale } = ctx.actor;
  const { signal, partners, roles } = await forwardChoices(ctx, id, "write");
  const form = forwardForm(locale, signal.id, partners, roles);
  const partnerIds = partners.map((p) => p.id);
  const input = validate(form, values, forwardSchema(locale, partnerIds));
  if (!input.ok) return input.reply;
  const to = partners.find((p) => p.id === input.data.to);
  if (!to) throw new UserError(texts(locale).notAPartner); // the schema accepts only these ids
  await forwardSignal(ctx, signal, to, input.data.reason);
  ctx.notify();
  const target = `${to.displayName} (${roleName(roles, to.roles[0] ?? "")})`;
  return { type: "done", message: say(texts(locale).forwarded({ to: target })) };
}

async function openClose(ctx: Context, id: string): Promise<Reply> {
  const signal = await openSignalFor(ctx, id, "signal.close.form", "read");
  return { type: "form", form: closeForm(ctx.actor.locale, signal.id) };
}

async function close(ctx: Context, values: FormValues, id = ""): Promise<Reply> {
  const { locale } = ctx.actor;
  const signal = await openSignalFor(ctx, id, signalActions.close, "write");
  const input = validate(closeForm(locale, signal.id), values, closeSchema(locale));
  if (!input.ok) return input.reply;
  await closeSignal(ctx, signal, input.data.note);
  ctx.notify();
  return { type: "done", message: say(texts(locale).closed) };
}

export const signalRoutes: Routes = {
  commands: { signaal: signalCommand },
  actions: {
    [signalActions.take]: take,
    [signalActions.listMore]: (ctx, after) => list(ctx, after),
    [signalActions.proposeCase]: propose,
    [signalActions.forward]: openForward,
    [signalActions.close]: openClose,
  },
  submissions: { "signal.create": create, "signal.forward": forward, "signal.close": close },
};
