import { isoDay, nextWorkingDay } from "../../core/format.ts";
import { sendDm } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import type { JobDeps } from "../jobs.ts";
import { snapshot } from "./service.ts";
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

/** DMs every participant of each confirmed meeting that is still ahead and falls on or before
 * the next working day (a weekend meeting is reminded on Friday), once. Returns how many meetings. */
export async function runMeetingReminders(deps: JobDeps): Promise<number> {
  const { db, clock, timezone, locale } = deps;
  const now = clock.now();
  const until = nextWorkingDay(now, timezone);
  const candidates = await db.meeting.findMany({
    where: {
      status: "bevestigd",
      reminderSentAt: null,
      case: { status: { not: "afgesloten" } },
      slots: { some: { startsAt: { gt: now } } },
    },
    include: { slots: true },
  });
  const due = candidates.filter((m) => {
    const slot = m.slots.find((s) => s.id === m.confirmedSlotId);
    return slot && slot.startsAt > now && isoDay(slot.startsAt, timezone) <= until;
  });
  for (const m of due) {
    await db.$transaction(async (tx) => {
      const claimed = await tx.meeting.updateMany({
        where: { id: m.id, reminderSentAt: null },
        data: { reminderSentAt: now },
      });
      if (!claimed.count) return;
      const s = await snapshot(tx, m.id, locale);
      for (const personId of s.everyone) {
        const message = confirmedMessage(s.localeOf(personId), timezone, s.facts, "reminder");
        await sendDm(tx, now, `meeting:${m.id}:reminder:${personId}`, personId, message);
      }
    });
  }
  return due.length;
}
