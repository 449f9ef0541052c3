import type { z } from "zod";
import { refill, validate } from "../../chat/forms.ts";
import type { ActionHandler, CommandHandler, Context, Routes, SubmissionHandler } from "../../chat/router.ts";
import { type FormView, say } from "../../chat/views.ts";
import { UserError } from "../../core/errors.ts";
import { formatDateTime } from "../../core/format.ts";
import { peopleActions } from "./actions.ts";
import {
  addData,
  addPerson,
  addSchema,
  assignData,
  assignRole,
  assignSchema,
  FieldError,
  makeInstallLink,
  myRoles,
  namesSchema,
  overview,
  removeData,
  removeRole,
  removeSchema,
  renameRoles,
  requireAdmin,
  routingData,
  routingSchema,
  setup,
  updateRouting,
} from "./service.ts";
import { type Texts, texts } from "./texts.ts";
import { addForm, adminView, assignForm, meView, namesForm, removeForm, routingForm } from "./views.ts";

/** `/knoop ik`: anyone's own roles and schools. */
const me: CommandHandler = async (ctx, args) => {
  const t = texts(ctx.actor.locale);
  if (args.length) throw new UserError(t.usage({ command: "ik" }));
  return { type: "message", message: meView(t, await myRoles(ctx.db, ctx.actor)) };
};

/** `/knoop beheer`: the overview with a button per beheer form. */
const admin: CommandHandler = async (ctx, args) => {
  const t = texts(ctx.actor.locale);
  await requireAdmin(ctx);
  if (args.length) throw new UserError(t.usage({ command: "beheer" }));
  return { type: "message", message: adminView(t, await overview(ctx)) };
};

/** `/knoop installatielink`: a beheerder's link for installing Knoop in a new Slack workspace. */
const installLink: CommandHandler = async (ctx, args) => {
  const t = texts(ctx.actor.locale);
  if (args.length) throw new UserError(t.usage({ command: "installatielink" }));
  const link = await makeInstallLink(ctx);
  const path = `/slack/install?link=${link.token}`;
  const until = formatDateTime(link.expiresAt, ctx.actor.locale, ctx.timezone);
  return { type: "message", message: say(t.installLink({ swv: link.swv, path, until })) };
};

/** A beheer form: the data it shows, the form, its zod schema and the change it saves. */
interface FormSpec<D, S extends z.ZodType> {
  load(ctx: Context): Promise<D>;
  form(t: Texts, data: D): FormView;
  schema(t: Texts, data: D): S;
  /** Writes the change (one transaction, audited) and says what was done. */
  save(ctx: Context, data: D, input: z.infer<S>): Promise<string>;
}

/** The button that opens a beheer form and the submission that saves it. Bad input (zod, or a
 * FieldError from the service) shows the form again with the values and the error at the field. */
function beheerForm<D, S extends z.ZodType>(
  spec: FormSpec<D, S>,
): { open: ActionHandler; submit: SubmissionHandler } {
  return {
    open: async (ctx) => {
      await requireAdmin(ctx);
      return { type: "form", form: spec.form(texts(ctx.actor.locale), await spec.load(ctx)) };
    },
    submit: async (ctx, values) => {
      await requireAdmin(ctx);
      const t = texts(ctx.actor.locale);
      const data = await spec.load(ctx);
      const form = spec.form(t, data);
      const valid = validate(form, values, spec.schema(t, data));
      if (!valid.ok) return valid.reply;
      try {
        const text = await spec.save(ctx, data, valid.data);
        ctx.notify();
        return { type: "done", message: say(text) };
      } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        return { type: "invalid", form: refill(form, values, { [error.field]: error.message }) };
      }
    },
  };
}

// The keys are the button actions of adminView and the ids of the forms.
const forms = {
  [peopleActions.add]: beheerForm({ load: addData, form: addForm, schema: addSchema, save: addPerson }),
  [peopleActions.assign]: beheerForm({
    load: assignData,
    form: assignForm,
    schema: assignSchema,
    save: assignRole,
  }),
  [peopleActions.remove]: beheerForm({
    load: removeData,
    form: removeForm,
    schema: removeSchema,
    save: removeRole,
  }),
  [peopleActions.routing]: beheerForm({
    load: routingData,
    form: routingForm,
    schema: routingSchema,
    save: updateRouting,
  }),
  [peopleActions.names]: beheerForm({ load: setup, form: namesForm, schema: namesSchema, save: renameRoles }),
};

export const peopleRoutes: Routes = {
  commands: { ik: me, beheer: admin, installatielink: installLink },
  actions: Object.fromEntries(Object.entries(forms).map(([name, f]) => [name, f.open])),
  submissions: Object.fromEntries(Object.entries(forms).map(([name, f]) => [name, f.submit])),
};
