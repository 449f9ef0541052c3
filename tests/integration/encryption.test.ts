import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { Intent } from "../../src/chat/intents.ts";
import { type FormValues, plainText, type Reply } from "../../src/chat/views.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import { createDb, createPlainDb, type Db, sqlitePath } from "../../src/store/client.ts";
import { Keyring } from "../../src/store/data-keys.ts";
import { ENCRYPTED } from "../../src/store/encryption.ts";
import { parseMasterKeys } from "../../src/store/envelope.ts";
import { rewrap, rotate, status } from "../../src/store/rotation.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

const masters = parseMasterKeys(process.env.KNOOP_DATA_KEY ?? "") ?? [];

// Distinctive free texts: none of them may appear in clear anywhere in the database file or dump.
const SECRET = {
  description: "Zwaluwstaart: vader sinds oktober werkloos, leerling slaapt slecht",
  forward: "Klipdas: de thuissituatie vraagt eerst het buurtteam",
  reason: "Kwikstaart: verzuimt elke maandag, moeder is opgenomen",
  goal: "Boomklever: binnen zes weken weer vier dagen naar school",
  action: "Goudvink: huisbezoek met de leerplichtambtenaar",
  note: "Roodborst: oma haalt hem voortaan op",
  answer: "Grutto: jaarplan besproken met de ouders van ZW 2016",
};

const form = (reply: Reply) => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(JSON.stringify(reply).slice(0, 400));
  return reply.form;
};
const said = (reply: Reply) =>
  "message" in reply && reply.message ? plainText(reply.message) : JSON.stringify(reply);
const valuesOf = (f: ReturnType<typeof form>): FormValues =>
  Object.fromEntries(f.fields.map((x) => [x.name, x.value]));

/** The scenario: a signal with a description, forwarded with a reason; a case with its reason, a
 * goal, an action and a note; a check-in answered with a note; their DMs queued in the outbox. */
async function scenario(world: World) {
  const as = (who: CastKey, intent: Intent) => world.as(who, intent);
  const submit = (who: CastKey, name: string, context: string, values: FormValues) =>
    as(who, { kind: "submission", name, context, values });
  const reported = await as("ib", {
    kind: "submission",
    name: "signal.create",
    values: {
      school: world.schools.A,
      pupilRef: "ZW 2016",
      domain: "verzuim",
      description: SECRET.description,
      urgency: "normaal",
    },
  });
  expect(reported.type).toBe("done");
  const signal = await world.db.signal.findFirstOrThrow({
    where: { swvId: world.swvId, pupilRef: "ZW 2016" },
  });
  expect(signal.description).toBe(SECRET.description);
  await as("leerplicht", { kind: "action", name: "signal.take", value: signal.id });
  const forwarded = await submit("leerplicht", "signal.forward", signal.id, {
    to: world.people.buurtteam,
    reason: SECRET.forward,
  });
  expect(said(forwarded)).toContain("doorgezet naar Bas Timmermans");

  const opening = form(await as("ib", { kind: "command", args: ["casus", "nieuw"] }));
  const opened = await as("ib", {
    kind: "submission",
    name: "case.create",
    context: opening.context,
    values: {
      ...valuesOf(opening),
      pupilRef: "KS 2015",
      reason: SECRET.reason,
      consent: "akkoord",
      consentDate: "2026-12-01",
    },
  });
  expect(opened.type, JSON.stringify(opened).slice(0, 300)).toBe("done");
  const c = await world.db.case.findFirstOrThrow({ where: { swvId: world.swvId, pupilRef: "KS 2015" } });
  await submit("ib", "case.goal.add", c.id, { text: SECRET.goal });
  await submit("ib", "case.action.add", c.id, {
    description: SECRET.action,
    owner: world.people.leerplicht,
    due: "2026-12-18",
  });
  await submit("leerplicht", "case.note.add", c.id, { text: SECRET.note });

  await runInstances({
    db: world.db,
    clock: world.clock,
    logger: silentLogger,
    timezone: "Europe/Amsterdam",
    locale: "nl",
    notify: () => {},
  });
  const jaarplan = await world.db.cycleInstance.findFirstOrThrow({
    where: { swvId: world.swvId, momentKey: "jaarplan", schoolId: world.schools.A },
  });
  const answered = await submit("ib", "cycle.answer", jaarplan.id, {
    done: "ja",
    date: "2026-12-08",
    withWhom: "consulent",
    note: SECRET.answer,
  });
  expect(said(answered)).toContain("Jaarplan");
  return { signal, c, jaarplan };
}

