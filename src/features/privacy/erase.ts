/** Wissen (AVG art. 17) of one pupil reference at one school, through the retention anonymiser:
 * closed cases, handled signals and ended thuiszitter records are anonymised now, whatever their
 * age. Open ones stay (art. 17(3)(b): the SWV's legal duties (zorgplicht, leerplicht, the
 * thuiszitter registration) need them while they run): close them first, then erase again. */
import { createHash } from "node:crypto";
import type { Actor } from "../../chat/intents.ts";
import type { Db } from "../../store/client.ts";
import { auditMany } from "../audit/audit.ts";
import { type Anonymisable, anonymise } from "./anonymise.ts";
import { type PupilRows, pupilRows } from "./inzage.ts";

export interface ErasePlan {
  erase: Anonymisable;
  /** Still running: kept. */
  open: { cases: number; signals: number; thuiszitters: number };
  /** Changes whenever what would be erased changes: a stale confirm button is refused. */
  fingerprint: string;
}

function planOf(rows: PupilRows): ErasePlan {
  const openCases = new Set(rows.cases.filter((c) => !c.closedAt).map((c) => c.id));
  // A signal that became a case goes with its case.
  const signalClosed = (s: PupilRows["signals"][number]) =>
    s.closedAt !== null && !(s.caseId && openCases.has(s.caseId));
  const erase = {
    cases: rows.cases.filter((c) => c.closedAt).map((c) => c.id),
    signals: rows.signals.filter(signalClosed).map((s) => s.id),
    thuiszitters: rows.thuiszitters.filter((t) => t.state === "ended").map((t) => t.id),
  };
  const stamp = [...rows.cases, ...rows.signals, ...rows.thuiszitters]
    .map((r) => `${r.id}:${r.updatedAt.getTime()}`)
    .sort()
    .join(",");
  return {
    erase,
    open: {
      cases: rows.cases.length - erase.cases.length,
      signals: rows.signals.length - erase.signals.length,
      thuiszitters: rows.thuiszitters.length - erase.thuiszitters.length,
    },
    fingerprint: createHash("sha256").update(stamp).digest("hex").slice(0, 16),
  };
}

export async function erasePlan(db: Db, swvId: string, schoolId: string, ref: string): Promise<ErasePlan> {
  return planOf(await pupilRows(db, swvId, schoolId, ref));
}

export const eraseTotal = (p: ErasePlan) =>
  p.erase.cases.length + p.erase.signals.length + p.erase.thuiszitters.length;

/** Erases what `plan` lists, audited per row as the actor (`privacy.erase`). */
export function erase(db: Db, actor: Actor, plan: ErasePlan, now: Date) {
  return anonymise(db, actor.swvId, plan.erase, now, "privacy.erase", (tx, facts) =>
    auditMany(
      tx,
      actor,
      actor.swvId,
      now,
      facts.map(({ swvId: _, ...f }) => f),
    ),
  );
}
