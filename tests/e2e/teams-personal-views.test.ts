import { afterAll, beforeAll, expect, it } from "vitest";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type ConnectorCall, cardsOf, TENANT } from "../support/teams-fakes.ts";
import {
  type Answer,
  actionsOf,
  startTeamsKnoop,
  type TeamsKnoop,
  teamsIdOf,
} from "../support/teams-knoop.ts";
import type { CastKey } from "../support/world.ts";

type Json = Record<string, unknown>;

/** User-specific views (Universal Actions) in a case's group chat: the meeting poll posted there is
 * one shared card with `refresh { action, userIds }`; each participant's refresh invoke gets their
 * own view from the core, anyone else the shared card. Real teams-ai app, auth on, loopback fakes. */
describeEachDatabase("Teams: user-specific views of a shared card", (get) => {
  let k: TeamsKnoop;
  let chatId = "";
  let poll: ConnectorCall | undefined;
  const pupil = "317204";
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db);
  }, 60_000);
  afterAll(() => k?.stop());

  const text = (x: unknown) => JSON.stringify(x ?? {});
  const mark = () => k.ms.calls.length;
  /** The buttons of a card (its refresh is no button). */
  const verbs = (card: Json) => {
    const { refresh: _r, ...shown } = card;
    return actionsOf(shown).map((a) => String(a.verb ?? (a.data as Json)?.verb));
  };
  const withButton = (since: number, verb: string, who: CastKey) => {
    const found = k.ms.calls
      .slice(since)
      .filter((c) => c.conversationId === `a:personal-aad-${who}`)
      .filter((c) => cardsOf(c.body).some((card) => verbs(card).includes(verb)))
      .at(-1);
    if (!found) throw new Error(`no card with ${verb} to ${who}`);
    return found;
  };
  const dialogOf = (answer: Answer): Json => {
    const task = (answer.body as { task?: { value?: { card?: { content?: Json } } } })?.task;
    if (!task?.value?.card?.content) throw new Error(`no dialog in ${answer.text.slice(0, 300)}`);
    return task.value.card.content;
  };
  const cardAnswer = (answer: Answer): Json | undefined => {
    const body = answer.body as { type?: string; value?: Json };
    return body?.type === "application/vnd.microsoft.card.adaptive" ? body.value : undefined;
  };
  /** `who`'s activity in the case's group chat (a member or not: anyone can post an invoke). */
  const inChat = (who: string): Json => ({
    ...k.activity(who),
    conversation: { id: chatId, conversationType: "groupChat", tenantId: TENANT, isGroup: true },
  });
  /** Teams asking Knoop for `who`'s view of a card with a refresh (trigger "automatic"). */
  const refresh = (who: string, card: Json) => {
    const action = (card.refresh as { action: Json }).action;
    return k.post({
      ...inChat(who),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: poll?.id,
      value: { action, trigger: "automatic" },
    });
  };
  /** A click on `who`'s own view of the poll, in the group chat. */
  const clickInChat = (who: CastKey, card: Json, verb: string, value: (v: string) => boolean) => {
    const found = actionsOf(card).find((a) => a.verb === verb && value(String((a.data as Json)?.value)));
    if (!found) throw new Error(`no ${verb} in ${text(card).slice(0, 300)}`);
    return k.post({
      ...inChat(who),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: poll?.id,
      value: { action: { type: "Action.Execute", verb, data: found.data }, trigger: "manual" },
    });
  };
  const pollCard = () => cardsOf(poll?.body)[0] ?? {};

  it("a case with its group chat and a meeting proposed in it", async () => {
    let since = mark();
    await k.say("leerplicht", "knoop signaal");
    const opener = withButton(since, "knoop.form", "leerplicht");
    const signal = dialogOf(await k.click("leerplicht", opener, "knoop.form"));
    await k.submit("leerplicht", signal, {
      pupilRef: pupil,
      domain: "verzuim",
      description: "Sinds drie weken vaak afwezig op maandag.",
    });
    await k.flush();
    await k.click("leerplicht", withButton(0, "signal.proposeCase", "leerplicht"), "signal.proposeCase");
    await k.flush();
    const proposal = withButton(0, "case.openFromSignal", "ib");
    const open = dialogOf(await k.click("ib", proposal, "case.openFromSignal"));
    await k.submit("ib", open, {
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [k.world.people.leerplicht],
    });
    await k.flush();
    const [chat] = [...k.graph.chats.values()];
    chatId = chat?.id ?? "";
    expect(chatId).not.toBe("");
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    since = mark();
    await k.say("ib", `knoop casus ${c.code}`);
    const caseCard = withButton(since, "meeting.propose", "ib");
    const propose = dialogOf(await k.click("ib", caseCard, "meeting.propose"));
    await k.submit("ib", propose, {
      slot1: "2026-11-26",
      slot1__time: "10:00",
      slot2: "2026-11-27",
      slot2__time: "14:00",
    });
    since = mark();
    await k.flush();
    poll = k.ms.calls
      .slice(since)
      .find((call) => call.conversationId === chatId && cardsOf(call.body).some((x) => x.refresh));
    expect(poll).toBeDefined();
  });

  it("the shared card lists the participants for their own views and shows nothing private", () => {
    const card = pollCard();
    expect(adaptiveCardProblems(card)).toEqual([]);
    const { action, userIds } = card.refresh as { action: Json; userIds: string[] };
    expect(action).toMatchObject({ type: "Action.Execute", verb: "meeting.view" });
    expect(new Set(userIds)).toEqual(new Set([teamsIdOf("ib"), teamsIdOf("leerplicht")]));
    expect(verbs(card)).toEqual([]); // no answer or confirm buttons for everyone
    expect(text(card)).not.toContain(pupil);
  });

  it("two participants in the chat get different views: the regisseur the tally, the partner the answers", async () => {
    const ib = cardAnswer(await refresh("ib", pollCard()));
    const leerplicht = cardAnswer(await refresh("leerplicht", pollCard()));
    if (!ib || !leerplicht) throw new Error("a participant got no view");
    for (const card of [ib, leerplicht]) {
      expect(adaptiveCardProblems(card)).toEqual([]);
      expect(text(card)).not.toContain(pupil);
      // Their own view keeps refreshing, for them alone.
      expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(1);
    }
    expect(verbs(ib)).toContain("meeting.confirm");
    expect(verbs(ib)).not.toContain("meeting.answer");
    expect(verbs(leerplicht)).toContain("meeting.answer");
    expect(verbs(leerplicht)).not.toContain("meeting.confirm");
    expect((ib.refresh as { userIds: string[] }).userIds).toEqual([teamsIdOf("ib")]);
  });

  it("an answer on one's own view stays one's own: the shared card is not replaced for all", async () => {
    const mine = cardAnswer(await refresh("leerplicht", pollCard()));
    if (!mine) throw new Error("no view");
    const since = mark();
    const answered = cardAnswer(
      await clickInChat("leerplicht", mine, "meeting.answer", (v) => v.endsWith(":kan")),
    );
    expect(answered && verbs(answered)).toContain("meeting.answer");
    expect(text(answered)).toContain("✓");
    const updates = k.ms.calls.slice(since).filter((c) => c.method === "PUT" && c.conversationId === chatId);
    expect(updates.map((u) => [u.conversationId, u.activityId, poll?.id, u.path])).toEqual([]);
    await k.flush();
    // The regisseur's view shows the answer (the tally names who can), the partner's their tick.
    const ib = cardAnswer(await refresh("ib", pollCard()));
    expect(text(ib)).toContain("1: ");
  });

  it("a non-participant's refresh gets nothing private (refused and audited); an unknown account neither", async () => {
    const jgz = await refresh("jgz", pollCard());
    expect(jgz.status).toBe(200);
    const view = cardAnswer(jgz);
    if (view) {
      expect(verbs(view)).toEqual([]);
      expect(text(view)).not.toContain("kan niet");
      expect(text(view)).not.toContain("1: ");
    }
    expect(jgz.text).not.toContain(pupil);
    const denied = await k.world.db.auditEntry.findMany({ where: { action: "meeting.view.denied" } });
    expect(denied.length).toBeGreaterThan(0);
    const stranger = await refresh("stranger", pollCard());
    expect(stranger.status).toBe(200);
    expect(cardAnswer(stranger)).toBeUndefined();
    expect(stranger.text).not.toContain("meeting.");
  });

  it("an old card's refresh shows the current state: after the regisseur confirms, the partner sees the date", async () => {
    const ib = cardAnswer(await refresh("ib", pollCard()));
    if (!ib) throw new Error("no view");
    const confirmed = cardAnswer(await clickInChat("ib", ib, "meeting.confirm", () => true));
    expect(confirmed && verbs(confirmed)).toEqual([]);
    await k.flush();
    const meeting = await k.world.db.meeting.findFirstOrThrow({});
    expect(meeting.status).toBe("bevestigd");
    const later = cardAnswer(await refresh("leerplicht", pollCard()));
    if (!later) throw new Error("no view");
    expect(verbs(later)).not.toContain("meeting.answer");
    expect(text(later)).toMatch(/26 nov|26-11|donderdag/i);
    expect(adaptiveCardProblems(later)).toEqual([]);
  });
});
