import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { main as retentionCli } from "../../scripts/retention.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { buildDigest } from "../../src/features/digests/digest.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import { ANONYMOUS } from "../../src/features/privacy/anonymise.ts";
import { privacyJobs } from "../../src/features/privacy/jobs.ts";
import { type RetentionReport, runRetention } from "../../src/features/privacy/retention.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { seedDigestFixture } from "../support/digest-fixture.ts";
import { caseWithHistory, closeSignal, reportSignal, thuiszitter } from "../support/privacy-world.ts";
import { createWorld, type World } from "../support/world.ts";

const TZ = "Europe/Amsterdam";
const run = promisify(execFile);

const OLD = { reason: "Oud-reden-geheim", goal: "Oud-doel", action: "Oud-afspraak", note: "Oud-notitie" };

async function digests(world: World, periods: string[]) {
  const out: unknown[] = [];
  for (const key of periods) {
    const period = parsePeriod(key);
    if (!period) throw new Error(key);
    for (const perSchool of [false, true])
      out.push(
        await buildDigest(world.db, {
          swvId: world.swvId,
          period,
          boardNumber: null,
          timeZone: TZ,
          locale: "nl",
          perSchool,
        }),
      );
  }
  return JSON.parse(JSON.stringify(out));
}

describeEachDatabase("privacy: retention", (get) => {
  let world: World;
  const ids = {} as Record<
    "oldSignal" | "oldCase" | "openCase" | "recentCase" | "oldTz" | "openTz" | "recentTz",
    string
  >;
  let before: unknown;

  it("builds two years of history through the features", async () => {
    world = await createWorld(get().db, "2024-03-04T09:00:00+01:00");
    const s = await reportSignal(world, "JB 2015", "Oud-signaal-geheim: buikpijn");
    await closeSignal(world, s.id, "Oud-sluitnotitie");
    ids.oldSignal = s.id;
    ids.oldCase = (await caseWithHistory(world, "KV 2016", { ...OLD, evaluation: "Oud-evaluatie" })).id;
    ids.openCase = (await caseWithHistory(world, "AB 2017", OLD)).id;
    ids.oldTz = (await thuiszitter(world, "TZ 2014", "2024-01-08", "2024-03-01")).id;
    ids.openTz = (await thuiszitter(world, "TZ 2013", "2024-01-08")).id;
    world.clock.set(new Date("2025-06-02T09:00:00+02:00"));
    ids.recentCase = (await caseWithHistory(world, "CD 2018", { ...OLD, evaluation: "Recent" })).id;
    ids.recentTz = (await thuiszitter(world, "TZ 2012", "2025-04-01", "2025-05-20")).id;
    // An audit row of more than 60 months ago (before the default audit retention).
    await world.db.auditEntry.create({
      data: {
        swvId: world.swvId,
        access: "read",
        entity: "case",
        entityId: ids.oldCase,
        action: "case.view",
        surface: "sandbox",
        createdAt: new Date("2020-01-15T10:00:00Z"),
      },
    });
    world.clock.set(new Date("2026-04-01T09:00:00+02:00"));
    before = await digests(world, ["2024-03", "2024-Q1", "2023-2024", "2025-06", "2024-2025"]);
  });

  it("dry run: tells what would go, per kind with the oldest date, and changes nothing", async () => {
    const report = await runRetention(world.db, { now: world.clock.now(), timeZone: TZ, dryRun: true });
    const [swv] = report.swvs;
    expect(report.dryRun).toBe(true);
    expect(swv).toMatchObject({
      retentionMonths: 24,
      auditRetentionMonths: 60,
      cutoff: "2024-04-01T07:00:00.000Z",
      cases: { count: 1, oldest: "2024-03-04" },
      signals: { count: 1, oldest: "2024-03-04" },
      thuiszitters: { count: 1, oldest: "2024-03-01" },
      auditEntries: { count: 1, oldest: "2020-01-15" },
    });
    expect(await world.db.case.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
    expect(await world.db.auditEntry.count({ where: { createdAt: { lt: new Date("2021-01-01") } } })).toBe(1);
  });

  it("the CLI's --dry-run --json prints one object of that shape, in-process and spawned", async () => {
    const printed: string[] = [];
    const given = { clock: world.clock, db: world.db };
    {
      expect(await retentionCli(["--dry-run", "--json"], (l) => printed.push(l), given)).toBe(0);
      const text: string[] = [];
      expect(await retentionCli(["--dry-run"], (l) => text.push(l), given)).toBe(0);
      expect(text.join("\n")).toContain("Bewaartermijnen, proefdraai: er verandert niets.");
      expect(text.join("\n")).toContain("casussen: 1 (oudste gesloten op 2024-03-04)");
      expect(await retentionCli(["--swv", "PO0000", "--dry-run"], () => {}, given)).toBe(1);
    }
    const report = JSON.parse(printed[0] ?? "") as RetentionReport;
    const mine = report.swvs.find((s) => s.cases.count === 1);
    expect(mine?.signals.count).toBe(1);
    expect(report.outbox?.cutoff).toBe("2024-04-01T07:00:00.000Z");

    // The CLI migrates first: let go of this test's connection as a separate process would find it.
    await world.db.$disconnect();
    const { stdout } = await run("npx", ["tsx", "scripts/retention.ts", "--dry-run", "--json"], {
      env: { ...process.env, DATABASE_URL: get().url },
    });
    const spawned = JSON.parse(stdout) as RetentionReport;
    expect(Object.keys(spawned).sort()).toEqual(["dryRun", "now", "outbox", "swvs"]);
    expect(Object.keys(spawned.swvs[0] ?? {}).sort()).toEqual(
      [
        "auditCutoff",
        "auditEntries",
        "auditRetentionMonths",
        "cases",
        "code",
        "cutoff",
        "name",
        "retentionMonths",
        "signals",
        "thuiszitters",
      ].sort(),
    );
    expect(Object.keys(spawned.swvs[0]?.cases ?? {}).sort()).toEqual(["count", "oldest"]);
    expect(await world.db.case.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
  }, 60_000);

  it("the daily job anonymises exactly the rows past the period, audited; old audit rows go", async () => {
    const scheduler = new Scheduler({ db: world.db, clock: world.clock, logger: silentLogger, timezone: TZ });
    const deps = {
      db: world.db,
      clock: world.clock,
      logger: silentLogger,
      timezone: TZ,
      locale: "nl" as const,
      notify: () => {},
    };
    for (const job of privacyJobs(deps)) scheduler.register(job);
    expect(await scheduler.tick()).toEqual({ "privacy.retention": "ran" });
    expect(await scheduler.tick()).toEqual({ "privacy.retention": "taken" });

    const oldCase = await world.db.case.findUniqueOrThrow({ where: { id: ids.oldCase } });
    expect(oldCase).toMatchObject({
      pupilRef: ANONYMOUS,
      reason: "",
      evaluation: null,
      regisseurId: ANONYMOUS,
      consentById: null,
      status: "afgesloten",
      outcome: "overig",
      form: "verkennend",
    });
    expect(oldCase.anonymisedAt).toEqual(world.clock.now());
    expect(oldCase.closedAt).not.toBeNull();
    const inOld = { caseId: ids.oldCase };
    expect(await world.db.caseNote.count({ where: inOld })).toBe(0);
    expect(await world.db.caseParticipant.count({ where: inOld })).toBe(0);
    expect(
      await world.db.caseGoal.findMany({ where: inOld, select: { text: true, createdById: true } }),
    ).toEqual([{ text: "", createdById: ANONYMOUS }]);
    expect(
      await world.db.caseAction.findMany({
        where: inOld,
        select: { description: true, ownerId: true, status: true },
      }),
    ).toEqual([{ description: "", ownerId: ANONYMOUS, status: "open" }]);
    const events = await world.db.caseEvent.findMany({ where: inOld });
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.actorId === null && e.summary === "" && e.data === null)).toBe(true);

    const signal = await world.db.signal.findUniqueOrThrow({ where: { id: ids.oldSignal } });
    expect(signal).toMatchObject({
      pupilRef: ANONYMOUS,
      description: "",
      reporterId: ANONYMOUS,
      assigneeId: null,
      status: "afgehandeld",
      domain: "gezondheid",
    });
    const signalEvents = await world.db.signalEvent.findMany({ where: { signalId: ids.oldSignal } });
    expect(signalEvents.every((e) => e.actorId === null && e.detail === null)).toBe(true);
    expect(await world.db.thuiszitter.findUniqueOrThrow({ where: { id: ids.oldTz } })).toMatchObject({
      pupilRef: ANONYMOUS,
      reportedById: ANONYMOUS,
      outcome: "terug-naar-school",
      endedOn: "2024-03-01",
    });

    // Open and recent rows are untouched.
    for (const id of [ids.openCase, ids.recentCase]) {
      const c = await world.db.case.findUniqueOrThrow({ where: { id } });
      expect(c.anonymisedAt).toBeNull();
      expect(c.reason).toBe(OLD.reason);
      expect(await world.db.caseNote.count({ where: { caseId: id } })).toBe(1);
    }
    for (const id of [ids.openTz, ids.recentTz])
      expect((await world.db.thuiszitter.findUniqueOrThrow({ where: { id } })).anonymisedAt).toBeNull();
    // Nothing of the pupil's free text is left anywhere in the rows of the old case and signal.
    const dump = JSON.stringify([
      await world.db.case.findUnique({
        where: { id: ids.oldCase },
        include: { goals: true, actions: true, notes: true, events: true },
      }),
      await world.db.signal.findUnique({ where: { id: ids.oldSignal }, include: { events: true } }),
    ]);
    for (const secret of [
      "KV 2016",
      "JB 2015",
      "Oud-reden",
      "Oud-doel",
      "Oud-afspraak",
      "Oud-notitie",
      "Oud-evaluatie",
      "Oud-signaal",
      "Oud-sluitnotitie",
    ])
      expect(dump).not.toContain(secret);

    // One audit row per anonymised row, by the system; the old audit row is gone, and its purge recorded.
    const audits = await world.db.auditEntry.findMany({ where: { action: "retention.anonymise" } });
    expect(audits.map((a) => `${a.entity}:${a.entityId}`).sort()).toEqual(
      [`case:${ids.oldCase}`, `signal:${ids.oldSignal}`, `thuiszitter:${ids.oldTz}`].sort(),
    );
    expect(audits.every((a) => a.actorId === null && a.surface === "system" && a.access === "write")).toBe(
      true,
    );
    expect(await world.db.auditEntry.count({ where: { createdAt: { lt: new Date("2021-01-01") } } })).toBe(0);
    expect(await world.db.auditEntry.findFirst({ where: { action: "retention.audit-purge" } })).toMatchObject(
      {
        swvId: world.swvId,
        detail: expect.stringMatching(/^1 voor /),
      },
    );
  });

  it("gives the same digest numbers after as before", async () => {
    expect(await digests(world, ["2024-03", "2024-Q1", "2023-2024", "2025-06", "2024-2025"])).toEqual(before);
  });

  it("is idempotent: a second run anonymises and audits nothing", async () => {
    const audits = await world.db.auditEntry.count();
    world.clock.advance(86_400_000);
    const report = await runRetention(world.db, { now: world.clock.now(), timeZone: TZ, dryRun: false });
    const [mine] = report.swvs;
    expect(mine).toMatchObject({ cases: { count: 0 }, signals: { count: 0 }, thuiszitters: { count: 0 } });
    expect(await world.db.auditEntry.count()).toBe(audits);
  });

  it("keeps the digest fixture's every indicator when all of it is past the period", async () => {
    const fixture = await createWorld(get().db, "2026-11-23T09:00:00+01:00");
    await seedDigestFixture(fixture);
    const periods = ["2026-11", "2026-Q4", "2026-2027", "2026-10"];
    const was = await digests(fixture, periods);
    const later = new ManualClock("2029-06-01T09:00:00+02:00");
    const { code } = await fixture.db.swv.findUniqueOrThrow({ where: { id: fixture.swvId } });
    const report = await runRetention(fixture.db, {
      now: later.now(),
      timeZone: TZ,
      dryRun: false,
      swvCode: code,
    });
    const [swv] = report.swvs;
    expect(swv?.cases.count).toBeGreaterThan(0);
    expect(swv?.signals.count).toBeGreaterThan(0);
    expect(swv?.thuiszitters.count).toBeGreaterThan(0);
    expect(report.outbox).toBeNull();
    expect(await digests(fixture, periods)).toEqual(was);
  });
  it("works in batches: 450 handled signals of one SWV are all anonymised and audited once", async () => {
    const many = await createWorld(get().db, "2026-11-23T09:00:00+01:00");
    const closedAt = new Date("2023-05-01T10:00:00Z");
    await many.db.signal.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({
        swvId: many.swvId,
        schoolId: many.schools.B,
        reporterId: many.people.ib,
        pupilRef: `LL ${10000 + i}`,
        domain: "gezin",
        description: "Veel-geheim",
        urgency: "normaal",
        status: "afgehandeld",
        assignedRole: "buurtteam",
        createdAt: closedAt,
        closedAt,
      })),
    });
    const { code } = await many.db.swv.findUniqueOrThrow({ where: { id: many.swvId } });
    const report = await runRetention(many.db, {
      now: many.clock.now(),
      timeZone: TZ,
      dryRun: false,
      swvCode: code,
    });
    expect(report.swvs[0]?.signals).toEqual({ count: 450, oldest: "2023-05-01" });
    expect(await many.db.signal.count({ where: { swvId: many.swvId, description: "Veel-geheim" } })).toBe(0);
    expect(
      await many.db.auditEntry.count({
        where: { swvId: many.swvId, action: "retention.anonymise", entity: "signal" },
      }),
    ).toBe(450);
  });
});
