/** `/knoop privacy inzage|wissen <pupil reference> <school>` for the SWV's privacy officer (role
 * `privacy`), and `/knoop privacy bewaartermijn [audit] [months]` for a beheerder. The result goes
 * to the actor's DM; the place where the command was typed only gets a neutral pointer. Every
 * use and every refusal is audited, with a hash of the reference (never the reference itself). */
import { randomUUID } from "node:crypto";
import type { Actor } from "../../chat/intents.ts";
import type { Context, Routes } from "../../chat/router.ts";
import {
  buttons,
  FileTooLarge,
  file,
  heading,
  message,
  note,
  type Reply,
  say,
  text,
} from "../../chat/views.ts";
import { sendDm } from "../../jobs/outbox.ts";
import { audit } from "../audit/audit.ts";
import { isAdmin } from "../people/service.ts";
import { isPupilCode, normalisePupilRef } from "../signals/pupil-ref.ts";
import { erase, erasePlan, eraseTotal } from "./erase.ts";
import { exportCsv, findSchool, pupilExport, pupilKey, type SchoolRef } from "./inzage.ts";
import { privacyTexts } from "./texts.ts";

export const privacyActions = { erase: "privacy.erase" } as const;

const answer = (m: ReturnType<typeof say>): Reply => ({ type: "message", message: m });

export const isPrivacyOfficer = (actor: Actor) =>
  actor.roles.some((r) => r.role === "privacy" && r.schoolId === null);

const schoolLabel = (s: SchoolRef) => `${s.name} (${s.locationCode})`;

function pupilAudit(
  ctx: Context,
  access: "read" | "write",
  entityId: string,
  action: string,
  detail?: string,
) {
  return audit(ctx.db, ctx.actor, ctx.actor.swvId, ctx.clock.now(), {
    access,
    entity: "pupil",
    entityId,
    action,
    ...(detail ? { detail } : {}),
  });
}

/** The pupil and school of `<reference> <school>`, or the reply that says what is wrong. */
async function target(ctx: Context, words: string[]) {
  const t = privacyTexts(ctx.actor.locale);
  const found = await findSchool(ctx.db, ctx.actor.swvId, words);
  if (found.kind === "ambiguous") return { reply: answer(say(t.ambiguousSchool({ name: found.name }))) };
  if (found.kind === "unknown") return { reply: answer(say(t.unknownSchool)) };
  const ref = normalisePupilRef(found.refWords.join(" "));
  if (ref.length < 2 || ref.length > 20 || !isPupilCode(ref)) return { reply: answer(say(t.badRef)) };
  return { school: found.school, ref, key: pupilKey(ctx.actor.swvId, found.school.id, ref) };
}

/** Sends `view` to the actor's DM (each request its own message: a second request in the same
 * millisecond is not a retry); answers with the pointer to it. */
async function toDm(ctx: Context, key: string, view: ReturnType<typeof message>): Promise<Reply> {
  const now = ctx.clock.now();
  await ctx.db.$transaction((tx) =>
    sendDm(tx, now, `privacy:${key}:${ctx.actor.personId}:${randomUUID()}`, ctx.actor.personId, view),
  );
  ctx.notify();
  return answer(say(privacyTexts(ctx.actor.locale).seeDm));
}

/** The audit key of what was typed: the pupil's when the school is known (so the refusal shows in
 * the pupil's inzage), else a hash of the words. The actor learns nothing either way. */
async function typedKey(ctx: Context, words: string[]): Promise<string> {
  const found = await findSchool(ctx.db, ctx.actor.swvId, words);
  return found.kind === "found"
    ? pupilKey(ctx.actor.swvId, found.school.id, normalisePupilRef(found.refWords.join(" ")))
    : pupilKey(ctx.actor.swvId, "", words.join(" "));
}

async function refuseOfficer(ctx: Context, what: string, key: string): Promise<Reply> {
  await pupilAudit(ctx, "read", key, `privacy.${what}.denied`);
  return answer(say(privacyTexts(ctx.actor.locale).onlyOfficer));
}

async function inzage(ctx: Context, words: string[]): Promise<Reply> {
  const { actor } = ctx;
  const t = privacyTexts(actor.locale);
  if (!isPrivacyOfficer(actor)) return refuseOfficer(ctx, "inzage", await typedKey(ctx, words));
  const found = await target(ctx, words);
  if (!found.school) return found.reply;
  const now = ctx.clock.now();
  const swv = await ctx.db.swv.findUniqueOrThrow({
    where: { id: actor.swvId },
    select: { id: true, code: true },
  });
  const data = await pupilExport(ctx.db, swv, found.school, found.ref, now);
  const counts = {
    signals: data.signalen.length,
    cases: data.casussen.length,
    thuiszitters: data.thuiszitters.length,
    audit: data.audit.length,
  };
  await pupilAudit(
    ctx,
    "read",
    found.key,
    "privacy.inzage",
    `signalen ${counts.signals}, casussen ${counts.cases}, thuiszitters ${counts.thuiszitters}`,
  );
  const day = now.toISOString().slice(0, 10);
  let view: ReturnType<typeof message>;
  try {
    view = message(
      heading(t.inzageTitle({ ref: found.ref, school: schoolLabel(found.school) })),
      text(t.inzageSummary(counts)),
      file({
        name: `inzage-${found.school.locationCode}-${day}.json`,
        mediaType: "application/json",
        data: JSON.stringify(data, null, 2),
        title: t.jsonTitle,
      }),
      file({
        name: `inzage-${found.school.locationCode}-${day}.csv`,
        mediaType: "text/csv",
        data: exportCsv(data),
        title: t.csvTitle,
      }),
      note(t.inzageNote),
    );
  } catch (error) {
    if (!(error instanceof FileTooLarge)) throw error;
    view = say(t.tooLarge);
  }
  return toDm(ctx, `inzage:${found.key}`, view);
}

