import type { Core } from "../../src/chat/core.ts";
import { handleIntent } from "../../src/chat/core.ts";
import type { Directory } from "../../src/chat/directory.ts";
import type { Intent, Place } from "../../src/chat/intents.ts";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import type { Reply } from "../../src/chat/views.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { createRouter } from "../../src/features/index.ts";
import { ensureSwv } from "../../src/features/swv/defaults.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Db } from "../../src/store/client.ts";

/** The people of the test world: their key is also their sandbox user id. */
export const cast = {
  ib: { name: "Ilse Bakker", roles: [["ib", "A"]] },
  directeur: { name: "Dirk de Jong", roles: [["directeur", "A"]] },
  leerplicht: { name: "Lotte Peters", roles: [["leerplicht", "A"]] },
  jgz: { name: "Jasmijn Gerritsen", roles: [["jgz", "A"]] },
  buurtteam: { name: "Bas Timmermans", roles: [["buurtteam", "A"]] },
  consultant: { name: "Carla Smeets", roles: [["swv-consultant", null]] },
  bestuur: { name: "Bert Stevens", roles: [["bestuur", null]] },
  beheerder: { name: "Britt Hendriks", roles: [["beheerder", null]] },
  // Works at school B only: must never see school A's cases.
  outsider: {
    name: "Olaf Janssen",
    roles: [
      ["leerplicht", "B"],
      ["ib", "B"],
    ],
  },
} as const satisfies Record<string, { name: string; roles: (readonly [string, "A" | "B" | null])[] }>;

export type CastKey = keyof typeof cast;

export interface World {
  db: Db;
  clock: ManualClock;
  port: MemoryChatPort;
  dispatcher: OutboxDispatcher;
  core: Core;
  swvId: string;
  schools: { A: string; B: string };
  people: Record<CastKey, string>;
  /** Runs an intent as one of the cast, as a surface would (a DM place by default). */
  as(who: CastKey, intent: Intent, place?: Place): Promise<Reply>;
  /** Sends everything queued and returns what the port received since the last call. */
  flush(): Promise<MemoryChatPort["delivered"]>;
}

const timezone = "Europe/Amsterdam";
let worldCount = Math.floor(Math.random() * 1000);

/** A small SWV (PO9999) with schools A and B and the cast above, each with a sandbox chat
 * account. Call on an empty database (or after clearing it). */
export async function createWorld(db: Db, start = "2026-11-23T09:00:00+01:00"): Promise<World> {
  const clock = new ManualClock(start);
  const port = new MemoryChatPort();
  const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger });
  // Unique per world within a test file (one file = one database), in the PO9xxx form.
  const code = `PO${9000 + (worldCount++ % 1000)}`;
  const { swvId, schools, people } = await db.$transaction(async (tx) => {
    const { id: swvId } = await ensureSwv(tx, code, "SWV Testregio");
    await tx.workspace.create({ data: { platform: "sandbox", externalId: `local-${code}`, swvId } });
    const board = await tx.board.upsert({
      where: { duoNumber: "99999" },
      create: { duoNumber: "99999", name: "Bevoegd gezag 99999" },
      update: {},
    });
    const school = (letter: string, name: string) =>
      tx.school.create({
        data: {
          institutionCode: `${code.slice(2)}${letter}`.slice(0, 4),
          locationCode: `${code}${letter}`,
          name,
          postcode: "6131 AA",
          place: "SITTARD",
          municipality: "SITTARD-GELEEN",
          municipalityCode: "1883",
          holidayRegion: "Zuid",
          pupilCount: 212,
          swvId,
          boardId: board.id,
        },
      });
    const schools = { A: (await school("A", "De Regenboog")).id, B: (await school("B", "Het Kompas")).id };
    const people = {} as Record<CastKey, string>;
    for (const [key, { name, roles }] of Object.entries(cast) as [CastKey, (typeof cast)[CastKey]][]) {
      const person = await tx.person.create({
        data: {
          swvId,
          displayName: name,
          identities: { create: { platform: "sandbox", workspaceId: `local-${code}`, userId: key } },
          roles: {
            create: roles.map(([role, school]) => ({
              swvId,
              role,
              schoolId: school ? schools[school] : null,
            })),
          },
        },
      });
      people[key] = person.id;
    }
    return { swvId, schools, people };
  });
  const directory: Directory = {
    users: async () => Object.entries(cast).map(([userId, p]) => ({ userId, name: p.name })),
    displayName: async (_w, userId) => (cast as Record<string, { name: string }>)[userId]?.name ?? null,
  };
  const core: Core = {
    db,
    clock,
    logger: silentLogger,
    timezone,
    locale: "nl",
    router: createRouter(),
    directory,
    notify: () => {},
  };
  let seen = 0;
  return {
    db,
    clock,
    port,
    dispatcher,
    core,
    swvId,
    schools,
    people,
    as: (who, intent, place = { kind: "dm", id: `dm:${who}` }) =>
      handleIntent(core, { platform: "sandbox", workspaceId: `local-${code}`, userId: who }, place, intent, {
        unlimited: true,
      }),
    async flush() {
      await dispatcher.drain();
      const fresh = port.delivered.slice(seen);
      seen = port.delivered.length;
      return fresh;
    },
  };
}
