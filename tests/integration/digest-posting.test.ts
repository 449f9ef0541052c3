/** Board digests through the real scheduler, outbox and (in-memory) chat port (issue 11, item 6):
 * paged posts once per channel and period, `/knoop digest` paged like a post with the numbers of
 * the post and the CLI, the quarterly post after the December registration closes, and the SWV
 * staff's details (table and CSV file, suppressed) in their DM only. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Place } from "../../src/chat/intents.ts";
import type { Block, MessageView, Reply } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { buildDigest, type Digest } from "../../src/features/digests/digest.ts";
import { digestJobs } from "../../src/features/digests/jobs.ts";
import { MAX_PART_BLOCKS } from "../../src/features/digests/paging.ts";
import { lastComplete, parsePeriod } from "../../src/features/digests/periods.ts";
import { digestCsv, digestPosts, indicatorRows } from "../../src/features/digests/views.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { seedDigestFixture } from "../support/digest-fixture.ts";
import { slackUser } from "../support/slack-fake.ts";
import { type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";
import { createWorld, type World } from "../support/world.ts";

const run = promisify(execFile);
const TZ = "Europe/Amsterdam";
const board = { kind: "channel", id: "channel:bestuur" } as const satisfies Place;
const board88 = { kind: "channel", id: "channel:bestuur-88888" } as const satisfies Place;
/** What a surface receives: views as JSON (dates and the like as the outbox stores them). */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const messagesOf = (reply: Reply): MessageView[] =>
  reply.type === "message" ? [reply.message] : reply.type === "page" ? reply.messages : [];
const blocksOf = (views: MessageView[]): Block[] => views.flatMap((m) => m.blocks);
/** The rows of the indicator tables (the first six tables of a digest, one per group). */
const indicatorsShown = (views: MessageView[]) =>
  blocksOf(views)
    .filter((b) => b.kind === "table" && b.columns[0] === "Indicator")
    .flatMap((b) => (b.kind === "table" ? b.rows : []));
const hasPerSchool = (views: MessageView[]) =>
  blocksOf(views).some((b) => b.kind === "text" && JSON.stringify(b).includes("Per school"));
const filesOf = (views: MessageView[]) => blocksOf(views).filter((b) => b.kind === "file");

/** The CSV's counts: no 1-4 in any table section, nor in a count indicator's line. */
function expectCsvSuppressed(csv: string, d: Digest) {
  const [indicators = "", ...tables] = csv.split("\r\n\r\n");
  expect(tables.length).toBeGreaterThan(0);
  for (const line of tables.join("\r\n").split("\r\n"))
    for (const cell of line.split(";").slice(1)) expect(cell).not.toMatch(/^[1-4]$/);
  const counts = new Set(d.figures.filter((f) => f.unit === "aantal").map((f) => f.key));
  for (const line of indicators.split("\r\n")) {
    const [, key, ...values] = line.split(";");
    if (key && counts.has(key)) for (const v of values) expect(v).not.toMatch(/^[1-4]$/);
  }
  expect(csv).not.toMatch(/\b(LL|TZ) \d{4}\b/);
}

