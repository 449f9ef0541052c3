import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createLogger } from "../../src/core/logger.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type SlackCall, slackSignature, slackUser } from "../support/slack-fake.ts";
import { SECRET, type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";

type Json = Record<string, unknown>;

/** Forged, replayed and hostile requests against the real Bolt app over loopback, signed as Slack
 * signs them, with every log line (trace and up) captured. */
describeEachDatabase("Slack surface under attack", (get) => {
  let k: SlackKnoop;
  const logs: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    k = await startSlackKnoop(get().db, {}, { logger: createLogger("trace", sink) });
  }, 60_000);
  afterAll(() => k?.stop());

  const responses = () => k.slack.called("respond");
  const textOf = (call: SlackCall) => JSON.stringify(call.args);
  const signal = (pupilRef: string) => ({
    school: k.world.schools.A,
    pupilRef,
    domain: "verzuim",
    description: "Moeder belt elke maandag af",
    urgency: "normaal",
  });

  it("logs no pupil reference or free text at any level during a signal scenario", async () => {
    const start = k.slack.calls.length;
    await k.command("ib", "signaal");
    const view = await k.modal("signal.create", start);
    expect((await k.submit("ib", view, signal("QX 4711"))).status).toBe(200);
    await k.flush();
    const routed = await until(
      () =>
        k.slack.calls.filter((c) => c.method === "chat.postMessage" && textOf(c).includes("QX 4711")).at(-1),
      "the routed signal",
    );
    await k.click("leerplicht", routed, "signal.take");
    await until(() => responses().some((r) => textOf(r).includes("QX 4711")), "the taken signal");
    await k.flush();
    // The client did log at debug (requests and answers), just without what they carried.
    expect(logs.filter((l) => l.includes('"level":20')).length).toBeGreaterThan(5);
    const leaks = logs.filter((l) => /QX 4711|Moeder belt/.test(l));
    expect(leaks).toEqual([]);
  });

  it("refuses a timestamp of Infinity, 1e999 or a fraction with 401", async () => {
    const form = {
      command: "/knoop",
      text: "help",
      team_id: k.teamId,
      user_id: slackUser("ib"),
      response_url: k.slack.responseUrl(),
    };
    const body = new URLSearchParams(form).toString();
    const statuses = [];
    for (const timestamp of ["Infinity", "1e999", `${Math.floor(Date.now() / 1000)}.5`, " 1e3"]) {
      const res = await fetch(k.url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": timestamp,
          "x-slack-signature": slackSignature(SECRET, timestamp, body),
        },
        body,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it("answers an options request only for the user and team who opened the modal", async () => {
    const board = await k.world.db.board.findFirstOrThrow();
    await k.world.db.school.createMany({
      data: Array.from({ length: 110 }, (_, i) => ({
        institutionCode: `8X${String(i).padStart(2, "0")}`,
        locationCode: `8X${String(i).padStart(2, "0")}${k.world.swvId.slice(-2)}`,
        name: `Basisschool ${i}`,
        postcode: "6131 AA",
        place: "SITTARD",
        municipality: "SITTARD-GELEEN",
        municipalityCode: "1883",
        holidayRegion: "Zuid",
        swvId: k.world.swvId,
        boardId: board.id,
      })),
    });
    const start = k.slack.calls.length;
    await k.command("consultant", "signaal");
    const view = await k.modal("signal.create", start);
    const suggest = (user: string, team: string) =>
      k.interact({
        type: "block_suggestion",
        user: { id: user, team_id: team },
        team: { id: team },
        view: { id: view.id, type: "modal", callback_id: "signal.create" },
        block_id: "school",
        action_id: "value",
        value: "basisschool",
      });
    const own = (await suggest(slackUser("consultant"), k.teamId)).json().options as unknown[];
    expect(own.length).toBeGreaterThan(0);
    expect((await suggest(slackUser("outsider"), k.teamId)).json().options).toEqual([]);
    expect((await suggest(slackUser("consultant"), "TSTRANGER")).json().options).toEqual([]);
  });

  it("a submission without a user is refused in Dutch, not with HTTP 500", async () => {
    const res = await k.interact({
      type: "view_submission",
      team: { id: k.teamId },
      api_app_id: "AKNOOP",
      view: { id: "VX", callback_id: "signal.create", blocks: [], state: { values: {} } },
    } as Json);
    expect(res.status).toBe(400);
    expect(res.body).toContain("Knoop kon dit formulier niet lezen");
  });

  it("a submission missing a field gets a Dutch message at that field", async () => {
    // A forged "Persoon toevoegen" with only an email: account and name are missing.
    const res = await k.interact({
      type: "view_submission",
      user: { id: slackUser("beheerder"), team_id: k.teamId },
      team: { id: k.teamId },
      view: {
        id: "VADD",
        callback_id: "people.add",
        blocks: [{ type: "input", block_id: "account" }],
        state: { values: { email: { value: { type: "plain_text_input", value: "a@b.nl" } } } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ response_action: "errors" });
    expect(res.body).not.toMatch(/Invalid input|expected/);
    expect(res.body).toContain("Kies een chataccount");
  });

  it("10,000 choices in a field get a Dutch message at that field", async () => {
    const start = k.slack.calls.length;
    await k.command("ib", "signaal");
    const view = await k.modal("signal.create", start);
    const res = await k.interact({
      type: "view_submission",
      user: { id: slackUser("ib"), team_id: k.teamId },
      team: { id: k.teamId },
      view: {
        ...view,
        state: {
          values: {
            school: {
              value: {
                type: "multi_static_select",
                selected_options: Array.from({ length: 10_000 }, (_, i) => ({ value: `p${i}` })),
              },
            },
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      response_action: "errors",
      errors: { school: "Te veel keuzes: kies er hoogstens 200." },
    });
  });

  it("after 'er ging iets mis', the retry of the same submission is handled, not swallowed", async () => {
    const start = k.slack.calls.length;
    await k.command("ib", "signaal");
    const view = await k.modal("signal.create", start);
    const values = signal("QX 4713");
    const handle = vi.spyOn(k.world.core.router, "handle").mockRejectedValueOnce(new Error("store down"));
    const failed = await k.submit("ib", view, values);
    expect(JSON.stringify(failed.json())).toContain("probeer het zo nog eens");
    handle.mockRestore();
    const retried = await k.submit("ib", view, values);
    expect(retried.body).toBe(""); // saved: the modal closes
    expect(await k.world.db.signal.count({ where: { pupilRef: "QX 4713" } })).toBe(1);
  });

  it("one person's flood of commands is told to slow down in the ack, others go on", async () => {
    const n = responses().length;
    const flood = await Promise.all(Array.from({ length: 40 }, () => k.command("jgz", "ik")));
    expect(flood.every((r) => r.status === 200)).toBe(true);
    const slowed = flood.filter((r) => r.body.includes("Rustig aan"));
    expect(slowed.length).toBeGreaterThanOrEqual(25);
    expect(slowed[0]?.json()).toMatchObject({ response_type: "ephemeral" });
    const other = await k.command("ib", "ik");
    expect(other.body).toBe("");
    await until(
      () =>
        responses()
          .slice(n)
          .some((r) => textOf(r).includes("Ilse Bakker")),
      "the other person's answer",
    );
    expect(
      responses()
        .slice(n)
        .filter((r) => textOf(r).includes("Jasmijn")).length,
    ).toBeLessThanOrEqual(15);
  });
});
