import {
  type Button,
  buttons,
  type FormView,
  facts,
  heading,
  type MessageView,
  message,
  note,
  type Option,
  type Text,
  table,
  text,
} from "../../chat/views.ts";
import { formatDate, formatDateTime } from "../../core/format.ts";
import type { Locale } from "../../core/i18n.ts";
import type { SignalRow as Signal } from "../../store/rows.ts";
import { caseActions } from "../cases/actions.ts";
import { defaultRoleNames, signalDomains } from "../swv/defaults.ts";
import { signalActions } from "./actions.ts";
import type { Routing } from "./routing.ts";
import { isOpen } from "./states.ts";
import { type SignalTexts, texts } from "./texts.ts";

export const urgencies = ["laag", "normaal", "hoog"] as const;

/** A signal with the names it is shown with. */
export interface SignalDetails {
  signal: Signal;
  school: string;
  reporter: string;
  assignee: string | null;
  /** The first signal of the chain this one is linked to. */
  linked: { createdAt: Date; status: string } | null;
  /** The SWV's names for roles. */
  roles: Map<string, string>;
}

/** What a recipient may do besides taking, forwarding and closing: an IB'er opens a case,
 * a kernpartner proposes one to the IB'er. */
export interface Viewer {
  ib: boolean;
  partner: boolean;
}

/** The SWV's name for a role, as a title ("Leerplichtambtenaar"). */
export function roleTitle(roles: Map<string, string>, key: string): string {
  return roles.get(key) ?? (defaultRoleNames as Record<string, string>)[key] ?? key;
}

