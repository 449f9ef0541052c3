import type { Tx } from "../../store/client.ts";

/** The roles of domain.md, with the names an SWV starts with (each SWV may rename them). */
export const defaultRoleNames = {
  ib: "IB'er",
  directeur: "Directeur",
  leerplicht: "Leerplichtambtenaar",
  jgz: "Jeugdverpleegkundige / jeugdarts",
  buurtteam: "Gezinswerker buurtteam",
  "swv-consultant": "Consultant passend onderwijs",
  "swv-staff": "Medewerker SWV",
  bestuur: "Bestuurslid",
  /** SWV staff who may read the content of every case of the SWV (configured per person). */
  "case-reader": "Inzage alle casussen",
  beheerder: "Beheerder",
  /** The SWV's privacy officer: inzage and erasure for a pupil reference, no case content otherwise. */
  privacy: "Privacyfunctionaris",
} as const;

export type RoleKey = keyof typeof defaultRoleNames;

/** The four kernpartner roles every school has. */
export const kernpartnerRoles = [
  "leerplicht",
  "jgz",
  "buurtteam",
  "swv-consultant",
] as const satisfies RoleKey[];

export const signalDomains = ["verzuim", "gezondheid", "gezin", "schoolloopbaan"] as const;
export type SignalDomain = (typeof signalDomains)[number];

/** Which kernpartner gets a signal of each domain (domain.md, "signal routing"). */
export const defaultSignalRoutes: Record<SignalDomain, RoleKey> = {
  verzuim: "leerplicht",
  gezondheid: "jgz",
  gezin: "buurtteam",
  schoolloopbaan: "swv-consultant",
};

/** Finds the SWV by code or creates it with the default role names and routing table.
 * Returns whether it was created. */
export async function ensureSwv(
  tx: Tx,
  code: string,
  name: string,
): Promise<{ id: string; created: boolean }> {
  const existing = await tx.swv.findUnique({ where: { code }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const swv = await tx.swv.create({
    data: {
      code,
      name,
      roles: { create: Object.entries(defaultRoleNames).map(([key, roleName]) => ({ key, name: roleName })) },
      signalRoutes: {
        create: Object.entries(defaultSignalRoutes).map(([domain, roleKey]) => ({ domain, roleKey })),
      },
    },
  });
  return { id: swv.id, created: true };
}
