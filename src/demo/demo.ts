import { type Core, handleIntent } from "../chat/core.ts";
import type { Intent } from "../chat/intents.ts";
import { type FormValues, heading, message, type Reply, text } from "../chat/views.ts";
import { DAY } from "../core/clock.ts";
import { isoDay } from "../core/format.ts";
import { caseActions } from "../features/cases/actions.ts";
import { createInstances, swvCycles } from "../features/cycles/service.ts";
import { importDuo } from "../features/schools/duo-import.ts";
import { signalActions } from "../features/signals/actions.ts";
import { post } from "../jobs/outbox.ts";
import type { Db } from "../store/client.ts";
import { SANDBOX_WORKSPACE } from "../surfaces/sandbox/directory.ts";
import { SandboxPort } from "../surfaces/sandbox/port.ts";

/** The demo SWV: real schools from DUO's open data, fictional people. */
export const DEMO_SWV = "PO3104";

type Grant = readonly [role: string, school: 0 | 1 | null];

/** The demo cast; the key is the sandbox account id. Schools 0 and 1 are two real PO3104 schools. */
export const demoCast: Record<string, { name: string; roles: Grant[] }> = {
  ib: {
    name: "Sanne Jacobs",
    roles: [
      ["ib", 0],
      ["ib", 1],
    ],
  },
  directeur: {
    name: "Mark Hermans",
    roles: [
      ["directeur", 0],
      ["directeur", 1],
    ],
  },
  leerplicht: {
    name: "Fatima El Amrani",
    roles: [
      ["leerplicht", 0],
      ["leerplicht", 1],
    ],
  },
  jgz: {
    name: "Eva Brouwer",
    roles: [
      ["jgz", 0],
      ["jgz", 1],
    ],
  },
  buurtteam: {
    name: "Koen Vermeulen",
    roles: [
      ["buurtteam", 0],
      ["buurtteam", 1],
    ],
  },
  consultant: { name: "Noor Willems", roles: [["swv-consultant", null]] },
  bestuur: { name: "Hans Lemmens", roles: [["bestuur", null]] },
  beheerder: { name: "Anouk Maas", roles: [["beheerder", null]] },
  /** The SWV's privacy officer: `/knoop privacy inzage|wissen`, no case content otherwise. */
  privacy: { name: "Lieke Janssens", roles: [["privacy", null]] },
};

/** Chat accounts without a person yet: they see onboarding, a beheerder can add them. */
export const demoNewcomers: Record<string, string> = { "nieuw-1": "Ruud Claessens", "nieuw-2": "Yara Bos" };

export const BOARD_CHANNEL = "channel:bestuur";

/** True when the database already holds the sandbox workspace (the demo or a later state of it). */
export async function hasDemo(db: Db): Promise<boolean> {
  const workspace = await db.workspace.findUnique({
    where: { platform_externalId: { platform: "sandbox", externalId: SANDBOX_WORKSPACE } },
  });
  return workspace !== null;
}

/** Seeds an empty database: the SWV and its schools from DUO, the cast with their chat accounts,
 * the board channel, then a few signals and cases made through the features, as the page would. */
export async function seedDemo(core: Core): Promise<void> {
  const { db, clock } = core;
  await importDuo(db, { swvCode: DEMO_SWV, locale: core.locale });
  const swv = await db.swv.findUniqueOrThrow({ where: { code: DEMO_SWV } });
  const schools = await db.school.findMany({
    where: { swvId: swv.id, active: true },
    orderBy: [{ pupilCount: "desc" }, { name: "asc" }],
    take: 2,
  });
  const people = await db.$transaction(async (tx) => {
    await tx.workspace.create({
      data: { platform: "sandbox", externalId: SANDBOX_WORKSPACE, swvId: swv.id },
    });
    const ids: Record<string, string> = {};
    for (const [user, { name, roles }] of Object.entries(demoCast)) {
      await tx.sandboxUser.create({ data: { id: user, name } });
      const person = await tx.person.create({
        data: {
          swvId: swv.id,
          displayName: name,
          identities: { create: { platform: "sandbox", workspaceId: SANDBOX_WORKSPACE, userId: user } },
          roles: {
            create: roles.map(([role, school]) => ({
              swvId: swv.id,
              role,
              schoolId: school === null ? null : (schools[school]?.id ?? null),
            })),
          },
        },
      });
      ids[user] = person.id;
    }
    for (const [id, name] of Object.entries(demoNewcomers))
      await tx.sandboxUser.create({ data: { id, name } });
    return ids;
  });

  // The board's channel exists on the platform before Knoop posts in it; it gets the monthly
  // digest (first working day, 09:00), as if the beheerder typed `/knoop digest abonneer maand` there.
  await new SandboxPort(db, clock).ensureSpace(BOARD_CHANNEL, "channel", "bestuur", [people.bestuur ?? ""]);
  await db.$transaction((tx) =>
    post(
      tx,
      clock.now(),
      "demo:bestuur:welcome",
      BOARD_CHANNEL,
      message(
        heading("Welkom in het bestuurskanaal"),
        text(
          "Hier plaatst Knoop overzichten voor het bestuur: aantallen en trends, nooit gegevens van leerlingen.",
        ),
      ),
    ),
  );
  await db.digestSubscription.create({
    data: {
      swvId: swv.id,
      channelId: BOARD_CHANNEL,
      cadence: "maand",
      createdById: people.beheerder ?? "",
      createdAt: clock.now(),
    },
  });
  await seedStories(core, people, [schools[0]?.id ?? "", schools[1]?.id ?? ""]);
  // The check-ins of the current periods, so `/knoop cyclus` shows them at once; the hourly job
  // would make them too. Moving the clock to 1 December prompts Sanne for the registration.
  await createInstances(db, await swvCycles(db, swv.id, core.timezone), clock.now());
  core.notify();
}