/** The same inside a sentence: "de leerplichtambtenaar", but "de IB'er". */
export function roleName(roles: Map<string, string>, key: string): string {
  const name = roleTitle(roles, key);
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

const names = (people: { displayName: string }[]) => people.map((p) => p.displayName).join(", ");

export function signalForm(locale: Locale, schools: { id: string; name: string; place: string }[]): FormView {
  const t = texts(locale);
  const select = (keys: readonly string[], label: (p: { key: string }) => string): Option[] =>
    keys.map((key) => ({ value: key, label: label({ key }) }));
  return {
    id: signalActions.create,
    title: t.formTitle,
    submitLabel: t.formSubmit,
    intro: t.formIntro,
    fields: [
      {
        name: "school",
        label: t.school,
        kind: "select",
        required: true,
        hint: t.schoolHint,
        options: schools.map((s) => ({ value: s.id, label: `${s.name} (${s.place})` })),
        value: schools.length === 1 ? schools[0]?.id : undefined,
      },
      {
        name: "pupilRef",
        label: t.pupilRef,
        kind: "text",
        required: true,
        hint: t.pupilRefHint,
        placeholder: t.pupilRefPlaceholder,
        maxLength: 20,
      },
      {
        name: "domain",
        label: t.domainLabel,
        kind: "select",
        required: true,
        options: select(signalDomains, t.domain),
      },
      {
        name: "description",
        label: t.description,
        kind: "textarea",
        required: true,
        hint: t.descriptionHint,
        maxLength: 1000,
      },
      {
        name: "urgency",
        label: t.urgencyLabel,
        kind: "select",
        required: true,
        options: select(urgencies, t.urgency),
        value: "normaal",
      },
    ],
  };
}

/** The reporter's answer after sending: where the signal went, and whether it is linked. */
export function confirmation(
  locale: Locale,
  timezone: string,
  d: SignalDetails,
  routing: Routing,
  admins: { displayName: string }[],
  informed: { displayName: string }[] = [],
): MessageView {
  const t = texts(locale);
  const consultant = roleName(d.roles, "swv-consultant");
  const lines = [
    routing.kind === "self"
      ? t.sentToSelf({ role: roleName(d.roles, routing.role), ibs: names(informed) })
      : routing.kind === "partner"
        ? t.sentTo({ role: roleName(d.roles, routing.role), school: d.school, names: names(routing.to) })
        : routing.kind === "fallback"
          ? t.sentToFallback({
              missing: roleName(d.roles, routing.missing),
              consultant,
              names: names(routing.to),
            })
          : t.sentToNobody({
              missing: roleName(d.roles, routing.role),
              consultant,
              admins: admins.length ? ` (${names(admins)})` : "",
            }),
  ];
  if (d.linked) lines.push(t.linkedNote(linkedParams(t, timezone, d.linked, locale)));
  return message(heading(routing.kind === "nobody" ? t.stored : t.sent), text(...lines));
}

const linkedParams = (
  t: SignalTexts,
  timezone: string,
  linked: { createdAt: Date; status: string },
  locale: Locale,
) => ({
  date: formatDate(linked.createdAt, locale, timezone),
  status: t.status({ key: linked.status }).toLowerCase(),
});

/** The signal as its recipients see it in a DM, with the buttons `viewer` gets (none once it is done). */
export function signalCard(
  locale: Locale,
  timezone: string,
  d: SignalDetails,
  intro: Text,
  actions: Button[],
): MessageView {
  const t = texts(locale);
  const s = d.signal;
  const list = [
    { label: t.factSchool, value: d.school },
    { label: t.factPupil, value: s.pupilRef },
    { label: t.factDomain, value: t.domain({ key: s.domain }) },
    { label: t.factUrgency, value: t.urgency({ key: s.urgency }) },
    { label: t.factNoticed, value: s.description },
    { label: t.factReporter, value: d.reporter },
    { label: t.factDate, value: formatDateTime(s.createdAt, locale, timezone) },
    { label: t.factStatus, value: t.status({ key: s.status }) },
  ];
  if (d.assignee) list.push({ label: t.factAssignee, value: d.assignee });
  if (d.linked)
    list.push({ label: t.factLinked, value: t.linkedValue(linkedParams(t, timezone, d.linked, locale)) });
  return message(
    heading(t.cardTitle({ domain: t.domain({ key: s.domain }) })),
    text(intro),
    facts(list),
    note(t.private),
    buttons(actions),
  );
}

/** The choices on a signal in its current state. */
export function signalButtons(locale: Locale, signal: Signal, viewer: Viewer): Button[] {
  if (!isOpen(signal.status)) return [];
  const t = texts(locale);
  const value = signal.id;
  const list: Button[] = [];
  if (signal.status === "nieuw")
    list.push({ action: signalActions.take, label: t.take, value, style: "primary" });
  if (viewer.ib) list.push({ action: caseActions.openFromSignal, label: t.openCase, value, opensForm: true });
  else if (viewer.partner) list.push({ action: signalActions.proposeCase, label: t.proposeCase, value });
  list.push({ action: signalActions.forward, label: t.forward, value, opensForm: true });
  list.push({ action: signalActions.close, label: t.close, value, opensForm: true });
  return list;
}

/** What the IB'er gets when a kernpartner proposes a knooppunt: one button, to open the case. */
export function openCaseButton(locale: Locale, signal: Signal): Button[] {
  return [
    {
      action: caseActions.openFromSignal,
      label: texts(locale).openCase,
      value: signal.id,
      style: "primary",
      opensForm: true,
    },
  ];
}

/** The beheerders' DM when nobody could receive a signal: no pupil reference, only where it stuck. */
export function unroutedNotice(locale: Locale, d: SignalDetails): MessageView {
  const t = texts(locale);
  return message(
    heading(t.unroutedTitle),
    text(
      t.unrouted({
        school: d.school,
        domain: t.domain({ key: d.signal.domain }),
        missing: roleName(d.roles, d.signal.assignedRole),
        consultant: roleName(d.roles, "swv-consultant"),
      }),
    ),
  );
}

export function forwardForm(
  locale: Locale,
  signalId: string,
  partners: { id: string; displayName: string; roles: string[] }[],
  roles: Map<string, string>,
): FormView {
  const t = texts(locale);
  const label = (p: (typeof partners)[number]) =>
    `${p.displayName} (${p.roles.map((r) => roleTitle(roles, r)).join(", ")})`;
  return {
    id: signalActions.forward,
    title: t.forwardTitle,
    submitLabel: t.forwardSubmit,
    context: signalId,
    fields: [
      {
        name: "to",
        label: t.forwardTo,
        kind: "select",
        required: true,
        options: partners.map((p) => ({ value: p.id, label: label(p) })),
      },
      {
        name: "reason",
        label: t.forwardReason,
        kind: "textarea",
        required: true,
        hint: t.forwardReasonHint,
        maxLength: 500,
      },
    ],
  };
}

export function closeForm(locale: Locale, signalId: string): FormView {
  const t = texts(locale);
  return {
    id: signalActions.close,
    title: t.closeTitle,
    submitLabel: t.closeSubmit,
    context: signalId,
    fields: [
      {
        name: "note",
        label: t.closeNote,
        kind: "textarea",
        required: true,
        hint: t.closeNoteHint,
        maxLength: 500,
      },
    ],
  };
}

/** `/knoop signaal lijst`: everyone in it reported or received the signals, so the pupil reference is shown. */
export function signalList(
  locale: Locale,
  timezone: string,
  page: { rows: (Signal & { school: string })[]; next: string | null; total: number },
): MessageView {
  const t = texts(locale);
  const { rows } = page;
  if (!rows.length) return message(heading(t.listTitle), text(t.listEmpty));
  return message(
    heading(t.listTitle),
    text(t.listNote),
    table({
      columns: [t.colDate, t.colSchool, t.colPupil, t.colDomain, t.colStatus, t.colUrgency],
      rows: rows.map((s) => [
        formatDate(s.createdAt, locale, timezone),
        s.school,
        s.pupilRef,
        t.domain({ key: s.domain }),
        t.status({ key: s.status }),
        t.urgency({ key: s.urgency }),
      ]),
    }),
    note(t.private),
    page.next !== null && note(t.listTotal({ total: page.total })),
    page.next !== null && buttons([{ action: signalActions.listMore, label: t.listMore, value: page.next }]),
  );
}
