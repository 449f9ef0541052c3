import { z } from "zod";
import { fieldOf, textRule } from "../../chat/forms.ts";
import { issueInstallLink } from "../../chat/install-links.ts";
import type { Actor, Surface } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { say } from "../../chat/views.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { sendDm } from "../../jobs/outbox.ts";
import type { Db, Tx } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { defaultRoleNames, type SignalDomain, signalDomains } from "../swv/defaults.ts";
import { roleNames } from "./lookup.ts";
import { type Texts, texts } from "./texts.ts";
import { addForm, namesForm, scopeText, WHOLE_SWV, welcomeMessage } from "./views.ts";

/** A problem with one field of a form: the handler shows the form again with this message there. */
export class FieldError extends UserError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Roles that only mean something for the whole SWV. */
export const swvOnlyRoles: string[] = ["beheerder", "case-reader"];
/** Roles held at one school: an IB'er or a directeur of the whole SWV would see every school's pupils. */
export const schoolRoles: string[] = ["ib", "directeur"];
/** Roles whose grant every other beheerder hears about, audited as sensitive: they read every case. */
const sensitiveRoles = ["case-reader"];
/** Roles a signal may not be routed to: board members never see pupil details; the others are not care roles. */
const notRoutable = ["bestuur", "beheerder", "case-reader"];

export type SchoolRef = { id: string; name: string; place: string };
export type RoleDef = { key: string; name: string };

const roleOrder = Object.keys(defaultRoleNames);
const byRoleOrder = (a: string, b: string) =>
  (roleOrder.indexOf(a) + 1 || 99) - (roleOrder.indexOf(b) + 1 || 99) || a.localeCompare(b);

export const isAdmin = (actor: Actor) =>
  actor.roles.some((r) => r.role === "beheerder" && r.schoolId === null);

/** Beheer is for SWV-wide beheerders; anyone else is told who they are. */
export async function requireAdmin(ctx: Context): Promise<void> {
  if (isAdmin(ctx.actor)) return;
  const admins = await ctx.db.person.findMany({
    where: { swvId: ctx.actor.swvId, roles: { some: { role: "beheerder", schoolId: null } } },
    select: { displayName: true },
    orderBy: { displayName: "asc" },
  });
  const names = admins.map((a) => a.displayName).join(", ");
  throw new AccessDenied(texts(ctx.actor.locale).denied({ names }));
}

// ---------------------------------------------------------------- reading

/** The actor's own roles, for `/knoop ik`. */
export async function myRoles(db: Db, actor: Actor) {
  const swv = await db.swv.findUniqueOrThrow({ where: { id: actor.swvId }, select: { name: true } });
  const names = await roleNames(db, actor.swvId);
  const ids = actor.roles.flatMap((r) => r.schoolId ?? []);
  const schools = new Map(
    (
      await db.school.findMany({
        where: { swvId: actor.swvId, id: { in: ids } },
        select: { id: true, name: true, place: true },
      })
    ).map((s) => [s.id, s]),
  );
  const roles = [...actor.roles]
    .sort((a, b) => byRoleOrder(a.role, b.role))
    .map((r) => ({
      role: names.get(r.role) ?? r.role,
      school: r.schoolId ? (schools.get(r.schoolId) ?? null) : null,
    }));
  return { swv: swv.name, name: actor.name, roles };
}

/** What every beheer form needs: the SWV, its roles (configured names) and its active schools. */
export async function setup(ctx: Context) {
  const swvId = ctx.actor.swvId;
  const [swv, roles, schools] = await Promise.all([
    ctx.db.swv.findUniqueOrThrow({ where: { id: swvId }, select: { id: true, name: true } }),
    ctx.db.roleDefinition.findMany({ where: { swvId }, select: { key: true, name: true } }),
    ctx.db.school.findMany({
      where: { swvId, active: true },
      select: { id: true, name: true, place: true },
      orderBy: [{ name: "asc" }, { place: "asc" }],
    }),
  ]);
  return { swv, roles: roles.sort((a, b) => byRoleOrder(a.key, b.key)) as RoleDef[], schools };
}
export type Setup = Awaited<ReturnType<typeof setup>>;

