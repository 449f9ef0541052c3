import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
import { tableOf } from "../../src/chat/views.ts";
import {
  importPeople,
  type PeopleImportSummary,
  renderPeopleSummary,
} from "../../src/features/people/csv-import.ts";
import { createDb } from "../../src/store/client.ts";
import { migrateToLatest } from "../../src/store/migrate.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createWorld, type World } from "../support/world.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "knoop-people-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a CSV file; `bom` and CRLF as a spreadsheet exports them. */
function csv(lines: string[], options: { bom?: boolean; crlf?: boolean } = {}): string {
  const path = join(dir, `people-${++files}.csv`);
  const text = lines.join(options.crlf ? "\r\n" : "\n");
  writeFileSync(path, `${options.bom ? "\uFEFF" : ""}${text}\n`, "utf8");
  return path;
}

const header = "swv;naam;email;platform;werkruimte;gebruiker;rol;school";
/** A Microsoft 365 tenant id and an Entra object id, as Entra ID exports them. */
const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const leaObject = "9b1c7e52-6a0f-4d1e-8c3b-2f5a4e6d7c81";

describeEachDatabase("people: CSV import", (get) => {
  // One world for the whole file: each test uses its own chat accounts.
  let world: World;
  let swv: string;
  let ws: string;
  let A: string;
  let B: string;
  beforeAll(async () => {
    world = await createWorld(get().db);
    swv = (await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).code;
    ws = (await world.db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } })).externalId;
    const schools = await world.db.school.findMany({
      where: { swvId: world.swvId },
      orderBy: { name: "asc" },
    });
    A = schools[0]?.locationCode ?? ""; // De Regenboog
    B = schools[1]?.locationCode ?? ""; // Het Kompas
  });
  const run = (path: string) => importPeople(world.db, path, { now: world.clock.now() });
  const ik = async (userId: string, workspaceId = ws, platform: "sandbox" | "slack" = "sandbox") => {
    const reply = await handleIntent(
      world.core,
      { platform, workspaceId, userId },
      { kind: "dm", id: `dm:${userId}` },
      { kind: "command", args: ["ik"] },
    );
    return reply.type === "message" ? reply.message : undefined;
  };

  it("imports a good file: people matched by chat account, roles by key or name, per school or the SWV", async () => {
    const path = csv([
      header,
      `${swv};Anna de Wit;anna@regenboog.nl;sandbox;${ws};anna;ib;${A}`,
      `${swv};Anna de Wit;;sandbox;${ws};anna;Leerplichtambtenaar;${B.toLowerCase()}`,
      `${swv};Piet Post;piet@swv.nl;slack;T0KNOOP;U0PIET;swv-consultant;`,
      `${swv};Ilse Bakker;;sandbox;${ws};ib;directeur;${A}`,
    ]);
    const s = await run(path);
    expect(s).toMatchObject({
      swvs: [swv],
      people: { created: 2, updated: 0, unchanged: 1 },
      roles: { assigned: 4, unchanged: 0 },
      workspaces: { created: 1, unchanged: 1 },
      skipped: [],
      changes: 7,
    });
    expect(tableOf(await ik("anna"))?.rows).toEqual([
      ["IB'er", "De Regenboog (SITTARD)"],
      ["Leerplichtambtenaar", "Het Kompas (SITTARD)"],
    ]);
    // The Slack workspace now belongs to the SWV, and Piet is known in it.
    expect(tableOf(await ik("U0PIET", "T0KNOOP", "slack"))?.rows).toEqual([
      ["Consultant passend onderwijs", "Heel het samenwerkingsverband"],
    ]);
    expect(
      await world.db.workspace.findFirst({ where: { platform: "slack", externalId: "T0KNOOP" } }),
    ).toMatchObject({
      swvId: world.swvId,
    });
    const audits = await world.db.auditEntry.findMany({ where: { swvId: world.swvId } });
    expect(audits.every((a) => a.actorId === null && a.surface === "system")).toBe(true);
    expect(audits.map((a) => a.action).sort()).toEqual([
      "person.add",
      "person.add",
      "role.assign",
      "role.assign",
      "role.assign",
      "role.assign",
      "workspace.add",
    ]);
    expect(renderPeopleSummary(s)).toContain("Mensen: 2 nieuw, 0 bijgewerkt, 1 ongewijzigd");

    // A second run changes nothing.
    const again = await run(path);
    expect(again).toMatchObject({
      people: { created: 0, updated: 0, unchanged: 3 },
      roles: { assigned: 0, unchanged: 4 },
      workspaces: { created: 0, unchanged: 2 },
      changes: 0,
    });
    expect(renderPeopleSummary(again)).toContain("Geen wijzigingen");
    expect(await world.db.auditEntry.count({ where: { swvId: world.swvId } })).toBe(audits.length);
  });

  it("skips broken rows with their line number and reason, and imports every other row", async () => {
    const path = csv([
      header,
      `${swv};Bram Bos;bram@kompas.nl;sandbox;${ws};bram;ib;${B}`,
      `${swv};Bram Bos;;whatsapp;${ws};bram2;ib;${B}`,
      `${swv};Bram Bos;;sandbox;${ws};bram;tovenaar;${B}`,
      `${swv};Bram Bos;;sandbox;${ws};bram;jgz;99XX99`,
      `${swv};Bram Bos;;sandbox;${ws};bram;jgz`,
      `${swv};Cor Kok;geen-mail;sandbox;${ws};cor;ib;${A}`,
      `PO0001;Cor Kok;;sandbox;${ws};cor;ib;${A}`,
      `${swv};Bram de Bos;;sandbox;${ws};bram;jgz;${B}`,
      `${swv};Bram Bos;;sandbox;${ws};bram;IB'ER;${B}`,
      `${swv};Bram Bos;;sandbox;${ws};bram;beheerder;${B}`,
      `${swv};"Bram "Bos;;sandbox;${ws};bram;jgz;${B}`,
      ";;;;;;;",
      `${swv};;;sandbox;${ws};;ib;${A}`,
      `${swv};Dirk Dam;;sandbox;${ws};dirk;directeur;`,
    ]);
    const s = await run(path);
    expect(s.people.created).toBe(1);
    expect(s.roles.assigned).toBe(1);
    expect(s.skipped.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]);
    const reason = (line: number) => s.skipped.find((r) => r.line === line)?.reason;
    expect(reason(3)).toBe('platform "whatsapp" moet slack, teams of sandbox zijn');
    expect(reason(4)).toContain('rol "tovenaar" is geen rol van dit SWV');
    expect(reason(5)).toBe('school "99XX99" is geen actieve school van dit SWV');
    expect(reason(6)).toBe("7 kolommen in plaats van 8");
    expect(reason(7)).toBe('email "geen-mail" moet leeg of een e-mailadres zijn');
    expect(reason(8)).toContain("npm run import:duo -- --swv PO0001");
    expect(reason(9)).toBe("naam of e-mail wijkt af van regel 2 voor hetzelfde chataccount");
    expect(reason(10)).toBe("dezelfde rol staat al op regel 2");
    expect(reason(11)).toBe("rol Beheerder geldt voor heel het SWV: laat school leeg");
    expect(reason(12)).toContain("aanhalingstekens kloppen niet");
    expect(reason(15)).toBe("rol Directeur geldt voor één school: vul de school in");
    expect(reason(14)).toBe('naam "" mag niet leeg zijn; gebruiker "" mag niet leeg zijn');
    const summary = renderPeopleSummary(s);
    expect(summary).toContain("Overgeslagen regels (12):");
    expect(summary).toContain("  regel 5: school");
    expect(tableOf(await ik("bram"))?.rows).toEqual([["IB'er", "Het Kompas (SITTARD)"]]);
  });

  it("reads a `,`-separated spreadsheet export with a BOM and CRLF; updates a changed name", async () => {
    const first = await run(csv([header, `${swv};Eva Jansen;;sandbox;${ws};eva;ib;${A}`]));
    expect(first.people.created).toBe(1);
    const path = csv(
      [header.replaceAll(";", ","), `${swv},"Jansen, Eva",eva@regenboog.nl,sandbox,${ws},eva,directeur,${A}`],
      { bom: true, crlf: true },
    );
    const s = await run(path);
    expect(s).toMatchObject({
      people: { created: 0, updated: 1 },
      roles: { assigned: 1 },
      skipped: [],
      changes: 2,
    });
    expect(await world.db.person.findFirst({ where: { displayName: "Jansen, Eva" } })).toMatchObject({
      email: "eva@regenboog.nl",
    });
    expect(tableOf(await ik("eva"))?.rows).toEqual([
      ["IB'er", "De Regenboog (SITTARD)"],
      ["Directeur", "De Regenboog (SITTARD)"],
    ]);
    expect((await run(path)).changes).toBe(0);
  });

  it("links a second platform's account by email, and `voorkeur` sets the platform to reach someone on", async () => {
    const path = csv([
      `${header};voorkeur`,
      `${swv};Lea Leerplicht;lea@gemeente.nl;slack;T0KNOOP;U0LEA;leerplicht;${A};`,
      `${swv};Lea Leerplicht;lea@gemeente.nl;teams;${tenant};${leaObject};leerplicht;${A};ja`,
      `${swv};Lea Leerplicht;;teams;${tenant};${leaObject};jgz;${A};misschien`,
    ]);
    const s = await run(path);
    expect(s.skipped).toEqual([{ line: 4, reason: 'voorkeur "misschien" moet leeg, ja of nee zijn' }]);
    const lea = await world.db.person.findMany({
      where: { email: "lea@gemeente.nl" },
      include: { identities: true },
    });
    expect(lea).toHaveLength(1);
    expect(lea[0]?.preferredPlatform).toBe("teams");
    expect(lea[0]?.identities.map((i) => i.platform).sort()).toEqual(["slack", "teams"]);
    expect((await run(path)).changes).toBe(0);
  });

  it("reads Teams accounts as tenant id + Entra object id (GUIDs, any case), with Dutch reasons for anything else", async () => {
    const sanne = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    const path = csv([
      header,
      `${swv};Sanne Smit;s.smit@ggd.nl;teams;${tenant.toUpperCase()};${sanne.toUpperCase()};jgz;${A}`,
      `${swv};Sanne Smit;;teams;${tenant};${sanne};jgz;${B}`,
      `${swv};Tom Tak;;teams;tenant-gemeente;${sanne};jgz;${A}`,
      `${swv};Tom Tak;;teams;${tenant};29:1abcTom;jgz;${A}`,
      `${swv};Tom Tak;;teams;${tenant};tom@gemeente.nl;jgz;${A}`,
    ]);
    const s = await run(path);
    expect(s.people.created).toBe(1);
    expect(s.roles.assigned).toBe(2);
    const reason = (line: number) => s.skipped.find((r) => r.line === line)?.reason;
    expect(s.skipped.map((r) => r.line)).toEqual([4, 5, 6]);
    expect(reason(4)).toBe(
      'werkruimte "tenant-gemeente" moet voor Teams de tenant-id van jullie Microsoft 365-organisatie zijn, een GUID zoals 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra ID -> Overzicht)',
    );
    expect(reason(5)).toBe(
      'gebruiker "29:1abcTom" is een Teams-chat-id (29:...); gebruik de object-id van de persoon in Entra ID, een GUID (Entra ID -> Gebruikers -> Object-id)',
    );
    expect(reason(6)).toContain(
      'gebruiker "tom@gemeente.nl" moet voor Teams de object-id van de persoon in Entra ID zijn',
    );
    // stored as Teams sends them (lower case): the tenant is linked to the SWV, the person found by it
    const identity = await world.db.chatIdentity.findFirst({ where: { platform: "teams", userId: sanne } });
    expect(identity).toMatchObject({ workspaceId: tenant });
    expect(
      await world.db.workspace.findFirst({ where: { platform: "teams", externalId: tenant } }),
    ).toBeTruthy();
    expect((await run(path)).changes).toBe(0);
  });

  it("refuses a file without the documented header, or for an SWV that does not exist", async () => {
    await expect(run(csv(["naam;email", "Eva;"]))).rejects.toThrow(
      "mist de kolom(men) swv, platform, werkruimte, gebruiker, rol, school. De kopregel moet zijn: swv;naam;email;platform;werkruimte;gebruiker;rol;school",
    );
    await expect(run(csv([header, `PO0001;Eva;;sandbox;${ws};eva;ib;`]))).rejects.toThrow(
      "Samenwerkingsverband PO0001 bestaat nog niet in Knoop. Importeer eerst de scholen: npm run import:duo -- --swv PO0001",
    );
    await expect(run(join(dir, "nope.csv"))).rejects.toThrow("Bestand niet gevonden");
  });
});