describeEachDatabase("board digest posting", (get) => {
  let world: World;
  let scheduler: Scheduler;
  const digest = (key: string, boardNumber: string | null = null, perSchool = false) => {
    const period = parsePeriod(key);
    if (!period) throw new Error(key);
    return buildDigest(world.db, {
      swvId: world.swvId,
      period,
      boardNumber,
      timeZone: TZ,
      locale: "nl",
      perSchool,
    });
  };
  /** The outbox rows of the digest posts of one channel and period, oldest first. */
  const rowsOf = (channelId: string, periodKey: string) =>
    world.db.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: `digest:${channelId}:${periodKey}` } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  const postsTo = (sent: Awaited<ReturnType<World["flush"]>>, channelId: string) =>
    sent.flatMap((d) =>
      d.request.op === "post" && d.request.channelId === channelId ? [d.request.message] : [],
    );

  it("sets up the fixture, the subscriptions (by a beheerder) and the scheduler with the digest job", async () => {
    world = await createWorld(get().db, "2026-11-23T09:00:00+01:00");
    await seedDigestFixture(world);
    for (const [args, place] of [
      [["digest", "abonneer", "maand"], board],
      [["digest", "abonneer", "kwartaal"], board],
      [["digest", "abonneer", "maand", "bestuur", "88888"], board88],
    ] as const) {
      const reply = await world.as("beheerder", { kind: "command", args: [...args] }, place);
      expect(messagesOf(reply)[0]?.blocks[0]?.kind).toBe("text");
    }
    expect(await world.db.digestSubscription.count()).toBe(3);
    const deps: JobDeps = {
      db: world.db,
      clock: world.clock,
      logger: silentLogger,
      timezone: TZ,
      locale: "nl",
      notify: () => {},
    };
    scheduler = new Scheduler({ db: world.db, clock: world.clock, logger: silentLogger, timezone: TZ });
    for (const job of digestJobs(deps)) scheduler.register(job);
  });

  it("1. posts each channel's digest once per period through the outbox, as its parts in order", async () => {
    world.clock.set("2026-12-01T09:00:00+01:00");
    expect(await scheduler.tick()).toEqual({ "digests.post": "ran" });
    const swv = await digest("2026-11");
    const b88 = await digest("2026-11", "88888");
    const expected = digestPosts(swv, "nl");
    // A channel digest as built today fits one message (23 view blocks); posts are paged like the
    // staff's details below (test 4), which do need two parts.
    expect(expected.every((p) => p.blocks.length <= MAX_PART_BLOCKS)).toBe(true);
    const rows = await rowsOf(board.id, "2026-11");
    expect(rows.map((r) => r.idempotencyKey)).toEqual(
      expected.map((_, i) =>
        i === 0 ? "digest:channel:bestuur:2026-11" : `digest:channel:bestuur:2026-11:deel-${i + 1}`,
      ),
    );
    const sent = await world.flush();
    expect(postsTo(sent, board.id)).toEqual(json(expected));
    // The other channel gets its own board's digest, with that board's heading.
    const other = postsTo(sent, board88.id);
    expect(other).toEqual(json(digestPosts(b88, "nl")));
    expect(other[0]?.blocks[0]).toEqual({
      kind: "heading",
      text: "Overzicht Stichting Achtentachtig (bestuur 88888): november 2026",
    });
    expect((await rowsOf(board88.id, "2026-11")).length).toBe(other.length);

    // Running the job again for the same period (a second run the same morning, a later working
    // day, a restart's catch-up) posts nothing new.
    const outbox = await world.db.outboxMessage.count();
    const again = new Scheduler({ db: world.db, clock: world.clock, logger: silentLogger, timezone: TZ });
    for (const job of digestJobs({
      db: world.db,
      clock: world.clock,
      logger: silentLogger,
      timezone: TZ,
      locale: "nl",
      notify: () => {},
    }))
      again.register(job);
    expect(await again.tick()).toEqual({ "digests.post": "taken" });
    world.clock.set("2026-12-02T09:00:00+01:00");
    expect(await scheduler.tick()).toEqual({ "digests.post": "ran" });
    world.clock.set("2026-12-03T09:30:00+01:00");
    await again.start(); // catch-up at start: the 3 December run, still for November
    await again.stop();
    expect(await world.db.outboxMessage.count()).toBe(outbox);
    expect(postsTo(await world.flush(), board.id)).toEqual([]);
  });

  it("4. SWV staff typing /knoop digest in a channel: the digest there, the details and the CSV in their DM", async () => {
    world.clock.set("2026-12-03T10:00:00+01:00");
    const reply = await world.as("consultant", { kind: "command", args: ["digest"] }, board);
    const shown = messagesOf(reply);
    const swv = await digest("2026-11");
    // In the channel: the digest everyone in it may see, without per-school rows or a file.
    expect(shown).toEqual(digestPosts(swv, "nl"));
    expect(hasPerSchool(shown)).toBe(false);
    expect(filesOf(shown)).toEqual([]);
    expect(JSON.stringify(shown)).not.toMatch(/Het Kompas|De Regenboog|School [C-J]/);

    // In the DM: the digest with the per-school table and the CSV file, paged (26 view blocks).
    const full = await digest("2026-11", null, true);
    const details = digestPosts(full, "nl", true);
    expect(details.length).toBe(2);
    const dms = (await world.flush()).flatMap((d) =>
      d.request.op === "dm" && d.request.personId === world.people.consultant ? [d.request.message] : [],
    );
    expect(dms).toEqual(json(details));
    expect(dms.map((m) => m.blocks[0])).toEqual([
      { kind: "heading", text: `Overzicht SWV Testregio (${full.swv.code}): november 2026 (deel 1 van 2)` },
      { kind: "heading", text: `Overzicht SWV Testregio (${full.swv.code}): november 2026 (deel 2 van 2)` },
    ]);
    expect(hasPerSchool(dms)).toBe(true);
    const perSchool = blocksOf(dms).find(
      (b) => b.kind === "table" && b.columns.join(";") === ";Nieuwe signalen;Geopend;Thuiszitters",
    );
    expect(perSchool?.kind === "table" && perSchool.rows.map((r) => r[0])).toEqual(
      full.schools?.rows.map((r) => r.label),
    );
    const [file] = filesOf(dms);
    expect(file?.kind === "file" && [file.name, file.mediaType]).toEqual([
      "overzicht-2026-11.csv",
      "text/csv",
    ]);
    const csv = file?.kind === "file" ? file.data : "";
    expect(csv).toBe(digestCsv(full, "nl"));
    expect(csv).toContain("Per school;Nieuwe signalen;Geopend;Thuiszitters");
    // Known cells of the fixture: 10 signals and 5 cases at school F; 1-4 shown as <5, a protecting cell as x.
    expect(csv).toMatch(/\r\nSchool F \(PO9\d{3}F\);10;5;0\r\n/);
    expect(csv).toMatch(/\r\nHet Kompas \(PO9\d{3}B\);<5;0;12\r\n/);
    expectCsvSuppressed(csv, full);
    expect(
      await world.db.auditEntry.count({ where: { actorId: world.people.consultant, action: "digest.show" } }),
    ).toBe(1);

    // A board member asking (in the channel or their DM) gets no per-school details and no DM.
    for (const place of [board, { kind: "dm", id: "dm:bestuur" } as const]) {
      const asked = messagesOf(await world.as("bestuur", { kind: "command", args: ["digest"] }, place));
      expect(asked).toEqual(digestPosts(swv, "nl"));
      expect(hasPerSchool(asked)).toBe(false);
      expect(filesOf(asked)).toEqual([]);
    }
    expect((await world.flush()).filter((d) => d.request.op === "dm")).toEqual([]);
  });

  it("3. posts the quarterly digest once after the December thuiszitter registration closes, not before", async () => {
    // The December registration (Q2 of the school year) of every school, due at the end of December.
    const schools = await world.db.school.findMany({ where: { swvId: world.swvId }, select: { id: true } });
    for (const s of schools)
      await world.db.cycleInstance.create({
        data: {
          swvId: world.swvId,
          momentKey: "thuiszitters",
          periodKey: "2026-2027-Q2",
          subjectKind: "school",
          subjectId: s.id,
          schoolId: s.id,
          opensOn: "2026-12-01",
          dueOn: "2026-12-31",
          closesOn: "2026-12-31",
          state: "answered",
          answeredAt: new Date("2026-12-15T10:00:00+01:00"),
          createdAt: new Date("2026-12-01T07:00:00+01:00"),
        },
      });
    const quarterRows = () => rowsOf(board.id, "2026-Q4");
    // Before it closes: the weekday runs of December (and the last day of the registration) post no quarter.
    for (const at of [
      "2026-12-15T09:00:00+01:00",
      "2026-12-31T09:00:00+01:00",
      "2026-12-31T23:59:00+01:00",
    ]) {
      world.clock.set(at);
      await scheduler.tick();
      expect(await quarterRows()).toEqual([]);
    }
    // 1 January 2027 (a Friday) is a public day off: the job runs, nothing is due.
    world.clock.set("2027-01-01T09:00:00+01:00");
    expect(await scheduler.tick()).toEqual({ "digests.post": "ran" });
    world.clock.set("2027-01-04T08:59:00+01:00");
    await scheduler.tick();
    expect(await quarterRows()).toEqual([]);
    expect(postsTo(await world.flush(), board.id)).toEqual([]);

    // Monday 4 January at 09:00, the first working day of the quarter: the fourth quarter, once.
    world.clock.set("2027-01-04T09:00:00+01:00");
    expect(await scheduler.tick()).toEqual({ "digests.post": "ran" });
    const q4 = await digest("2026-Q4");
    const expected = digestPosts(q4, "nl");
    expect((await quarterRows()).length).toBe(expected.length);
    const sent = postsTo(await world.flush(), board.id);
    const isQuarter = (m: MessageView) => JSON.stringify(m.blocks[0]).includes("4e kwartaal 2026");
    const quarter = sent.filter(isQuarter);
    expect(quarter).toEqual(json(expected));
    expect(quarter[0]?.blocks[0]).toEqual({
      kind: "heading",
      text: `Overzicht SWV Testregio (${q4.swv.code}): 4e kwartaal 2026`,
    });
    // The same morning the channel also gets its monthly digest of December, nothing else.
    expect(sent.filter((m) => !isQuarter(m))).toEqual(json(digestPosts(await digest("2026-12"), "nl")));
    for (const at of [
      "2027-01-04T15:00:00+01:00",
      "2027-01-05T09:00:00+01:00",
      "2027-01-11T09:00:00+01:00",
    ]) {
      world.clock.set(at);
      await scheduler.tick();
    }
    expect((await quarterRows()).length).toBe(expected.length);
    expect(postsTo(await world.flush(), board.id)).toEqual([]);

    // `/knoop digest kwartaal` that week shows the posted digest, the same numbers.
    const asked = messagesOf(
      await world.as("bestuur", { kind: "command", args: ["digest", "kwartaal"] }, board),
    );
    expect(json(asked)).toEqual(quarter);
  });

  it("2. /knoop digest schooljaar is paged like the post and shows the numbers of the CLI", async () => {
    world.clock.set("2027-01-12T10:00:00+01:00");
    const period = lastComplete("schooljaar", "2027-01-12");
    expect(period.key).toBe("2025-2026");
    const year = await digest(period.key);
    // A board member: the school year's digest, paged exactly as a post of it would be.
    const answer = messagesOf(await world.as("bestuur", { kind: "command", args: ["digest", "schooljaar"] }));
    expect(answer).toEqual(digestPosts(year, "nl"));
    expect(indicatorsShown(answer)).toEqual(indicatorRows(year, "nl"));
    // SWV staff in their DM get the long form (with the per-school table and the CSV): two parts.
    const staff = await world.as("consultant", { kind: "command", args: ["digest", "schooljaar"] });
    expect(staff.type).toBe("page");
    const parts = messagesOf(staff);
    const yearFull = await digest(period.key, null, true);
    expect(parts).toEqual(digestPosts(yearFull, "nl", true));
    expect(parts.length).toBe(2);
    parts.forEach((p, i) => {
      expect(p.blocks.length).toBeLessThanOrEqual(MAX_PART_BLOCKS);
      expect(p.blocks[0]).toEqual({
        kind: "heading",
        text: `Overzicht SWV Testregio (${year.swv.code}): ${year.period.label} (deel ${i + 1} van 2)`,
      });
    });
    expect(indicatorsShown(parts)).toEqual(indicatorRows(year, "nl"));
    expect(hasPerSchool(parts)).toBe(true);
    expect(filesOf(parts)).toHaveLength(1);
    expect(await world.flush()).toEqual([]); // asked in the DM: nothing more is sent

    // The command line prints the same figures and tables (--json), and the per-school table (--schools).
    const code = year.swv.code;
    const env = { ...process.env, DATABASE_URL: get().url, LOG_LEVEL: "silent", LOCALE: "nl", TZ: "UTC" };
    await world.db.$disconnect(); // the CLI migrates first, as a separate process would find it
    const { stdout } = await run(
      "npx",
      ["tsx", "scripts/digest.ts", "--swv", code, "--period", period.key, "--json", "--schools"],
      { env },
    );
    const cli = JSON.parse(stdout) as Digest;
    expect(cli.figures).toEqual(year.figures);
    expect(cli.tables).toEqual(year.tables);
    expect(cli.trend).toEqual(json(year.trend));
    expect(cli.schools).toEqual(yearFull.schools);
    expect(cli.story).toEqual(year.story);
  }, 60_000);
});

