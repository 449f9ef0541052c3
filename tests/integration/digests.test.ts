import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
import type { Block, MessageView, Reply } from "../../src/chat/views.ts";
import { textOf } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { buildDigest, type Digest } from "../../src/features/digests/digest.ts";
import { postDigests } from "../../src/features/digests/jobs.ts";
import { parsePeriod } from "../../src/features/digests/periods.ts";
import {
  type Line,
  recoverBySubtraction,
  type ShownCell,
  type ShownTable,
  withTotals,
} from "../../src/features/digests/suppression.ts";
import { digestCsv, digestView, indicatorRows } from "../../src/features/digests/views.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type DigestFixture, seedDigestFixture } from "../support/digest-fixture.ts";
import { createWorld, type World } from "../support/world.ts";

const run = promisify(execFile);
const TZ = "Europe/Amsterdam";
const period = (key: string) => {
  const p = parsePeriod(key);
  if (!p) throw new Error(key);
  return p;
};
const valuesOf = (d: Digest) => Object.fromEntries(d.figures.map((f) => [f.key, f.value]));
const cells = (t: ShownTable | undefined) => t?.rows.map((r) => [r.label, ...r.cells]);
const blocksOf = (reply: Reply): Block[] =>
  reply.type === "message"
    ? reply.message.blocks
    : reply.type === "page"
      ? reply.messages.flatMap((m) => m.blocks)
      : [];

/** Every number a view, CSV or JSON shows: none may be a count of 1 to 4, none a pupil reference. */
function expectNothingSmall(view: MessageView, csv: string, d: Digest) {
  // The indicators: a count is never 1-4 (lead times and percentages may be any number).
  for (const f of d.figures)
    if (f.unit === "aantal")
      for (const v of [f.value, f.previous, f.yearAgo])
        expect(typeof v === "number" && v >= 1 && v <= 4).toBe(false);
  // Every other table, chart and CSV section holds counts only.
  for (const b of view.blocks) {
    if (b.kind === "table" && b.columns[0] !== "Indicator")
      for (const row of b.rows) for (const cell of row.slice(1)) expect(cell).not.toMatch(/^[1-4]$/);
    if (b.kind === "chart") {
      for (const s of b.series)
        for (const v of s.values)
          expect(v === "<5" || v === "x" || v === 0 || (typeof v === "number" && v >= 5)).toBe(true);
      for (const row of b.table.rows) for (const cell of row.slice(1)) expect(cell).not.toMatch(/^[1-4]$/);
    }
  }
  for (const line of csv.split("\r\n\r\n").slice(1).join("\r\n").split("\r\n"))
    for (const cell of line.split(";").slice(1)) expect(cell).not.toMatch(/^[1-4]$/);
  const all = JSON.stringify(view) + csv;
  expect(all).not.toMatch(/\b(LL|TZ) \d{4}\b/);
  expect(all).not.toContain("vrije tekst");
}

/** Every count a digest shows, by what it counts: a figure of a period (`key@period`), a table cell,
 * a trend point. A table's total row and the trend's last two points are the figures' counts (the
 * reader knows that), so they share the figure's key and must show the same. */
function countsOf(d: Digest): { cells: Map<string, ShownCell>; tableLines: string[][] } {
  const cells = new Map<string, ShownCell>();
  // A count figure not shown (null) is hidden, as `x` in a table or trend.
  const put = (key: string, shown: ShownCell | null) => {
    const v = shown ?? "x";
    if (cells.has(key)) expect([key, v]).toEqual([key, cells.get(key)]);
    cells.set(key, v);
  };
  for (const f of d.figures)
    if (f.unit === "aantal") {
      put(`${f.key}@${d.period.key}`, f.value);
      put(`${f.key}@${d.previous.key}`, f.previous);
      put(`${f.key}@${d.yearAgo.key}`, f.yearAgo);
    }
  const totals = [
    ["signals.new", "signals.open", "signals.handled"],
    ["cases.opened", "cases.open"],
    ["cases.closed"],
  ];
  const tableLines: string[][] = [];
  d.tables.forEach((t, ti) => {
    const key = (r: number, c: number) =>
      r === t.rows.length - 1 ? `${totals[ti]?.[c]}@${d.period.key}` : `table${ti}:${r}:${c}`;
    t.rows.forEach((row, r) => {
      row.cells.forEach((v, c) => {
        put(key(r, c), v);
      });
    });
    for (let c = 0; c < t.columns.length; c++) tableLines.push(t.rows.map((_, r) => key(r, c)));
  });
  const series = ["signals.new", "cases.opened", "thuiszitters.current"];
  const n = d.trend.categories.length;
  d.trend.series.forEach((s, si) => {
    s.values.forEach((v, i) => {
      const p = i === n - 1 ? d.period.key : i === n - 2 ? d.previous.key : null;
      put(p ? `${series[si]}@${p}` : `trend${si}:${i}`, v);
    });
  });
  return { cells, tableLines };
}

