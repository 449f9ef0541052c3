import { z } from "zod";
import { fieldOf, textRule, validate } from "../../chat/forms.ts";
import type { ActionHandler, Context, Routes, SubmissionHandler } from "../../chat/router.ts";
import { type FormView, message, text as paragraph, type Reply, say } from "../../chat/views.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { caseOpenedFor, FROM_THUISZITTER, thuiszitterForCase } from "../thuiszitters/read.ts";
import { thuiszitterTexts } from "../thuiszitters/texts.ts";
import { accessTexts, assertOpen, requireCase, requireCaseWrite } from "./access.ts";
import { caseActions } from "./actions.ts";
import { caseCodePattern } from "./code.ts";
import {
  actionOwners,
  addAction,
  addGoal,
  addNote,
  addParticipants,
  type Case,
  caseDetails,
  changeStatus,
  closeCase,
  completeAction,
  createCase,
  createRules,
  myCases,
  openingChoices,
  partnersToAdd,
  recordConsent,
  regisseurName,
  rules,
  type SignalSource,
  signalForCase,
  timelineOf,
} from "./service.ts";
import { type CaseTexts, caseForms, caseOutcomes, caseTexts } from "./texts.ts";
import {
  actionForm,
  closeForm,
  consentForm,
  createdReply,
  createForm,
  fullCard,
  goalForm,
  limitedCard,
  listView,
  noteForm,
  participantForm,
  statusForm,
  timelineView,
  usageReply,
} from "./views.ts";

const textsOf = (ctx: Context) => caseTexts(ctx.actor.locale);

// ---------------------------------------------------------------- /knoop casus ...

async function casus(ctx: Context, args: string[]): Promise<Reply> {
  const [word = "", ...rest] = args;
  if (rest.length === 0 && word.toLowerCase() === "nieuw") return openCreateForm(ctx);
  if (rest.length === 0 && word.toLowerCase() === "lijst") return list(ctx);
  if (rest.length === 0 && caseCodePattern.test(word)) return card(ctx, word);
  return usageReply(textsOf(ctx), args);
}

async function creation(ctx: Context, from?: SignalSource) {
  const choices = await openingChoices(ctx, from?.signal.schoolId);
  if (!choices.schools.length) throw new UserError(textsOf(ctx).noSchools);
  return { choices, form: createForm(textsOf(ctx), choices, ctx.actor, from?.signal) };
}

async function openCreateForm(ctx: Context, from?: SignalSource): Promise<Reply> {
  return { type: "form", form: (await creation(ctx, from)).form };
}

/** The case form prefilled from a thuiszitter record (school and pupil reference). */
const openFromThuiszitter: ActionHandler = async (ctx, id) => {
  const r = await thuiszitterForCase(ctx, id);
  const choices = await openingChoices(ctx, r.schoolId);
  if (!choices.schools.some((s) => s.id === r.schoolId)) throw new UserError(textsOf(ctx).noSchools);
  const form = createForm(textsOf(ctx), choices, ctx.actor);
  const prefill: Record<string, string> = { school: r.schoolId, pupilRef: r.pupilRef };
  return {
    type: "form",
    form: {
      ...form,
      context: `${FROM_THUISZITTER}${r.id}`,
      intro: thuiszitterTexts(ctx.actor.locale).fromThuiszitter,
      fields: form.fields.map((f) => (prefill[f.name] ? { ...f, value: prefill[f.name] } : f)),
    },
  };
};

const create: SubmissionHandler = async (ctx, values, context) => {
  // Opened from a thuiszitter record: checked again, and the record gets the case code.
  const thuiszitter = context?.startsWith(FROM_THUISZITTER) ? context.slice(FROM_THUISZITTER.length) : null;
  if (thuiszitter) await thuiszitterForCase(ctx, thuiszitter);
  // A crafted or stale signal id is checked again here, not only when the form was opened.
  const from = context && !thuiszitter ? await signalForCase(ctx, context) : undefined;
  const { choices, form } = await creation(ctx, from);
  const checked = validate(form, values, createRules(textsOf(ctx), ctx, choices, values));
  if (!checked.ok) return checked.reply;
  const c = await createCase(ctx, checked.data, from);
  if (thuiszitter) await caseOpenedFor(ctx, thuiszitter, c.code);
  ctx.notify();
  return createdReply(textsOf(ctx), c);
};

