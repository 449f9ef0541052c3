import { isoDay, nextWorkingDay, parseLocal } from "../../core/format.ts";
import { enqueueMany } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import type { JobDeps } from "../jobs.ts";
import { snapshots } from "./service.ts";
import { confirmedMessage } from "./views.ts";

/** Every working morning at 9: the reminders for tomorrow's meetings (on Friday: Monday's). */
export function meetingJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "meetings.reminders",
      cron: "0 9 * * 1-5",
      run: async () => {
        if (await runMeetingReminders(deps)) deps.notify();
      },
    },
  ];
}

/** Meetings per batch: one read, one transaction (claim and messages) per batch. */
const BATCH = 1000;

/** DMs every participant of each confirmed meeting that is still ahead and falls on or before
 * the next working day (a weekend meeting is reminded on Friday), once. In batches of 1,000
 * meetings, each in one transaction with one insert of messages; a batch marks its meetings, so a
 * run that stopped resumes with the rest. Returns how many meetings. */
export async function runMeetingReminders(deps: JobDeps): Promise<number> {
  const { db, clock, timezone, locale } = deps;
  const now = clock.now();
  const until = nextWorkingDay(now, timezone);
  // The confirmed slot is checked below; this bounds the candidates to slots before the day after.
  const before = new Date((parseLocal(until, timezone) as Date).getTime() + 36 * 3_600_000);
  let reminded = 0;
  let after: string | undefined;
  for (;;) {
    const candidates = await db.meeting.findMany({
      where: {
        status: "bevestigd",
        reminderSentAt: null,
        case: { status: { not: "afgesloten" } },
        slots: { some: { startsAt: { gt: now, lt: before } } },
        ...(after ? { id: { gt: after } } : {}),
      },
      include: { slots: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    const due = candidates.filter((m) => {
      const slot = m.slots.find((s) => s.id === m.confirmedSlotId);
      return slot && slot.startsAt > now && isoDay(slot.startsAt, timezone) <= until;
    });
    if (due.length) {
      const all = await snapshots(
        db,
        due.map((m) => m.id),
        locale,
      );
      await db.$transaction(async (tx) => {
        await tx.meeting.updateMany({
          where: { id: { in: due.map((m) => m.id) }, reminderSentAt: null },
          data: { reminderSentAt: now },
        });
        // The keys are per meeting and person: a second run queues nothing twice.
        await enqueueMany(
          tx,
          now,
          all.flatMap((s) =>
            s.everyone.map((personId) => ({
              key: `meeting:${s.meeting.id}:reminder:${personId}`,
              request: {
                op: "dm" as const,
                personId,
                message: confirmedMessage(s.localeOf(personId), timezone, s.facts, "reminder"),
              },
            })),
          ),
        );
      });
    }
    reminded += due.length;
    if (candidates.length < BATCH) return reminded;
    after = candidates[candidates.length - 1]?.id;
  }
}