/** The attack of issue 11: a reader of the SWV digest and of every board digest subtracts along
 * each board × count line (boards add up to the SWV: every school of the fixture has a board) and
 * within each digest's tables. Returns what they recover and how many `<5` the boards show. */
function attackAcrossBoards(boards: Digest[], swv: Digest) {
  const all = [...boards, swv].map(countsOf);
  const keys = [...(all.at(-1)?.cells.keys() ?? [])];
  const grid: ShownCell[][] = all.map((d) => keys.map((k) => d.cells.get(k) ?? "x"));
  const col = new Map(keys.map((k, i) => [k, i]));
  const lines: Line[] = keys.map((_, c) => all.map((_, r) => [r, c] as const));
  all.forEach((d, r) => {
    for (const line of d.tableLines) lines.push(line.map((k) => [r, col.get(k) ?? -1] as const));
  });
  const small = grid
    .slice(0, -1)
    .flat()
    .filter((v) => v === "<5").length;
  return { recovered: recoverBySubtraction(grid, lines), small };
}

describeEachDatabase("board digests", (get) => {
  let world: World;
  let fx: DigestFixture;
  let nov: Digest;

  it("builds the fixture", async () => {
    world = await createWorld(get().db, "2026-11-23T09:00:00+01:00");
    fx = await seedDigestFixture(world);
    nov = await buildDigest(world.db, {
      swvId: world.swvId,
      period: period("2026-11"),
      boardNumber: null,
      timeZone: TZ,
      locale: "nl",
    });
  });

  it("gives the known answer for every indicator of November 2026", () => {
    expect(valuesOf(nov)).toEqual({
      "signals.new": 25,
      "signals.open": 28,
      "signals.handled": 8,
      "cases.opened": 5,
      "cases.closed": 5,
      "cases.open": 6,
      "lead.signalToCase.median": 3,
      "lead.signalToCase.p80": 5.2,
      "lead.signalToCase.mean": 4,
      "lead.caseToMeeting.median": 6,
      "lead.caseToMeeting.p80": 8.4,
      "lead.caseToMeeting.mean": 6,
      "lead.caseDuration.median": 33,
      "lead.caseDuration.p80": 35.4,
      "lead.caseDuration.mean": 34.2,
      "lead.scheduling.median": 1.5,
      "lead.scheduling.p80": 3,
      "lead.scheduling.mean": 2.2,
      "actions.overdue": 7,
      "thuiszitters.current": 15,
      "thuiszitters.per1000": 15,
      "thuiszitters.new": "<5",
      "thuiszitters.ended": "<5",
      "thuiszitters.place6w": 62,
      "thuiszitters.opp6w": 46,
      "thuiszitters.longest": 182,
      "thuiszitters.beyond3m": "<5",
      "cycles.sop": 100,
      "cycles.jaarplangesprek": 50,
      "cycles.registrationOnTime": 100,
      "checkins.response": 50,
      "checkins.timeToAnswer.median": 4,
      "checkins.timeToAnswer.p80": 6.2,
    });
  });

  it("compares with the previous period and a year earlier, and judges the norms", () => {
    const f = (key: string) => nov.figures.find((x) => x.key === key);
    expect([nov.previous.key, nov.yearAgo.key]).toEqual(["2026-10", "2025-11"]);
    expect(f("signals.new")?.previous).toBe(11);
    expect(f("signals.open")?.previous).toBe(11);
    expect(f("cases.opened")?.previous).toBe(6);
    expect(f("thuiszitters.current")?.previous).toBe(14);
    expect(f("thuiszitters.new")?.previous).toBe(13);
    expect(f("lead.caseDuration.median")?.previous).toBeNull();
    expect(f("signals.new")?.yearAgo).toBe(0);
    expect(f("cycles.sop")?.norm).toMatchObject({ target: 75, met: true, seed: "003_81f5d535ad823510.txt" });
    expect(f("thuiszitters.place6w")?.norm?.met).toBe(false);
    expect(f("thuiszitters.beyond3m")?.norm).toMatchObject({
      target: 0,
      met: false,
      seed: "004_72de306ec6face60.txt",
    });
  });

  it("hides small cells and a second cell where a total would give one away", () => {
    expect(cells(nov.tables[0])).toEqual([
      ["Verzuim", 7, 5, "<5"],
      ["Gezondheid", "<5", "<5", 0],
      ["Gezin", "x", 16, 0],
      ["Schoolloopbaan", 9, "<5", "x"],
      ["Totaal", 25, 28, 8],
    ]);
    expect(cells(nov.tables[1])).toEqual([
      ["Verkennend", "<5", "<5"],
      ["Formeel", "<5", "<5"],
      ["Totaal", 5, 6],
    ]);
    // No hidden cell of any table can be worked out by subtraction.
    for (const t of nov.tables) {
      const grid = t.rows.map((r) => r.cells);
      const { lines } = withTotals(
        grid.slice(0, -1).map((r) => r.map(() => 0)),
        false,
      );
      expect(recoverBySubtraction(grid, lines).size).toBe(0);
    }
  });

  it("tells the story in Dutch, careful with small numbers", () => {
    expect(nov.story[0]).toBe(
      "In november 2026 kwamen 25 nieuwe signalen binnen (oktober 2026: 11) en werden 5 knooppunten geopend.",
    );
    expect(nov.story).toContain("Afgehandelde signalen: gestegen van 0 naar 8.");
    expect(nov.story).toContain("Verlopen afspraken: gestegen van 0 naar 7.");
    expect(nov.story.join("\n")).toContain(
      "Norm niet gehaald: binnen 6 weken een passende plek 62% (norm 100%); binnen 6 weken een OPP 46% (norm 100%); langer dan 3 maanden zonder aanbod minder dan 5 (norm 0); jaarplangesprekken gehouden 50% (norm 100%).",
    );
    expect(nov.story.join("\n")).toContain(
      "Norm gehaald: scholen met een actueel SOP 100% (norm 75%); thuiszittersregistraties op tijd 100% (norm 100%).",
    );
    expect(nov.story).toContain(
      "Aandacht: minder dan 5 thuiszitter(s) zit(ten) langer dan 3 maanden zonder onderwijsaanbod thuis.",
    );
    expect(nov.story.join(" ")).not.toMatch(/van [1-4] naar|naar [1-4]\b/);
  });

  it("is available in English", async () => {
    const en = await buildDigest(world.db, {
      swvId: world.swvId,
      period: period("2026-11"),
      boardNumber: null,
      timeZone: TZ,
      locale: "en",
    });
    expect(en.figures.map((f) => f.value)).toEqual(nov.figures.map((f) => f.value));
    expect(en.story[0]).toBe(
      "In November 2026, 25 new signals came in (October 2026: 11) and 5 cases were opened.",
    );
    expect(digestView(en, "en").blocks[0]).toEqual({
      kind: "heading",
      text: `Digest SWV Testregio (${en.swv.code}): November 2026`,
    });
  });

  it("counts periods across the school-year boundary", async () => {
    const q = (key: string) =>
      buildDigest(world.db, {
        swvId: world.swvId,
        period: period(key),
        boardNumber: null,
        timeZone: TZ,
        locale: "nl",
      });
    const q3 = await q("2026-Q3");
    expect([q3.period.start, q3.period.end, q3.previous.key, q3.yearAgo.key]).toEqual([
      "2026-07-01",
      "2026-09-30",
      "2026-Q2",
      "2025-Q3",
    ]);
    expect(valuesOf(q3)["signals.new"]).toBe(11);
    expect(valuesOf(q3)["signals.handled"]).toBe(11);
    const year = await q("2025-2026");
    expect([year.period.start, year.period.end]).toEqual(["2025-08-01", "2026-07-31"]);
    expect(valuesOf(year)["signals.new"]).toBe(6);
    expect(valuesOf(await q("2026-08"))["signals.new"]).toBe(5);
    expect(valuesOf(await q("2026-12"))["signals.new"]).toBe("<5"); // the one at 00:30 on 1 December
  });

  it("gives a school board its own figures", async () => {
    const board = (n: string) =>
      buildDigest(world.db, {
        swvId: world.swvId,
        period: period("2026-11"),
        boardNumber: n,
        timeZone: TZ,
        locale: "nl",
      });
    const b1 = valuesOf(await board("99999"));
    const b2 = valuesOf(await board("88888"));
    expect([
      b1["signals.new"],
      b1["thuiszitters.current"],
      b1["cases.opened"],
      b1["actions.overdue"],
      // thuiszitters.current is 13, hidden since issue 11: with board 88888's `<5` it would give
      // that count away (SWV total − 13).
    ]).toEqual([15, null, 0, 0]);
    expect(b1["thuiszitters.per1000"]).toBeNull(); // from a hidden count
    expect([
      b2["signals.new"],
      b2["thuiszitters.current"],
      b2["cases.opened"],
      b2["actions.overdue"],
    ]).toEqual([10, "<5", 5, 7]);
    expect(b2["thuiszitters.per1000"]).toBeNull(); // from a suppressed count
  });

  it("shows /knoop digest to board members with the same numbers, refuses others (audited)", async () => {
    const reply = await world.as("bestuur", { kind: "command", args: ["digest", "maand", "2026-11"] });
    const shown = blocksOf(reply)
      .filter((b) => b.kind === "table")
      .slice(0, 6)
      .flatMap((b) => (b.kind === "table" ? b.rows : []));
    expect(shown).toEqual(indicatorRows(nov, "nl"));
    expect(blocksOf(reply).filter((b) => b.kind === "chart")).toHaveLength(2);
    expect(blocksOf(reply).some((b) => b.kind === "file")).toBe(false);
    if (reply.type === "message") expectNothingSmall(reply.message, digestCsv(nov, "nl"), nov);

    const refused = await world.as("ib", { kind: "command", args: ["digest"] });
    expect(reply.type === "message" && refused.type === "message" && textOf(refused.message)).toBe(
      "Overzichten zijn er voor bestuursleden en medewerkers van het samenwerkingsverband.",
    );
    expect(
      await world.db.auditEntry.count({ where: { actorId: world.people.ib, action: "digest.show.denied" } }),
    ).toBe(1);
    expect(
      await world.db.auditEntry.count({ where: { actorId: world.people.bestuur, action: "digest.show" } }),
    ).toBe(1);

    // A member of board 88888 sees that board only.
    const code = (await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).code;
    const asF = (args: string[]) =>
      handleIntent(
        world.core,
        { platform: "sandbox", workspaceId: `local-${code}`, userId: "bestuur-f" },
        { kind: "dm", id: "dm:f" },
        { kind: "command", args },
        { unlimited: true },
      );
    const own = await asF(["digest", "maand", "2026-11"]);
    expect(blocksOf(own)[0]).toEqual({
      kind: "heading",
      text: "Overzicht Stichting Achtentachtig (bestuur 88888): november 2026",
    });
    const other = await asF(["digest", "maand", "2026-11", "bestuur", "99999"]);
    expect(other.type === "message" && textOf(other.message)).toContain(
      "alleen het overzicht van dat bestuur",
    );
    expect(
      await world.db.auditEntry.count({ where: { actorId: fx.boardFMember, action: "digest.show.denied" } }),
    ).toBe(1);

    const bad = await world.as("bestuur", { kind: "command", args: ["digest", "maand", "2026-13"] });
    expect(bad.type === "message" && textOf(bad.message)).toContain('Onbekende periode "2026-13"');
  });

  it("gives SWV staff the per-school details and a CSV file, suppressed", async () => {
    const reply = await world.as("consultant", { kind: "command", args: ["digest", "maand", "2026-11"] });
    const blocks = blocksOf(reply);
    const file = blocks.find((b) => b.kind === "file");
    expect(file?.kind === "file" && file.name).toBe("overzicht-2026-11.csv");
    const csv = file?.kind === "file" ? file.data : "";
    expect(csv).toContain("Nieuwe signalen;signals.new;25;11;0;");
    expect(csv).toContain("Per school;Nieuwe signalen;Geopend;Thuiszitters");
    // Asked in the DM: the long form (per-school table and file) comes in parts, like a post.
    expect(reply.type === "page" && reply.messages.length).toBe(2);
    for (const m of reply.type === "page" ? reply.messages : []) expectNothingSmall(m, csv, nov);
    const full = await buildDigest(world.db, {
      swvId: world.swvId,
      period: period("2026-11"),
      boardNumber: null,
      timeZone: TZ,
      locale: "nl",
      perSchool: true,
    });
    const grid = full.schools?.rows.map((r) => r.cells) ?? [];
    const { lines } = withTotals(
      grid.slice(0, -1).map((r) => r.map(() => 0)),
      false,
    );
    expect(recoverBySubtraction(grid, lines).size).toBe(0);
    expect(full.schools?.rows.at(-1)?.cells).toEqual([25, 5, 15]);
  });

  it("prints the same numbers on the command line (text and --json)", async () => {
    const code = (await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).code;
    const env = { ...process.env, DATABASE_URL: get().url, LOG_LEVEL: "silent", LOCALE: "nl" };
    // The CLI migrates first: let go of this test's connection as a separate process would find it.
    await world.db.$disconnect();
    const { stdout } = await run(
      "npx",
      ["tsx", "scripts/digest.ts", "--swv", code, "--period", "2026-11", "--json"],
      { env },
    );
    const json = JSON.parse(stdout) as Digest;
    expect(json.figures).toEqual(nov.figures);
    expect(json.tables).toEqual(nov.tables);
    expect(stdout).not.toMatch(/\b(LL|TZ) \d{4}\b/);
    const text = await run("npx", ["tsx", "scripts/digest.ts", "--swv", code, "--period", "2026-11"], {
      env,
    });
    expect(text.stdout).toContain("Overzicht SWV Testregio");
    expect(text.stdout).toMatch(/Nieuwe signalen\s+25\s+11\s+0/);
    const wrong = await run("npx", ["tsx", "scripts/digest.ts", "--swv", code, "--period", "2026-Q5"], {
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect("code" in wrong && wrong.code).toBe(2);
  }, 60_000);

  it("posts the subscribed channel's digest once, on the first working day at 09:00", async () => {
    const place = { kind: "channel" as const, id: "channel:bestuur" };
    const denied = await world.as(
      "bestuur",
      { kind: "command", args: ["digest", "abonneer", "maand"] },
      place,
    );
    expect(denied.type === "message" && textOf(denied.message)).toBe(
      "Alleen een beheerder kan een kanaal op overzichten abonneren.",
    );
    const ok = await world.as("beheerder", { kind: "command", args: ["digest", "abonneer", "maand"] }, place);
    expect(ok.type === "message" && textOf(ok.message)).toContain("elke maand op de eerste werkdag om 09:00");
    const deps: JobDeps = {
      db: world.db,
      clock: world.clock,
      logger: silentLogger,
      timezone: TZ,
      locale: "nl",
      notify: () => {},
    };
    world.clock.set(new Date("2026-11-30T09:00:00+01:00"));
    expect(await postDigests(deps)).toBe(0);
    world.clock.set(new Date("2026-12-01T08:59:00+01:00"));
    expect(await postDigests(deps)).toBe(0);
    world.clock.set(new Date("2026-12-01T09:00:00+01:00"));
    expect(await postDigests(deps)).toBe(1);
    expect(await postDigests(deps)).toBe(0);
    world.clock.set(new Date("2026-12-02T09:00:00+01:00"));
    expect(await postDigests(deps)).toBe(0);
    const sent = await world.flush();
    const posts = sent.filter((d) => d.request.op === "post" && d.request.channelId === "channel:bestuur");
    expect(posts).toHaveLength(1);
    const posted = posts[0]?.request.op === "post" ? posts[0].request.message : undefined;
    expect(posted).toEqual(JSON.parse(JSON.stringify(digestView(nov, "nl"))));
    if (posted) expectNothingSmall(posted, "", nov);
  });

  it("lets no reader of the SWV and every board digest work out a hidden count (2 and 3 boards)", async () => {
    const digest = (boardNumber: string | null) =>
      buildDigest(world.db, {
        swvId: world.swvId,
        period: period("2026-11"),
        boardNumber,
        timeZone: TZ,
        locale: "nl",
      });
    // Two boards: board 88888 has `<5` thuiszitters (SWV − 99999 would give it away).
    const two = attackAcrossBoards([await digest("99999"), await digest("88888")], await digest(null));
    expect(two.small).toBeGreaterThan(0);
    expect([...two.recovered]).toEqual([]);
    // Three boards: schools I and J move to a third board.
    const board3 = await world.db.board.create({
      data: { duoNumber: "77777", name: "Stichting Zevenenzeventig" },
    });
    await world.db.school.updateMany({
      where: { id: { in: [fx.schools.I ?? "", fx.schools.J ?? ""] } },
      data: { boardId: board3.id },
    });
    const three = attackAcrossBoards(
      [await digest("99999"), await digest("88888"), await digest("77777")],
      await digest(null),
    );
    expect(three.small).toBeGreaterThan(0);
    expect([...three.recovered]).toEqual([]);
    // The SWV's own figures do not change with the boards.
    expect((await digest(null)).figures.filter((f) => f.unit !== "aantal")).toEqual(
      nov.figures.filter((f) => f.unit !== "aantal"),
    );
  });
});
