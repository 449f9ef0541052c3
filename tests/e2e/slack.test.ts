import { afterAll, beforeAll, expect, it } from "vitest";
import { blockKitViolations } from "../../src/surfaces/slack/limits.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { postSigned, type SlackCall, slackSignature, slackUser } from "../support/slack-fake.ts";
import { SECRET, type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";

type Json = Record<string, unknown>;

/** The real Bolt app over loopback HTTP, with requests signed as Slack signs them, against a fake
 * Slack Web API that records every call and checks every payload against Block Kit's limits. */
describeEachDatabase("Slack over HTTP", (get) => {
  let k: SlackKnoop;
  beforeAll(async () => {
    k = await startSlackKnoop(get().db);
  }, 60_000);
  afterAll(async () => {
    expect(k.slack.violations).toEqual([]);
    await k?.stop();
  });

  const responses = () => k.slack.called("respond");
  const lastResponse = async (after: number) =>
    until(() => responses().slice(after).at(-1), "a response on the response_url");
  const textOf = (call: SlackCall) => JSON.stringify(call.args);
  const dmsTo = (who: string, after = 0) =>
    k.slack.calls
      .slice(after)
      .filter((c) => c.method === "chat.postMessage" && c.args.channel === `D${slackUser(who)}`);

  it("answers /knoop help and /knoop ik as ephemeral messages, acknowledged at once", async () => {
    const before = responses().length;
    const ack = await k.command("ib", "help");
    expect(ack.status).toBe(200);
    expect(ack.body).toBe("");
    const help = await lastResponse(before);
    expect(help.args).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(help)).toContain("/knoop signaal");

    const n = responses().length;
    await k.command("ib", "ik");
    expect(textOf(await lastResponse(n))).toContain("Ilse Bakker");
  });

  it("welcomes a Slack user Knoop does not know with who can add them", async () => {
    const n = responses().length;
    await k.command("UONBEKEND", "signaal");
    const welcome = await lastResponse(n);
    expect(textOf(welcome)).toContain("Welkom bij Knoop");
    expect(textOf(welcome)).toContain("Britt Hendriks");
  });

  it("rejects a bad signature, a stale timestamp and one from the future with 401", async () => {
    const form = { command: "/knoop", text: "help", team_id: k.teamId, user_id: slackUser("ib") };
    const now = Math.floor(Date.now() / 1000);
    const bad = await postSigned(k.url, form, { secret: SECRET, signature: "v0=deadbeef" });
    const wrongSecret = await postSigned(k.url, form, { secret: "not-the-secret" });
    const old = await postSigned(k.url, form, { secret: SECRET, timestamp: now - 6 * 60 });
    const future = await postSigned(k.url, form, { secret: SECRET, timestamp: now + 6 * 60 });
    expect([bad.status, wrongSecret.status, old.status, future.status]).toEqual([401, 401, 401, 401]);
    // Within the window either way is fine (clocks drift a little).
    const n = responses().length;
    const fine = { ...form, response_url: k.slack.responseUrl() };
    expect((await postSigned(k.url, fine, { secret: SECRET, timestamp: now + 60 })).status).toBe(200);
    await lastResponse(n);
    expect(slackSignature(SECRET, 1, "x")).toMatch(/^v0=[0-9a-f]{64}$/);
  });

  it("registers a signal through the modal: errors at the fields with values kept, then routed", async () => {
    const { world, slack } = k;
    const start = slack.calls.length;
    await k.command("ib", "signaal");
    const view = await k.modal("signal.create", start);
    expect(view.title).toMatchObject({ type: "plain_text" });
    expect((view.close as Json).text).toBe("Annuleren");

    // A name instead of a pupil reference: the modal stays, the error at the field.
    const wrong = await k.submit("ib", view, {
      school: world.schools.A,
      pupilRef: "Jan",
      domain: "verzuim",
      description: "Vaak afwezig op maandag",
      urgency: "normaal",
    });
    expect(wrong.status).toBe(200);
    const errors = wrong.json();
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors as Json)).toEqual(["pupilRef"]);

    const values = {
      school: world.schools.A,
      pupilRef: "JB 2015",
      domain: "verzuim",
      description: "Vaak afwezig op maandag",
      urgency: "normaal",
    };
    const done = await k.submit("ib", view, values);
    expect(done.status).toBe(200);
    expect(done.body).toBe(""); // closes the modal
    const confirmation = await until(() => dmsTo("ib", start).at(-1), "the confirmation DM");
    expect(textOf(confirmation)).toContain("Lotte Peters");

    // The same submission again (a double click, or a retried delivery): no second signal.
    const again = await k.submit("ib", view, values);
    const retried = await k.submit("ib", view, values, {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect([again.status, retried.status]).toEqual([200, 200]);
    expect(await world.db.signal.count({ where: { swvId: world.swvId, pupilRef: "JB 2015" } })).toBe(1);

    await k.flush();
    const routed = dmsTo("leerplicht").at(-1);
    expect(routed && textOf(routed)).toContain("Ilse Bakker meldt een signaal");
    expect(JSON.stringify(routed?.args.blocks)).toContain("signal.take");
  });

  it("a retried command delivery is acknowledged but handled once", async () => {
    const form = {
      command: "/knoop",
      text: "ik",
      team_id: k.teamId,
      user_id: slackUser("jgz"),
      channel_id: `D${slackUser("jgz")}`,
      trigger_id: "retry.trigger",
      response_url: k.slack.responseUrl(),
    };
    const n = responses().length;
    const first = await postSigned(k.url, form, { secret: SECRET });
    const retry = await postSigned(k.url, form, {
      secret: SECRET,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await lastResponse(n);
    await new Promise((r) => setTimeout(r, 200));
    expect(responses().length - n).toBe(1);
  });

  it("a button replaces its message; a double click is handled once", async () => {
    const routed = dmsTo("leerplicht").at(-1);
    if (!routed) throw new Error("no routed signal");
    const n = responses().length;
    await Promise.all([
      k.click("leerplicht", routed, "signal.take"),
      k.click("leerplicht", routed, "signal.take"),
    ]);
    const replaced = await lastResponse(n);
    expect(replaced.args.replace_original).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(responses().length - n).toBe(1);
    const signal = await k.world.db.signal.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    expect(signal.status).toBe("opgepakt");
    const events = await k.world.db.signalEvent.count({ where: { signalId: signal.id, type: "taken" } });
    expect(events).toBeLessThanOrEqual(1);
  });

  it("publishes the App Home tab with my open signals and their buttons; a retried event once", async () => {
    const eventId = "EvHOME1";
    const event = { type: "app_home_opened", user: slackUser("leerplicht"), tab: "home", channel: "DHOME" };
    await k.event(event, eventId);
    await k.event(event, eventId, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    const published = await until(() => k.slack.called("views.publish").at(-1), "views.publish");
    expect(published.args.user_id).toBe(slackUser("leerplicht"));
    const view = published.args.view as Json;
    expect(view.type).toBe("home");
    expect(blockKitViolations({ view, kind: "home" })).toEqual([]);
    expect(JSON.stringify(view)).toContain("JB 2015");
    await new Promise((r) => setTimeout(r, 200));
    expect(k.slack.called("views.publish")).toHaveLength(1);
  });

  it("a button on the Home tab acts and shows the new state of the tab", async () => {
    const home = k.slack.called("views.publish").at(-1);
    if (!home) throw new Error("no home tab");
    const before = k.slack.called("views.publish").length;
    const opened = k.slack.calls.length;
    await k.click("leerplicht", home, "signal.close");
    // A form opens with the trigger of the click; the tab is published again.
    await k.modal("signal.close", opened);
    await until(() => k.slack.called("views.publish").length > before, "the tab again");
  });

  it("a long list (the SWV consultant's 120 schools) is searchable through external options", async () => {
    const { world } = k;
    const board = await world.db.board.findFirstOrThrow();
    await world.db.school.createMany({
      data: Array.from({ length: 118 }, (_, i) => ({
        institutionCode: `9X${String(i).padStart(2, "0")}`,
        locationCode: `9X${String(i).padStart(2, "0")}${world.swvId.slice(-2)}`,
        name: i === 7 ? "Basisschool De Driesprong" : `School ${i}`,
        postcode: "6131 AA",
        place: "SITTARD",
        municipality: "SITTARD-GELEEN",
        municipalityCode: "1883",
        holidayRegion: "Zuid",
        swvId: world.swvId,
        boardId: board.id,
      })),
    });
    const start = k.slack.calls.length;
    await k.command("consultant", "signaal");
    const view = await k.modal("signal.create", start);
    const school = ((view.blocks as Json[]).find((b) => b.block_id === "school")?.element ?? {}) as Json;
    expect(school.type).toBe("external_select");
    const suggest = (value: string) =>
      k.interact({
        type: "block_suggestion",
        user: { id: slackUser("consultant"), team_id: k.teamId },
        team: { id: k.teamId },
        view: { id: view.id, type: "modal", callback_id: "signal.create" },
        block_id: "school",
        action_id: "value",
        value,
      });
    const found = (await suggest("driesprong")).json();
    expect(found.options).toEqual([
      {
        text: { type: "plain_text", text: "Basisschool De Driesprong (SITTARD)", emoji: true },
        value: expect.any(String),
      },
    ]);
    const all = (await suggest("")).json().options as unknown[];
    expect(all).toHaveLength(100); // Slack shows at most 100: typing narrows it down
  });
});
