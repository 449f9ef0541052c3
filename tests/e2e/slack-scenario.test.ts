import { afterAll, beforeAll, expect, it } from "vitest";
import { parseLocal } from "../../src/core/format.ts";
import { methodScopes } from "../../src/surfaces/slack/scopes.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type SlackCall, slackUser } from "../support/slack-fake.ts";
import { type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";
import type { CastKey } from "../support/world.ts";

type Json = Record<string, unknown>;

/** The acceptance scenario of the signals-and-cases issue, entirely through Slack: signed
 * requests to the real Bolt app, every answer and message through the fake Slack Web API. */
describeEachDatabase("Slack: signal to closed knooppunt", (get) => {
  let k: SlackKnoop;
  let code = "";
  let caseId = "";
  const pupil = "204518";
  beforeAll(async () => {
    k = await startSlackKnoop(get().db);
  }, 60_000);
  afterAll(() => k?.stop());

  const text = (c: SlackCall | undefined) => JSON.stringify(c?.args ?? {});
  const mark = () => k.slack.calls.length;
  /** The newest message (post, update or response) to `who` since `since` that shows `action`. */
  const withButton = (since: number, action: string, who?: CastKey) =>
    until(
      () =>
        k.slack.calls
          .slice(since)
          .filter((c) => ["chat.postMessage", "chat.update", "respond"].includes(c.method))
          .filter((c) => !who || c.method === "respond" || c.args.channel === `D${slackUser(who)}`)
          .filter((c) => text(c).includes(`"action_id":"${action}::`))
          .at(-1),
      `a message with ${action}${who ? ` to ${who}` : ""}`,
    );
  const response = (since: number) =>
    until(
      () =>
        k.slack.calls
          .slice(since)
          .filter((c) => c.method === "respond")
          .at(-1),
      "a response",
    );
  /** `/knoop casus <code>` as `who`, then a click on one of the card's buttons; returns the modal. */
  async function fromCard(who: CastKey, action: string, form: string): Promise<Json> {
    const since = mark();
    await k.command(who, `casus ${code}`);
    const card = await withButton(since, action);
    const opened = mark();
    await k.click(who, card, action);
    return k.modal(form, opened);
  }
  const first = (slots: { id: string; startsAt: Date }[]) =>
    [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]?.id;
  const epoch = (local: string) => String((parseLocal(local, "Europe/Amsterdam")?.getTime() ?? 0) / 1000);

  it("1. the leerplichtambtenaar registers a verzuim signal; a name is refused at the field", async () => {
    const since = mark();
    await k.command("leerplicht", "signaal");
    const view = await k.modal("signal.create", since);
    const values = {
      pupilRef: "Jan",
      domain: "verzuim",
      description: "Sinds drie weken vaak afwezig op maandag.",
    };
    const refused = (await k.submit("leerplicht", view, values)).json();
    expect(refused).toMatchObject({ response_action: "errors", errors: { pupilRef: expect.any(String) } });
    expect((await k.submit("leerplicht", view, { ...values, pupilRef: pupil })).body).toBe("");
    await k.flush();
  });

  it("2. the leerplichtambtenaar is the school's: they take it at once, and propose a knooppunt", async () => {
    const own = await withButton(0, "signal.proposeCase", "leerplicht");
    expect(text(own)).not.toContain('"action_id":"signal.take::');
    const since = mark();
    await k.click("leerplicht", own, "signal.proposeCase");
    await response(since);
    await k.flush();
  });

  it("3. the IB'er opens a case from it, with parental consent", async () => {
    const proposal = await withButton(0, "case.openFromSignal", "ib");
    expect(text(proposal)).toContain(pupil); // a DM to the IB'er may carry it
    const since = mark();
    await k.click("ib", proposal, "case.openFromSignal");
    const view = await k.modal("case.create", since);
    const done = await k.submit("ib", view, {
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [k.world.people.leerplicht],
    });
    expect(done.body).toBe("");
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    ({ code, id: caseId } = c);
    expect(c.consentDate).not.toBeNull();
    await k.flush();
    const created = k.slack.called("conversations.create").at(-1);
    expect(created?.args).toMatchObject({ name: `knoop-${code.toLowerCase()}`, is_private: "true" });
    const channel = (created?.result?.channel as Json | undefined)?.id;
    const invited = k.slack.called("conversations.invite").map((i) => i.args.users);
    expect(invited).toEqual(expect.arrayContaining([slackUser("ib"), slackUser("leerplicht")]));
    expect(k.slack.called("chat.postMessage").some((m) => m.args.channel === channel)).toBe(true);
  });

  it("4. a partner is invited, and joins the case channel", async () => {
    const view = await fromCard("ib", "case.participant.add", "case.participant.add");
    expect((await k.submit("ib", view, { people: [k.world.people.jgz] })).body).toBe("");
    await k.flush();
    expect(k.slack.called("conversations.invite").at(-1)?.args.users).toBe(slackUser("jgz"));
  });

  it("5. a meeting slot is agreed by all", async () => {
    const view = await fromCard("ib", "meeting.propose", "meeting.create");
    const slots = {
      slot1: epoch("2026-11-26T10:00"),
      slot2: epoch("2026-11-27T14:00"),
      location: "School, kamer IB",
    };
    expect((await k.submit("ib", view, slots)).body).toBe("");
    await k.flush();
    // Every participant but the regisseur (who proposed the times) answers per time.
    for (const who of ["leerplicht", "jgz"] as const) {
      const ask = await withButton(0, "meeting.answer", who);
      const first = /"value":"([^":]+):kan"/.exec(text(ask))?.[1] ?? "";
      let since = mark();
      await k.click(who, ask, "meeting.answer", undefined, (v) => v === `${first}:kan`);
      const answered = await response(since);
      expect(answered.args.replace_original).toBe(true);
      since = mark();
      await k.click(
        who,
        answered,
        "meeting.answer",
        undefined,
        (v) => v.endsWith(":kan_niet") && !v.startsWith(first),
      );
      await response(since);
    }
    await k.flush();
    const tally = await withButton(0, "meeting.confirm", "ib");
    const since = mark();
    await k.click("ib", tally, "meeting.confirm");
    await response(since);
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
    const view = await fromCard("ib", "case.action.add", "case.action.add");
    const values = {
      description: "Huisbezoek plannen met ouders",
      owner: k.world.people.leerplicht,
      due: "2026-11-26",
    };
    expect((await k.submit("ib", view, values)).body).toBe("");
    await k.flush();
    const assigned = await withButton(0, "case.action.done", "leerplicht");
    const since = mark();
    await k.click("leerplicht", assigned, "case.action.done");
    expect((await response(since)).args.replace_original).toBe(true);
    const action = await k.world.db.caseAction.findFirstOrThrow({ where: { caseId } });
    expect(action.status).toBe("gedaan");
  });

  it("7. the case is closed with an outcome; an empty outcome is refused at the field", async () => {
    const view = await fromCard("ib", "case.close", "case.close");
    const empty = (await k.submit("ib", view, {})).json();
    expect(empty.response_action).toBe("errors");
    expect(Object.keys(empty.errors as Json)).toContain("outcome");
    const values = {
      outcome: "ondersteuning-op-school",
      evaluation: "Verzuim gedaald na afspraken met ouders.",
    };
    expect((await k.submit("ib", view, values)).body).toBe("");
    await k.flush();
    const closed = await k.world.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(closed.status).toBe("afgesloten");
    expect(closed.outcome).toBe("ondersteuning-op-school");
  });

  it("8. no pupil reference in any channel post or channel name; every payload within Block Kit's limits", async () => {
    const toChannels = k.slack.calls.filter(
      (c) =>
        (["chat.postMessage", "chat.update"].includes(c.method) && String(c.args.channel).startsWith("C")) ||
        c.method === "conversations.create",
    );
    expect(toChannels.length).toBeGreaterThan(3);
    for (const c of toChannels) expect(text(c)).not.toContain(pupil);
    expect(k.slack.violations).toEqual([]);
    // Every Web API method Knoop called is in the scope table the manifest is checked against.
    const called = new Set(k.slack.calls.map((c) => c.method).filter((m) => m !== "respond"));
    for (const method of called) expect(Object.keys(methodScopes)).toContain(method);
    const dead = await k.world.db.outboxMessage.findMany({ where: { status: { not: "sent" } } });
    expect(dead).toEqual([]);
  });
});
