import {
  buttons,
  type FormView,
  facts,
  heading,
  type MessageView,
  message,
  note,
  type Option,
  say,
  table,
  text,
} from "../../chat/views.ts";
import { signalDomains } from "../swv/defaults.ts";
import { peopleActions } from "./actions.ts";
import type {
  addData,
  assignData,
  myRoles,
  overview,
  RoleDef,
  removeData,
  routingData,
  SchoolRef,
  Setup,
} from "./service.ts";
import type { Texts } from "./texts.ts";

type Data<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** "De Regenboog (SITTARD)", or the whole SWV for an SWV-wide role. */
export function scopeText(t: Texts, school: Omit<SchoolRef, "id"> | null): string {
  return school ? t.school(school) : t.wholeSwv;
}

const roleOptions = (roles: RoleDef[]): Option[] => roles.map((r) => ({ value: r.key, label: r.name }));
/** The value of a scope select that stands for the whole SWV (school ids are cuids, never this). */
export const WHOLE_SWV = "swv";

const scopeOptions = (t: Texts, s: Setup): Option[] => [
  { value: WHOLE_SWV, label: t.wholeSwv },
  ...s.schools.map((x) => ({ value: x.id, label: scopeText(t, x) })),
];

export function meView(t: Texts, me: Data<typeof myRoles>): MessageView {
  const intro = t.meIntro({ name: me.name, swv: me.swv });
  if (!me.roles.length) return message(heading(t.meTitle), text(intro, t.meNone), note(t.onlyYou));
  return message(
    heading(t.meTitle),
    text(intro),
    table({
      columns: [t.columnRole, t.columnWhere],
      rows: me.roles.map((r) => [r.role, scopeText(t, r.school)]),
    }),
    note(t.onlyYou),
  );
}

export function adminView(t: Texts, o: Data<typeof overview>): MessageView {
  return message(
    heading(t.adminTitle({ swv: o.swv })),
    text(t.adminText),
    facts([
      { label: t.people, value: String(o.people) },
      { label: t.schools, value: String(o.schools) },
      ...o.routes.map((r) => ({ label: t.domain({ domain: r.domain }), value: r.role })),
    ]),
    buttons([
      { action: peopleActions.add, label: t.addPerson, style: "primary", opensForm: true },
      { action: peopleActions.assign, label: t.assignRole, opensForm: true },
      { action: peopleActions.remove, label: t.removeRole, opensForm: true },
      { action: peopleActions.routing, label: t.routing, opensForm: true },
      { action: peopleActions.names, label: t.roleNames, opensForm: true },
    ]),
  );
}

export function addForm(t: Texts, d: Data<typeof addData>): FormView {
  return {
    id: peopleActions.add,
    title: t.addPerson,
    submitLabel: t.addSubmit,
    intro: t.addIntro,
    fields: [
      {
        name: "account",
        label: t.account,
        kind: "person",
        pick: "account",
        required: true,
        options: d.accounts.map((a) => ({ value: a.userId, label: a.name })),
      },
      { name: "name", label: t.name, kind: "text", hint: t.nameHint, maxLength: 100 },
      { name: "email", label: t.email, kind: "text", maxLength: 200 },
      { name: "role", label: t.firstRole, kind: "select", options: roleOptions(d.roles) },
      {
        name: "scope",
        label: t.scope,
        kind: "select",
        hint: t.scopeHint,
        options: scopeOptions(t, d),
      },
    ],
  };
}

export function assignForm(t: Texts, d: Data<typeof assignData>): FormView {
  return {
    id: peopleActions.assign,
    title: t.assignRole,
    submitLabel: t.assignSubmit,
    fields: [
      {
        name: "person",
        label: t.person,
        kind: "select",
        required: true,
        options: d.people.map((p) => ({ value: p.id, label: p.displayName })),
      },
      { name: "role", label: t.role, kind: "select", required: true, options: roleOptions(d.roles) },
      {
        name: "scope",
        label: t.scope,
        kind: "select",
        required: true,
        hint: t.scopeHint,
        options: scopeOptions(t, d),
      },
    ],
  };
}

export function removeForm(t: Texts, d: Data<typeof removeData>): FormView {
  return {
    id: peopleActions.remove,
    title: t.removeRole,
    submitLabel: t.removeSubmit,
    intro: t.removeIntro,
    fields: [
      {
        name: "assignment",
        label: t.assignment,
        kind: "select",
        required: true,
        options: d.assignments.map((a) => ({ value: a.id, label: `${a.person}: ${a.role}, ${a.scope}` })),
      },
    ],
  };
}

export function routingForm(t: Texts, d: Data<typeof routingData>): FormView {
  return {
    id: peopleActions.routing,
    title: t.routing,
    submitLabel: t.save,
    intro: t.routingIntro,
    fields: signalDomains.map((domain) => ({
      name: domain,
      label: t.domain({ domain }),
      kind: "select",
      required: true,
      options: roleOptions(d.routable),
      value: d.routes[domain],
    })),
  };
}

export function namesForm(t: Texts, d: Setup): FormView {
  return {
    id: peopleActions.names,
    title: t.roleNames,
    submitLabel: t.save,
    intro: t.roleNamesIntro,
    fields: d.roles.map((r) => ({
      name: r.key,
      label: r.key,
      kind: "text",
      required: true,
      maxLength: 60,
      value: r.name,
    })),
  };
}

/** The DM a new person gets. */
export function welcomeMessage(
  t: Texts,
  p: { name: string; by: string; swv: string; role: string | null },
): MessageView {
  const role = p.role ? t.welcomeRoles({ roles: p.role }) : t.welcomeNoRole;
  return say(t.welcome(p), role, t.welcomeHelp);
}
