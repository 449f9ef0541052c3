/** `thuiszitters.clocks`, daily on the school's working days: per open thuiszitter and clock, a warning a week
 * before the deadline and a flag once it passed (each once, to the school's IB'er and consultant),
 * and a knooppunt proposal to the IB'er while the thuiszitter has no case. */
import { sendDm } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import type { Tx } from "../../store/client.ts";
import type { ThuiszitterRow } from "../../store/rows.ts";
import { addDays, dateIn } from "../cycles/dates.ts";
import { roleHolders, rulesFor, swvCycles } from "../cycles/service.ts";
import { isWorkingDay } from "../cycles/working-time.ts";
import type { JobDeps } from "../jobs.ts";
import { clocksOf, event } from "./service.ts";
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

/** Returns how many messages were queued. */
export async function runClocks(deps: JobDeps): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now();
  const today = dateIn(now, deps.timezone);
  const rows = await db.thuiszitter.findMany({ where: { state: "open" } });
  let sent = 0;
  for (const swvId of [...new Set(rows.map((r) => r.swvId))]) {
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
    for (const r of rows.filter((x) => x.swvId === swvId)) {
      if (!isWorkingDay(today, rulesFor(cycles, schools.get(r.schoolId)?.holidayRegion ?? ""))) continue;
      const school = schools.get(r.schoolId)?.name ?? "";
      const to = [holderOf("ib", r.schoolId), holderOf("swv-consultant", r.schoolId)].filter(
        (p, i, all): p is string => p !== null && all.indexOf(p) === i,
      );
      for (const c of clocksOf(r)) {
        if (c.met) continue;
        const step = today > c.deadline ? "flag" : today >= addDays(c.deadline, -7) ? "warn" : null;
        if (!step) continue;
        sent += await once(deps, r, `${c.clock}:${step}`, step, async (tx) => {
          for (const p of to)
            await sendDm(
              tx,
              now,
              `thuiszitter:${r.id}:${c.clock}:${step}:${p}`,
              p,
              clockMessage(people.get(p) ?? deps.locale, step, r, c, school),
            );
          return to.length;
        });
      }
      const ib = holderOf("ib", r.schoolId);
      if (!r.caseCode && ib)
        sent += await once(deps, r, "knooppunt:proposed", "proposed", async (tx) => {
          await sendDm(
            tx,
            now,
            `thuiszitter:${r.id}:knooppunt`,
            ib,
            proposeMessage(people.get(ib) ?? deps.locale, r, school),
          );
          return 1;
        });
    }
  }
  return sent;
}

/** One event per record and key, with its messages in the same transaction: a second run (or a
 * replica) hits the unique key and sends nothing. */
async function once(
  deps: JobDeps,
  r: ThuiszitterRow,
  onceKey: string,
  type: string,
  send: (tx: Tx) => Promise<number>,
): Promise<number> {
  const now = deps.clock.now();
  const done = await deps.db.thuiszitterEvent.findFirst({ where: { thuiszitterId: r.id, onceKey } });
  if (done) return 0;
  return deps.db
    .$transaction(async (tx) => {
      await event(tx, r.id, type, null, now, { key: onceKey }, onceKey);
      return send(tx);
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return 0;
      throw error;
    });
}