type Play = (user: string, intent: Intent) => Promise<Reply>;

/** A few signals and cases, made through the features exactly as the page makes them: intents from
 * the demo people's accounts, forms submitted with what they show plus what a person would type. */
async function seedStories(core: Core, people: Record<string, string>, [school0, school1]: string[]) {
  const play: Play = (user, intent) =>
    handleIntent(
      core,
      { platform: "sandbox", workspaceId: SANDBOX_WORKSPACE, userId: user },
      { kind: "dm", id: `dm:${people[user]}` },
      intent,
      { unlimited: true },
    );
  const command = (user: string, ...args: string[]) => play(user, { kind: "command", args });
  const click = (user: string, name: string, value: string) => play(user, { kind: "action", name, value });
  const signal = async (user: string, values: FormValues) => {
    await submit(play, user, await command(user, "signaal"), values);
    return core.db.signal.findFirstOrThrow({
      where: { pupilRef: String(values.pupilRef) },
      select: { id: true },
    });
  };

  // A health signal, still new: the jeugdverpleegkundige has it in her DMs.
  await signal("ib", {
    school: school0,
    pupilRef: "JB 2015",
    domain: "gezondheid",
    description: "Klaagt de laatste weken vaak over buikpijn en wil dan naar huis.",
    urgency: "normaal",
  });
  // A family signal the buurtteam took.
  const family = await signal("directeur", {
    school: school1,
    pupilRef: "183406",
    domain: "gezin",
    description: "Ouders vertellen dat het thuis zwaar is sinds de verhuizing.",
    urgency: "normaal",
  });
  await click("buurtteam", signalActions.take, family.id);
  // Absence: the leerplichtambtenaar proposes a knooppunt, the IB'er opens it with consent.
  const absence = await signal("leerplicht", {
    school: school0,
    pupilRef: "KV 2016",
    domain: "verzuim",
    description: "Ruim 16 uur ongeoorloofd verzuim in vier weken, vooral op maandag.",
    urgency: "hoog",
  });
  await click("leerplicht", signalActions.proposeCase, absence.id);
  await submit(play, "ib", await click("ib", caseActions.openFromSignal, absence.id), {
    consent: "akkoord",
    consentDate: isoDay(new Date(core.clock.now().getTime() - 7 * DAY), core.timezone),
  });
  // A case opened directly, parents not asked yet: the partners see only that it exists.
  await submit(play, "ib", await command("ib", "casus", "nieuw"), {
    school: school1,
    pupilRef: "209931",
    reason: "Loopt achter met rekenen en lezen; de aanpak in de klas helpt onvoldoende.",
    consent: "nog-niet",
  });
}

/** Submits a form as the page does: the values it shows, with `values` typed over them. The seed
 * expects the form to be accepted; anything else is a bug worth failing loudly for. */
async function submit(play: Play, user: string, reply: Reply, values: FormValues): Promise<void> {
  if (reply.type !== "form") throw new Error(`demo seed: expected a form, got ${JSON.stringify(reply)}`);
  const { form } = reply;
  const shown = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
  const result = await play(user, {
    kind: "submission",
    name: form.id,
    values: { ...shown, ...values },
    context: form.context,
  });
  if (result.type !== "done")
    throw new Error(`demo seed: ${form.id} was not accepted: ${JSON.stringify(result)}`);
}

/** Every table, children before parents, so foreign keys never block (SQLite and PostgreSQL). */
export async function clearAll(db: Db): Promise<void> {
  await db.$transaction([
    db.slotAnswer.deleteMany(),
    db.meetingSlot.deleteMany(),
    db.meeting.deleteMany(),
    db.caseEvent.deleteMany(),
    db.caseNote.deleteMany(),
    db.caseAction.deleteMany(),
    db.caseGoal.deleteMany(),
    db.caseParticipant.deleteMany(),
    db.case.deleteMany(),
    db.caseCounter.deleteMany(),
    db.signalEvent.deleteMany(),
    db.signal.deleteMany(),
    db.sandboxMessage.deleteMany(),
    db.sandboxMember.deleteMany(),
    db.sandboxSpace.deleteMany(),
    db.sandboxUser.deleteMany(),
    db.auditEntry.deleteMany(),
    db.jobRun.deleteMany(),
    db.digestSubscription.deleteMany(),
    db.outboxMessage.deleteMany(),
    db.chatSpaceMember.deleteMany(),
    db.chatSpace.deleteMany(),
    db.workspace.deleteMany(),
    db.chatIdentity.deleteMany(),
    db.roleAssignment.deleteMany(),
    db.person.deleteMany(),
    db.signalRoute.deleteMany(),
    db.roleDefinition.deleteMany(),
    db.school.deleteMany(),
    db.board.deleteMany(),
    db.swv.deleteMany(),
  ]);
}
