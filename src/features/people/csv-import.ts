import { z } from "zod";
import type { Surface } from "../../chat/intents.ts";
import { CsvImportError, fieldReason, readTable, type SkippedRow } from "../../core/csv.ts";
import { t as i18n, type Locale } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { createPerson, emailPattern, grantRole, schoolRoles, swvOnlyRoles } from "./service.ts";
import { importTexts } from "./texts.ts";

/** The header of a people file (README, "People and roles"): one row per role assignment. */
export const columns = [
  "swv",
  "naam",
  "email",
  "platform",
  "werkruimte",
  "gebruiker",
  "rol",
  "school",
] as const;
const platforms: Surface[] = ["slack", "teams", "sandbox"];
/** A Microsoft Entra id (tenant id, object id): a GUID. */
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rowSchema = (t: ReturnType<typeof importTexts>) =>
  z
    .object({
      swv: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^(PO|VO)\d{4}$/, t.expectSwv),
      naam: z
        .string()
        .trim()
        .min(1, "import.expect.notEmpty")
        .max(100, t.tooLong({ max: 100 })),
      email: z
        .string()
        .trim()
        .refine((v) => v === "" || emailPattern.test(v), t.expectEmail),
      platform: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v): v is Surface => (platforms as string[]).includes(v), t.expectPlatform),
      werkruimte: z.string().trim().min(1, "import.expect.notEmpty"),
      gebruiker: z.string().trim().min(1, "import.expect.notEmpty"),
      rol: z.string().trim().min(1, "import.expect.notEmpty"),
      school: z.string().trim().toUpperCase(),
      /** Optional column: "ja" makes this row's platform the one Knoop reaches the person on. */
      voorkeur: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => ["", "ja", "nee", "yes", "no"].includes(v), t.expectPreference)
        .optional(),
    })
    // A Teams account is the tenant id + the person's Entra object id (both GUIDs, as Entra ID
    // exports them), not the per-bot `29:` id Teams shows in chats. Lower case, as Teams sends them.
    .superRefine((row, ctx) => {
      if (row.platform !== "teams") return;
      if (!guid.test(row.werkruimte))
        ctx.addIssue({ code: "custom", path: ["werkruimte"], message: t.expectTenantId });
      if (!guid.test(row.gebruiker))
        ctx.addIssue({
          code: "custom",
          path: ["gebruiker"],
          message: row.gebruiker.startsWith("29:") ? t.teamsChatId : t.expectObjectId,
        });
    })
    .transform((row) =>
      row.platform === "teams"
        ? { ...row, werkruimte: row.werkruimte.toLowerCase(), gebruiker: row.gebruiker.toLowerCase() }
        : row,
    );

export interface PeopleImportSummary {
  file: string;
  /** The SWV codes the file's rows were imported into. */
  swvs: string[];
  people: { created: number; updated: number; unchanged: number };
  roles: { assigned: number; unchanged: number };
  workspaces: { created: number; unchanged: number };
  skipped: SkippedRow[];
  /** People created or updated, roles assigned and workspaces linked. */
  changes: number;
  durationMs: number;
}

/**
 * Imports people and their roles from a spreadsheet export (`;` or `,`, UTF-8 with or without BOM).
 * People are matched by chat account (platform, werkruimte, gebruiker), then by email within the
 * SWV (a second platform's account), and created when new; their name and email come from their
 * first row; `voorkeur` = ja marks the platform to reach them on. Roles are only added, never removed, and only what
 * changed is written, so a second run reports 0 changes. Malformed rows are skipped and reported
 * by line; every other row is imported. Audited as the system (actor null).
 */