/** The beheer overview: counts and the routing table. */
export async function overview(ctx: Context) {
  const swvId = ctx.actor.swvId;
  const [base, people, routes] = await Promise.all([
    setup(ctx),
    ctx.db.person.count({ where: { swvId } }),
    ctx.db.signalRoute.findMany({ where: { swvId } }),
  ]);
  const names = new Map(base.roles.map((r) => [r.key, r.name]));
  return {
    swv: base.swv.name,
    people,
    schools: base.schools.length,
    routes: signalDomains.map((domain) => {
      const key = routes.find((r) => r.domain === domain)?.roleKey;
      return { domain, role: key ? (names.get(key) ?? key) : "-" };
    }),
  };
}

/** Chat accounts of the actor's workspace that are not linked to a person yet. */
export async function addData(ctx: Context) {
  const { platform, workspaceId } = ctx.actor.user;
  const users = await ctx.directory.users(workspaceId);
  const linked = await ctx.db.chatIdentity.findMany({
    where: { platform, workspaceId, userId: { in: users.map((u) => u.userId) } },
    select: { userId: true },
  });
  const taken = new Set(linked.map((l) => l.userId));
  const accounts = users
    .filter((u) => !taken.has(u.userId))
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
  return { ...(await setup(ctx)), accounts };
}

