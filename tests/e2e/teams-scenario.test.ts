import { afterAll, beforeAll, expect, it } from "vitest";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type ConnectorCall, cardsOf } from "../support/teams-fakes.ts";
import {
  type Answer,
  actionsOf,
  CHANNEL,
  inputsOf,
  personalOf,
  startTeamsKnoop,
  type TeamsKnoop,
} from "../support/teams-knoop.ts";
import type { CastKey } from "../support/world.ts";

type Json = Record<string, unknown>;

/** The acceptance scenario of the signals-and-cases issue, entirely through Teams: signed activities
 * to the real teams-ai app, every answer through the fake connector or in the invoke's answer. */
describeEachDatabase("Teams: signal to closed knooppunt", (get) => {
  let k: TeamsKnoop;
  let code = "";
  let caseId = "";
  const pupil = "204518";
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db);
  }, 60_000);
  afterAll(() => k?.stop());

  const text = (x: unknown) => JSON.stringify(x ?? {});
  const mark = () => k.ms.calls.length;
  const hasVerb = (card: Json, verb: string) =>
    actionsOf(card).some((a) => a.verb === verb || (a.data as Json | undefined)?.verb === verb);
  /** The newest card (sent or updated) in `who`'s 1:1 chat since `since` with a button `verb`. */
  const withButton = async (since: number, verb: string, who?: CastKey): Promise<ConnectorCall> => {
    const found = k.ms.calls
      .slice(since)
      .filter((c) => !who || c.conversationId === personalOf(who))
      .filter((c) => cardsOf(c.body).some((card) => hasVerb(card, verb)))
      .at(-1);
    if (!found) throw new Error(`no card with ${verb}${who ? ` to ${who}` : ""}`);
    return found;
  };
  /** The dialog card of a task/fetch or task/submit answer. */
  const dialogOf = (answer: Answer): Json => {
    const task = (answer.body as { task?: { type?: string; value?: { card?: { content?: Json } } } })?.task;
    if (task?.type !== "continue" || !task.value?.card?.content)
      throw new Error(`no dialog in ${answer.status} ${answer.text.slice(0, 300)}`);
    return task.value.card.content;
  };
  /** The card an Action.Execute answered with (it replaced the clicked one). */
  const cardAnswer = (answer: Answer): Json => {
    const body = answer.body as { statusCode?: number; type?: string; value?: Json };
    if (body?.type !== "application/vnd.microsoft.card.adaptive" || !body.value)
      throw new Error(`no card in ${answer.status} ${answer.text.slice(0, 300)}`);
    return body.value;
  };
  /** `knoop casus <code>` as `who`, then the card's button that opens a form: its dialog. */
  async function fromCard(who: CastKey, verb: string): Promise<Json> {
    const since = mark();
    await k.say(who, `knoop casus ${code}`);
    return dialogOf(await k.click(who, await withButton(since, verb, who), verb));
  }
  const first = (slots: { id: string; startsAt: Date }[]) =>
    [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]?.id;

  it("1. the leerplichtambtenaar registers a verzuim signal; a name is refused at the field, values kept", async () => {
    const since = mark();
    expect((await k.say("leerplicht", "knoop signaal")).status).toBe(200);
    const opener = await withButton(since, "knoop.form", "leerplicht");
    const dialog = dialogOf(await k.click("leerplicht", opener, "knoop.form"));
    expect(inputsOf(dialog).map((i) => i.id)).toEqual(
      expect.arrayContaining(["pupilRef", "domain", "description"]),
    );
    const values = {
      pupilRef: "Jan",
      domain: "verzuim",
      description: "Sinds drie weken vaak afwezig op maandag.",
    };
    const refused = dialogOf(await k.submit("leerplicht", dialog, values));
    const inputs = inputsOf(refused);
    expect(inputs.find((i) => i.id === "pupilRef")?.value).toBe("Jan");
    expect(inputs.find((i) => i.id === "description")?.value).toBe(values.description);
    // The Dutch error is right under its field.
    const body = refused.body as Json[];
    const at = body.findIndex((b) => b.id === "pupilRef");
    const next = body.slice(at + 1, at + 3).map((b) => text(b));
    expect(next.some((b) => b.includes('"color":"Attention"'))).toBe(true);
    const done = await k.submit("leerplicht", dialog, { ...values, pupilRef: pupil });
    expect(done.status).toBe(200);
    expect(done.body?.task).toBeUndefined(); // the dialog closes
    await k.flush();
  });

  it("2. the leerplichtambtenaar is the school's: they take it at once, and propose a knooppunt", async () => {
    const own = await withButton(0, "signal.proposeCase", "leerplicht");
    expect(cardsOf(own.body).some((c) => hasVerb(c, "signal.take"))).toBe(false);
    const answer = await k.click("leerplicht", own, "signal.proposeCase");
    expect(answer.status).toBe(200);
    await k.flush();
  });

  it("3. the IB'er opens a case from it, with parental consent", async () => {
    const proposal = await withButton(0, "case.openFromSignal", "ib");
    expect(text(proposal.body)).toContain(pupil); // a 1:1 message to the IB'er may carry it
    const dialog = dialogOf(await k.click("ib", proposal, "case.openFromSignal"));
    const done = await k.submit("ib", dialog, {
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [k.world.people.leerplicht],
    });
    expect(done.text).toBe("");
    expect(done.status).toBe(200);
    expect(done.body?.task).toBeUndefined();
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    ({ code, id: caseId } = c);
    expect(c.consentDate).not.toBeNull();
    const since = mark();
    await k.flush();
    // No group chat without Graph: the case's posts reach each participant in their 1:1 chat.
    const posts = k.ms.calls.slice(since).filter((c) => text(c.body).includes(code));
    const to = new Set(posts.map((p) => p.conversationId));
    expect(to).toContain(personalOf("ib"));
    expect(to).toContain(personalOf("leerplicht"));
  });

  it("4. a partner is invited, and gets the case's posts", async () => {
    const dialog = await fromCard("ib", "case.participant.add");
    const done = await k.submit("ib", dialog, { people: [k.world.people.jgz] });
    expect(done.body?.task).toBeUndefined();
    await k.flush();
    const participant = await k.world.db.caseParticipant.findFirst({
      where: { caseId, personId: k.world.people.jgz },
    });
    expect(participant).not.toBeNull();
  });

  it("5. a meeting slot is agreed by all; each answer replaces the card for the one who answered", async () => {
    const dialog = await fromCard("ib", "meeting.propose");
    const done = await k.submit("ib", dialog, {
      slot1: "2026-11-26",
      slot1__time: "10:00",
      slot2: "2026-11-27",
      slot2__time: "14:00",
      location: "School, kamer IB",
    });
    expect(done.body?.task).toBeUndefined();
    await k.flush();
    for (const who of ["leerplicht", "jgz"] as const) {
      const ask = await withButton(0, "meeting.answer", who);
      const firstSlot = /"value":"([^":]+):kan"/.exec(text(ask.body))?.[1] ?? "";
      const answered = cardAnswer(await k.click(who, ask, "meeting.answer", (v) => v === `${firstSlot}:kan`));
      cardAnswer(
        await k.click(
          who,
          answered,
          "meeting.answer",
          (v) => v.endsWith(":kan_niet") && !v.startsWith(firstSlot),
        ),
      );
    }
    await k.flush();
    const tally = await withButton(0, "meeting.confirm", "ib");
    expect((await k.click("ib", tally, "meeting.confirm")).status).toBe(200);
    await k.flush();
    const meeting = await k.world.db.meeting.findFirstOrThrow({
      where: { caseId },
      include: { slots: true },
    });
    expect(meeting.status).toBe("bevestigd");
    const answers = await k.world.db.slotAnswer.findMany({ where: { slot: { meetingId: meeting.id } } });
    expect(answers.map((a) => a.answer).sort()).toEqual(["kan", "kan", "kan_niet", "kan_niet"]);
    expect(meeting.confirmedSlotId).toBe(first(meeting.slots));
  });

  it("6. an action is assigned to the leerplichtambtenaar and done", async () => {
    const dialog = await fromCard("ib", "case.action.add");
    const done = await k.submit("ib", dialog, {
      description: "Huisbezoek plannen met ouders",
      owner: k.world.people.leerplicht,
      due: "2026-11-26",
    });
    expect(done.body?.task).toBeUndefined();
    await k.flush();
    const assigned = await withButton(0, "case.action.done", "leerplicht");
    cardAnswer(await k.click("leerplicht", assigned, "case.action.done"));
    const action = await k.world.db.caseAction.findFirstOrThrow({ where: { caseId } });
    expect(action.status).toBe("gedaan");
  });

  it("7. the case is closed with an outcome; an empty outcome is refused at the field", async () => {
    const dialog = await fromCard("ib", "case.close");
    const refused = dialogOf(await k.submit("ib", dialog, {}));
    expect(text(refused)).toContain('"color":"Attention"');
    const done = await k.submit("ib", dialog, {
      outcome: "ondersteuning-op-school",
      evaluation: "Verzuim gedaald na afspraken met ouders.",
    });
    expect(done.body?.task).toBeUndefined();
    await k.flush();
    const closed = await k.world.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(closed.status).toBe("afgesloten");
    expect(closed.outcome).toBe("ondersteuning-op-school");
  });

  it("8. a channel sees no pupil reference; every call had Knoop's token; nothing dead in the outbox", async () => {
    await k.say("ib", `casus ${code}`, "channel");
    const shared = k.ms.calls.filter((c) => !c.conversationId.startsWith("a:personal-"));
    expect(shared.some((c) => c.conversationId === CHANNEL)).toBe(true);
    for (const c of shared) expect(text(c.body)).not.toContain(pupil);
    expect(k.ms.calls.every((c) => c.authorized)).toBe(true);
    const dead = await k.world.db.outboxMessage.findMany({ where: { status: { not: "sent" } } });
    expect(dead).toEqual([]);
  });

  it("9. every card Knoop sent or answered with validates with adaptivecards at its version (1.5)", () => {
    const cards = k.allCards();
    expect(cards.length).toBeGreaterThan(20);
    const problems = cards.flatMap((card, i) => adaptiveCardProblems(card).map((p) => `card ${i}: ${p}`));
    expect(problems).toEqual([]);
    expect(new Set(cards.map((c) => c.version))).toEqual(new Set(["1.5"]));
  });
});
