import type { Actor } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { defineTexts } from "../../core/texts.ts";
import type { Db, Tx } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { hasRole } from "../people/lookup.ts";

/**
 * Who may see what of a case:
 * - "full": the regisseur; a participant once parents gave consent; SWV staff holding
 *   the `case-reader` role (configured per person by a beheerder).
 * - "limited": a participant before consent: that the case exists, its code, status and
 *   who leads it. Nothing about the pupil, the reason, goals, actions or notes.
 * - "none": everyone else gets "geen toegang", which reveals nothing about the pupil.
 */
export type CaseAccess = "full" | "limited" | "none";

type CaseRow = { id: string; swvId: string; regisseurId: string; consentDate: Date | null };

export async function caseAccess(db: Db | Tx, actor: Actor, c: CaseRow): Promise<CaseAccess> {
  if (c.swvId !== actor.swvId) return "none";
  if (c.regisseurId === actor.personId) return "full";
  if (
    hasRole(actor, "case-reader") &&
    actor.roles.some((r) => r.role === "case-reader" && r.schoolId === null)
  )
    return "full";
  const participant = await db.caseParticipant.findUnique({
    where: { caseId_personId: { caseId: c.id, personId: actor.personId } },
    select: { id: true },
  });
  if (!participant) return "none";
  return c.consentDate ? "full" : "limited";
}

const texts = defineTexts(
  {
    noAccess: "Geen toegang: je neemt niet deel aan deze casus. Vraag de regisseur om je toe te voegen.",
    notFound: (p: { code: string }) => `Geen casus gevonden met code ${p.code}.`,
    noConsent: "Nog geen toestemming van ouders: je ziet de inhoud van deze casus zodra die is vastgelegd.",
  },
  {
    noAccess: "No access: you are not taking part in this case. Ask the case lead to add you.",
    notFound: (p) => `No case found with code ${p.code}.`,
    noConsent: "No parental consent yet: you will see this case's content once it is recorded.",
  },
);

export const accessTexts = texts;

/**
 * Loads a case (by id or code) for the actor and checks access; records the read or
 * write in the audit log. Throws a UserError the router shows as is:
 * - an unknown code: "not found" (codes are not secret: they name no pupil);
 * - no access: "geen toegang" (also for an unknown id, so ids cannot be probed);
 * - `need: "full"` with only limited access: "no consent yet".
 */
export async function requireCase(
  ctx: Context,
  idOrCode: string,
  need: "full" | "limited",
  action: string,
  access: "read" | "write" = "read",
) {
  const t = texts(ctx.actor.locale);
  const isCode = /^K-\d{4}-\d{4,}$/i.test(idOrCode);
  const c = await ctx.db.case.findFirst({
    where: isCode ? { swvId: ctx.actor.swvId, code: idOrCode.toUpperCase() } : { id: idOrCode },
  });
  if (!c)
    throw isCode ? new UserError(t.notFound({ code: idOrCode.toUpperCase() })) : new AccessDenied(t.noAccess);
  const level = await caseAccess(ctx.db, ctx.actor, c);
  const allowed = level === "full" || (level === "limited" && need === "limited");
  await audit(ctx.db, ctx.actor, c.swvId, ctx.clock.now(), {
    access,
    entity: "case",
    entityId: c.id,
    action: allowed ? action : `${action}.denied`,
  });
  if (level === "none") throw new AccessDenied(t.noAccess);
  if (!allowed) throw new AccessDenied(t.noConsent);
  return { case: c, access: level };
}
