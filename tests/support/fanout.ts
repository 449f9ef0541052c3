import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { silentLogger } from "../../src/core/logger.ts";
import { runInstances } from "../../src/features/cycles/jobs.ts";
import { MOMENTS } from "../../src/features/cycles/moments.ts";
import { ensureSwv } from "../../src/features/swv/defaults.ts";
import type { Db } from "../../src/store/client.ts";

/** The quarterly thuiszitter prompt as a fan-out: one IB'er per school, each with a Slack account,
 * every moment but the thuiszittersregistratie switched off, the instances made before the December
 * window opens. Used by the SIGKILL test and `npm run bench:fanout`. */
export const FANOUT_TEAM = "TFANOUT";
/** Made the day before the window opens; prompted on its first morning (a Tuesday). */
export const BEFORE_WINDOW = new Date("2026-11-30T10:05:00+01:00");
export const WINDOW_OPENS = new Date("2026-12-01T09:00:00+01:00");
const root = fileURLToPath(new URL("../..", import.meta.url));

/** A fictional SWV with `schools` schools (region zuid) on one board. */
export async function seedSwv(db: Db, schools: number): Promise<string> {
  const code = `PO${8000 + Math.floor(Math.random() * 1000)}`;
  const { id: swvId } = await ensureSwv(db, code, `SWV Fan-out ${code}`);
  const board = await db.board.upsert({
    where: { duoNumber: `8${code.slice(2)}` },
    create: { duoNumber: `8${code.slice(2)}`, name: `Bestuur ${code}` },
    update: {},
  });
  const rows = Array.from({ length: schools }, (_, i) => ({
    institutionCode: `F${String(i).padStart(3, "0")}`.slice(0, 4),
    locationCode: `${code}${String(i).padStart(5, "0")}`,
    name: `Basisschool ${i + 1}`,
    postcode: "6131 AA",
    place: "SITTARD",
    municipality: "SITTARD-GELEEN",
    municipalityCode: "1883",
    holidayRegion: "Zuid",
    swvId,
    boardId: board.id,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.school.createMany({ data: rows.slice(i, i + 500) });
  return swvId;
}

/** An IB'er with a Slack account for every active school that has none; returns how many. */
export async function ibPerSchool(db: Db, teamId = FANOUT_TEAM): Promise<number> {
  const schools = await db.school.findMany({
    where: { active: true, roleAssignments: { none: { role: "ib" } } },
    select: { id: true, swvId: true, locationCode: true },
  });
  for (const swvId of new Set(schools.map((s) => s.swvId)))
    await db.workspace.upsert({
      where: { platform_externalId: { platform: "slack", externalId: teamId } },
      create: { platform: "slack", externalId: teamId, swvId },
      update: {},
    });
  for (let i = 0; i < schools.length; i += 500) {
    const batch = schools.slice(i, i + 500);
    const people = batch.map((s) => ({
      id: `ib-${s.id}`,
      swvId: s.swvId,
      displayName: `IB ${s.locationCode}`,
    }));
    await db.person.createMany({ data: people });
    await db.roleAssignment.createMany({
      data: batch.map((s) => ({ personId: `ib-${s.id}`, swvId: s.swvId, role: "ib", schoolId: s.id })),
    });
    await db.chatIdentity.createMany({
      data: batch.map((s) => ({
        platform: "slack",
        workspaceId: teamId,
        userId: `U${s.locationCode}`,
        personId: `ib-${s.id}`,
      })),
    });
  }
  return schools.length;
}

/** Only the thuiszittersregistratie on, in every SWV; its instances made before the window. */
export async function onlyThuiszitters(db: Db): Promise<number> {
  const swvs = await db.swv.findMany({ select: { id: true } });
  const off = MOMENTS.filter((m) => m.key !== "thuiszitters").map((m) => m.key);
  for (const { id: swvId } of swvs)
    await db.cycleMomentSetting.createMany({
      data: off.map((momentKey) => ({ swvId, momentKey, enabled: false })),
    });
  return runInstances({
    db,
    clock: { now: () => BEFORE_WINDOW },
    logger: silentLogger,
    timezone: "Europe/Amsterdam",
    locale: "nl",
    notify: () => {},
  });
}

export interface ChildOptions {
  databaseUrl: string;
  slackApiUrl: string;
  /** Real Date.now() at which the child's clock shows WINDOW_OPENS (shared by restarts). */
  realEpoch: number;
  claimMs: number;
}

/** Starts tests/support/fanout-child.ts: the prompts job and a dispatcher to Slack, until every
 * outbox row is sent. Resolves with its exit code or signal. */
export function startChild(options: ChildOptions) {
  // Node itself with tsx's loader (not the tsx wrapper, which would forward a SIGKILL to nobody).
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/fanout-child.ts"], {
    cwd: root,
    env: {
      ...process.env,
      FANOUT_DATABASE_URL: options.databaseUrl,
      FANOUT_SLACK_API_URL: options.slackApiUrl,
      FANOUT_REAL_EPOCH: String(options.realEpoch),
      FANOUT_CLAIM_MS: String(options.claimMs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}
