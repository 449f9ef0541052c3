import { buttons, text, message as view } from "../../chat/views.ts";
import { formatDate, isoDay, nextWorkingDay, parseLocal } from "../../core/format.ts";
import { enqueueMany } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { auditSystem } from "../audit/audit.ts";
import type { JobDeps } from "../jobs.ts";
import { namesOf } from "../people/lookup.ts";
import { caseActions } from "./actions.ts";
import { recordCaseEvents } from "./events.ts";
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

/** Actions per batch: one read, one transaction (claim, messages, timeline, audit) per batch. A
 * transaction costs more than its rows: 1,000 a batch ran 10,000 actions about twice as fast as 200. */
export const REMINDER_BATCH = 1000;

/**
 * The morning run on working days, for the open actions of open cases:
 * - due on the next working day or sooner (not yet overdue), not reminded yet: the owner gets a reminder;
 * - past the due date (the due day is over), not flagged yet: the owner and the regisseur are told,
 *   and the case's timeline records it.
 * In batches of REMINDER_BATCH actions, each in one transaction with one insert per table: a
 * constant number of queries per batch. A batch marks its actions, so a run that stopped resumes
 * with the actions not handled yet; a failed batch leaves the others done.
 */
export async function runActionReminders(
  deps: JobDeps,
  batchSize = REMINDER_BATCH,
): Promise<{ reminded: number; flagged: number }> {
  const { clock, timezone } = deps;
  const now = clock.now();
  const today = parseLocal(isoDay(now, timezone), timezone) as Date;
  const horizon = parseLocal(nextWorkingDay(now, timezone), timezone) as Date;
  const open = { status: "open", case: { closedAt: null } };
  const dueSoon = { ...open, reminderSentAt: null, dueDate: { gte: today, lte: horizon } };
  const overdue = { ...open, overdueFlaggedAt: null, dueDate: { lt: today } };
  const reminded = await inPages(deps, dueSoon, batchSize, (batch) => remindBatch(deps, now, batch));
  const flagged = await inPages(deps, overdue, batchSize, (batch) => flagBatch(deps, now, batch));
  if (reminded + flagged) deps.notify();
  return { reminded, flagged };
}

const withCase = { case: { select: { id: true, code: true, swvId: true, regisseurId: true } } } as const;

type Due = {
  id: string;
  description: string;
  ownerId: string;
  dueDate: Date;
  case: { id: string; code: string; swvId: string; regisseurId: string };
};

/** Runs `handle` on the actions matching `where`, `size` at a time; returns how many. A handled
 * batch is marked, so it leaves `where` (and its index range: no sorting, no cursor); an action
 * seen twice means a batch was not marked (a second run marked it), and the run stops there. */
async function inPages(
  deps: JobDeps,
  where: object,
  size: number,
  handle: (batch: Due[]) => Promise<void>,
): Promise<number> {
  const seen = new Set<string>();
  for (;;) {
    const batch: Due[] = await deps.db.caseAction.findMany({ where, include: withCase, take: size });
    if (!batch.length || batch.some((a) => seen.has(a.id))) return seen.size;
    await handle(batch);
    for (const a of batch) seen.add(a.id);
    if (batch.length < size) return seen.size;
  }
}

/** Who reads in which language, and their names, for one batch (two queries). */
async function peopleOf(deps: JobDeps, batch: Due[]) {
  const people = batch.flatMap((a) => [a.ownerId, a.case.regisseurId]);
  const [localeOf, names] = await Promise.all([
    localesOf(deps.db, people, deps.locale),
    namesOf(deps.db, people),
  ]);
  return { localeOf, names };
}

async function remindBatch(deps: JobDeps, now: Date, batch: Due[]): Promise<void> {
  const { localeOf } = await peopleOf(deps, batch);
  await deps.db.$transaction(async (tx) => {
    await tx.caseAction.updateMany({
      where: { id: { in: batch.map((a) => a.id) } },
      data: { reminderSentAt: now },
    });
    await enqueueMany(
      tx,
      now,
      batch.map((a) => {
        const locale = localeOf(a.ownerId);
        const due = formatDate(a.dueDate, locale, deps.timezone);
        const message = view(
          text(caseTexts(locale).reminderDm({ code: a.case.code, description: a.description, due })),
          buttons(actionButtons(locale, a.id, a.case.id)),
        );
        return { key: `action:${a.id}:reminder`, request: { op: "dm", personId: a.ownerId, message } };
      }),
    );
    await auditSystem(
      tx,
      now,
      batch.map((a) => ({
        swvId: a.case.swvId,
        access: "read",
        entity: "case",
        entityId: a.case.id,
        action: "case.action.reminder",
      })),
    );
  });
}

async function flagBatch(deps: JobDeps, now: Date, batch: Due[]): Promise<void> {
  const { localeOf, names } = await peopleOf(deps, batch);
  await deps.db.$transaction(async (tx) => {
    await tx.caseAction.updateMany({
      where: { id: { in: batch.map((a) => a.id) } },
      data: { overdueFlaggedAt: now },
    });
    await enqueueMany(
      tx,
      now,
      batch.flatMap((a) =>
        [...new Set([a.ownerId, a.case.regisseurId])].map((personId) => {
          const locale = localeOf(personId);
          const t = caseTexts(locale);
          const p = {
            code: a.case.code,
            description: a.description,
            due: formatDate(a.dueDate, locale, deps.timezone),
          };
          const message = view(
            text(
              personId === a.ownerId
                ? t.overdueOwnerDm(p)
                : t.overdueRegisseurDm({ ...p, owner: names.get(a.ownerId) ?? "" }),
            ),
            buttons(actionButtons(locale, a.id, a.case.id)),
          );
          return {
            key: `action:${a.id}:overdue:${personId}`,
            request: { op: "dm" as const, personId, message },
          };
        }),
      ),
    );
    await recordCaseEvents(
      tx,
      batch.map((a) => ({
        caseId: a.case.id,
        actorId: null,
        type: "action-overdue",
        data: { text: a.description },
        now,
      })),
    );
    await auditSystem(
      tx,
      now,
      batch.map((a) => ({
        swvId: a.case.swvId,
        access: "write",
        entity: "case",
        entityId: a.case.id,
        action: "case.action.overdue",
      })),
    );
  });
}

function actionButtons(locale: "nl" | "en", actionId: string, caseId: string) {
  const t = caseTexts(locale);
  return [
    { action: caseActions.actionDone, label: t.markDone, value: actionId, style: "primary" as const },
    { action: caseActions.show, label: t.show, value: caseId },
  ];
}
