/** The one mechanism that removes a pupil from the store, used by the retention job and by
 * `/knoop privacy wissen`: the pupil reference, the free text (reasons, notes, goals, evaluations,
 * descriptions) and the links to people go; codes, dates, states, outcomes and forms stay, so
 * every digest gives the same numbers before and after. Rows are marked with `anonymisedAt` and
 * are not touched again. Work goes in small transactions of at most BATCH ids each. */
import type { Db, Tx } from "../../store/client.ts";
import { type AuditFact, auditSystem } from "../audit/audit.ts";

/** What an anonymised pupil reference and person link read as (never a pupil code: no digit). */
export const ANONYMOUS = "geanonimiseerd";

/** Small batches: 100k rows never hold one long transaction. */
const BATCH = 200;

export interface Anonymisable {
  cases: string[];
  signals: string[];
  thuiszitters: string[];
}

/** Writes the audit rows of one batch, in its transaction (the system's, or an actor's). */
export type AuditBatch = (tx: Tx, facts: (AuditFact & { swvId: string })[]) => Promise<void>;

/** The system's audit rows (the retention job). */
export const systemAudit =
  (now: Date): AuditBatch =>
  (tx, facts) =>
    auditSystem(tx, now, facts);

function batches(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) out.push(ids.slice(i, i + BATCH));
  return out;
}

async function casesIn(tx: Tx, ids: string[], now: Date): Promise<void> {
  const inCase = { caseId: { in: ids } };
  await tx.case.updateMany({
    where: { id: { in: ids }, anonymisedAt: null },
    data: {
      pupilRef: ANONYMOUS,
      reason: "",
      evaluation: null,
      regisseurId: ANONYMOUS,
      consentById: null,
      anonymisedAt: now,
    },
  });
  await tx.caseGoal.updateMany({ where: inCase, data: { text: "", createdById: ANONYMOUS } });
  await tx.caseAction.updateMany({
    where: inCase,
    data: { description: "", ownerId: ANONYMOUS, createdById: ANONYMOUS },
  });
  await tx.caseNote.deleteMany({ where: inCase });
  await tx.caseEvent.updateMany({ where: inCase, data: { actorId: null, summary: "", data: null } });
  await tx.caseParticipant.deleteMany({ where: inCase });
  await tx.meeting.updateMany({ where: inCase, data: { proposedById: ANONYMOUS, location: null } });
  await tx.slotAnswer.deleteMany({ where: { slot: { meeting: inCase } } });
  await tx.chatSpaceMember.deleteMany({ where: { spaceId: { in: ids.map((id) => `case:${id}`) } } });
}

async function signalsIn(tx: Tx, ids: string[], now: Date): Promise<void> {
  await tx.signal.updateMany({
    where: { id: { in: ids }, anonymisedAt: null },
    data: {
      pupilRef: ANONYMOUS,
      description: "",
      reporterId: ANONYMOUS,
      assigneeId: null,
      anonymisedAt: now,
    },
  });
  // Events name the people a signal went to (detail: their id or their card's outbox key).
  await tx.signalEvent.updateMany({
    where: { signalId: { in: ids } },
    data: { actorId: null, detail: null },
  });
}

async function thuiszittersIn(tx: Tx, ids: string[], now: Date): Promise<void> {
  await tx.thuiszitter.updateMany({
    where: { id: { in: ids }, anonymisedAt: null },
    data: { pupilRef: ANONYMOUS, reportedById: ANONYMOUS, anonymisedAt: now },
  });
  // Event data holds offers, states and dates (the digests read them), never free text.
  await tx.thuiszitterEvent.updateMany({ where: { thuiszitterId: { in: ids } }, data: { actorId: null } });
}

/** Anonymises these rows (one SWV's), with one audit row each under `action`. Rows already
 * anonymised are skipped (and not audited again). Returns how many were anonymised per kind. */
export async function anonymise(
  db: Db,
  swvId: string,
  rows: Anonymisable,
  now: Date,
  action: string,
  writeAudit: AuditBatch,
): Promise<Record<keyof Anonymisable, number>> {
  const done = { cases: 0, signals: 0, thuiszitters: 0 };
  const kinds = [
    { kind: "cases", entity: "case", run: casesIn },
    { kind: "signals", entity: "signal", run: signalsIn },
    { kind: "thuiszitters", entity: "thuiszitter", run: thuiszittersIn },
  ] as const;
  for (const { kind, entity, run } of kinds) {
    for (const batch of batches(rows[kind])) {
      await db.$transaction(async (tx) => {
        const fresh = await freshIds(tx, kind, batch);
        if (!fresh.length) return;
        await run(tx, fresh, now);
        await writeAudit(
          tx,
          fresh.map((id) => ({ swvId, access: "write" as const, entity, entityId: id, action })),
        );
        done[kind] += fresh.length;
      });
    }
  }
  return done;
}

/** The ids of the batch not anonymised yet (a second run, or a second click, does nothing). */
async function freshIds(tx: Tx, kind: keyof Anonymisable, ids: string[]): Promise<string[]> {
  const where = { id: { in: ids }, anonymisedAt: null };
  const select = { id: true } as const;
  const found =
    kind === "cases"
      ? await tx.case.findMany({ where, select })
      : kind === "signals"
        ? await tx.signal.findMany({ where, select })
        : await tx.thuiszitter.findMany({ where, select });
  return found.map((r) => r.id);
}
