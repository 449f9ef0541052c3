import { expect, it } from "vitest";
import { type Core, handleIntent } from "../../src/chat/core.ts";
import type { Intent } from "../../src/chat/intents.ts";
import { buttonsOf, headingOf, type MessageView, tableOf } from "../../src/chat/views.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { clearAll, demoCast, demoNewcomers, hasDemo, seedDemo } from "../../src/demo/demo.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import { createJobs, createRouter } from "../../src/features/index.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import type { Db } from "../../src/store/client.ts";
import { sandboxDirectory } from "../../src/surfaces/sandbox/directory.ts";
import { SandboxPort } from "../../src/surfaces/sandbox/port.ts";
import { describeEachDatabase } from "../support/databases.ts";

function coreFor(db: Db): Core {
  return {
    db,
    clock: new ManualClock("2026-11-23T09:00:00+01:00"),
    logger: silentLogger,
    timezone: "Europe/Amsterdam",
    locale: "nl",
    router: createRouter(),
    directory: sandboxDirectory(db),
    notify: () => {},
  };
}

describeEachDatabase("sandbox demo seed", (get) => {
  it("fills an empty database with PO3104 from DUO and a fictional cast, and starts over on reset", async () => {
    const { db } = get();
    const core = coreFor(db);
    expect(await hasDemo(db)).toBe(false);
    await seedDemo(core);
    expect(await hasDemo(db)).toBe(true);

    const swv = await db.swv.findUniqueOrThrow({ where: { code: "PO3104" } });
    expect(await db.school.count({ where: { swvId: swv.id } })).toBeGreaterThan(20);
    const users = await db.sandboxUser.findMany();
    expect(users.map((u) => u.id).sort()).toEqual(
      [...Object.keys(demoCast), ...Object.keys(demoNewcomers)].sort(),
    );
    const linked = await db.chatIdentity.findMany({ where: { platform: "sandbox", workspaceId: "local" } });
    expect(linked.map((i) => i.userId).sort()).toEqual(Object.keys(demoCast).sort());

    // The IB'er works at two real PO3104 schools; the consultant SWV-wide.
    const ib = await db.roleAssignment.findMany({ where: { role: "ib" }, include: { school: true } });
    expect(ib).toHaveLength(2);
    expect(ib.every((r) => r.school?.swvId === swv.id)).toBe(true);
    for (const role of ["leerplicht", "jgz", "buurtteam"])
      expect(await db.roleAssignment.count({ where: { role } })).toBe(2);
    expect(await db.roleAssignment.findFirst({ where: { role: "swv-consultant" } })).toMatchObject({
      schoolId: null,
    });

    // The board channel, with the board member in it and a welcome post.
    const { personId: board } = await db.chatIdentity.findFirstOrThrow({ where: { userId: "bestuur" } });
    expect(await db.sandboxMember.findMany({ where: { spaceId: "channel:bestuur" } })).toEqual([
      { spaceId: "channel:bestuur", personId: board },
    ]);
    const dispatcher = new OutboxDispatcher({
      db,
      port: new SandboxPort(db, core.clock),
      clock: core.clock,
      logger: silentLogger,
    });
    await dispatcher.drain();
    expect(await db.sandboxMessage.count({ where: { spaceId: "channel:bestuur" } })).toBe(1);

    // Signals and cases made through the features: routed, taken, turned into a case with its space.
    const signals = await db.signal.findMany({ orderBy: { pupilRef: "asc" } });
    expect(signals.map((s) => [s.pupilRef, s.domain, s.status])).toEqual([
      ["183406", "gezin", "opgepakt"],
      ["JB 2015", "gezondheid", "nieuw"],
      ["KV 2016", "verzuim", "omgezet"],
    ]);
    const cases = await db.case.findMany({ orderBy: { code: "asc" }, include: { participants: true } });
    expect(cases.map((c) => [c.pupilRef, c.consentDate !== null])).toEqual([
      ["KV 2016", true],
      ["209931", false],
    ]);
    for (const c of cases) {
      const space = await db.sandboxSpace.findUniqueOrThrow({
        where: { id: `case:${c.id}` },
        include: { members: true },
      });
      expect(space.name).toBe(c.code);
      expect(space.members.map((m) => m.personId).sort()).toEqual(
        c.participants.map((p) => p.personId).sort(),
      );
    }
    const jgz = await db.chatIdentity.findFirstOrThrow({ where: { userId: "jgz" } });
    const jgzDm = await db.sandboxMessage.findMany({ where: { spaceId: `dm:${jgz.personId}` } });
    expect(jgzDm.map((m) => m.body).join()).toContain("JB 2015");

    // demo:reset: everything goes, the demo comes back.
    await db.sandboxMessage.create({
      data: { spaceId: "channel:bestuur", body: "{}", createdAt: new Date(), updatedAt: new Date() },
    });
    await clearAll(db);
    expect(await hasDemo(db)).toBe(false);
    expect(await db.school.count()).toBe(0);
    await seedDemo(core);
    await dispatcher.drain();
    expect(await db.sandboxUser.count()).toBe(users.length);
    expect(await db.sandboxMessage.count({ where: { spaceId: "channel:bestuur" } })).toBe(1);
  });
});