/** `/knoop casus lijst`, a page at a time; `after`: the *meer* button's cursor. A stale cursor (its
 * case is gone from the list) gets the first page again, saying so. */
async function list(ctx: Context, after?: string): Promise<Reply> {
  const page = await myCases(ctx, "case.list", { after });
  if (page.stale) {
    const first = await list(ctx);
    if (first.type !== "message" || !first.message) return first;
    return {
      type: "message",
      message: { ...first.message, blocks: [...say(textsOf(ctx).listStale).blocks, ...first.message.blocks] },
    };
  }
  return {
    type: "message",
    message: listView(textsOf(ctx), page, ctx.actor.locale, ctx.timezone, ctx.clock.now()),
  };
}

/** The status card: full with access to the content, limited before consent, else "geen toegang". */
async function card(ctx: Context, idOrCode: string): Promise<Reply> {
  const t = textsOf(ctx);
  const { case: c, access } = await requireCase(ctx, idOrCode, "limited", "case.view");
  if (access === "limited")
    return { type: "message", message: limitedCard(t, c, await regisseurName(ctx.db, c)) };
  return { type: "message", message: await fullCardOf(ctx, c) };
}

/** The full card as the actor sees it now (after `requireCase` allowed full access). */
async function fullCardOf(ctx: Context, c: Case) {
  const t = textsOf(ctx);
  const details = await caseDetails(ctx, c);
  const isRegisseur = c.regisseurId === ctx.actor.personId;
  const viewer = {
    locale: ctx.actor.locale,
    timezone: ctx.timezone,
    now: ctx.clock.now(),
    isRegisseur,
    canWrite: isRegisseur || details.participants.some((p) => p.personId === ctx.actor.personId),
  };
  return fullCard(t, c, details, viewer);
}

const timeline: ActionHandler = async (ctx, caseId) => {
  const { case: c } = await requireCase(ctx, caseId, "full", caseActions.timeline);
  const events = await timelineOf(ctx.db, c, ctx.actor.locale, ctx.timezone);
  return { type: "message", message: timelineView(textsOf(ctx), c, events, ctx.actor.locale, ctx.timezone) };
};

// ---------------------------------------------------------------- changes to a case

/** A change to an open case: a button opens the form (the same checks, audited as a read), and its
 * submission checks again, validates and saves (audited as a write in the change's transaction). */
function caseForm<S extends z.ZodType>(
  name: string,
  need: "participant" | "regisseur",
  build: (ctx: Context, c: Case, t: CaseTexts) => Promise<{ form: FormView; rules: S }>,
  save: (ctx: Context, c: Case, data: z.infer<S>, t: CaseTexts) => Promise<string>,
): { action: ActionHandler; submission: SubmissionHandler } {
  return {
    action: async (ctx, caseId) => {
      const { case: c } = await requireCase(ctx, caseId, need, `${name}.form`);
      assertOpen(ctx.actor, c);
      return { type: "form", form: (await build(ctx, c, textsOf(ctx))).form };
    },
    submission: async (ctx, values, caseId = "") => {
      const t = textsOf(ctx);
      const { case: c } = await requireCaseWrite(ctx, caseId, need, name);
      const { form, rules: schema } = await build(ctx, c, t);
      const checked = validate(form, values, schema);
      if (!checked.ok) return checked.reply;
      const text = await save(ctx, c, checked.data, t);
      ctx.notify();
      // The answer is the card in its new state: the one above it may show buttons that are gone.
      const now = await ctx.db.case.findUniqueOrThrow({ where: { id: c.id } });
      const updated = await fullCardOf(ctx, now);
      return { type: "done", message: message(paragraph(text), ...updated.blocks) };
    },
  };
}

