/** The hand-built digest fixture: ten schools (A-E on board 99999, F-J on board 88888, 100 pupils
 * each), and signals, cases, meetings, actions, thuiszitters and check-ins with known answers for
 * November 2026 (see tests/integration/digests.test.ts for the answers and how they follow).
 * Rows are written straight into the store, as the features would have left them. */
import type { Db } from "../../src/store/client.ts";
import type { World } from "./world.ts";

const at = (iso: string) => new Date(iso);
const day = (d: string, plus = 0) => new Date(Date.parse(`${d}T11:00:00Z`) + plus * 86_400_000);

export interface DigestFixture {
  schools: Record<string, string>;
  boardFMember: string;
}

export async function seedDigestFixture(world: World): Promise<DigestFixture> {
  const { db, swvId } = world;
  const schools: Record<string, string> = { A: world.schools.A, B: world.schools.B };
  const board2 = await db.board.upsert({
    where: { duoNumber: "88888" },
    create: { duoNumber: "88888", name: "Stichting Achtentachtig" },
    update: {},
  });
  const board1 = await db.board.findUniqueOrThrow({ where: { duoNumber: "99999" } });
  await db.school.updateMany({ where: { swvId }, data: { pupilCount: 100 } });
  const code = (await db.swv.findUniqueOrThrow({ where: { id: swvId } })).code;
  for (const letter of "CDEFGHIJ") {
    const s = await db.school.create({
      data: {
        institutionCode: `X${letter}${code.slice(-2)}`,
        locationCode: `${code}${letter}`,
        name: `School ${letter}`,
        postcode: "6131 AA",
        place: "SITTARD",
        municipality: "SITTARD-GELEEN",
        municipalityCode: "1883",
        holidayRegion: "Zuid",
        pupilCount: 100,
        swvId,
        boardId: "FGHIJ".includes(letter) ? board2.id : board1.id,
      },
    });
    schools[letter] = s.id;
  }
  const reporter = world.people.ib;
  const person = await db.person.create({
    data: {
      swvId,
      displayName: "Femke Bestuur",
      identities: { create: { platform: "sandbox", workspaceId: `local-${code}`, userId: "bestuur-f" } },
      roles: { create: [{ swvId, role: "bestuur", schoolId: schools.F ?? null }] },
    },
  });

  // ---- signals
  let n = 0;
  const signal = async (
    school: string,
    domain: string,
    createdAt: Date,
    closed?: { type: string; at: Date },
  ) => {
    const s = await db.signal.create({
      data: {
        swvId,
        schoolId: schools[school] ?? "",
        reporterId: reporter,
        pupilRef: `LL ${1000 + n++}`,
        domain,
        description: "vrije tekst die nooit in een overzicht komt",
        urgency: "normaal",
        status: closed ? (closed.type === "closed" ? "afgehandeld" : "omgezet") : "nieuw",
        assignedRole: "leerplicht",
        createdAt,
        closedAt: closed?.at ?? null,
      },
    });
    if (closed)
      await db.signalEvent.create({ data: { signalId: s.id, type: closed.type, createdAt: closed.at } });
    return s;
  };
  // November: verzuim 7 (2 closed in November), gezondheid 3 (one at 23:30 on the 30th), gezin 6,
  // schoolloopbaan 9 (5 turned into cases in November).
  for (let i = 0; i < 7; i++)
    await signal(
      i < 4 ? "A" : "B",
      "verzuim",
      day("2026-11-05"),
      i < 2 ? { type: "closed", at: day("2026-11-20") } : undefined,
    );
  await signal("A", "gezondheid", day("2026-11-06"));
  await signal("C", "gezondheid", day("2026-11-07"));
  await signal("F", "gezondheid", at("2026-11-30T22:30:00Z")); // 23:30 in Amsterdam: still November
  await signal("F", "schoolloopbaan", at("2026-11-30T23:30:00Z")); // 00:30 on 1 December: not November
  for (let i = 0; i < 6; i++) await signal("C", "gezin", day("2026-11-08"));
  const converted: { id: string; createdAt: Date }[] = [];
  for (let i = 0; i < 9; i++) {
    const s = await signal(
      "F",
      "schoolloopbaan",
      day("2026-11-02"),
      i < 5 ? { type: "omgezet", at: day("2026-11-02", [1, 2, 3, 4, 10][i] ?? 0) } : undefined,
    );
    if (i < 5) converted.push(s);
  }
  // October: gezin 10 (still open), verzuim 1 (closed on 10 November).
  for (let i = 0; i < 10; i++) await signal("D", "gezin", day("2026-10-12"));
  await signal("A", "verzuim", day("2026-10-14"), { type: "closed", at: day("2026-11-10") });
  // Across the school-year boundary: July 2026 verzuim 6 (closed in August), August gezin 5 (closed 1 September).
  for (let i = 0; i < 6; i++)
    await signal("B", "verzuim", day("2026-07-15"), { type: "closed", at: day("2026-08-20") });
  for (let i = 0; i < 5; i++)
    await signal("B", "gezin", day("2026-08-15"), { type: "closed", at: day("2026-09-01") });

  // ---- cases
  let c = 0;
  const kase = (
    school: string,
    form: string,
    createdAt: Date,
    extra: Partial<{ signalId: string; closedAt: Date; outcome: string }> = {},
  ) =>
    db.case.create({
      data: {
        swvId,
        code: `K-2026-${String(++c).padStart(4, "0")}`,
        schoolId: schools[school] ?? "",
        pupilRef: `LL ${2000 + c}`,
        form,
        status: extra.closedAt ? "afgesloten" : form,
        regisseurId: reporter,
        reason: "vrije tekst",
        createdAt,
        ...extra,
      },
    });
  // October: 6 exploratory cases, 5 closed in November after 31, 32, 33, 34 and 41 days.
  const outcomes = [
    "ondersteuning-op-school",
    "ondersteuning-op-school",
    "ondersteuning-op-school",
    "terug-naar-school",
    "tlv-aangevraagd",
  ];
  for (let i = 0; i < 6; i++)
    await kase(
      "A",
      "verkennend",
      day("2026-10-01"),
      i < 5 ? { closedAt: day("2026-10-01", [31, 32, 33, 34, 41][i] ?? 0), outcome: outcomes[i] ?? "" } : {},
    );
  // November: the 5 converted signals became cases 1, 2, 3, 4 and 10 days after the signal.
  const novemberCases = [];
  for (let i = 0; i < 5; i++) {
    const s = converted[i];
    if (!s) continue;
    novemberCases.push(
      await kase("F", i < 3 ? "verkennend" : "formeel", day("2026-11-02", [1, 2, 3, 4, 10][i] ?? 0), {
        signalId: s.id,
      }),
    );
  }
  // First meetings confirmed 2, 4, 6, 8 and 10 days after opening, each proposed 1, 1, 2, 3, 5 days before;
  // the first case confirms a second meeting on 20 November (proposed the day before).
  // As confirmSlot records it: the meeting's confirmation time, the case's first one, the timeline.
  const confirm = async (caseId: string, proposed: Date, confirmed: Date) => {
    await db.meeting.create({
      data: {
        caseId,
        status: "bevestigd",
        proposedById: reporter,
        confirmedSlotId: "slot",
        confirmedAt: confirmed,
        createdAt: proposed,
      },
    });
    await db.case.updateMany({
      where: { id: caseId, firstMeetingAt: null },
      data: { firstMeetingAt: confirmed },
    });
    await db.caseEvent.create({ data: { caseId, type: "meeting.proposed", createdAt: proposed } });
    await db.caseEvent.create({ data: { caseId, type: "meeting.confirmed", createdAt: confirmed } });
  };
  for (let i = 0; i < novemberCases.length; i++) {
    const k = novemberCases[i];
    if (!k) continue;
    const confirmed = new Date(k.createdAt.getTime() + ([2, 4, 6, 8, 10][i] ?? 0) * 86_400_000);
    await confirm(k.id, new Date(confirmed.getTime() - ([1, 1, 2, 3, 5][i] ?? 0) * 86_400_000), confirmed);
  }
  const first = novemberCases[0];
  if (first) await confirm(first.id, day("2026-11-19"), day("2026-11-20"));

  // ---- actions: 6 open and due 10 November, 1 done before its date, 1 due in December,
  // 1 due 20 November and done only in December: 7 overdue at the end of November.
  const action = (due: Date, doneAt: Date | null) =>
    db.caseAction.create({
      data: {
        caseId: first?.id ?? "",
        description: "vrije tekst",
        ownerId: reporter,
        dueDate: due,
        status: doneAt ? "done" : "open",
        createdById: reporter,
        createdAt: day("2026-11-05"),
        doneAt,
      },
    });
  for (let i = 0; i < 6; i++) await action(day("2026-11-10"), null);
  await action(day("2026-11-10"), day("2026-11-09"));
  await action(day("2026-12-05"), null);
  await action(day("2026-11-20"), day("2026-12-02"));

  // ---- thuiszitters
  let t = 0;
  const tz = async (
    school: string,
    f: { absentSince: string; reportedOn: string; offer: string; opp: boolean; endedOn?: string },
    offerEvent?: { at: Date; offer: string },
  ) => {
    const row = await db.thuiszitter.create({
      data: {
        swvId,
        schoolId: schools[school] ?? "",
        pupilRef: `TZ ${3000 + t++}`,
        kind: "ingeschreven",
        absentSince: f.absentSince,
        reportedOn: f.reportedOn,
        periodKey: "2026-2027-Q1",
        offer: f.offer,
        opp: f.opp,
        state: f.endedOn ? "ended" : "open",
        outcome: f.endedOn ? "terug-naar-school" : null,
        endedOn: f.endedOn ?? null,
        reportedById: reporter,
        createdAt: day(f.reportedOn),
        updatedAt: day(f.reportedOn),
      },
    });
    if (offerEvent)
      await db.thuiszitterEvent.create({
        data: {
          thuiszitterId: row.id,
          type: "updated",
          at: offerEvent.at,
          data: JSON.stringify({ offer: offerEvent.offer }),
        },
      });
  };
  // T1: since June without any offer (beyond 3 months; absent 182 days at 30 November).
  await tz("A", { absentSince: "2026-06-01", reportedOn: "2026-06-15", offer: "geen", opp: false });
  // 13 reported on 5/6 October (6-week deadline in November): 7 got a full offer on 1 November,
  // 1 only on 25 November, 4 stayed "deels", 1 ended on 10 November. OPP: the first 6.
  for (let i = 0; i < 7; i++)
    await tz(
      "B",
      { absentSince: "2026-09-20", reportedOn: "2026-10-05", offer: "volledig", opp: i < 6 },
      { at: day("2026-11-01"), offer: "volledig" },
    );
  await tz(
    "B",
    { absentSince: "2026-09-20", reportedOn: "2026-10-05", offer: "volledig", opp: false },
    { at: day("2026-11-25"), offer: "volledig" },
  );
  for (let i = 0; i < 4; i++)
    await tz("B", { absentSince: "2026-09-20", reportedOn: "2026-10-05", offer: "deels", opp: false });
  await tz("A", {
    absentSince: "2026-09-20",
    reportedOn: "2026-10-06",
    offer: "deels",
    opp: false,
    endedOn: "2026-11-10",
  });
  // 2 new in November, at a school of the other board.
  for (let i = 0; i < 2; i++)
    await tz("G", { absentSince: "2026-10-20", reportedOn: "2026-11-03", offer: "geen", opp: false });

  // ---- check-ins
  const instance = (
    school: string,
    momentKey: string,
    periodKey: string,
    f: Partial<{ opensOn: string; dueOn: string; state: string; late: boolean; answeredAt: Date }>,
  ) =>
    db.cycleInstance.create({
      data: {
        swvId,
        momentKey,
        periodKey,
        subjectKind: "school",
        subjectId: schools[school] ?? "",
        schoolId: schools[school] ?? "",
        opensOn: f.opensOn ?? "2026-01-01",
        dueOn: f.dueOn ?? "2026-01-31",
        closesOn: f.dueOn ?? "2026-01-31",
        state: f.state ?? "open",
        late: f.late ?? false,
        answeredAt: f.answeredAt ?? null,
        createdAt: day("2025-08-01"),
      },
    });
  const letters = [..."ABCDEFGHIJ"];
  for (const l of letters) {
    // Every school answered the SOP last school year: 100% (norm 75%).
    await instance(l, "sop", "2025-2026", {
      opensOn: "2026-03-01",
      dueOn: "2026-06-15",
      state: "answered",
      answeredAt: day("2026-05-01"),
    });
    // Half held the jaarplangesprek: 50%.
    const held = "ABCDE".includes(l);
    await instance(l, "jaarverslag", "2025-2026", {
      opensOn: "2026-05-01",
      dueOn: "2026-06-30",
      state: held ? "answered" : "overdue",
      answeredAt: held ? day("2026-06-10") : undefined,
    });
    // Every September registration on time: 100%.
    await instance(l, "thuiszitters", "2026-2027-Q1", {
      opensOn: "2026-09-01",
      dueOn: "2026-09-30",
      state: "answered",
      answeredAt: day("2026-09-15"),
    });
  }
  // November check-ins: 10 due, 5 answered after 2, 3, 4, 5 and 11 days; one more waived (not counted).
  for (const [i, l] of letters.entries()) {
    const answered =
      i < 5 ? at(`2026-11-${String(1 + ([2, 3, 4, 5, 11][i] ?? 0)).padStart(2, "0")}T00:00:00Z`) : undefined;
    await instance(l, "jaarplan", "2026-2027", {
      opensOn: "2026-11-01",
      dueOn: "2026-11-20",
      state: answered ? "answered" : "overdue",
      answeredAt: answered,
    });
  }
  await db.cycleInstance.create({
    data: {
      swvId,
      momentKey: "opp-evaluatie",
      periodKey: "2026-2027",
      subjectKind: "school",
      subjectId: `waived-${schools.A}`,
      schoolId: schools.A ?? "",
      opensOn: "2026-11-01",
      dueOn: "2026-11-15",
      closesOn: "2026-11-15",
      state: "waived",
      createdAt: day("2026-10-01"),
    },
  });
  return { schools, boardFMember: person.id };
}

export const fixtureDb = (world: World): Db => world.db;
