import { formatDate, formatDateTime } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import { insertRows, newId } from "../../store/bulk.ts";
import type { Tx } from "../../store/client.ts";
import type { CaseEventRow } from "../../store/rows.ts";
import { texts as meetingTexts } from "../meetings/texts.ts";
import { type CaseForm, type CaseOutcome, caseTexts } from "./texts.ts";

/** The facts of a timeline event, language-free: texts the users wrote (`text`, `names`), keys
 * (`status`, `outcome`), numbers and ISO times. Rendered in the reader's language. */
export type CaseEventData = {
  code?: string;
  text?: string;
  names?: string;
  status?: string;
  outcome?: string;
  slots?: number;
  /** An ISO time: a consent date, a meeting's start. */
  at?: string;
  /** Why a meeting lapsed: new times were proposed, or the case was closed. */
  reason?: "replaced" | "case-closed";
};

/** The one writer of a case's timeline (cases, their jobs and meetings): an event code with data. */
export function recordCaseEvent(
  tx: Tx,
  e: { caseId: string; actorId: string | null; type: string; data: CaseEventData; now: Date },
) {
  return tx.caseEvent.create({
    data: {
      caseId: e.caseId,
      actorId: e.actorId,
      type: e.type,
      data: JSON.stringify(e.data),
      createdAt: e.now,
    },
  });
}

/** `recordCaseEvent` for many events in one insert (a job's batch, see store/bulk.ts). */
export async function recordCaseEvents(
  tx: Tx,
  events: { caseId: string; actorId: string | null; type: string; data: CaseEventData; now: Date }[],
): Promise<void> {
  await insertRows(
    tx,
    "CaseEvent",
    events.map((e) => ({
      id: newId(),
      caseId: e.caseId,
      actorId: e.actorId,
      type: e.type,
      summary: "",
      data: JSON.stringify(e.data),
      createdAt: e.now,
    })),
  );
}

function parse(data: string | null): CaseEventData | null {
  if (!data) return null;
  try {
    return JSON.parse(data) as CaseEventData;
  } catch {
    return null;
  }
}

/** What an event says, in `locale`. Rows from before `data` existed show their stored summary. */
export function describeEvent(
  e: Pick<CaseEventRow, "type" | "summary" | "data">,
  locale: Locale,
  timezone: string,
): string {
  const t = caseTexts(locale);
  const mt = meetingTexts(locale);
  const d = parse(e.data);
  const label = (t as unknown as Record<string, unknown>)[`event.${e.type}`];
  if (!d)
    return typeof label === "string" && e.summary ? `${label}: ${e.summary}` : (label as string) || e.summary;
  const at = d.at ? new Date(d.at) : null;
  switch (e.type) {
    case "meeting.proposed":
      return mt.eventProposed({ slots: d.slots ?? 0 });
    case "meeting.confirmed":
      return mt.eventConfirmed({ when: at ? formatDateTime(at, locale, timezone) : "" });
    case "meeting.cancelled":
      return d.reason === "case-closed" ? mt.eventCancelledClosed : mt.eventCancelled;
  }
  const detail =
    d.status !== undefined
      ? (t[`status.${d.status as CaseForm}`] ?? d.status)
      : d.outcome !== undefined
        ? (t[`outcome.${d.outcome as CaseOutcome}`] ?? d.outcome)
        : at
          ? formatDate(at, locale, timezone)
          : (d.text ?? d.names ?? d.code ?? "");
  const name = typeof label === "string" ? label : e.type;
  return detail ? `${name}: ${detail}` : name;
}
