// The data of the digest benchmark: 300 schools, 5 school years, about 1 million rows at scale 1.
import type { DigestQuery } from "../../src/features/digests/digest.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import type { Db, Provider } from "../../src/store/client.ts";

const SCHOOLS = 300;
const DAYS = 5 * 365; // 2021-08-01 .. 2026-07-31
const START = Date.parse("2021-08-01T08:00:00Z");
const DOMAINS = ["verzuim", "gezondheid", "gezin", "schoolloopbaan"];
const OUTCOMES = [
  "ondersteuning-op-school",
  "plaatsing-andere-school",
  "tlv-aangevraagd",
  "terug-naar-school",
];

/** A deterministic pseudo-random sequence (the same data on both databases). */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

/** Bulk rows as plain multi-row INSERTs (Prisma's createMany costs about a millisecond a row, which
 * makes a million rows take most of an hour). Dates are written as each provider's Prisma stores them. */
async function insert(db: Db, provider: Provider, table: string, rows: Record<string, unknown>[]) {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const value = (v: unknown) => {
    if (v instanceof Date) {
      const iso = v.toISOString();
      return provider === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("T", " ").replace("Z", "");
    }
    if (typeof v === "boolean") return provider === "sqlite" ? (v ? 1 : 0) : v;
    return v ?? null;
  };
  const per = Math.floor(30000 / columns.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    let n = 0;
    const tuples = chunk.map(
      () => `(${columns.map(() => (provider === "sqlite" ? "?" : `$${++n}`)).join(",")})`,
    );
    const params = chunk.flatMap((r) => columns.map((c) => value(r[c])));
    await db.$executeRawUnsafe(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`,
      ...params,
    );
  }
}

/** The digest the benchmark times: the whole SWV with the per-school table, for a period key. */
export function benchQuery(swvId: string, key: string): DigestQuery {
  const period = parsePeriod(key);
  if (!period) throw new Error(`bench: not a period: ${key}`);
  return { swvId, period, boardNumber: null, timeZone: "Europe/Amsterdam", locale: "nl", perSchool: true };
}

export async function seed(
  db: Db,
  provider: Provider,
  scale: number,
): Promise<{ swvId: string; events: number }> {
  const random = rng(42);
  const at = (day: number) => new Date(START + day * 86_400_000 + Math.floor(random() * 8 * 3_600_000));
  const swv = await db.swv.create({ data: { code: "PO0001", name: "Bench SWV" } });
  const boards = Array.from({ length: 30 }, (_, i) => ({
    id: `b${i}`,
    duoNumber: String(10000 + i),
    name: `Bestuur ${i}`,
  }));
  await db.board.createMany({ data: boards });
  const schools = Array.from({ length: SCHOOLS }, (_, i) => ({
    id: `s${i}`,
    institutionCode: `B${String(i).padStart(3, "0")}`,
    locationCode: `B${String(i).padStart(3, "0")}00`,
    name: `School ${i}`,
    postcode: "6131 AA",
    place: "SITTARD",
    municipality: "SITTARD-GELEEN",
    municipalityCode: "1883",
    holidayRegion: "Zuid",
    pupilCount: 150 + (i % 300),
    swvId: swv.id,
    boardId: `b${i % 30}`,
  }));
  await db.school.createMany({ data: schools });
  const school = () => `s${Math.floor(random() * SCHOOLS)}`;

  const nSignals = Math.round(150_000 * scale);
  const nCases = Math.round(30_000 * scale);
  // The first nCases signals are turned into cases: the case opens when the signal closes.
  const caseDay: number[] = [];
  const signals = [];
  const signalEvents = [];
  for (let i = 0; i < nSignals; i++) {
    const day = Math.floor(random() * DAYS);
    const converted = i < nCases;
    const closed = converted || random() < 0.6;
    const created = at(day);
    const closedAt = closed ? at(day + 3 + Math.floor(random() * 20)) : null;
    if (converted) caseDay.push(day + 3);
    signals.push({
      id: `sig${i}`,
      swvId: swv.id,
      schoolId: school(),
      reporterId: "p",
      pupilRef: `LL ${i}`,
      domain: DOMAINS[i % 4] ?? "verzuim",
      description: "-",
      urgency: "normaal",
      status: converted ? "omgezet" : closed ? "afgehandeld" : "nieuw",
      assignedRole: "leerplicht",
      createdAt: created,
      updatedAt: created,
      closedAt,
    });
    signalEvents.push({ id: `se${i}`, signalId: `sig${i}`, type: "routed", createdAt: created });
    if (closed)
      signalEvents.push({
        id: `sc${i}`,
        signalId: `sig${i}`,
        type: converted ? "omgezet" : "closed",
        createdAt: closedAt ?? created,
      });
  }
  await insert(db, provider, "Signal", signals);
  await insert(db, provider, "SignalEvent", signalEvents);

  const cases = [];
  const caseEvents = [];
  const meetings = [];
  const actions = [];
  for (let i = 0; i < nCases; i++) {
    const day = caseDay[i] ?? Math.floor(random() * DAYS);
    const created = signals[i]?.closedAt ?? at(day);
    const closedDay = day + 20 + Math.floor(random() * 120);
    const closed = closedDay < DAYS;
    cases.push({
      id: `c${i}`,
      swvId: swv.id,
      code: `K-${i}`,
      schoolId: school(),
      pupilRef: `LL ${i}`,
      form: random() < 0.7 ? "verkennend" : "formeel",
      status: closed ? "afgesloten" : "verkennend",
      regisseurId: "p",
      signalId: i < nSignals ? `sig${i}` : null,
      reason: "-",
      outcome: closed ? (OUTCOMES[i % 4] ?? null) : null,
      createdAt: created,
      updatedAt: created,
      closedAt: closed ? at(closedDay) : null,
      firstMeetingAt: null as Date | null,
    });
    const proposed = at(day + 3);
    const confirmed = at(day + 5 + Math.floor(random() * 10));
    // As confirmSlot records it (and the migration backfills it from the timeline).
    const opened = cases[cases.length - 1];
    if (opened) opened.firstMeetingAt = confirmed;
    meetings.push({
      id: `m${i}`,
      caseId: `c${i}`,
      status: "bevestigd",
      proposedById: "p",
      confirmedSlotId: "x",
      confirmedAt: confirmed,
      createdAt: proposed,
    });
    caseEvents.push(
      { id: `ce${i}a`, caseId: `c${i}`, type: "created", createdAt: created },
      { id: `ce${i}b`, caseId: `c${i}`, type: "meeting.proposed", createdAt: proposed },
      { id: `ce${i}c`, caseId: `c${i}`, type: "meeting.confirmed", createdAt: confirmed },
    );
    for (let k = 0; k < 12; k++)
      caseEvents.push({ id: `ce${i}n${k}`, caseId: `c${i}`, type: "note", createdAt: at(day + k * 5) });
    for (let k = 0; k < 2; k++)
      actions.push({
        id: `a${i}_${k}`,
        caseId: `c${i}`,
        description: "-",
        ownerId: "p",
        dueDate: at(day + 14 + k * 14),
        status: random() < 0.8 ? "done" : "open",
        createdById: "p",
        createdAt: created,
        doneAt: random() < 0.8 ? at(day + 10 + k * 14) : null,
      });
  }
  await insert(db, provider, "Case", cases);
  await insert(db, provider, "Meeting", meetings);
  await insert(db, provider, "CaseEvent", caseEvents);
  await insert(db, provider, "CaseAction", actions);

  const nTz = Math.round(3000 * scale);
  const tz = [];
  const tzEvents = [];
  for (let i = 0; i < nTz; i++) {
    const day = Math.floor(random() * DAYS);
    const reported = at(day).toISOString().slice(0, 10);
    const ended =
      random() < 0.8
        ? at(day + 30 + Math.floor(random() * 100))
            .toISOString()
            .slice(0, 10)
        : null;
    tz.push({
      id: `t${i}`,
      swvId: swv.id,
      schoolId: school(),
      pupilRef: `TZ ${i}`,
      kind: "ingeschreven",
      absentSince: at(day - 30)
        .toISOString()
        .slice(0, 10),
      reportedOn: reported,
      periodKey: "x",
      offer: random() < 0.5 ? "volledig" : "deels",
      opp: random() < 0.6,
      state: ended ? "ended" : "open",
      endedOn: ended,
      reportedById: "p",
      createdAt: at(day),
      updatedAt: at(day),
    });
    tzEvents.push({
      id: `te${i}`,
      thuiszitterId: `t${i}`,
      type: "updated",
      at: at(day + 20),
      data: '{"offer":"volledig"}',
    });
  }
  await insert(db, provider, "Thuiszitter", tz);
  await insert(db, provider, "ThuiszitterEvent", tzEvents);

  // Check-in answers: every school, every moment period of 5 school years (repeated to scale).
  const instances = [];
  const moments: [string, string[]][] = [
    ["thuiszitters", ["09-30", "12-31", "03-31", "06-30"]],
    ["sop", ["06-15"]],
    ["jaarplan", ["10-31"]],
    ["jaarverslag", ["06-30"]],
  ];
  const copies = Math.max(1, Math.round(scale * 5));
  for (let copy = 0; copy < copies; copy++)
    for (let y = 2021; y < 2026; y++)
      for (let s = 0; s < SCHOOLS; s++)
        for (const [key, dues] of moments)
          for (const [q, due] of dues.entries()) {
            const year = Number(due.slice(0, 2)) >= 8 ? y : y + 1;
            const dueOn = `${year}-${due}`;
            const answered = random() < 0.85;
            const answeredAt = new Date(
              Date.parse(`${dueOn}T10:00:00Z`) - Math.floor(random() * 20) * 86_400_000,
            );
            instances.push({
              id: `ci${copy}_${y}_${s}_${key}_${q}`,
              swvId: swv.id,
              momentKey: key,
              periodKey: `${y}-${y + 1}${dues.length > 1 ? `-Q${q + 1}` : ""}${copy ? `#${copy}` : ""}`,
              subjectKind: "school",
              subjectId: `s${s}`,
              schoolId: `s${s}`,
              opensOn: new Date(Date.parse(`${dueOn}T00:00:00Z`) - 30 * 86_400_000)
                .toISOString()
                .slice(0, 10),
              dueOn,
              closesOn: dueOn,
              state: answered ? "answered" : "overdue",
              late: answered && random() < 0.1,
              answeredAt: answered ? answeredAt : null,
              createdAt: new Date(`${y}-08-01T00:00:00Z`),
            });
          }
  await insert(db, provider, "CycleInstance", instances);
  // As a database that has been in use would be: its statistics gathered and, on PostgreSQL,
  // its visibility map set by (auto)vacuum, so covering indexes are read without the table (this
  // machine's PostgreSQL runs with autovacuum off).
  await db.$executeRawUnsafe(provider === "postgresql" ? "VACUUM ANALYZE" : "ANALYZE");
  const events =
    signals.length +
    signalEvents.length +
    caseEvents.length +
    meetings.length +
    actions.length +
    tz.length +
    tzEvents.length +
    instances.length;
  return { swvId: swv.id, events };
}
