import type { Actor } from "../../chat/intents.ts";
import type { Context } from "../../chat/router.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { defineTexts } from "../../core/texts.ts";
import type { Db, Tx } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { caseCodePattern } from "./code.ts";

/**
 * Who may see what of a case:
 * - "full": the regisseur; a participant once parents gave consent; SWV staff holding
 *   the `case-reader` role SWV-wide (configured per person by a beheerder).
 * - "limited": a participant before consent: that the case exists, its code, status and
 *   who leads it. Nothing about the pupil, the reason, goals, actions or notes.
 * - "none": everyone else gets "geen toegang", which reveals nothing about the pupil.
 */
export type CaseAccess = "full" | "limited" | "none";

/** What an intent needs: to see the case exists ("limited"), its content ("full"), to change it
 * as a participant with full access ("participant": case-readers only read), or to lead it ("regisseur"). */
export type CaseNeed = "limited" | "full" | "participant" | "regisseur";

type CaseRow = { id: string; swvId: string; regisseurId: string; consentDate: Date | null };

export async function caseAccess(db: Db | Tx, actor: Actor, c: CaseRow): Promise<CaseAccess> {
  const known = accessIn(actor, c, false);
  if (known !== "none" || c.swvId !== actor.swvId) return known;
  return accessIn(actor, c, await isParticipant(db, c.id, actor.personId));
}

/** `caseAccess` when it is already known whether the actor takes part (a list loads that with the
 * cases, instead of one query per case). */
export function accessIn(actor: Actor, c: CaseRow, participant: boolean): CaseAccess {
  if (c.swvId !== actor.swvId) return "none";
  if (c.regisseurId === actor.personId) return "full";
  if (actor.roles.some((r) => r.role === "case-reader" && r.schoolId === null)) return "full";
  if (!participant) return "none";
  return c.consentDate ? "full" : "limited";
}

async function isParticipant(db: Db | Tx, caseId: string, personId: string): Promise<boolean> {
  const row = await db.caseParticipant.findUnique({
    where: { caseId_personId: { caseId, personId } },
    select: { id: true },
  });
  return row !== null;
}

const texts = defineTexts(
  {
    noAccess:
      "Geen toegang: deze casus bestaat niet of je neemt er niet aan deel. Controleer de code, of vraag de regisseur om je toe te voegen.",
    noConsent: "Nog geen toestemming van ouders: je ziet de inhoud van deze casus zodra die is vastgelegd.",
    readOnly: "Je kunt deze casus inzien, maar niet wijzigen: dat kunnen alleen de deelnemers.",
    onlyRegisseur: "Alleen de regisseur van deze casus kan dit doen.",
    closed: (p: { code: string }) => `Casus ${p.code} is afgesloten: er kan niets meer aan veranderd worden.`,
  },
  {
    noAccess:
      "No access: this case does not exist or you are not taking part in it. Check the code, or ask the case lead to add you.",
    noConsent: "No parental consent yet: you will see this case's content once it is recorded.",
    readOnly: "You can read this case but not change it: only its participants can.",
    onlyRegisseur: "Only the case lead (regisseur) of this case can do this.",
    closed: (p) => `Case ${p.code} is closed: it can no longer be changed.`,
  },
);

export const accessTexts = texts;

/** Loads the case and checks `need`; returns the error to throw, if any. Audits nothing. */
async function check(ctx: Context, idOrCode: string, need: CaseNeed) {
  const t = texts(ctx.actor.locale);
  const isCode = caseCodePattern.test(idOrCode);
  const c = await ctx.db.case.findFirst({
    where: isCode ? { swvId: ctx.actor.swvId, code: idOrCode.toUpperCase() } : { id: idOrCode },
  });
  // An unknown code or id gets the answer of a case one may not see: codes cannot be probed.
  if (!c) throw new AccessDenied(t.noAccess);
  const level = await caseAccess(ctx.db, ctx.actor, c);
  const isRegisseur = c.regisseurId === ctx.actor.personId;
  let denied: AccessDenied | undefined;
  if (level === "none") denied = new AccessDenied(t.noAccess);
  else if (level === "limited" && need !== "limited") denied = new AccessDenied(t.noConsent);
  else if (need === "regisseur" && !isRegisseur) denied = new AccessDenied(t.onlyRegisseur);
  else if (need === "participant" && !isRegisseur && !(await isParticipant(ctx.db, c.id, ctx.actor.personId)))
    denied = new AccessDenied(t.readOnly);
  return { case: c, access: level, denied };
}

/**
 * Loads a case (by id or code) for the actor and checks access; records the read or
 * write in the audit log, allowed or denied. Throws a UserError the router shows as is:
 * - no access: "geen toegang", the same for an unknown code or id, so neither can be probed;
 * - more than limited access needed with only limited access: "no consent yet";
 * - "participant" or "regisseur" needed and the actor is not one.
 */
export async function requireCase(
  ctx: Context,
  idOrCode: string,
  need: CaseNeed,
  action: string,
  access: "read" | "write" = "read",
) {
  const found = await check(ctx, idOrCode, need);
  await audit(ctx.db, ctx.actor, found.case.swvId, ctx.clock.now(), {
    access,
    entity: "case",
    entityId: found.case.id,
    action: found.denied ? `${action}.denied` : action,
  });
  if (found.denied) throw found.denied;
  return { case: found.case, access: found.access };
}

/**
 * Like `requireCase` for a change to an open case: a denied attempt is audited at once; an
 * allowed write is NOT audited here: the caller records it with `auditWrite` in the
 * transaction of the change, so the record exists if and only if the change does.
 * A closed case refuses every change with a clear message.
 */
export async function requireCaseWrite(
  ctx: Context,
  idOrCode: string,
  need: "participant" | "regisseur",
  action: string,
) {
  const found = await check(ctx, idOrCode, need);
  if (found.denied) {
    await audit(ctx.db, ctx.actor, found.case.swvId, ctx.clock.now(), {
      access: "write",
      entity: "case",
      entityId: found.case.id,
      action: `${action}.denied`,
    });
    throw found.denied;
  }
  assertOpen(ctx.actor, found.case);
  return { case: found.case, access: found.access };
}

/** Throws the "case is closed" message for a closed case. */
export function assertOpen(actor: Actor, c: { code: string; closedAt: Date | null }): void {
  if (c.closedAt) throw new UserError(texts(actor.locale).closed({ code: c.code }));
}

/** The audit record of an allowed write, in the transaction of the change. */
export function auditWrite(
  tx: Tx,
  actor: Actor,
  c: { id: string; swvId: string },
  now: Date,
  action: string,
): Promise<void> {
  return audit(tx, actor, c.swvId, now, { access: "write", entity: "case", entityId: c.id, action });
}
