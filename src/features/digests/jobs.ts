/** `digests.post`, 09:00 on weekdays: each subscribed board channel gets its digest as one post
 * through the outbox (in consecutive parts when too long for one message: paging.ts). Monthly: on the first working day of the month, for the month before.
 * Quarterly: after each thuiszitter registration closes (Sep, Dec, Mar, Jun), on the first working
 * day of January, April, July and October, for the calendar quarter before. The outbox key
 * `digest:<channel>:<period>` makes it once per channel and period; a run that was missed (the
 * process was down) posts at the next run. A subscription made after the posting moment of this
 * month waits for the next one. Working days: Monday to Friday without public days off (boards
 * work through school holidays). */
import { post } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { addDays, atLocal, dateIn, type LocalDate, localDate, weekday } from "../cycles/dates.ts";
import { publicDaysOff } from "../cycles/holidays.ts";
import type { JobDeps } from "../jobs.ts";
import { buildDigest } from "./digest.ts";
import { lastComplete, type PeriodKind } from "./periods.ts";
import { digestPosts } from "./views.ts";

export function digestJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "digests.post",
      cron: "0 9 * * 1-5",
      run: async () => {
        if (await postDigests(deps)) deps.notify();
      },
    },
  ];
}

export function firstWorkingDay(year: number, month: number): LocalDate {
  let day = localDate(year, month, 1);
  const off = publicDaysOff(year);
  while (weekday(day) > 5 || off.includes(day)) day = addDays(day, 1);
  return day;
}

/** The moment this month's digest of `cadence` is due, or null when none is due this month. */
export function postingMoment(cadence: PeriodKind, today: LocalDate, timeZone: string): Date | null {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (cadence === "kwartaal" && ![1, 4, 7, 10].includes(month)) return null;
  return atLocal(firstWorkingDay(year, month), 9 * 60, timeZone);
}

/** Queues the digests that are due; returns how many were queued. */
export async function postDigests(deps: JobDeps): Promise<number> {
  const { db, timezone } = deps;
  const now = deps.clock.now();
  const today = dateIn(now, timezone);
  let queued = 0;
  const subscriptions = await db.digestSubscription.findMany({ orderBy: { createdAt: "asc" } });
  for (const s of subscriptions) {
    const cadence = s.cadence as PeriodKind;
    const due = postingMoment(cadence, today, timezone);
    if (!due || now < due || s.createdAt > due) continue;
    const period = lastComplete(cadence, today);
    const key = `digest:${s.channelId}:${period.key}`;
    if (await db.outboxMessage.findUnique({ where: { idempotencyKey: key }, select: { id: true } })) continue;
    const board = s.boardId ? await db.board.findUnique({ where: { id: s.boardId } }) : null;
    const digest = await buildDigest(db, {
      swvId: s.swvId,
      period,
      boardNumber: board?.duoNumber ?? null,
      timeZone: timezone,
      locale: deps.locale,
    });
    // One post, or its parts in order (posts to one channel go out in the order they were queued):
    // part 1 keeps the period's key, part n gets `:deel-n`, so each part is queued once.
    const parts = digestPosts(digest, deps.locale);
    await db.$transaction(async (tx) => {
      for (const [i, view] of parts.entries())
        await post(tx, now, i === 0 ? key : `${key}:deel-${i + 1}`, s.channelId, view);
    });
    queued++;
  }
  return queued;
}
