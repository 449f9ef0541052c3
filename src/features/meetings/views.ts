import {
  type Button,
  buttons,
  type FormView,
  facts,
  heading,
  type MessageView,
  message,
  note,
  table,
  text,
} from "../../chat/views.ts";
import { formatDateTime } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import { meetingActions } from "./actions.ts";
import { type Answer, answerKinds, type SlotTally, type Tally } from "./tally.ts";
import { texts } from "./texts.ts";

export const slotFields = ["slot1", "slot2", "slot3", "slot4", "slot5"] as const;
export const durations = ["30", "45", "60", "90"] as const;

/** A meeting as the messages show it. */
export interface MeetingFacts {
  id: string;
  code: string;
  regisseur: string;
  location: string | null;
  durationMin: number;
  slots: { id: string; startsAt: Date }[];
  confirmedSlotId: string | null;
}

/** The form `meeting.create`; its context is the case id. */
export function proposalForm(locale: Locale, caseId: string, code: string): FormView {
  const t = texts(locale);
  return {
    id: meetingActions.create,
    title: t.formTitle,
    submitLabel: t.formSubmit,
    context: caseId,
    intro: t.formIntro({ code }),
    fields: [
      ...slotFields.map((name, i) => ({
        name,
        label: t.slotLabel({ n: i + 1 }),
        kind: "datetime" as const,
        required: i < 2,
        hint: i === 0 ? t.slotHint : undefined,
      })),
      {
        name: "duration",
        label: t.durationLabel,
        kind: "select",
        required: true,
        value: "60",
        options: durations.map((n) => ({ value: n, label: t.minutes({ n: Number(n) }) })),
      },
      { name: "location", label: t.locationLabel, kind: "text", hint: t.locationHint, maxLength: 200 },
    ],
  };
}

/** The DM to a participant: the times with their answers so far, and three buttons per time. */
export function askMessage(
  locale: Locale,
  timezone: string,
  meeting: MeetingFacts,
  mine: Map<string, Answer>,
): MessageView {
  const t = texts(locale);
  const when = (d: Date) => formatDateTime(d, locale, timezone);
  const answers: Button[] = meeting.slots.flatMap((slot) =>
    answerKinds.map((kind) => {
      const chosen = mine.get(slot.id) === kind;
      return {
        action: meetingActions.answer,
        value: `${slot.id}:${kind}`,
        label: `${when(slot.startsAt)}: ${chosen ? "✓ " : ""}${t[kind]}`,
        ...(chosen ? { style: "primary" as const } : {}),
      };
    }),
  );
  const answer = (slotId: string) => {
    const given = mine.get(slotId);
    return given ? `✓ ${t[given]}` : t.noAnswer;
  };
  return message(
    heading(t.askTitle({ code: meeting.code })),
    text(t.askText({ regisseur: meeting.regisseur, minutes: meeting.durationMin })),
    facts([
      ...meeting.slots.map((slot) => ({ label: when(slot.startsAt), value: answer(slot.id) })),
      ...(meeting.location ? [{ label: t.location, value: meeting.location }] : []),
    ]),
    buttons(answers),
  );
}

/** The regisseur's live overview: a table of answers per time, the best time marked, and a
 * confirm button per time (the best one primary) until a time is confirmed. */
export function tallyMessage(
  locale: Locale,
  timezone: string,
  meeting: MeetingFacts,
  result: Tally,
  names: Map<string, string>,
): MessageView {
  const t = texts(locale);
  const when = (d: Date) => formatDateTime(d, locale, timezone);
  // Names when few enough to read in a table cell, else the count only.
  const cell = (ids: string[]) => {
    if (!ids.length || ids.length > 3) return String(ids.length);
    const who = ids.map((id) => names.get(id) ?? "?").sort((a, b) => a.localeCompare(b, "nl"));
    return `${ids.length}: ${who.join(", ")}`;
  };
  const confirmed = meeting.slots.find((s) => s.id === meeting.confirmedSlotId);
  const isBest = (row: SlotTally) => (confirmed ? row.slotId === confirmed.id : row === result.best);
  return message(
    heading(t.tallyTitle({ code: meeting.code })),
    text(
      confirmed
        ? t.tallyConfirmed({ when: when(confirmed.startsAt) })
        : t.tallyText({
            answered: result.complete.length,
            asked: result.asked.length,
            best: result.best ? when(result.best.startsAt) : "-",
          }),
    ),
    table({
      columns: [t.columnSlot, t.kan, t.liever_niet, t.kan_niet, t.columnPending],
      rows: result.slots.map((row) => [
        `${isBest(row) ? "★ " : ""}${when(row.startsAt)}`,
        cell(row.kan),
        cell(row.liever_niet),
        cell(row.kan_niet),
        cell(row.pending),
      ]),
    }),
    note(confirmed ? undefined : t.tallyNote),
    buttons(
      confirmed
        ? []
        : result.slots.map((row) => ({
            action: meetingActions.confirm,
            value: row.slotId,
            label: t.confirm({ when: when(row.startsAt) }),
            ...(row === result.best ? { style: "primary" as const } : {}),
          })),
    ),
  );
}

/** The DM with the confirmed meeting (also the reminder, with another title). */
export function confirmedMessage(
  locale: Locale,
  timezone: string,
  meeting: MeetingFacts,
  kind: "confirmed" | "reminder",
): MessageView {
  const t = texts(locale);
  const slot = meeting.slots.find((s) => s.id === meeting.confirmedSlotId);
  const when = slot ? formatDateTime(slot.startsAt, locale, timezone) : "-";
  const { code } = meeting;
  return message(
    heading(kind === "confirmed" ? t.confirmedTitle({ code }) : t.reminderTitle({ code })),
    text(kind === "confirmed" ? t.confirmedText({ code, when }) : t.reminderText({ code, when })),
    facts([
      { label: t.when, value: when },
      { label: t.duration, value: t.minutes({ n: meeting.durationMin }) },
      { label: t.location, value: meeting.location ?? t.unknownLocation },
      { label: t.caseLabel, value: code },
      { label: t.regisseur, value: meeting.regisseur },
    ]),
  );
}
