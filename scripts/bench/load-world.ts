/** The SWV of `npm run bench:load`: `users` people with Slack accounts in one workspace, one school
 * per IB'er, kernpartners (leerplicht, jgz, buurtteam) and directeuren each covering a share of the
 * schools, SWV consultants, beheerders and board members. Each IB'er leads `casesPerIb` cases with
 * parental consent (their school's leerplicht and jgz take part, each with a Slack channel as if
 * created by Knoop) and each school has `signalsPerSchool` open signals sent to its leerplicht, so
 * that the lists page. Rows go in with createMany. */
import { randomUUID } from "node:crypto";
import { ensureSwv } from "../../src/features/swv/defaults.ts";
import type { Db } from "../../src/store/client.ts";

export type LoadRole = "ib" | "leerplicht" | "jgz" | "buurtteam" | "directeur" | "bestuur" | "beheerder";

/** One simulated person: Slack id, person id, role, and the case codes they take part in. */
export interface LoadUser {
  userId: string;
  personId: string;
  role: LoadRole | "swv-consultant";
  codes: string[];
}

/** Per ten people: four IB'ers, a leerplichtambtenaar, a jeugdarts, a buurtteam worker, a directeur,
 * a board member, and a beheerder or SWV consultant (alternating). */
const pattern: (LoadRole | "staff")[] = [
  "ib",
  "leerplicht",
  "ib",
  "jgz",
  "directeur",
  "ib",
  "buurtteam",
  "bestuur",
  "ib",
  "staff",
];