/** The paged answer through the real Bolt app: Slack shows each part, in order, on the response_url. */
describeEachDatabase("Slack: a paged /knoop digest", (get) => {
  let k: SlackKnoop;
  beforeAll(async () => {
    k = await startSlackKnoop(get().db);
    await seedDigestFixture(k.world);
  }, 60_000);
  afterAll(async () => {
    expect(k.slack.violations).toEqual([]);
    await k?.stop();
  });

  it("answers SWV staff in their DM with the parts in order, the CSV as a file in the DM", async () => {
    const before = k.slack.calls.length;
    await k.command("consultant", "digest maand 2026-11");
    const answers = await until(
      () => {
        const r = k.slack.calls.slice(before).filter((c) => c.method === "respond");
        return r.length >= 2 && r;
      },
      "two parts on the response_url",
      30_000,
    );
    expect(answers).toHaveLength(2);
    answers.forEach((a, i) => {
      expect(a.args.response_type).toBe("ephemeral");
      const blocks = a.args.blocks as Record<string, unknown>[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(blocks[0])).toContain(`november 2026 (deel ${i + 1} van 2)`);
      expect(JSON.stringify(blocks)).not.toContain("ingekort");
    });
    expect(JSON.stringify(answers[0]?.args.blocks)).toContain("Nieuwe signalen");
    expect(JSON.stringify(answers.map((a) => a.args.blocks))).toContain("Per school");
    expect(JSON.stringify(answers[1]?.args.blocks)).toContain("Bijlage: Overzicht SWV Testregio");
    const shared = await until(
      () => [...k.slack.files.values()].find((f) => f.filename === "overzicht-2026-11.csv" && f.completed),
      "the CSV in the DM",
      20_000,
    );
    expect(shared.channel).toBe(`D${slackUser("consultant")}`);
    expect(shared.bytes?.toString("utf8")).toContain("Per school;Nieuwe signalen;Geopend;Thuiszitters");
  }, 60_000);
});