const forms = {
  [caseActions.goalAdd]: caseForm(
    caseActions.goalAdd,
    "participant",
    async (_ctx, c, t) => {
      const form = goalForm(t, c);
      return { form, rules: z.object({ text: textRule(fieldOf(form, "text"), t) }) };
    },
    async (ctx, c, data, t) => {
      await addGoal(ctx, c, data.text);
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.noteAdd]: caseForm(
    caseActions.noteAdd,
    "participant",
    async (_ctx, c, t) => {
      const form = noteForm(t, c);
      return { form, rules: z.object({ text: textRule(fieldOf(form, "text"), t) }) };
    },
    async (ctx, c, data, t) => {
      await addNote(ctx, c, data.text);
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.actionAdd]: caseForm(
    caseActions.actionAdd,
    "participant",
    async (ctx, c, t) => {
      const owners = await actionOwners(ctx.db, c);
      const form = actionForm(
        t,
        c,
        owners.map((o) => ({ value: o.personId, label: o.name })),
      );
      const schema = z.object({
        description: textRule(fieldOf(form, "description"), t),
        owner: rules.choice(
          t,
          owners.map((o) => o.personId),
        ),
        due: rules.dueDay(t, ctx.timezone, ctx.clock.now()),
      });
      return { form, rules: schema };
    },
    async (ctx, c, data, t) => {
      await addAction(ctx, c, data);
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.participantAdd]: caseForm(
    caseActions.participantAdd,
    "participant",
    async (ctx, c, t) => {
      const partners = await partnersToAdd(ctx.db, c);
      if (!partners.length) throw new UserError(t.noneToAdd);
      const ids = partners.map((p) => p.personId);
      const schema = z.object({ people: rules.choices(t, ids).refine((v) => v.length > 0, t.required) });
      const options = partners.map((p) => ({ value: p.personId, label: p.label }));
      return { form: participantForm(t, c, options), rules: schema };
    },
    async (ctx, c, data, t) => {
      const partners = await partnersToAdd(ctx.db, c);
      await addParticipants(
        ctx,
        c,
        partners.filter((p) => data.people.includes(p.personId)),
      );
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.consent]: caseForm(
    caseActions.consent,
    "regisseur",
    async (ctx, c, t) => {
      if (c.consentDate) throw new UserError(t.consentAlready);
      const schema = z.object({ date: rules.consentDay(t, ctx.timezone, ctx.clock.now(), c.createdAt) });
      return { form: consentForm(t, c), rules: schema };
    },
    async (ctx, c, data, t) => {
      await recordConsent(ctx, c, data.date);
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.status]: caseForm(
    caseActions.status,
    "regisseur",
    async (_ctx, c, t) => {
      const status = rules.choice(t, caseForms).refine((s) => s !== c.status, t.sameStatus);
      return { form: statusForm(t, c), rules: z.object({ status }) };
    },
    async (ctx, c, data, t) => {
      await changeStatus(ctx, c, data.status);
      return t.saved({ code: c.code });
    },
  ),
  [caseActions.close]: caseForm(
    caseActions.close,
    "regisseur",
    async (_ctx, c, t) => {
      const form = closeForm(t, c);
      const schema = z.object({
        outcome: rules.choice(t, caseOutcomes),
        evaluation: textRule(fieldOf(form, "evaluation"), t),
      });
      return { form, rules: schema };
    },
    async (ctx, c, data, t) => {
      await closeCase(ctx, c, data);
      return t.closedReply({ code: c.code });
    },
  ),
};

/** The owner (or the regisseur) marks an action done from the button in the owner's DM. */
const actionDone: ActionHandler = async (ctx, actionId) => {
  const action = await ctx.db.caseAction.findUnique({ where: { id: actionId }, select: { caseId: true } });
  if (!action) throw new AccessDenied(accessTexts(ctx.actor.locale).noAccess);
  const { case: c } = await requireCaseWrite(ctx, action.caseId, "participant", caseActions.actionDone);
  const done = await completeAction(ctx, c, actionId);
  ctx.notify();
  return {
    type: "update",
    message: say(textsOf(ctx).actionDoneReply({ code: c.code, description: done.description })),
  };
};

export const caseRoutes: Routes = {
  commands: { casus },
  actions: {
    [caseActions.show]: (ctx, caseId) => card(ctx, caseId),
    [caseActions.timeline]: timeline,
    [caseActions.listMore]: (ctx, after) => list(ctx, after),
    [caseActions.openFromSignal]: async (ctx, signalId) =>
      openCreateForm(ctx, await signalForCase(ctx, signalId)),
    [caseActions.openFromThuiszitter]: openFromThuiszitter,
    [caseActions.actionDone]: actionDone,
    ...Object.fromEntries(Object.entries(forms).map(([name, f]) => [name, f.action])),
  },
  submissions: {
    [caseActions.create]: create,
    ...Object.fromEntries(Object.entries(forms).map(([name, f]) => [name, f.submission])),
  },
};