export async function createLoadWorld(
  db: Db,
  teamId: string,
  users: number,
  { casesPerIb = 30, signalsPerSchool = 40 } = {},
): Promise<LoadUser[]> {
  const { id: swvId } = await ensureSwv(db, "PO9100", "SWV Belastingregio");
  await db.workspace.create({ data: { platform: "slack", externalId: teamId, swvId } });
  const board = await db.board.create({ data: { duoNumber: "91000", name: "Stichting Belasting" } });
  let staff = 0;
  const people = Array.from({ length: users }, (_, i) => {
    const slot = pattern[i % pattern.length] ?? "ib";
    const role: LoadUser["role"] = slot === "staff" ? (staff++ % 2 ? "swv-consultant" : "beheerder") : slot;
    return { id: randomUUID() as string, userId: `ULOAD${String(i).padStart(3, "0")}`, role };
  });
  const ibs = people.filter((p) => p.role === "ib");
  const schools = ibs.map((_, i) => ({
    id: randomUUID() as string,
    institutionCode: `L${i}`,
    locationCode: `PO9100-${i}`,
    name: `Basisschool ${i + 1}`,
    postcode: "6131 AA",
    place: "SITTARD",
    municipality: "SITTARD-GELEEN",
    municipalityCode: "1883",
    holidayRegion: "Zuid",
    pupilCount: 250,
    swvId,
    boardId: board.id,
  }));
  await db.school.createMany({ data: schools });
  await db.person.createMany({
    data: people.map((p, i) => ({ id: p.id, swvId, displayName: `${p.role} ${i + 1}` })),
  });
  await db.chatIdentity.createMany({
    data: people.map((p) => ({ platform: "slack", workspaceId: teamId, userId: p.userId, personId: p.id })),
  });
  // Each kernpartner role and the directeuren cover the schools round-robin.
  const holders = (role: string) => people.filter((p) => p.role === role);
  const coverOf = (role: string, school: number) => {
    const h = holders(role);
    return h.length ? h[school % h.length] : undefined;
  };
  const roles: { personId: string; swvId: string; role: string; schoolId: string | null }[] = [];
  schools.forEach((s, i) => {
    roles.push({ personId: ibs[i]?.id ?? "", swvId, role: "ib", schoolId: s.id });
    for (const role of ["leerplicht", "jgz", "buurtteam", "directeur"]) {
      const p = coverOf(role, i);
      if (p) roles.push({ personId: p.id, swvId, role, schoolId: s.id });
    }
  });
  for (const p of people)
    if (["bestuur", "beheerder", "swv-consultant"].includes(p.role))
      roles.push({ personId: p.id, swvId, role: p.role, schoolId: null });
  await db.roleAssignment.createMany({ data: roles });

  // Cases, each with its Slack channel, as Knoop would have created them.
  const year = Number(new Intl.DateTimeFormat("en", { year: "numeric" }).format(new Date()));
  const now = Date.now();
  const codes = new Map<string, string[]>();
  const cases = schools.flatMap((s, i) =>
    Array.from({ length: casesPerIb }, (_, j) => {
      const n = i * casesPerIb + j + 1;
      const regisseurId = ibs[i]?.id ?? "";
      const partners = [coverOf("leerplicht", i), coverOf("jgz", i)].filter((p) => p !== undefined);
      const code = `K-${year}-${String(n).padStart(4, "0")}`;
      for (const id of [regisseurId, ...partners.map((p) => p.id)])
        codes.set(id, [...(codes.get(id) ?? []), code]);
      return {
        row: {
          id: randomUUID() as string,
          swvId,
          code,
          schoolId: s.id,
          pupilRef: `${40000 + n}`,
          form: "verkennend",
          status: "verkennend",
          regisseurId,
          consentDate: new Date(now - 30 * 86_400_000),
          consentById: regisseurId,
          reason: "Verzuim en zorgen over de thuissituatie",
          createdAt: new Date(now - (casesPerIb * schools.length - n + 1) * 3_600_000),
        },
        partners,
      };
    }),
  );
  await db.case.createMany({ data: cases.map((c) => c.row) });
  await db.caseCounter.create({ data: { swvId, year, last: cases.length } });
  await db.caseParticipant.createMany({
    data: cases.flatMap(({ row, partners }) => [
      { caseId: row.id, personId: row.regisseurId, role: "ib", addedAt: row.createdAt },
      ...partners.map((p) => ({ caseId: row.id, personId: p.id, role: p.role, addedAt: row.createdAt })),
    ]),
  });
  await db.chatSpace.createMany({
    data: cases.map(({ row }) => ({
      id: `case:${row.id}`,
      platform: "slack",
      workspaceId: teamId,
      createdAt: row.createdAt,
    })),
  });
  await db.chatSpaceMember.createMany({
    data: cases.flatMap(({ row, partners }) =>
      [row.regisseurId, ...partners.map((p) => p.id)].map((personId) => ({
        spaceId: `case:${row.id}`,
        personId,
      })),
    ),
  });
  await db.slackChannel.createMany({
    data: cases.map(({ row }, i) => ({
      logicalId: `case:${row.id}`,
      teamId,
      channelId: `CLOAD${String(i).padStart(6, "0")}`,
    })),
  });

  // Open signals, sent to the school's leerplichtambtenaar.
  const signals = schools.flatMap((s, i) =>
    Array.from({ length: signalsPerSchool }, (_, j) => ({
      id: randomUUID() as string,
      swvId,
      schoolId: s.id,
      reporterId: ibs[i]?.id ?? "",
      pupilRef: `${60000 + i * signalsPerSchool + j}`,
      domain: "verzuim",
      description: "Vaak afwezig op maandag",
      urgency: "normaal",
      status: "nieuw",
      assignedRole: "leerplicht",
      createdAt: new Date(now - (j + 1) * 3_600_000),
      recipient: coverOf("leerplicht", i)?.id,
    })),
  );
  await db.signal.createMany({ data: signals.map(({ recipient: _, ...s }) => s) });
  await db.signalEvent.createMany({
    data: signals.flatMap((s) =>
      s.recipient ? [{ signalId: s.id, type: "recipient", detail: s.recipient, createdAt: s.createdAt }] : [],
    ),
  });
  return people.map((p) => ({
    userId: p.userId,
    personId: p.id,
    role: p.role,
    codes: codes.get(p.id) ?? [],
  }));
}
