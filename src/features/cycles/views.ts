import { md } from "../../chat/inline.ts";
import {
  type Button,
  buttons,
  type Field,
  type FormValues,
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
import { cycleActions } from "./actions.ts";
import type { LocalDate } from "./dates.ts";
import { FORMS, fieldsWith } from "./forms.ts";
import type { CycleMoment } from "./moments.ts";
import { periodsOfSchoolYear } from "./periods.ts";
import { type PromptItem, showDay } from "./prompt-view.ts";
import type { LoadedInstance } from "./service.ts";
import type { MomentOverview, MomentSetting, OverviewRow } from "./staff.ts";
import { checkinTexts } from "./texts.ts";

export { type PromptItem, type PromptKind, promptMessage, showDay } from "./prompt-view.ts";

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

// ---------------------------------------------------------------- SWV staff

/** Schools per page of the overview: with a remind and a waive button each, it stays readable for
 * a 300-school SWV (filter by board to narrow it). */
export const PAGE = 10;

export interface OverviewFilterState {
  momentKey?: string;
  board?: string;
  page?: number;
}

/** The button value of the overview's filter: "moment|board|page". */
export const filterValue = (f: OverviewFilterState) =>
  [f.momentKey ?? "", f.board ?? "", f.page ?? 0].join("|");

export function parseFilterValue(value: string): OverviewFilterState {
  const [momentKey = "", board = "", page = "0"] = value.split("|");
  return { momentKey: momentKey || undefined, board: board || undefined, page: Number(page) || 0 };
}

function countsOf(rows: OverviewRow[]) {
  const of = (s: OverviewRow["state"]) => rows.filter((r) => r.state === s).length;
  return {
    answered: of("answered"),
    late: rows.filter((r) => r.state === "answered" && r.late).length,
    open: of("open"),
    overdue: of("overdue"),
    waived: of("waived"),
  };
}

const stateLabel = (t: ReturnType<typeof checkinTexts>, r: OverviewRow) =>
  r.state === "answered" && r.late ? t["state.late"] : t[`state.${r.state}`];

/** Every moment's counts, with a button to its schools (`/knoop cyclus`). */
export function overviewSummary(
  locale: Locale,
  timeZone: string,
  list: MomentOverview[],
  filter: OverviewFilterState,
): MessageView {
  const t = checkinTexts(locale);
  return message(
    heading(
      filter.board ? `${t.overviewTitle} · ${t.overviewBoard({ board: filter.board })}` : t.overviewTitle,
    ),
    ...(list.length ? [] : [text(t.overviewNone)]),
    ...list.flatMap((o) => [
      text(
        t.momentLine({
          moment: o.moment.name[locale],
          period: o.periodKey,
          due: showDay(o.dueOn, locale, timeZone),
        }),
      ),
      note(t.counts(countsOf(o.rows))),
    ]),
    buttons(
      list.map((o) => ({
        action: cycleActions.overview,
        label: t.perSchool({ moment: o.moment.name[locale] }),
        value: filterValue({ ...filter, momentKey: o.moment.key, page: 0 }),
      })),
    ),
  );
}

/** One moment per school, a page at a time, with the remind and waive buttons. `token` makes the
 * reminders of this view idempotent per click (the same button twice sends one message). */
export function overviewDetail(
  locale: Locale,
  timeZone: string,
  o: MomentOverview,
  filter: OverviewFilterState,
  token: string,
): MessageView {
  const t = checkinTexts(locale);
  const pages = Math.max(1, Math.ceil(o.rows.length / PAGE));
  const page = Math.min(filter.page ?? 0, pages - 1);
  const shown = o.rows.slice(page * PAGE, (page + 1) * PAGE);
  const openOnes = (rows: OverviewRow[]) => rows.filter((r) => r.state === "open" || r.state === "overdue");
  const allOpen = openOnes(o.rows).filter((r) => r.ownerId);
  const nav: Button[] = [
    ...(page > 0
      ? [
          {
            action: cycleActions.overview,
            label: t.previous,
            value: filterValue({ ...filter, page: page - 1 }),
          },
        ]
      : []),
    ...(page < pages - 1
      ? [{ action: cycleActions.overview, label: t.next, value: filterValue({ ...filter, page: page + 1 }) }]
      : []),
  ];
  return message(
    heading(o.moment.name[locale]),
    text(
      t.momentLine({
        moment: filter.board ? t.overviewBoard({ board: filter.board }) : t.overviewTitle,
        period: o.periodKey,
        due: showDay(o.dueOn, locale, timeZone),
      }),
    ),
    note(t.counts(countsOf(o.rows))),
    table({
      columns: [o.moment.scope === "school" ? t.colSchool : t.colSubject, t.colState, t.colOwner],
      rows: shown.map((r) => [r.school, stateLabel(t, r), r.owner ?? t.noOwner]),
    }),
    note(t.page({ page: page + 1, pages, total: o.rows.length })),
    buttons([
      ...openOnes(shown).flatMap((r): Button[] => [
        ...(r.ownerId
          ? [
              {
                action: cycleActions.remind,
                label: t.remind({ school: r.school }),
                value: `${r.instanceId}|${token}`,
              },
            ]
          : []),
        {
          action: cycleActions.waive,
          label: t.waive({ school: r.school }),
          value: r.instanceId,
          opensForm: true,
        },
      ]),
      ...(allOpen.length
        ? [
            {
              action: cycleActions.remindAll,
              label: t.remindAll,
              style: "primary" as const,
              value: [o.moment.key, o.periodKey, filter.board ?? "", token].join("|"),
              confirm: {
                title: t.remindAll,
                text: t.remindAllConfirm({ count: allOpen.length }),
                confirm: t.remindAll,
                deny: t.previous,
              },
            },
          ]
        : []),
      ...nav,
    ]),
  );
}

/** The reminder SWV staff send now: one DM to an owner listing their open schools. */
export function staffReminder(p: {
  locale: Locale;
  timeZone: string;
  moment: CycleMoment;
  due: LocalDate;
  from: string;
  items: PromptItem[];
}): MessageView {
  const t = checkinTexts(p.locale);
  return message(
    heading(t.staffRemindTitle({ moment: p.moment.name[p.locale] })),
    text(t.staffRemindText({ name: p.from, due: showDay(p.due, p.locale, p.timeZone) })),
    facts(p.items.map((i) => ({ label: i.school, value: i.overdue ? t.overdue : t.open }))),
    buttons(
      p.items.slice(0, 20).map((i) => ({
        action: cycleActions.open,
        label: t.fill({ school: i.school }),
        value: i.instanceId,
        style: "primary",
        opensForm: true,
      })),
    ),
  );
}

export function waiveForm(
  locale: Locale,
  instanceId: string,
  moment: string,
  school: string,
  values?: FormValues,
): FormView {
  const t = checkinTexts(locale);
  return {
    id: cycleActions.waived,
    title: t.waiveTitle,
    submitLabel: t.waiveSubmit,
    context: instanceId,
    intro: t.waiveIntro({ moment, school }),
    fields: [
      {
        name: "reason",
        label: t.waiveReason,
        kind: "textarea",
        required: true,
        maxLength: 300,
        value: values?.reason,
      },
    ],
  };
}

/** The whole school year at a glance: every moment, its periods with open and due dates. */
export function yearView(
  locale: Locale,
  timeZone: string,
  schoolYear: string,
  settings: MomentSetting[],
  hours: { start: string; end: string },
  canChange: boolean,
): MessageView {
  const t = checkinTexts(locale);
  return message(
    heading(t.yearTitle({ year: schoolYear })),
    text(t.yearIntro),
    ...settings.flatMap((s) => {
      const periods = periodsOfSchoolYear({ ...s.moment, windows: s.windows }, schoolYear);
      return [
        text(md`*${s.moment.name[locale]}*${s.enabled ? "" : ` · ${t.momentOff}`}`),
        table({
          columns: [t.colPeriod, t.colOpens, t.colDue],
          rows: periods.map((p) => [
            p.key,
            showDay(p.opens, locale, timeZone),
            showDay(p.due, locale, timeZone),
          ]),
        }),
        note(
          t.policyLine({
            remind: s.policy.remindBefore,
            nudge: s.policy.nudgeAfter,
            escalate: s.policy.escalateAfter,
          }),
        ),
      ];
    }),
    note(t.hoursLine(hours)),
    ...(canChange
      ? [
          buttons([
            ...settings.map((s) => ({
              action: cycleActions.settings,
              label: t.change({ moment: s.moment.name[locale] }),
              value: s.moment.key,
              opensForm: true,
            })),
            // The SWV's own school holidays (holiday-handlers.ts).
            { action: "cycle.holidays", label: t.holidaysButton },
          ]),
        ]
      : []),
  );
}

/** The form of a moment's settings: on/off, each period's window, the reminder policy. */
export function settingsForm(locale: Locale, s: MomentSetting, values?: FormValues): FormView {
  const t = checkinTexts(locale);
  const count = (name: string, label: string, value: number): Field => ({
    name,
    label,
    kind: "number",
    required: true,
    min: 0,
    max: 30,
    value: String(value),
  });
  const fields: Field[] = [
    {
      name: "enabled",
      label: t.enabled,
      kind: "select",
      required: true,
      options: [
        { value: "ja", label: t.on },
        { value: "nee", label: t.off },
      ],
      value: s.enabled ? "ja" : "nee",
    },
    ...s.windows.flatMap((w, i): Field[] => [
      {
        name: `opens${i}`,
        label: t.opensField({ n: i + 1 }),
        kind: "text",
        required: true,
        maxLength: 5,
        placeholder: "09-01",
        value: w.opens,
      },
      {
        name: `due${i}`,
        label: t.dueField({ n: i + 1 }),
        kind: "text",
        required: true,
        maxLength: 5,
        placeholder: "09-30",
        value: w.due,
      },
    ]),
    count("remindBefore", t.remindBefore, s.policy.remindBefore),
    count("nudgeAfter", t.nudgeAfter, s.policy.nudgeAfter),
    count("escalateAfter", t.escalateAfter, s.policy.escalateAfter),
  ];
  return {
    id: cycleActions.saveSettings,
    title: t.settingsTitle,
    submitLabel: t.settingsSubmit,
    context: s.moment.key,
    intro: t.settingsIntro({ moment: s.moment.name[locale] }),
    fields: values
      ? fields.map((f) => (values[f.name] !== undefined ? { ...f, value: values[f.name] } : f))
      : fields,
  };
}
