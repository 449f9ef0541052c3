/** `thuiszitters.clocks`, daily on the school's working days: per open thuiszitter and clock, a warning a week
 * before the deadline and a flag once it passed (each once, to the school's IB'er and consultant),
 * and a knooppunt proposal to the IB'er while the thuiszitter has no case. */
import type { MessageView } from "../../chat/views.ts";
import { enqueueMany } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { insertRows, isUniqueViolation, newId } from "../../store/bulk.ts";
import type { ThuiszitterRow } from "../../store/rows.ts";
import { addDays, dateIn } from "../cycles/dates.ts";
import { roleHolders, rulesFor, swvCycles } from "../cycles/service.ts";
import { isWorkingDay } from "../cycles/working-time.ts";
import type { JobDeps } from "../jobs.ts";
import { clocksOf } from "./service.ts";
import { clockMessage, proposeMessage } from "./views.ts";

export function thuiszitterJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "thuiszitters.clocks",
      cron: "30 8 * * 1-5",
      run: async () => {
        if (await runClocks(deps)) deps.notify();
      },
    },
  ];
}

/** Records per batch: one read of what was sent, one transaction (events and messages). */
const BATCH = 200;

/** Returns how many messages were queued. Per SWV in batches of 200 records: a constant number of
 * queries per batch. */
export async function runClocks(deps: JobDeps): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now();
  const today = dateIn(now, deps.timezone);
  const swvs = await db.thuiszitter.findMany({
    where: { state: "open" },
    select: { swvId: true },
    distinct: ["swvId"],
  });
  let sent = 0;
  for (const { swvId } of swvs) {
    // Not on weekends, public days off or in the school's holiday (its region's, with the SWV's own
    // changes): a step due then goes out on the next working day (the windows are dates).
    const cycles = await swvCycles(db, swvId, deps.timezone);
    const holderOf = await roleHolders(db, swvId, ["ib", "swv-consultant"]);
    const people = new Map(
      (await db.person.findMany({ where: { swvId }, select: { id: true, locale: true } })).map((p) => [
        p.id,
        p.locale === "en" ? ("en" as const) : p.locale === "nl" ? ("nl" as const) : deps.locale,
      ]),
    );
    const schools = new Map(
      (
        await db.school.findMany({ where: { swvId }, select: { id: true, name: true, holidayRegion: true } })
      ).map((s) => [s.id, s]),
    );
    let after: string | undefined;
    for (;;) {
      const rows = await db.thuiszitter.findMany({
        where: { swvId, state: "open", ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      if (!rows.length) break;
      const done = await db.thuiszitterEvent.findMany({
        where: { thuiszitterId: { in: rows.map((r) => r.id) }, onceKey: { not: null } },
        select: { thuiszitterId: true, onceKey: true },
      });
      const seen = new Set(done.map((e) => `${e.thuiszitterId}|${e.onceKey}`));
      const steps: Step[] = [];
      const once = (r: ThuiszitterRow, onceKey: string, type: string, dms: Step["dms"]) => {
        if (!seen.has(`${r.id}|${onceKey}`)) steps.push({ r, onceKey, type, dms });
      };
      for (const r of rows) {
        if (!isWorkingDay(today, rulesFor(cycles, schools.get(r.schoolId)?.holidayRegion ?? ""))) continue;
        const school = schools.get(r.schoolId)?.name ?? "";
        const to = [holderOf("ib", r.schoolId), holderOf("swv-consultant", r.schoolId)].filter(
          (p, i, all): p is string => p !== null && all.indexOf(p) === i,
        );
        for (const c of clocksOf(r)) {
          if (c.met) continue;
          const step = today > c.deadline ? "flag" : today >= addDays(c.deadline, -7) ? "warn" : null;
          if (!step) continue;
          once(
            r,
            `${c.clock}:${step}`,
            step,
            to.map((p) => ({
              key: `thuiszitter:${r.id}:${c.clock}:${step}:${p}`,
              personId: p,
              message: clockMessage(people.get(p) ?? deps.locale, step, r, c, school),
            })),
          );
        }
        const ib = holderOf("ib", r.schoolId);
        if (!r.caseCode && ib)
          once(r, "knooppunt:proposed", "proposed", [
            {
              key: `thuiszitter:${r.id}:knooppunt`,
              personId: ib,
              message: proposeMessage(people.get(ib) ?? deps.locale, r, school),
            },
          ]);
      }
      sent += await sendSteps(deps, now, steps);
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]?.id;
    }
  }
  return sent;
}

interface Step {
  r: ThuiszitterRow;
  onceKey: string;
  type: string;
  dms: { key: string; personId: string; message: MessageView }[];
}

/** One event per record and key, with its messages, for a whole batch in one transaction: a second
 * run (or a replica) hits the unique key, and its batch sends nothing. */
async function sendSteps(deps: JobDeps, now: Date, steps: Step[]): Promise<number> {
  if (!steps.length) return 0;
  return deps.db
    .$transaction(async (tx) => {
      await insertRows(
        tx,
        "ThuiszitterEvent",
        steps.map((s) => ({
          id: newId(),
          thuiszitterId: s.r.id,
          type: s.type,
          onceKey: s.onceKey,
          data: JSON.stringify({ key: s.onceKey }),
          actorId: null,
          at: now,
        })),
      );
      const dms = steps.flatMap((s) => s.dms);
      await enqueueMany(
        tx,
        now,
        dms.map((d) => ({ key: d.key, request: { op: "dm", personId: d.personId, message: d.message } })),
      );
      return dms.length;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return 0;
      throw error;
    });
}