export async function assignData(ctx: Context) {
  const people = await ctx.db.person.findMany({
    where: { swvId: ctx.actor.swvId },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
  return { ...(await setup(ctx)), people };
}

export async function removeData(ctx: Context) {
  const base = await setup(ctx);
  const rows = await ctx.db.roleAssignment.findMany({
    where: { swvId: ctx.actor.swvId },
    select: { id: true, role: true, schoolId: true, person: { select: { displayName: true } } },
  });
  const t = texts(ctx.actor.locale);
  const role = new Map(base.roles.map((r) => [r.key, r.name]));
  const school = new Map(base.schools.map((s) => [s.id, s]));
  const assignments = rows
    .map((a) => ({
      id: a.id,
      person: a.person.displayName,
      role: role.get(a.role) ?? a.role,
      scope: scopeText(t, a.schoolId ? (school.get(a.schoolId) ?? null) : null),
    }))
    .sort((a, b) => a.person.localeCompare(b.person, "nl") || a.role.localeCompare(b.role, "nl"));
  return { ...base, assignments };
}

export async function routingData(ctx: Context) {
  const routes = await ctx.db.signalRoute.findMany({ where: { swvId: ctx.actor.swvId } });
  const base = await setup(ctx);
  return {
    ...base,
    routable: base.roles.filter((r) => !notRoutable.includes(r.key)),
    routes: Object.fromEntries(routes.map((r) => [r.domain, r.roleKey])) as Partial<
      Record<SignalDomain, string>
    >,
  };
}

// ---------------------------------------------------------------- validation

/** A form value as one trimmed string (a multiselect's first value). */
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) ?? "";
const str = (schema: z.ZodString) => z.preprocess(one, schema);
const oneOf = (values: string[], message: string) =>
  str(
    z
      .string()
      .trim()
      .refine((v) => values.includes(v), message),
  );
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const scopeValues = (s: Setup) => [WHOLE_SWV, ...s.schools.map((x) => x.id)];
const swvOnlyCheck =
  (t: Texts) => (v: { role: string; scope: string }, ctx: z.core.$RefinementCtx<unknown>) => {
    if (swvOnlyRoles.includes(v.role) && v.scope !== WHOLE_SWV && v.scope !== "")
      ctx.addIssue({ code: "custom", path: ["scope"], message: t.swvOnly });
    if (schoolRoles.includes(v.role) && schoolOf(v.scope) === null)
      ctx.addIssue({ code: "custom", path: ["scope"], message: t.schoolRequired });
  };

export const addSchema = (t: Texts, d: Awaited<ReturnType<typeof addData>>) =>
  z
    .object({
      account: str(z.string().trim().min(1, t.pickAccount)),
      name: textRule(fieldOf(addForm(t, d), "name"), t),
      email: textRule(fieldOf(addForm(t, d), "email"), t).refine(
        (v) => v === "" || emailPattern.test(v),
        t.invalidEmail,
      ),
      role: oneOf(["", ...d.roles.map((r) => r.key)], t.pick),
      scope: oneOf(["", ...scopeValues(d)], t.pick),
    })
    .superRefine(swvOnlyCheck(t));

export const assignSchema = (t: Texts, d: Awaited<ReturnType<typeof assignData>>) =>
  z
    .object({
      person: oneOf(
        d.people.map((p) => p.id),
        t.pick,
      ),
      role: oneOf(
        d.roles.map((r) => r.key),
        t.pick,
      ),
      scope: oneOf(scopeValues(d), t.pick),
    })
    .superRefine(swvOnlyCheck(t));

export const removeSchema = (t: Texts, d: Awaited<ReturnType<typeof removeData>>) =>
  z.object({
    assignment: oneOf(
      d.assignments.map((a) => a.id),
      t.pick,
    ),
  });

export const routingSchema = (t: Texts, d: Awaited<ReturnType<typeof routingData>>) => {
  const keys = d.routable.map((r) => r.key);
  return z.object(
    Object.fromEntries(signalDomains.map((domain) => [domain, oneOf(keys, t.pick)])) as Record<
      SignalDomain,
      ReturnType<typeof oneOf>
    >,
  );
};

export const namesSchema = (t: Texts, d: Setup) =>
  z
    .object(
      Object.fromEntries(d.roles.map((r) => [r.key, textRule(fieldOf(namesForm(t, d), r.key), t)])) as Record<
        string,
        z.ZodType<string>
      >,
    )
    .superRefine((names, ctx) => {
      // Two roles with one name would be indistinguishable in every list and in the CSV import.
      // Unchanged names first, so the error lands on the field that was edited.
      const edited = (r: RoleDef) => Number(names[r.key] !== r.name);
      const seen = new Map<string, string>();
      for (const r of [...d.roles].sort((a, b) => edited(a) - edited(b))) {
        const name = (names[r.key] ?? "").toLowerCase();
        const first = seen.get(name);
        if (first) ctx.addIssue({ code: "custom", path: [r.key], message: t.nameTaken({ role: first }) });
        else seen.set(name, r.key);
      }
    });

// ---------------------------------------------------------------- writing (also used by the CSV import)

/** Creates a person with their chat account, audited (`actor` null: an import). */
export async function createPerson(
  tx: Tx,
  actor: Actor | null,
  now: Date,
  p: {
    swvId: string;
    displayName: string;
    email: string | null;
    account: { platform: Surface; workspaceId: string; userId: string };
  },
) {
  const person = await tx.person.create({
    data: {
      swvId: p.swvId,
      displayName: p.displayName,
      email: p.email,
      identities: { create: p.account },
    },
    select: { id: true },
  });
  const { platform, workspaceId, userId } = p.account;
  await audit(tx, actor, p.swvId, now, {
    access: "write",
    entity: "person",
    entityId: person.id,
    action: "person.add",
    detail: `account=${platform}:${workspaceId}:${userId}`,
  });
  return person;
}

/** Gives a person a role for one school or (schoolId null) the whole SWV, audited. A sensitive
 * role (reading every case) is audited as such and every other beheerder is told, so nobody
 * grants it to themself unseen. */
export async function grantRole(
  tx: Tx,
  actor: Actor | null,
  now: Date,
  a: { swvId: string; personId: string; role: string; schoolId: string | null },
): Promise<void> {
  const row = await tx.roleAssignment.create({ data: a, select: { id: true } });
  const sensitive = sensitiveRoles.includes(a.role);
  await audit(tx, actor, a.swvId, now, {
    access: "write",
    entity: "role",
    entityId: row.id,
    action: sensitive ? "role.assign.sensitive" : "role.assign",
    detail: `person=${a.personId} role=${a.role} school=${a.schoolId ?? WHOLE_SWV}`,
  });
  if (sensitive) await tellOtherAdmins(tx, actor, now, a, row.id);
}

async function tellOtherAdmins(
  tx: Tx,
  actor: Actor | null,
  now: Date,
  a: { swvId: string; personId: string; role: string },
  assignmentId: string,
): Promise<void> {
  const admins = await tx.person.findMany({
    where: {
      swvId: a.swvId,
      id: { not: actor?.personId ?? "" },
      roles: { some: { role: "beheerder", schoolId: null } },
    },
    select: { id: true, locale: true },
  });
  const person = await tx.person.findUniqueOrThrow({
    where: { id: a.personId },
    select: { displayName: true },
  });
  const role = (await roleNames(tx, a.swvId)).get(a.role) ?? a.role;
  for (const admin of admins) {
    const t = texts(admin.locale === "en" ? "en" : "nl");
    const by = actor?.name ?? "Import";
    await sendDm(
      tx,
      now,
      `role:${assignmentId}:sensitive:${admin.id}`,
      admin.id,
      say(t.sensitiveGrant({ by, name: person.displayName, role })),
    );
  }
}

const schoolOf = (scope: string) => (scope && scope !== WHOLE_SWV ? scope : null);
const nameOf = (d: Setup, key: string) => d.roles.find((r) => r.key === key)?.name ?? key;
const scopeOf = (t: Texts, d: Setup, scope: string) =>
  scopeText(t, d.schools.find((s) => s.id === schoolOf(scope)) ?? null);

export async function addPerson(
  ctx: Context,
  d: Awaited<ReturnType<typeof addData>>,
  input: z.infer<ReturnType<typeof addSchema>>,
): Promise<string> {
  const t = texts(ctx.actor.locale);
  const { platform, workspaceId } = ctx.actor.user;
  // Slack and Teams render their own user picker, so the value need not be one of the options:
  // the workspace must know it, and it must not belong to anyone yet.
  const accountName = await ctx.directory.displayName(workspaceId, input.account);
  if (accountName === null) throw new FieldError("account", t.accountUnknown);
  const displayName = input.name || accountName;
  const now = ctx.clock.now();
  const swvId = ctx.actor.swvId;
  await ctx.db.$transaction(async (tx) => {
    const account = { platform, workspaceId, userId: input.account };
    const taken = await tx.chatIdentity.findUnique({ where: { platform_workspaceId_userId: account } });
    if (taken) throw new FieldError("account", t.accountLinked);
    const person = await createPerson(tx, ctx.actor, now, {
      swvId,
      displayName,
      email: input.email || null,
      account,
    });
    if (input.role)
      await grantRole(tx, ctx.actor, now, {
        swvId,
        personId: person.id,
        role: input.role,
        schoolId: schoolOf(input.scope),
      });
    const role = input.role ? `${nameOf(d, input.role)} (${scopeOf(t, d, input.scope)})` : null;
    const message = welcomeMessage(t, { name: displayName, by: ctx.actor.name, swv: d.swv.name, role });
    // The welcome is in the beheerder's language: the new person's own is not known yet.
    await sendDm(tx, now, `person:${person.id}:welcome`, person.id, message);
  });
  return t.added({ name: displayName });
}

export async function assignRole(
  ctx: Context,
  d: Awaited<ReturnType<typeof assignData>>,
  input: z.infer<ReturnType<typeof assignSchema>>,
): Promise<string> {
  const t = texts(ctx.actor.locale);
  const swvId = ctx.actor.swvId;
  const a = { swvId, personId: input.person, role: input.role, schoolId: schoolOf(input.scope) };
  const said = {
    name: d.people.find((p) => p.id === input.person)?.displayName ?? "",
    role: nameOf(d, input.role),
    scope: scopeOf(t, d, input.scope),
  };
  await ctx.db.$transaction(async (tx) => {
    if (await tx.roleAssignment.findFirst({ where: a, select: { id: true } }))
      throw new FieldError("role", t.duplicate(said));
    await grantRole(tx, ctx.actor, ctx.clock.now(), a);
  });
  return t.assigned(said);
}

export async function removeRole(
  ctx: Context,
  d: Awaited<ReturnType<typeof removeData>>,
  input: z.infer<ReturnType<typeof removeSchema>>,
): Promise<string> {
  const t = texts(ctx.actor.locale);
  const swvId = ctx.actor.swvId;
  await ctx.db.$transaction(async (tx) => {
    const a = await tx.roleAssignment.findFirst({ where: { id: input.assignment, swvId } });
    if (!a) throw new FieldError("assignment", t.pick);
    const isLastAdmin =
      a.role === "beheerder" &&
      a.schoolId === null &&
      (await tx.roleAssignment.count({ where: { swvId, role: "beheerder", schoolId: null } })) <= 1;
    if (isLastAdmin) throw new FieldError("assignment", t.lastAdmin);
    await tx.roleAssignment.delete({ where: { id: a.id } });
    await audit(tx, ctx.actor, swvId, ctx.clock.now(), {
      access: "write",
      entity: "role",
      entityId: a.id,
      action: "role.remove",
      detail: `person=${a.personId} role=${a.role} school=${a.schoolId ?? WHOLE_SWV}`,
    });
  });
  const shown = d.assignments.find((a) => a.id === input.assignment);
  return t.removed({ name: shown?.person ?? "", role: shown?.role ?? "", scope: shown?.scope ?? "" });
}

export async function updateRouting(
  ctx: Context,
  d: Awaited<ReturnType<typeof routingData>>,
  input: z.infer<ReturnType<typeof routingSchema>>,
): Promise<string> {
  const t = texts(ctx.actor.locale);
  const swvId = ctx.actor.swvId;
  const changed = signalDomains.filter((domain) => input[domain] !== d.routes[domain]);
  if (!changed.length) return t.unchanged;
  await ctx.db.$transaction(async (tx) => {
    for (const domain of changed) {
      const roleKey = input[domain];
      await tx.signalRoute.upsert({
        where: { swvId_domain: { swvId, domain } },
        create: { swvId, domain, roleKey },
        update: { roleKey },
      });
    }
    await audit(tx, ctx.actor, swvId, ctx.clock.now(), {
      access: "write",
      entity: "settings",
      entityId: swvId,
      action: "routing.update",
      detail: changed.map((domain) => `${domain}: ${d.routes[domain] ?? "-"} -> ${input[domain]}`).join("; "),
    });
  });
  return t.routingSaved;
}

export async function renameRoles(
  ctx: Context,
  d: Setup,
  input: z.infer<ReturnType<typeof namesSchema>>,
): Promise<string> {
  const t = texts(ctx.actor.locale);
  const swvId = ctx.actor.swvId;
  const changed = d.roles.filter((r) => input[r.key] !== r.name);
  if (!changed.length) return t.unchanged;
  await ctx.db.$transaction(async (tx) => {
    for (const r of changed)
      await tx.roleDefinition.update({
        where: { swvId_key: { swvId, key: r.key } },
        data: { name: input[r.key] },
      });
    await audit(tx, ctx.actor, swvId, ctx.clock.now(), {
      access: "write",
      entity: "settings",
      entityId: swvId,
      action: "roles.rename",
      detail: changed.map((r) => `${r.key}: ${r.name} -> ${input[r.key]}`).join("; "),
    });
  });
  return t.namesSaved;
}

/** `/knoop installatielink`: a single-use, expiring link that lets a new chat workspace join the
 * actor's SWV (the install flow checks it; see src/chat/install-links.ts). Beheerders only. */
export async function makeInstallLink(
  ctx: Context,
): Promise<{ token: string; expiresAt: Date; swv: string }> {
  await requireAdmin(ctx);
  const { swvId } = ctx.actor;
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const link = await issueInstallLink(tx, swvId, ctx.actor.personId, now);
    await audit(tx, ctx.actor, swvId, now, {
      access: "write",
      entity: "workspace",
      entityId: swvId,
      action: "install-link.issue",
      detail: link.expiresAt.toISOString(),
    });
    const swv = await tx.swv.findUniqueOrThrow({ where: { id: swvId }, select: { name: true } });
    return { ...link, swv: swv.name };
  });
}
