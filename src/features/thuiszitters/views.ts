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
import type { Locale } from "../../core/i18n.ts";
import type { ThuiszitterRow } from "../../store/rows.ts";
import { caseActions } from "../cases/actions.ts";
import type { LocalDate } from "../cycles/dates.ts";
import { thuiszitterActions } from "./actions.ts";
import { type ClockState, clocksOf, daysBetween } from "./service.ts";
import { labels, OUTCOMES, thuiszitterTexts } from "./texts.ts";

/** The button that shows a record's card (where it is ended). */
export const cardButton = (locale: Locale, r: ThuiszitterRow): Button => ({
  action: thuiszitterActions.card,
  label: thuiszitterTexts(locale).show({ ref: r.pupilRef }),
  value: r.id,
});

/** The IB'er's record card (a DM): the situation, the clocks, and the end button while open. */
export function recordCard(
  locale: Locale,
  r: ThuiszitterRow,
  schoolName: string,
  today: LocalDate,
): MessageView {
  const t = thuiszitterTexts(locale);
  const l = labels(locale);
  return message(
    heading(t.cardTitle({ ref: r.pupilRef })),
    facts([
      { label: t.school, value: schoolName },
      { label: t.reported, value: r.reportedOn },
      { label: t.offer, value: l.offers[r.offer] ?? r.offer },
      ...clocksOf(r).map((c) => ({
        label: l.clocks[c.clock] ?? c.clock,
        value: clockCell(locale, r, c, today),
      })),
    ]),
    r.state === "ended" &&
      note(t.ended({ outcome: l.outcomes[r.outcome ?? ""] ?? "", date: r.endedOn ?? "" })),
    r.state === "open" &&
      buttons([{ action: thuiszitterActions.end, label: t.endButton, value: r.id, opensForm: true }]),
  );
}

const clockCell = (locale: Locale, r: ThuiszitterRow, c: ClockState, today: LocalDate) => {
  const t = thuiszitterTexts(locale);
  return c.met ? t.done : t.daysOf({ days: daysBetween(r.reportedOn, today), limit: c.limit });
};

export function endForm(locale: Locale, r: ThuiszitterRow): FormView {
  const t = thuiszitterTexts(locale);
  const l = labels(locale);
  return {
    id: thuiszitterActions.end,
    title: t.endTitle,
    submitLabel: t.endSubmit,
    context: r.id,
    intro: t.cardTitle({ ref: r.pupilRef }),
    fields: [
      {
        name: "outcome",
        label: t.outcome,
        kind: "select",
        required: true,
        options: OUTCOMES.map((o) => ({ value: o, label: l.outcomes[o] ?? o })),
      },
      { name: "date", label: t.endDate, kind: "date", required: true },
    ],
  };
}

/** `/knoop thuiszitters`: the consultant's table, days elapsed per clock ("klaar" once met). */
export function listView(
  locale: Locale,
  rows: (ThuiszitterRow & { schoolName: string })[],
  today: LocalDate,
): MessageView {
  const t = thuiszitterTexts(locale);
  const l = labels(locale);
  if (!rows.length) return message(heading(t.listTitle), text(t.listEmpty));
  return message(
    heading(t.listTitle),
    table({
      columns: l.cols,
      rows: rows.map((r) => [
        r.pupilRef,
        r.schoolName,
        r.reportedOn,
        ...clocksOf(r).map((c) => clockCell(locale, r, c, today)),
        r.caseCode ?? "",
      ]),
    }),
  );
}

/** A clock's warning (a week before) or flag (passed), to the IB'er and the consultant. */
export function clockMessage(
  locale: Locale,
  step: "warn" | "flag",
  r: ThuiszitterRow,
  c: ClockState,
  schoolName: string,
): MessageView {
  const t = thuiszitterTexts(locale);
  const p = {
    ref: r.pupilRef,
    clock: labels(locale).clocks[c.clock] ?? c.clock,
    deadline: c.deadline,
    school: schoolName,
  };
  return step === "warn"
    ? message(heading(t.warnTitle(p)), text(t.warnText(p)), buttons([cardButton(locale, r)]))
    : message(heading(t.flagTitle(p)), text(t.flagText(p)), buttons([cardButton(locale, r)]));
}

/** The knooppunt proposal: the button opens the case form prefilled from the record. */
export function proposeMessage(locale: Locale, r: ThuiszitterRow, schoolName: string): MessageView {
  const t = thuiszitterTexts(locale);
  return message(
    heading(t.proposeTitle({ ref: r.pupilRef })),
    text(t.proposeText({ school: schoolName })),
    buttons([
      {
        action: caseActions.openFromThuiszitter,
        label: t.openCase,
        value: r.id,
        style: "primary",
        opensForm: true,
      },
    ]),
  );
}