export async function importPeople(
  db: Db,
  path: string,
  options: { now: Date; locale?: Locale },
): Promise<PeopleImportSummary> {
  const started = performance.now(); // a duration, not a point in time: no Clock needed
  const { now, locale = "nl" } = options;
  const t = importTexts(locale);
  const table = readTable(path, "utf8", "detect", [], locale);
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length)
    throw new CsvImportError(t.columns({ path, columns: missing.join(", "), header: columns.join(";") }));
  const skipped: SkippedRow[] = [...table.malformed];
  const skip = (line: number, reason: string) => skipped.push({ line, reason });

  // Each row on its own.
  const schema = rowSchema(t);
  const rows: (z.infer<typeof schema> & { line: number })[] = [];
  for (const { line, values } of table.rows) {
    if (Object.values(values).every((v) => v.trim() === "")) continue; // an empty spreadsheet row
    const parsed = schema.safeParse(values);
    if (parsed.success) rows.push({ line, ...parsed.data });
    else skip(line, fieldReason(parsed.error, values, locale));
  }

  // Rows against their SWV's roles and schools, and against each other.
  const codes = [...new Set(rows.map((r) => r.swv))];
  const swvs = await db.swv.findMany({
    where: { code: { in: codes } },
    select: {
      id: true,
      code: true,
      roles: { select: { key: true, name: true } },
      schools: { where: { active: true }, select: { id: true, locationCode: true } },
    },
  });
  const firstCode = codes[0];
  if (firstCode && !swvs.length)
    throw new CsvImportError(t.noSwv({ codes: codes.join(", "), code: firstCode }));
  const firstOfAccount = new Map<string, (typeof rows)[number]>();
  const firstOfRole = new Map<string, number>();
  const resolve = (r: (typeof rows)[number]) => {
    const swv = swvs.find((s) => s.code === r.swv);
    if (!swv) return t.unknownSwv({ code: r.swv });
    const wanted = r.rol.toLowerCase();
    const role =
      swv.roles.find((d) => d.key === wanted) ?? swv.roles.find((d) => d.name.toLowerCase() === wanted);
    if (!role) return t.unknownRole({ value: r.rol });
    const school = r.school ? swv.schools.find((s) => s.locationCode === r.school) : null;
    if (school === undefined) return t.unknownSchool({ value: r.school });
    if (school && swvOnlyRoles.includes(role.key)) return t.swvOnly({ role: role.name });
    if (!school && schoolRoles.includes(role.key)) return t.schoolRequired({ role: role.name });
    const account = [r.platform, r.werkruimte, r.gebruiker].join("\n");
    const first = firstOfAccount.get(account);
    if (first && (first.naam !== r.naam || (r.email && r.email !== first.email))) return t.conflict(first);
    const assignment = [account, role.key, school?.id].join("\n");
    const earlier = firstOfRole.get(assignment);
    if (earlier) return t.duplicate({ line: earlier });
    if (!first) firstOfAccount.set(account, r);
    firstOfRole.set(assignment, r.line);
    return { ...r, swvId: swv.id, role: role.key, schoolId: school?.id ?? null, first: !first };
  };
  const valid = [];
  for (const r of rows) {
    const resolved = resolve(r);
    if (typeof resolved === "string") skip(r.line, resolved);
    else valid.push(resolved);
  }

  // Writing, one transaction per row: a row that cannot be written is reported and the rest go on.
  const people = { created: 0, updated: 0, unchanged: 0 };
  const roles = { assigned: 0, unchanged: 0 };
  const workspaces = { created: 0, unchanged: 0 };
  const seenWorkspaces = new Set<string>();
  for (const r of valid) {
    const reason = await db.$transaction(async (tx) => {
      const where = { platform: r.platform, externalId: r.werkruimte };
      const workspace = await tx.workspace.findUnique({ where: { platform_externalId: where } });
      if (workspace && workspace.swvId !== r.swvId) return t.otherSwvWorkspace({ value: r.werkruimte });
      const account = { platform: r.platform, workspaceId: r.werkruimte, userId: r.gebruiker };
      const identity = await tx.chatIdentity.findUnique({
        where: { platform_workspaceId_userId: account },
        select: {
          person: {
            select: { id: true, swvId: true, displayName: true, email: true, preferredPlatform: true },
          },
        },
      });
      if (identity && identity.person.swvId !== r.swvId) return t.otherSwvAccount;

      // The workspace belongs to the SWV, so its chat users who are not known yet are told who can add them.
      if (!workspace) {
        await tx.workspace.create({ data: { ...where, swvId: r.swvId } });
        await audit(tx, null, r.swvId, now, {
          access: "write",
          entity: "settings",
          entityId: r.swvId,
          action: "workspace.add",
          detail: `${r.platform}:${r.werkruimte}`,
        });
        workspaces.created++;
      } else if (!seenWorkspaces.has(workspace.id)) workspaces.unchanged++;
      seenWorkspaces.add(workspace?.id ?? "");

      let personId = identity?.person.id;
      // A new account with the email of someone in the SWV is their account on another platform.
      const sameEmail =
        !personId && r.email
          ? await tx.person.findFirst({ where: { swvId: r.swvId, email: r.email }, select: { id: true } })
          : null;
      if (sameEmail) {
        personId = sameEmail.id;
        await tx.chatIdentity.create({ data: { ...account, personId } });
        await audit(tx, null, r.swvId, now, {
          access: "write",
          entity: "person",
          entityId: personId,
          action: "person.update",
          detail: `account=${r.platform}:${r.werkruimte}:${r.gebruiker}`,
        });
        people.updated++;
      } else if (!personId) {
        const email = r.email || null;
        personId = (
          await createPerson(tx, null, now, { swvId: r.swvId, displayName: r.naam, email, account })
        ).id;
        people.created++;
      } else if (r.first && identity) {
        const changed = {
          ...(identity.person.displayName !== r.naam ? { displayName: r.naam } : {}),
          ...(r.email && identity.person.email !== r.email ? { email: r.email } : {}),
        };
        if (!Object.keys(changed).length) people.unchanged++;
        else {
          await tx.person.update({ where: { id: personId }, data: changed });
          await audit(tx, null, r.swvId, now, {
            access: "write",
            entity: "person",
            entityId: personId,
            action: "person.update",
            detail: Object.keys(changed).join(", "),
          });
          people.updated++;
        }
      }

      // With accounts on more than one platform, the row marked `voorkeur` says where to reach them.
      const prefers = r.voorkeur === "ja" || r.voorkeur === "yes";
      if (prefers && identity?.person.preferredPlatform !== r.platform) {
        await tx.person.update({ where: { id: personId }, data: { preferredPlatform: r.platform } });
        await audit(tx, null, r.swvId, now, {
          access: "write",
          entity: "person",
          entityId: personId,
          action: "person.update",
          detail: "preferredPlatform",
        });
        if (identity) people.updated++;
      }

      const grant = { swvId: r.swvId, personId, role: r.role, schoolId: r.schoolId };
      if (await tx.roleAssignment.findFirst({ where: grant, select: { id: true } })) roles.unchanged++;
      else {
        await grantRole(tx, null, now, grant);
        roles.assigned++;
      }
      return null;
    });
    if (reason) skip(r.line, reason);
  }

  skipped.sort((a, b) => a.line - b.line);
  return {
    file: path,
    swvs: swvs.map((s) => s.code).sort(),
    people,
    roles,
    workspaces,
    skipped,
    changes: people.created + people.updated + roles.assigned + workspaces.created,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The import summary as lines of text for the terminal. */
export function renderPeopleSummary(s: PeopleImportSummary, locale: Locale = "nl"): string {
  const t = importTexts(locale);
  const out = [
    t.title({ path: s.file, swvs: s.swvs.join(", ") || "-" }),
    t.people(s.people),
    t.roles(s.roles),
    t.workspaces(s.workspaces),
  ];
  if (!s.skipped.length) out.push(t.skippedNone);
  else out.push(t.skipped({ count: s.skipped.length }), ...s.skipped.map((row) => t.skippedRow(row)));
  const seconds = (s.durationMs / 1000).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", {
    maximumFractionDigits: 1,
  });
  out.push(
    s.changes
      ? i18n(locale, "import.summary.changes", { changes: s.changes, seconds })
      : i18n(locale, "import.summary.noChanges", { seconds }),
  );
  return out.join("\n");
}
