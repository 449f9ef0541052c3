import { formatDateTime } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { snapshot } from "./service.ts";
import { texts } from "./texts.ts";

/** One line about a case's knooppunt meetings for its status card (e.g. "Overleg bevestigd:
 * di 25 nov. 2026 14:00"), or null when none is planned. The newest meeting counts: proposing
 * cancels an open one, so it is the open proposal or else the latest confirmed meeting. */
export async function describeMeetings(
  db: Db,
  caseId: string,
  locale: Locale,
  timezone: string,
): Promise<string | null> {
  const latest = await db.meeting.findFirst({
    where: { caseId, status: { in: ["gepland", "bevestigd"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!latest) return null;
  const t = texts(locale);
  const { facts, tally } = await snapshot(db, latest.id, locale);
  const confirmed = facts.slots.find((slot) => slot.id === facts.confirmedSlotId);
  if (!confirmed)
    return t.summaryPlanned({
      slots: facts.slots.length,
      answered: tally.complete.length,
      asked: tally.asked.length,
    });
  const when = formatDateTime(confirmed.startsAt, locale, timezone);
  return t.summaryConfirmed({ when, minutes: facts.durationMin, location: facts.location });
}
