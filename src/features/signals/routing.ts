import { DAY } from "../../core/clock.ts";
import type { PersonRef } from "../people/lookup.ts";
import { defaultSignalRoutes, type SignalDomain } from "../swv/defaults.ts";

/** The role that receives a signal of `domain`: the SWV's routing table, else the default of domain.md. */
export function roleFor(domain: SignalDomain, routes: { domain: string; roleKey: string }[]): string {
  return routes.find((r) => r.domain === domain)?.roleKey ?? defaultSignalRoutes[domain];
}

/** Where a new signal goes:
 * - "partner": the holders of the domain's role at the school (or SWV-wide);
 * - "fallback": nobody holds that role, so the SWV consultants get it;
 * - "self": the reporter holds that role (a leerplichtambtenaar reporting verzuim): they take it;
 * - "nobody": no consultant either; the signal is stored and the beheerders are told. */
export type Routing =
  | { kind: "partner"; role: string; to: PersonRef[] }
  | { kind: "self"; role: string; to: [] }
  | { kind: "fallback"; role: "swv-consultant"; missing: string; to: PersonRef[] }
  | { kind: "nobody"; role: string; to: [] };

export function decideRouting(
  role: string,
  holders: PersonRef[],
  consultants: PersonRef[],
  reporterId: string,
): Routing {
  if (holders.some((h) => h.id === reporterId)) return { kind: "self", role, to: [] };
  if (holders.length) return { kind: "partner", role, to: holders };
  if (consultants.length && role !== "swv-consultant")
    return { kind: "fallback", role: "swv-consultant", missing: role, to: consultants };
  return { kind: "nobody", role, to: [] };
}

interface Earlier {
  id: string;
  linkedToId: string | null;
  createdAt: Date;
}

/** The signal a new one for the same pupil and school is linked to: the first of the chain of the
 * latest earlier signal created within `windowDays`; null when there is none. */
export function linkTarget(earlier: Earlier[], now: Date, windowDays: number): string | null {
  const since = now.getTime() - windowDays * DAY;
  const latest = earlier
    .filter((s) => s.createdAt.getTime() >= since && s.createdAt.getTime() <= now.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return latest ? (latest.linkedToId ?? latest.id) : null;
}
