import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import type { SlackCall } from "../support/slack-fake.ts";
import { slackUser } from "../support/slack-fake.ts";
import { type ConnectorCall, cardsOf } from "../support/teams-fakes.ts";
import {
  type Answer,
  aadOf,
  actionsOf,
  personalOf,
  startTeamsKnoop,
  type TeamsKnoop,
} from "../support/teams-knoop.ts";
import type { CastKey } from "../support/world.ts";

type Json = Record<string, unknown>;
const text = (x: unknown) => JSON.stringify(x ?? {});

/** One case, two platforms in one process: the school and the leerplichtambtenaar on Teams (the
 * case's group chat), the JGZ partner on Slack only (the case's posts and the meeting poll by
 * Slack DM, answered there). */
describeEachDatabase("a case on Teams with one partner on Slack", (get) => {
  let k: TeamsKnoop;
  let code = "";
  let caseId = "";
  const pupil = "204518";
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db, { slackFor: ["jgz"] });
  }, 60_000);
  afterAll(() => k?.stop());

  const slackCalls = () => k.slack?.fake.calls ?? [];
  const hasVerb = (card: Json, verb: string) =>
    actionsOf(card).some((a) => a.verb === verb || (a.data as Json | undefined)?.verb === verb);
  const teamsCard = (since: number, verb: string, who: CastKey): ConnectorCall => {
    const found = k.ms.calls
      .slice(since)
      .filter(
        (c) => c.conversationId === personalOf(who) && cardsOf(c.body).some((card) => hasVerb(card, verb)),
      )
      .at(-1);
    if (!found) throw new Error(`no Teams card with ${verb} to ${who}`);
    return found;
  };
  const dialogOf = (answer: Answer): Json =>
    (answer.body as { task: { value: { card: { content: Json } } } }).task.value.card.content;
  async function fromCard(who: CastKey, verb: string): Promise<Json> {
    const since = k.ms.calls.length;
    await k.say(who, `knoop casus ${code}`);
    return dialogOf(await k.click(who, teamsCard(since, verb, who), verb));
  }

  it("the IB'er opens the case in Teams and adds the JGZ partner, who is on Slack", async () => {
    const since = k.ms.calls.length;
    await k.say("ib", "knoop casus nieuw");
    const dialog = dialogOf(await k.click("ib", teamsCard(since, "knoop.form", "ib"), "knoop.form"));
    await k.submit("ib", dialog, {
      pupilRef: pupil,
      reason: "Zorgen over verzuim en welbevinden.",
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [k.world.people.leerplicht],
    });
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    ({ code, id: caseId } = c);
    await k.flush();
    const add = await fromCard("ib", "case.participant.add");
    await k.submit("ib", add, { people: [k.world.people.jgz] });
    await k.flush();
    const [chat] = [...k.graph.chats.values()];
    expect(chat?.topic).toBe(code);
    // The group chat holds the Teams participants; the Slack partner is not in it.
    expect(new Set(chat?.members.values())).toEqual(new Set([aadOf("ib"), aadOf("leerplicht")]));
  });

  it("a meeting is agreed: Teams people answer in Teams, the Slack partner on Slack", async () => {
    const slackSince = slackCalls().length;
    const dialog = await fromCard("ib", "meeting.propose");
    await k.submit("ib", dialog, {
      slot1: "2026-11-26",
      slot1__time: "10:00",
      slot2: "2026-11-27",
      slot2__time: "14:00",
      location: "School, kamer IB",
    });
    await k.flush();
    // Teams: the leerplichtambtenaar answers on the card.
    const ask = teamsCard(0, "meeting.answer", "leerplicht");
    const firstSlot = /"value":"([^":]+):kan"/.exec(text(ask.body))?.[1] ?? "";
    expect((await k.click("leerplicht", ask, "meeting.answer", (v) => v === `${firstSlot}:kan`)).status).toBe(
      200,
    );
    // Slack: the JGZ partner got the poll by DM and answers there.
    const poll = slackCalls()
      .slice(slackSince)
      .filter((c: SlackCall) => c.method === "chat.postMessage" && c.args.channel === `D${slackUser("jgz")}`)
      .filter((c) => text(c.args).includes('"action_id":"meeting.answer::'))
      .at(-1);
    if (!poll) throw new Error("no poll on Slack");
    const answered = await k.slack?.click("jgz", poll, "meeting.answer", (v) => v === `${firstSlot}:kan`);
    expect(answered?.status).toBe(200);
    // Slack's action is handled after its ack: wait until the answer is stored.
    for (let i = 0; i < 200; i++) {
      const mine = await k.world.db.slotAnswer.count({ where: { personId: k.world.people.jgz } });
      if (mine) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await k.flush();
    const tally = teamsCard(0, "meeting.confirm", "ib");
    expect((await k.click("ib", tally, "meeting.confirm")).status).toBe(200);
    await k.flush();
    const meeting = await k.world.db.meeting.findFirstOrThrow({ where: { caseId } });
    expect(meeting.status).toBe("bevestigd");
    const answers = await k.world.db.slotAnswer.findMany({ where: { slot: { meetingId: meeting.id } } });
    expect(answers.filter((a) => a.answer === "kan")).toHaveLength(2);
  });

  it("the Slack partner reads the case's posts by Slack DM; no pupil reference in any shared space", async () => {
    const toJgz = slackCalls().filter(
      (c) => c.method === "chat.postMessage" && c.args.channel === `D${slackUser("jgz")}`,
    );
    expect(toJgz.some((c) => text(c.args).includes(code))).toBe(true);
    const shared = k.ms.calls.filter((c) => c.conversationId && !c.conversationId.startsWith("a:personal-"));
    expect(shared.length).toBeGreaterThan(1);
    for (const c of shared) expect(text(c.body)).not.toContain(pupil);
    const slackChannels = slackCalls().filter(
      (c) => c.method === "chat.postMessage" && String(c.args.channel).startsWith("C"),
    );
    for (const c of slackChannels) expect(text(c.args)).not.toContain(pupil);
    const dead = await k.world.db.outboxMessage.findMany({ where: { status: { not: "sent" } } });
    expect(dead).toEqual([]);
  });
});