/** Every value of every encrypted column, as stored. */
async function storedValues(plain: Db): Promise<{ column: string; value: string }[]> {
  const out: { column: string; value: string }[] = [];
  for (const [model, spec] of Object.entries(ENCRYPTED)) {
    const delegate = (
      plain as unknown as Record<string, { findMany(a: unknown): Promise<Record<string, unknown>[]> }>
    )[model.charAt(0).toLowerCase() + model.slice(1)];
    for (const row of (await delegate?.findMany({})) ?? [])
      for (const field of spec.fields) {
        const value = row[field];
        if (typeof value !== "string" || value === "") continue;
        if (spec.when && !spec.when.values.includes(String(row[spec.when.field]))) continue;
        out.push({ column: `${model}.${field}`, value });
      }
  }
  return out;
}

describeEachDatabase("encryption at rest", (get) => {
  it("seals the free text of a whole scenario: not in clear in the columns, the database file or a dump; the app shows it", async () => {
    const world = await createWorld(get().db, "2026-12-10T10:05:00+01:00");
    const { signal, c, jaarplan } = await scenario(world);
    const sent = await world.flush(); // some DMs delivered, later ones still queued: both kinds stay
    await as(world, "ib", { kind: "command", args: ["casus", c.code] }); // more outbox rows

    // The app shows the texts: the DMs people got, the case card, the check-in form.
    const dmTexts = sent.map((d) => ("message" in d.request ? plainText(d.request.message) : "")).join("\n");
    expect(dmTexts).toContain(SECRET.description);
    expect(dmTexts).toContain(SECRET.forward);
    const card = await world.as("ib", { kind: "command", args: ["casus", c.code] });
    const cardText = said(card);
    for (const text of [SECRET.reason, SECRET.goal, SECRET.action, SECRET.note])
      expect(cardText).toContain(text);
    const edit = form(await world.as("ib", { kind: "action", name: "cycle.open", value: jaarplan.id }));
    expect(edit.fields.find((f) => f.name === "note")?.value).toBe(SECRET.answer);

    // The columns as stored (a second, plain connection): sealed, with their key version.
    const plain = await createPlainDb(get().url);
    try {
      const raw = await plain.signal.findUniqueOrThrow({ where: { id: signal.id } });
      expect(raw.description).toMatch(/^kn1:1:/);
      expect(raw.pupilRef).toBe("ZW 2016"); // searched: clear
      const events = await plain.signalEvent.findMany({ where: { signalId: signal.id } });
      expect(events.find((e) => e.type === "forwarded")?.detail).toMatch(/^kn1:1:/);
      // The lookup rows (who received the signal) stay clear: they are searched by person id.
      const lookups = events.filter((e) => e.type.startsWith("recipient")).map((e) => e.detail);
      expect(lookups).toContain(world.people.leerplicht);
      const stored = await storedValues(plain);
      const columns = new Set(stored.map((s) => s.column));
      for (const column of [
        "Signal.description",
        "SignalEvent.detail",
        "Case.reason",
        "CaseGoal.text",
        "CaseAction.description",
        "CaseNote.text",
        "CaseEvent.data",
        "CycleInstance.answer",
        "OutboxMessage.request",
      ])
        expect(columns).toContain(column);
      expect(stored.filter((s) => !s.value.startsWith("kn1:"))).toEqual([]);
      // Raw SQL through the encrypting client opens the values too.
      const [viaRaw] = await world.db.$queryRawUnsafe<{ reason: string }[]>(
        `SELECT "reason" FROM "Case" WHERE "id" = '${c.id}'`,
      );
      expect(viaRaw?.reason).toBe(SECRET.reason);
    } finally {
      await plain.$disconnect();
    }

    // The dump: the SQLite file (with its WAL), or pg_dump of the database.
    let dump: string;
    if (get().provider === "sqlite") {
      await world.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const file = sqlitePath(get().url);
      dump = [file, `${file}-wal`]
        .filter(existsSync)
        .map((f) => readFileSync(f).toString("latin1"))
        .join("");
      expect(dump).toContain("ZW 2016"); // the dump is readable: the pseudonymous code is there
    } else {
      dump = execFileSync("pg_dump", ["--dbname", get().url], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(dump).toContain("ZW 2016");
    }
    for (const text of Object.values(SECRET)) {
      // The distinctive word at the start of each text, in any encoding a dump could hold it.
      const word = text.split(":")[0] ?? text;
      expect(dump, text).not.toContain(word);
      expect(dump, text).not.toContain(Buffer.from(word, "utf16le").toString("latin1"));
    }
  });

  it("rotates the data key while another process keeps writing: every value under the new key, none lost", async () => {
    const { url } = get();
    const plain = await createPlainDb(url);
    // The other process: creates and edits signals the whole time the rotation runs.
    const writer = spawn(process.execPath, ["--import", "tsx", "tests/support/writer-child.ts"], {
      env: { ...process.env, WRITER_DATABASE_URL: url },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const expected = new Map<string, string>();
    let out = "";
    writer.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    try {
      // An upgraded install: a value written before encryption is read as it is, and sealed by rotate.
      const legacy = await plain.signal.create({
        data: {
          swvId: "swv-legacy",
          schoolId: "school",
          reporterId: "p",
          pupilRef: "LG 2014",
          domain: "gezin",
          description: "Oude tekst van voor de versleuteling",
          urgency: "laag",
          assignedRole: "jgz",
          createdAt: new Date(),
        },
      });
      expect((await get().db.signal.findUniqueOrThrow({ where: { id: legacy.id } })).description).toBe(
        "Oude tekst van voor de versleuteling",
      );
      expect((await status(plain)).clear).toBeGreaterThan(0);
      expected.set(legacy.id, "Oude tekst van voor de versleuteling");
      while (out.split("\n").length < 40) await new Promise((resolve) => setTimeout(resolve, 50));

      const keyring = new Keyring(plain, masters, 100);
      const report = await rotate(plain, keyring, { waitMs: 500, batch: 7 });
      const during = out.split("\n").length;
      while (out.split("\n").length < during + 20) await new Promise((resolve) => setTimeout(resolve, 50));
      writer.stdin.end();
      await exited;
      expect(out.trim().endsWith("done")).toBe(true);
      for (const line of out.trim().split("\n").slice(0, -1)) {
        const [id, text] = line.split("\t");
        expected.set(id as string, text as string);
      }

      expect(report.version).toBe(2);
      expect(report.total).toBeGreaterThanOrEqual(20);
      expect(report.retired).toEqual([1]);
      const after = await status(plain);
      expect(after.current).toBe(2);
      expect(after.clear).toBe(0);
      expect(after.keys.find((k) => k.version === 1)?.values).toBe(0);
      expect(after.keys.find((k) => k.version === 1)?.retiredAt).not.toBeNull();
      expect(after.columns["Signal.description"]).toEqual({ "2": await plain.signal.count() });
      // Every value reads back as last written, through a client that cached only key 1.
      const read = await get().db.signal.findMany({ where: { id: { in: [...expected.keys()] } } });
      expect(new Map(read.map((s) => [s.id, s.description]))).toEqual(expected);
    } finally {
      writer.kill();
      await plain.$disconnect();
    }
  });

  it("refuses to read with the wrong master key, and re-wraps the data keys under a new one", async () => {
    const { url } = get();
    const other = randomBytes(32);
    const wrong = await createDb(url, { masterKeys: [other] });
    try {
      await expect(wrong.case.findMany()).rejects.toThrow(/passen niet bij KNOOP_DATA_KEY/);
    } finally {
      await wrong.$disconnect();
    }
    // KNOOP_DATA_KEY=new,old, then rewrap: afterwards the new key alone opens everything.
    const plain = await createPlainDb(url);
    try {
      expect(await rewrap(plain, [other, ...masters])).toMatchObject({ rewrapped: 2, keys: 2 });
      const renewed = await createDb(url, { masterKeys: [other] });
      const cases = await renewed.case.findMany();
      expect(cases.map((x) => x.reason)).toContain(SECRET.reason);
      await renewed.$disconnect();
      expect(await rewrap(plain, [...masters, other])).toMatchObject({ rewrapped: 2 });
    } finally {
      await plain.$disconnect();
    }
  });
});

describeEachDatabase("npm run keys", (get) => {
  const keys = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/keys.ts", ...args], {
      env: { ...process.env, DATABASE_URL: get().url },
      encoding: "utf8",
    });

  it("rotates and reports with --json, and explains its usage in Dutch", async () => {
    const world = await createWorld(get().db);
    await world.as("ib", {
      kind: "submission",
      name: "signal.create",
      values: {
        school: world.schools.A,
        pupilRef: "CL 2017",
        domain: "gezin",
        description: SECRET.description,
        urgency: "laag",
      },
    });
    const rotated = keys("rotate", "--json", "--wait", "200");
    expect(rotated.status, rotated.stderr).toBe(0);
    const report = JSON.parse(rotated.stdout) as {
      version: number;
      total: number;
      resealed: Record<string, number>;
    };
    expect(report.version).toBe(2);
    expect(report.resealed["Signal.description"]).toBe(1);
    const shown = keys("status", "--json");
    expect(shown.status, shown.stderr).toBe(0);
    const s = JSON.parse(shown.stdout) as {
      current: number;
      clear: number;
      keys: { version: number; values: number }[];
    };
    expect(s).toMatchObject({ current: 2, clear: 0 });
    expect(s.keys.map((k) => [k.version, k.values > 0])).toEqual([
      [1, false],
      [2, true],
    ]);
    const text = keys("status");
    expect(text.stdout).toContain("Huidige gegevenssleutel: versie 2");
    // The app reads on: its cache reloads the table on the unknown version.
    const signal = await world.db.signal.findFirstOrThrow({ where: { pupilRef: "CL 2017" } });
    expect(signal.description).toBe(SECRET.description);
    const wrong = keys("draai");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim()).toBe(
      "Gebruik: npm run keys -- <status | rotate | rewrap> [--json] [--wait MS]",
    );
  });
});

const as = (world: World, who: CastKey, intent: Intent) => world.as(who, intent);