async function wissen(ctx: Context, words: string[]): Promise<Reply> {
  const { actor } = ctx;
  const t = privacyTexts(actor.locale);
  if (!isPrivacyOfficer(actor)) return refuseOfficer(ctx, "erase", await typedKey(ctx, words));
  const found = await target(ctx, words);
  if (!found.school) return found.reply;
  const plan = await erasePlan(ctx.db, actor.swvId, found.school.id, found.ref);
  await pupilAudit(ctx, "read", found.key, "privacy.erase.preview");
  const counts = {
    cases: plan.erase.cases.length,
    signals: plan.erase.signals.length,
    thuiszitters: plan.erase.thuiszitters.length,
  };
  const view = message(
    heading(t.eraseTitle({ ref: found.ref, school: schoolLabel(found.school) })),
    text(eraseTotal(plan) ? t.erasePlan(counts) : t.eraseNothing),
    plan.open.cases + plan.open.signals + plan.open.thuiszitters ? text(t.eraseOpen(plan.open)) : undefined,
    eraseTotal(plan)
      ? buttons([
          {
            action: privacyActions.erase,
            label: t.eraseButton,
            style: "danger",
            value: [found.school.id, plan.fingerprint, found.ref].join("|"),
            confirm: { title: t.confirmTitle, text: t.confirmText, confirm: t.confirmYes, deny: t.confirmNo },
          },
        ])
      : undefined,
  );
  return toDm(ctx, `erase:${found.key}`, view);
}

/** The confirm button: erases when what would be erased is still what the button showed. */
async function confirmErase(ctx: Context, value: string): Promise<Reply> {
  const { actor } = ctx;
  const t = privacyTexts(actor.locale);
  const [schoolId = "", fingerprint = "", ref = ""] = value.split("|");
  const key = pupilKey(actor.swvId, schoolId, ref);
  if (!isPrivacyOfficer(actor)) return refuseOfficer(ctx, "erase", key);
  const school = await ctx.db.school.findFirst({ where: { id: schoolId, swvId: actor.swvId } });
  const plan = school ? await erasePlan(ctx.db, actor.swvId, school.id, ref) : null;
  if (!plan || plan.fingerprint !== fingerprint || !eraseTotal(plan)) {
    await pupilAudit(ctx, "write", key, "privacy.erase.stale");
    return { type: "update", message: say(t.stale) };
  }
  const now = ctx.clock.now();
  const done = await erase(ctx.db, actor, plan, now);
  await pupilAudit(
    ctx,
    "write",
    key,
    "privacy.erase",
    `casussen ${done.cases}, signalen ${done.signals}, thuiszitters ${done.thuiszitters}`,
  );
  return {
    type: "update",
    message: message(
      text(t.erased(done)),
      plan.open.cases + plan.open.signals + plan.open.thuiszitters ? text(t.eraseOpen(plan.open)) : undefined,
    ),
  };
}

const LIMITS = { retentionMonths: [6, 120], auditRetentionMonths: [12, 240] } as const;

async function retentionPeriod(ctx: Context, args: string[]): Promise<Reply> {
  const { actor } = ctx;
  const t = privacyTexts(actor.locale);
  const now = ctx.clock.now();
  if (!isAdmin(actor)) {
    await audit(ctx.db, actor, actor.swvId, now, {
      access: "write",
      entity: "settings",
      entityId: actor.swvId,
      action: "privacy.retention.denied",
    });
    return answer(say(t.onlyAdmin));
  }
  const field = args[0] === "audit" ? "auditRetentionMonths" : "retentionMonths";
  const value = args[0] === "audit" ? args[1] : args[0];
  const swv = await ctx.db.swv.findUniqueOrThrow({ where: { id: actor.swvId } });
  if (value === undefined)
    return answer(say(t.retentionShow({ months: swv.retentionMonths, audit: swv.auditRetentionMonths })));
  const [min, max] = LIMITS[field];
  const months = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(months >= min && months <= max)) return answer(say(t.retentionBad({ min, max })));
  const saved = await ctx.db.$transaction(async (tx) => {
    const row = await tx.swv.update({ where: { id: actor.swvId }, data: { [field]: months } });
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "settings",
      entityId: actor.swvId,
      action: "privacy.retention.set",
      detail: `${field}: ${months}`,
    });
    return row;
  });
  return answer(say(t.retentionSet({ months: saved.retentionMonths, audit: saved.auditRetentionMonths })));
}

export const privacyRoutes: Routes = {
  commands: {
    privacy: (ctx, args) => {
      const [sub, ...rest] = args;
      if (sub === "inzage") return inzage(ctx, rest);
      if (sub === "wissen") return wissen(ctx, rest);
      if (sub === "bewaartermijn") return retentionPeriod(ctx, rest);
      return Promise.resolve(answer(say(privacyTexts(ctx.actor.locale).usage)));
    },
  },
  actions: { [privacyActions.erase]: confirmErase },
};
