/** A pupil's history made through the features (signals, cases with goals, actions, notes and
 * partners), thuiszitter rows as the check-in leaves them, and a privacy officer, for the privacy
 * tests. */
import { expect } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
import type { Intent, Place } from "../../src/chat/intents.ts";
import { type FormValues, type FormView, type Reply, textOf } from "../../src/chat/views.ts";
import type { CastKey, World } from "./world.ts";

export function formOf(reply: Reply): FormView {
  if (reply.type !== "form" && reply.type !== "invalid")
    throw new Error(`expected a form, got ${JSON.stringify(reply)}`);
  return reply.form;
}

const shown = (f: FormView): FormValues => Object.fromEntries(f.fields.map((x) => [x.name, x.value]));

/** Reports a signal at school A (gezondheid: it goes to the jgz) and returns it. */
export async function reportSignal(world: World, pupilRef: string, description: string) {
  const reply = await world.as("ib", {
    kind: "submission",
    name: "signal.create",
    values: { school: world.schools.A, pupilRef, domain: "gezondheid", description, urgency: "normaal" },
  });
  expect(reply.type, JSON.stringify(reply)).not.toBe("invalid");
  return world.db.signal.findFirstOrThrow({
    where: { swvId: world.swvId, pupilRef },
    orderBy: { createdAt: "desc" },
  });
}

/** The jgz takes the signal and closes it with a note. */
export async function closeSignal(world: World, signalId: string, note: string) {
  await world.as("jgz", { kind: "action", name: "signal.take", value: signalId });
  const done = await world.as("jgz", {
    kind: "submission",
    name: "signal.close",
    values: { note },
    context: signalId,
  });
  expect(done.type, JSON.stringify(done)).not.toBe("invalid");
}

/** A case at school A led by the IB'er, with the leerplicht as partner, consent, a goal, an
 * action and a note; closed with an outcome and evaluation when `close` is given. */
export async function caseWithHistory(
  world: World,
  pupilRef: string,
  words: { reason: string; goal: string; action: string; note: string; evaluation?: string },
) {
  const f = formOf(await world.as("ib", { kind: "command", args: ["casus", "nieuw"] }));
  const today = world.clock.now().toISOString().slice(0, 10);
  const created = await world.as("ib", {
    kind: "submission",
    name: "case.create",
    values: {
      ...shown(f),
      school: world.schools.A,
      pupilRef,
      reason: words.reason,
      consent: "akkoord",
      consentDate: today,
      participants: [world.people.leerplicht],
    },
    context: f.context,
  });
  expect(created.type, JSON.stringify(created)).toBe("done");
  const c = await world.db.case.findFirstOrThrow({
    where: { swvId: world.swvId, pupilRef },
    orderBy: { createdAt: "desc" },
  });
  const due = new Date(world.clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const steps: [CastKey, string, FormValues][] = [
    ["ib", "case.goal.add", { text: words.goal }],
    ["ib", "case.action.add", { description: words.action, owner: world.people.leerplicht, due }],
    ["leerplicht", "case.note.add", { text: words.note }],
  ];
  if (words.evaluation) steps.push(["ib", "case.close", { outcome: "overig", evaluation: words.evaluation }]);
  for (const [who, name, values] of steps) {
    const reply = await world.as(who, { kind: "submission", name, values, context: c.id });
    expect(reply.type, `${name}: ${JSON.stringify(reply)}`).toBe("done");
  }
  return world.db.case.findUniqueOrThrow({ where: { id: c.id } });
}

/** A thuiszitter row at school A, as the check-in writes it (an ended one has `endedOn`). */
export async function thuiszitter(world: World, pupilRef: string, reportedOn: string, endedOn?: string) {
  return world.db.thuiszitter.create({
    data: {
      swvId: world.swvId,
      schoolId: world.schools.A,
      pupilRef,
      kind: "ingeschreven",
      absentSince: reportedOn,
      reportedOn,
      periodKey: "2023-2024-Q3",
      offer: "geen",
      opp: false,
      state: endedOn ? "ended" : "open",
      outcome: endedOn ? "terug-naar-school" : null,
      endedOn: endedOn ?? null,
      reportedById: world.people.consultant,
      createdAt: new Date(`${reportedOn}T10:00:00Z`),
      updatedAt: new Date(`${reportedOn}T10:00:00Z`),
      events: {
        create: [
          {
            type: "reported",
            actorId: world.people.consultant,
            at: new Date(`${reportedOn}T10:00:00Z`),
            data: "{}",
          },
          ...(endedOn
            ? [
                {
                  type: "ended",
                  actorId: world.people.consultant,
                  at: new Date(`${endedOn}T10:00:00Z`),
                  data: JSON.stringify({
                    offer: "geen",
                    state: "ended",
                    outcome: "terug-naar-school",
                    endedOn,
                  }),
                },
              ]
            : []),
        ],
      },
    },
  });
}

/** Adds the SWV's privacy officer (role `privacy`, SWV-wide) and returns how to act as them. */
export async function addPrivacyOfficer(world: World) {
  const { code } = await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } });
  const workspaceId = `local-${code}`;
  const person = await world.db.person.create({
    data: {
      swvId: world.swvId,
      displayName: "Pim Privacy",
      identities: { create: { platform: "sandbox", workspaceId, userId: "privacy" } },
      roles: { create: [{ swvId: world.swvId, role: "privacy", schoolId: null }] },
    },
  });
  const as = (intent: Intent, place: Place = { kind: "dm", id: `dm:${person.id}` }) =>
    handleIntent(world.core, { platform: "sandbox", workspaceId, userId: "privacy" }, place, intent, {
      unlimited: true,
    });
  return { personId: person.id, as, code };
}

export const replyText = (reply: Reply) =>
  reply.type === "message" || reply.type === "update" ? textOf(reply.message) : JSON.stringify(reply);
