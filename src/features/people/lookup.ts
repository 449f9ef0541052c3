import type { Actor } from "../../chat/intents.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db, Tx } from "../../store/client.ts";

export interface PersonRef {
  id: string;
  displayName: string;
}

/** The people holding `role` at a school: assignments for that school first; when
 * there are none, assignments for the whole SWV. */
export async function holdersOf(
  db: Db | Tx,
  swvId: string,
  role: string,
  schoolId: string,
): Promise<PersonRef[]> {
  const select = { person: { select: { id: true, displayName: true } } } as const;
  const atSchool = await db.roleAssignment.findMany({ where: { swvId, role, schoolId }, select });
  const found = atSchool.length
    ? atSchool
    : await db.roleAssignment.findMany({ where: { swvId, role, schoolId: null }, select });
  return found.map((a) => a.person).sort((a, b) => a.displayName.localeCompare(b.displayName, "nl"));
}

/** The active schools the actor works for: the schools of their school-scoped roles,
 * or every active school of the SWV when they hold an SWV-wide role. */
export async function schoolsOf(
  db: Db | Tx,
  actor: Actor,
): Promise<{ id: string; name: string; place: string }[]> {
  const swvWide = actor.roles.some((r) => r.schoolId === null && r.role !== "bestuur");
  const ids = actor.roles.map((r) => r.schoolId).filter((id): id is string => id !== null);
  return db.school.findMany({
    where: { swvId: actor.swvId, active: true, ...(swvWide ? {} : { id: { in: ids } }) },
    select: { id: true, name: true, place: true },
    orderBy: [{ name: "asc" }, { place: "asc" }],
  });
}

export function hasRole(actor: Actor, role: string, schoolId?: string): boolean {
  return actor.roles.some(
    (r) => r.role === role && (schoolId === undefined || r.schoolId === null || r.schoolId === schoolId),
  );
}

/** Display names by person id (unknown ids are left out). */
export async function namesOf(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
  const people = await inBatches(ids, BATCH_SIZE, (batch) =>
    db.person.findMany({ where: { id: { in: batch } }, select: { id: true, displayName: true } }),
  );
  return new Map(people.map((p) => [p.id, p.displayName]));
}

/** The SWV's name for a role (configurable per SWV), falling back to the key. */
export async function roleNames(db: Db | Tx, swvId: string): Promise<Map<string, string>> {
  const roles = await db.roleDefinition.findMany({ where: { swvId }, select: { key: true, name: true } });
  return new Map(roles.map((r) => [r.key, r.name]));
}
