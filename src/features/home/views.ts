import { md } from "../../chat/inline.ts";
import type { Context } from "../../chat/router.ts";
import { buttons, heading, type MessageView, message, say, text } from "../../chat/views.ts";
import { formatDate } from "../../core/format.ts";
import { defineTexts } from "../../core/texts.ts";
import { caseActions } from "../cases/actions.ts";
import { myCases } from "../cases/service.ts";
import { type CaseStatus, caseTexts } from "../cases/texts.ts";
import { cycleActions } from "../cycles/actions.ts";
import { dateIn } from "../cycles/dates.ts";
import { myOpenCheckins } from "../cycles/service.ts";
import { showDay } from "../cycles/views.ts";
import { hasRole } from "../people/lookup.ts";
import { openSignalsFor } from "../signals/service.ts";
import { texts as signalTexts } from "../signals/texts.ts";
import { signalButtons } from "../signals/views.ts";
import { kernpartnerRoles } from "../swv/defaults.ts";

const texts = defineTexts(
  {
    intro: md`Jouw signalen, casussen en acties. Typ \`/knoop help\` voor alle commando's.`,
    signals: "Mijn open signalen",
    noSignals: "Je hebt geen open signalen.",
    cases: "Mijn casussen",
    noCases: "Je neemt aan geen lopende casus deel.",
    actions: "Mijn open acties",
    noActions: "Je hebt geen open acties.",
    show: "Bekijken",
    done: "Gedaan",
    due: (p: { date: string; code: string }) => `Uiterlijk ${p.date} · casus ${p.code}`,
    checkins: "Mijn check-ins",
    noCheckins: "Je hebt geen openstaande check-ins.",
    checkinDue: (p: { school: string; date: string }) => `${p.school} · uiterlijk ${p.date}`,
    checkinOverdue: (p: { school: string; date: string }) => `${p.school} · was ${p.date} de bedoeling`,
    fill: "Invullen",
    moreCheckins: (p: { count: number }) => `… en nog ${p.count} check-ins.`,
    more: (p: { count: number }) =>
      md`… en nog ${p.count}: typ \`/knoop signaal lijst\` of \`/knoop casus lijst\`.`,
  },
  {
    intro: md`Your signals, cases and actions. Type \`/knoop help\` for every command.`,
    signals: "My open signals",
    noSignals: "You have no open signals.",
    cases: "My cases",
    noCases: "You take part in no open case.",
    actions: "My open actions",
    noActions: "You have no open actions.",
    show: "Show",
    done: "Done",
    due: (p) => `Due ${p.date} · case ${p.code}`,
    checkins: "My check-ins",
    noCheckins: "You have no open check-ins.",
    checkinDue: (p) => `${p.school} · due ${p.date}`,
    checkinOverdue: (p) => `${p.school} · was due ${p.date}`,
    fill: "Complete",
    moreCheckins: (p) => `… and ${p.count} more check-ins.`,
    more: (p) => md`… and ${p.count} more: type \`/knoop signaal lijst\` or \`/knoop casus lijst\`.`,
  },
);

/** Items per section: the whole page stays within a Home tab's 100 blocks. */
const MAX = 8;

/** The actor's overview for a personal, private page (Slack's App Home): open signals, cases and
 * open actions, each with its buttons. Pupil references only where the actor may see them. */
export async function homeViews(ctx: Context): Promise<MessageView[]> {
  const { db, actor, timezone } = ctx;
  const { locale } = actor;
  const t = texts(locale);
  const st = signalTexts(locale);
  const ct = caseTexts(locale);
  const more = (count: number) => (count > MAX ? [say(t.more({ count: count - MAX }))] : []);

  // Each section fetches the items it shows and counts the rest: a constant number of queries. The
  // sections do not depend on each other, so they are read at once (PostgreSQL runs them side by side).
  const myActions = { ownerId: actor.personId, status: "open", case: { closedAt: null, swvId: actor.swvId } };
  const [signals, cases, actions, actionCount, checkins] = await Promise.all([
    openSignalsFor(ctx, "home", { take: MAX }),
    myCases(ctx, "home", { take: MAX, open: true }),
    db.caseAction.findMany({
      where: myActions,
      include: { case: { select: { code: true } } },
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: MAX,
    }),
    db.caseAction.count({ where: myActions }),
    myOpenCheckins(db, actor, dateIn(ctx.clock.now(), timezone)),
  ]);
  const signalViews: MessageView[] = signals.rows.map((s) =>
    message(
      text(
        md`*${st.domain({ key: s.domain })}* · ${s.school} · ${s.pupilRef} · ${st.status({ key: s.status })}`,
      ),
      buttons(
        signalButtons(locale, s, {
          ib: hasRole(actor, "ib", s.schoolId),
          partner: kernpartnerRoles.some((r) => hasRole(actor, r, s.schoolId)),
        }),
      ),
    ),
  );

  const caseViews: MessageView[] = cases.rows.map((r) => {
    const rest = [
      ...(r.school !== null ? [r.school] : []),
      ...(r.full ? [r.case.pupilRef] : []),
      ct[`status.${r.case.status as CaseStatus}`] ?? r.case.status,
      r.regisseur,
    ];
    return message(
      text(md`*${r.case.code}* · ${rest.join(" · ")}`),
      buttons([{ action: caseActions.show, label: t.show, value: r.case.id }]),
    );
  });

  const actionViews: MessageView[] = actions.map((a) =>
    message(
      text(a.description, t.due({ date: formatDate(a.dueDate, locale, timezone), code: a.case.code })),
      buttons([{ action: caseActions.actionDone, label: t.done, value: a.id, style: "primary" }]),
    ),
  );

  const checkinViews: MessageView[] = checkins.slice(0, MAX).map((c) => {
    const p = { school: c.school, date: showDay(c.dueOn, locale, timezone) };
    return message(
      text(md`*${c.moment.name[locale]}* · ${c.overdue ? t.checkinOverdue(p) : t.checkinDue(p)}`),
      buttons([{ action: cycleActions.open, label: t.fill, value: c.id, style: "primary", opensForm: true }]),
    );
  });

  return [
    say(t.intro),
    message(heading(t.signals), signals.total ? undefined : text(t.noSignals)),
    ...signalViews,
    ...more(signals.total),
    message(heading(t.cases), cases.total ? undefined : text(t.noCases)),
    ...caseViews,
    ...more(cases.total),
    message(heading(t.actions), actionCount ? undefined : text(t.noActions)),
    ...actionViews,
    ...more(actionCount),
    message(heading(t.checkins), checkins.length ? undefined : text(t.noCheckins)),
    ...checkinViews,
    ...(checkins.length > MAX ? [say(t.moreCheckins({ count: checkins.length - MAX }))] : []),
  ];
}
