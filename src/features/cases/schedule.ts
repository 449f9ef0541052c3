import { buttons, message, text } from "../../chat/views.ts";
import { formatDate, isoDay, nextWorkingDay, parseLocal } from "../../core/format.ts";
import { sendDm } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { audit } from "../audit/audit.ts";
import type { JobDeps } from "../jobs.ts";
import { namesOf } from "../people/lookup.ts";
import { caseActions } from "./actions.ts";
import { recordCaseEvent } from "./events.ts";
import { localesOf } from "./service.ts";
import { caseTexts } from "./texts.ts";

export function caseJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "cases.action-reminders",
      cron: "0 8 * * 1-5",
      run: async () => void (await runActionReminders(deps)),
    },
  ];
}

/**
 * The morning run on working days, for the open actions of open cases:
 * - due on the next working day or sooner (not yet overdue), not reminded yet: the owner gets a reminder;
 * - past the due date (the due day is over), not flagged yet: the owner and the regisseur are told,
 *   and the case's timeline records it.
 * Each action is handled in its own transaction, so a failure leaves the others done.
 */
export async function runActionReminders(deps: JobDeps): Promise<{ reminded: number; flagged: number }> {
  const { db, clock, timezone } = deps;
  const now = clock.now();
  const today = parseLocal(isoDay(now, timezone), timezone) as Date;
  const horizon = parseLocal(nextWorkingDay(now, timezone), timezone) as Date;
  const open = { status: "open", case: { closedAt: null } };
  const include = { case: { select: { id: true, code: true, swvId: true, regisseurId: true } } } as const;
  const dueSoon = await db.caseAction.findMany({
    where: { ...open, reminderSentAt: null, dueDate: { gte: today, lte: horizon } },
    include,
  });
  const overdue = await db.caseAction.findMany({
    where: { ...open, overdueFlaggedAt: null, dueDate: { lt: today } },
    include,
  });
  const people = [...dueSoon, ...overdue].flatMap((a) => [a.ownerId, a.case.regisseurId]);
  const localeOf = await localesOf(db, people, deps.locale);
  const names = await namesOf(db, people);

  for (const a of dueSoon) {
    const locale = localeOf(a.ownerId);
    const due = formatDate(a.dueDate, locale, timezone);
    await db.$transaction(async (tx) => {
      await tx.caseAction.update({ where: { id: a.id }, data: { reminderSentAt: now } });
      await sendDm(
        tx,
        now,
        `action:${a.id}:reminder`,
        a.ownerId,
        message(
          text(caseTexts(locale).reminderDm({ code: a.case.code, description: a.description, due })),
          buttons(actionButtons(locale, a.id, a.case.id)),
        ),
      );
      await audit(tx, null, a.case.swvId, now, {
        access: "read",
        entity: "case",
        entityId: a.case.id,
        action: "case.action.reminder",
      });
    });
  }

  for (const a of overdue) {
    await db.$transaction(async (tx) => {
      await tx.caseAction.update({ where: { id: a.id }, data: { overdueFlaggedAt: now } });
      for (const personId of new Set([a.ownerId, a.case.regisseurId])) {
        const locale = localeOf(personId);
        const t = caseTexts(locale);
        const p = {
          code: a.case.code,
          description: a.description,
          due: formatDate(a.dueDate, locale, timezone),
        };
        await sendDm(
          tx,
          now,
          `action:${a.id}:overdue:${personId}`,
          personId,
          message(
            text(
              personId === a.ownerId
                ? t.overdueOwnerDm(p)
                : t.overdueRegisseurDm({ ...p, owner: names.get(a.ownerId) ?? "" }),
            ),
            buttons(actionButtons(locale, a.id, a.case.id)),
          ),
        );
      }
      await recordCaseEvent(tx, {
        caseId: a.case.id,
        actorId: null,
        type: "action-overdue",
        data: { text: a.description },
        now,
      });
      await audit(tx, null, a.case.swvId, now, {
        access: "write",
        entity: "case",
        entityId: a.case.id,
        action: "case.action.overdue",
      });
    });
  }
  if (dueSoon.length + overdue.length) deps.notify();
  return { reminded: dueSoon.length, flagged: overdue.length };
}

function actionButtons(locale: "nl" | "en", actionId: string, caseId: string) {
  const t = caseTexts(locale);
  return [
    { action: caseActions.actionDone, label: t.markDone, value: actionId, style: "primary" as const },
    { action: caseActions.show, label: t.show, value: caseId },
  ];
}
