/** The prompt DM of a check-in (its own file: the card refresh in cards.ts renders it from the
 * store's answer path, which must not import the forms). */
import {
  type Button,
  buttons,
  facts,
  heading,
  type MessageView,
  message,
  note,
  text,
} from "../../chat/views.ts";
import { formatDate } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import { cycleActions } from "./actions.ts";
import { atLocal, type LocalDate } from "./dates.ts";
import type { CycleMoment } from "./moments.ts";
import { checkinTexts } from "./texts.ts";

export type PromptKind = "announce" | "remind" | "nudge" | "escalate" | "later";

/** "di 30 sep. 2026": a local date as the messages show it (noon, so no zone shifts the day). */
export const showDay = (day: LocalDate, locale: Locale, timeZone: string) =>
  formatDate(atLocal(day, 12 * 60, timeZone), locale, timeZone);

export interface PromptItem {
  instanceId: string;
  school: string;
  overdue: boolean;
  /** For an escalation: whose check-in it is. */
  ownerName?: string;
  /** Answered since the prompt went out (the card is updated: no button for it any more). */
  answered?: boolean;
}

/** One prompt to one person: a moment, the schools it lists, their progress, a form button per
 * school and (for the owner) the "later" choice. */
export function promptMessage(p: {
  locale: Locale;
  timeZone: string;
  kind: PromptKind;
  moment: CycleMoment;
  periodKey: string;
  due: LocalDate;
  items: PromptItem[];
  progress: { answered: number; total: number };
}): MessageView {
  const t = checkinTexts(p.locale);
  const moment = p.moment.name[p.locale];
  const due = showDay(p.due, p.locale, p.timeZone);
  const titles = {
    announce: [t.announceTitle, t.announceText],
    remind: [t.remindTitle, t.remindText],
    nudge: [t.nudgeTitle, t.nudgeText],
    escalate: [t.escalateTitle, t.escalateText],
    later: [t.laterTitle, t.laterText],
  } as const;
  const [title, body] = titles[p.kind];
  const fill: Button[] = p.items
    .filter((i) => !i.answered)
    .slice(0, 20)
    .map((i) => ({
      action: cycleActions.open,
      label: t.fill({ school: i.school }),
      value: i.instanceId,
      style: "primary",
      opensForm: true,
    }));
  const later: Button[] =
    p.kind === "escalate"
      ? []
      : [
          {
            action: cycleActions.later,
            label: t.laterTomorrow,
            value: `tomorrow|${p.moment.key}|${p.periodKey}`,
          },
          {
            action: cycleActions.later,
            label: t.laterNextWeek,
            value: `week|${p.moment.key}|${p.periodKey}`,
          },
        ];
  return message(
    heading(title({ moment })),
    text(body({ due })),
    facts(
      p.items.map((i) => ({
        label: i.school,
        value: [
          i.answered ? t["state.answered"] : i.overdue ? t.overdue : t.open,
          i.ownerName ? t.owner({ name: i.ownerName }) : "",
        ]
          .filter(Boolean)
          .join(", "),
      })),
    ),
    note(t.progress(p.progress)),
    buttons([...fill, ...later]),
  );
}