// The command itself, on its own SQLite file: the child process migrates it and must have it to itself.
describe("npm run import:people", () => {
  const url = `file:${join(dir, "cli.db")}`;
  let swv: string;
  let ws: string;
  let A: string;
  beforeAll(async () => {
    await migrateToLatest(url);
    const db = await createDb(url);
    const world = await createWorld(db);
    swv = (await db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).code;
    ws = (await db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } })).externalId;
    A = (await db.school.findUniqueOrThrow({ where: { id: world.schools.A } })).locationCode;
    await db.$disconnect();
  });

  const cli = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
    delete env.LOCALE;
    return spawnSync(join(root, "node_modules/.bin/tsx"), ["scripts/import-people.ts", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
    });
  };

  it("prints the Dutch summary, or one JSON object with --json; wrong usage exits 2", () => {
    const path = csv([header, `${swv};Gijs Groen;;sandbox;${ws};gijs;ib;${A}`]);
    const json = cli(path, "--json");
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    expect(json.stdout.trim().split("\n")).toHaveLength(1);
    expect((JSON.parse(json.stdout) as PeopleImportSummary).people.created).toBe(1);
    const text = cli(path);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Rollen: 0 toegekend, 1 ongewijzigd");
    expect(text.stdout).toContain("Geen wijzigingen");
    const usage = cli();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Gebruik: npm run import:people -- bestand.csv [--json]");
    const missing = cli(join(dir, "nope.csv"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("Bestand niet gevonden");
  }, 60_000);
});
