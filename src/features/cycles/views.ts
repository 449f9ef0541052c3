import {
  type Button,
  buttons,
  type FormValues,
  type FormView,
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
import { FORMS, fieldsWith } from "./forms.ts";
import type { CycleMoment } from "./moments.ts";
import type { LoadedInstance } from "./service.ts";
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
  const fill: Button[] = p.items.slice(0, 20).map((i) => ({
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
        value: [i.overdue ? t.overdue : t.open, i.ownerName ? t.owner({ name: i.ownerName }) : ""]
          .filter(Boolean)
          .join(", "),
      })),
    ),
    note(t.progress(p.progress)),
    buttons([...fill, ...later]),
  );
}

/** The answer form of an instance, with the stored answer (an edit) or the submitted values. */
export function answerForm(
  locale: Locale,
  timeZone: string,
  instance: LoadedInstance,
  values?: FormValues,
): FormView {
  const t = checkinTexts(locale);
  const form = FORMS[instance.moment.key];
  const moment = instance.moment.name[locale];
  const intro = instance.answer
    ? t.formEditIntro({
        moment,
        school: instance.schoolName,
        closes: showDay(instance.closesOn, locale, timeZone),
      })
    : t.formIntro({ moment, school: instance.schoolName, due: showDay(instance.dueOn, locale, timeZone) });
  const extra = form.intro?.(t);
  return {
    id: cycleActions.answer,
    title: t.formTitle,
    submitLabel: t.submit,
    context: instance.id,
    intro: extra ? `${intro} ${typeof extra === "string" ? extra : ""}`.trim() : intro,
    fields: fieldsWith(form, locale, values ?? instance.answer ?? {}),
  };
}