describeEachDatabase("sandbox demo: check-ins", (get) => {
  it("moving the clock to 1 December prompts Sanne for the registration; she answers; Noor sees it in /knoop cyclus", async () => {
    const { db } = get();
    const core = coreFor(db);
    await seedDemo(core);
    const clock = core.clock as ManualClock;
    const port = new SandboxPort(db, clock);
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger });
    const jobs = {
      db,
      clock,
      logger: silentLogger,
      timezone: core.timezone,
      locale: core.locale,
      notify: () => {},
    };
    const as = (user: string, intent: Intent) =>
      handleIntent(
        core,
        { platform: "sandbox", workspaceId: "local", userId: user },
        { kind: "dm", id: `dm:${user}` },
        intent,
        {
          unlimited: true,
        },
      );

    clock.set("2026-12-01T09:00:00+01:00");
    await runInstances(jobs);
    await runPrompts(jobs);
    await dispatcher.drain();
    const sanne = await db.chatIdentity.findFirstOrThrow({ where: { userId: "ib" } });
    const dms = (await db.sandboxMessage.findMany({ where: { spaceId: `dm:${sanne.personId}` } })).map(
      (m) => JSON.parse(m.body) as MessageView,
    );
    const prompt = dms.find((m) => headingOf(m) === "Thuiszittersregistratie: staat open");
    expect(prompt).toBeDefined();
    const fill = buttonsOf(prompt).filter((b) => b.action === "cycle.open");
    expect(fill).toHaveLength(2);

    const form = await as("ib", { kind: "action", name: "cycle.open", value: fill[0]?.value ?? "" });
    if (form.type !== "form") throw new Error("no form");
    clock.set("2026-12-03T11:00:00+01:00");
    // The registration form the button opened: "geen thuiszitters dit kwartaal".
    const saved = await as("ib", {
      kind: "submission",
      name: form.form.id,
      values: { none: "on" },
      context: fill[0]?.value,
    });
    expect(saved.type).toBe("done");
    const school = fill[0]?.label.replace("Invullen: ", "") ?? "";

    const summary = await as("consultant", { kind: "command", args: ["cyclus"] });
    if (summary.type !== "message") throw new Error("no overview");
    expect(JSON.stringify(summary.message)).toMatch(/"1 ingevuld \(0 te laat\) · \d+ open/);
    // Walk the pages of the registration to Sanne's school.
    let page = await as("consultant", { kind: "command", args: ["cyclus", "thuiszitters"] });
    const rows: string[][] = [];
    for (let i = 0; i < 10 && (page.type === "message" || page.type === "update"); i++) {
      rows.push(...(tableOf(page.message)?.rows ?? []));
      const next = buttonsOf(page.message).find((b) => b.label === "Volgende");
      if (!next) break;
      page = await as("consultant", { kind: "action", name: next.action, value: next.value ?? "" });
    }
    expect(rows).toContainEqual([school, "ingevuld", "Sanne Jacobs"]);
    expect(rows.filter((r) => r[2] === "Sanne Jacobs")).toHaveLength(2);
  });
});

describeEachDatabase("sandbox demo: board digest", (get) => {
  it("after the clock passes the first working day of December, a digest with charts appears in #bestuur", async () => {
    const { db } = get();
    const core = coreFor(db);
    await seedDemo(core);
    const clock = core.clock as ManualClock;
    const dispatcher = new OutboxDispatcher({
      db,
      port: new SandboxPort(db, clock),
      clock,
      logger: silentLogger,
    });
    const scheduler = new Scheduler({ db, clock, logger: silentLogger, timezone: core.timezone });
    for (const job of createJobs({
      db,
      clock,
      logger: silentLogger,
      timezone: core.timezone,
      locale: "nl",
      notify: () => {},
    }))
      scheduler.register(job);
    const board = async () =>
      (
        await db.sandboxMessage.findMany({
          where: { spaceId: "channel:bestuur" },
          orderBy: { createdAt: "asc" },
        })
      ).map((m) => JSON.parse(m.body) as MessageView);

    clock.set("2026-11-30T09:30:00+01:00");
    await scheduler.tick();
    await dispatcher.drain();
    expect(await board()).toHaveLength(1); // the welcome post only

    // As "Tijd vooruit" does: the clock moves a day, the jobs that fell due run.
    clock.set("2026-12-01T09:30:00+01:00");
    await scheduler.tick();
    await dispatcher.drain();
    const posts = await board();
    expect(posts).toHaveLength(2);
    const digest = posts[1];
    expect(headingOf(digest)).toMatch(/^Overzicht .*\(PO3104\): november 2026$/);
    expect(digest?.blocks.filter((b) => b.kind === "chart")).toHaveLength(2);
    // The demo's November: three signals, two cases: all shown as <5, never the number itself.
    const indicators = tableOf(digest);
    expect(indicators?.rows.find((r) => r[0] === "Nieuwe signalen")?.[1]).toBe("<5");
    expect(JSON.stringify(digest)).not.toMatch(/JB 2015|KV 2016|183406|209931/);

    // Once per channel and period: a second run that day posts nothing more.
    clock.set("2026-12-02T09:30:00+01:00");
    await scheduler.tick();
    await dispatcher.drain();
    expect(await board()).toHaveLength(2);
  });
});
