import { request } from "node:http";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type Running, startKnoop } from "../../src/app.ts";
import { md } from "../../src/chat/inline.ts";
import { chart, count, file, message, say, text } from "../../src/chat/views.ts";
import type { Config } from "../../src/config.ts";
import { DAY, ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { sendDm } from "../../src/jobs/outbox.ts";
import { describeEachDatabase } from "../support/databases.ts";

/** The sandbox's HTTP API over real HTTP on loopback, on a freshly seeded demo database. */
describeEachDatabase("sandbox API", (get) => {
  let running: Running;
  const clock = new ManualClock("2026-11-23T09:00:00+01:00");
  const personOf = async (userId: string) =>
    (await get().db.chatIdentity.findFirstOrThrow({ where: { platform: "sandbox", userId } })).personId;

  beforeAll(async () => {
    const config: Config = {
      databaseUrl: get().url,
      host: "127.0.0.1",
      port: 0,
      logLevel: "silent",
      locale: "nl",
      timezone: "Europe/Amsterdam",
    };
    running = await startKnoop(config, silentLogger, clock);
    // The demo seed's messages are on their way; let them land first.
    await vi.waitFor(
      async () => expect(await get().db.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
      {
        timeout: 20_000,
        interval: 100,
      },
    );
  }, 120_000);
  afterAll(() => running?.stop());

  const getJson = async (path: string) => {
    const response = await fetch(`${running.url}${path}`);
    return { status: response.status, body: await response.json() };
  };
  const postJson = async (path: string, body: unknown) => {
    const response = await fetch(`${running.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it("serves the page on 127.0.0.1: a Dutch local demo without login", async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${running.url}/`);
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain("Knoop — lokale demo, zonder inlog");
    expect(html).toContain("behalve de scholen: die komen uit de open data van DUO");
    expect(html).toContain("Tijd vooruit:");
    expect((await fetch(`${running.url}/sandbox/assets/sandbox.js`)).status).toBe(200);
  });

  it("lists the demo people with their roles, and the accounts without a person", async () => {
    const { body } = await getJson("/sandbox/api/users");
    const roles = Object.fromEntries(body.users.map((u: { id: string; role: string }) => [u.id, u.role]));
    expect(roles.ib).toMatch(/^IB'er \(.+, .+\)$/);
    expect(roles.leerplicht).toMatch(/^Leerplichtambtenaar/);
    expect(roles.jgz).toMatch(/^Jeugdverpleegkundige/);
    expect(roles.buurtteam).toMatch(/^Gezinswerker buurtteam/);
    expect(roles.consultant).toBe("Consultant passend onderwijs");
    expect(roles.bestuur).toBe("Bestuurslid");
    expect(roles.beheerder).toBe("Beheerder");
    expect(roles["nieuw-1"]).toBe("nog geen persoon (onboarding)");
  });

  it("shows a person only their own spaces, and no one else's messages", async () => {
    const board = await getJson("/sandbox/api/spaces?user=bestuur");
    expect(board.body.spaces.map((s: { name: string }) => s.name)).toEqual([
      "Knoop (privébericht)",
      "#bestuur",
    ]);
    const welcome = await getJson("/sandbox/api/messages?user=bestuur&space=channel:bestuur");
    expect(welcome.body.messages).toHaveLength(1);
    expect(welcome.body.messages[0].html).toContain("Welkom in het bestuurskanaal");

    const ib = await getJson("/sandbox/api/spaces?user=ib");
    expect(ib.body.spaces.map((s: { id: string }) => s.id)).not.toContain("channel:bestuur");
    const denied = await getJson("/sandbox/api/messages?user=ib&space=channel:bestuur");
    expect(denied).toEqual({
      status: 403,
      body: { error: "Geen toegang: je bent geen lid van dit gesprek." },
    });

    // Another person's DM: not through messages, and not as the place of an intent either.
    const boardDm = `dm:${await personOf("bestuur")}`;
    expect((await getJson(`/sandbox/api/messages?user=ib&space=${boardDm}`)).status).toBe(403);
    const asOther = await postJson("/sandbox/api/intent", {
      user: "ib",
      place: boardDm,
      intent: { kind: "command", args: ["help"] },
    });
    expect(asOther.status).toBe(403);

    expect((await getJson("/sandbox/api/messages?user=niemand&space=channel:bestuur")).status).toBe(404);
    expect((await getJson("/sandbox/api/messages?user=ib")).status).toBe(400);
  });

  it("delivers DMs from the outbox into the person's space, for them only", async () => {
    const ibPerson = await personOf("ib");
    const space = `dm:${ibPerson}`;
    const countOf = async () =>
      (await getJson("/sandbox/api/spaces?user=ib")).body.spaces.find((s: { id: string }) => s.id === space)
        .count;
    const before = await countOf();
    await get().db.$transaction((tx) =>
      sendDm(tx, clock.now(), "test:dm:1", ibPerson, say(md`Hallo *${"Sanne"}*`)),
    );
    const hallo = async () =>
      (await getJson(`/sandbox/api/messages?user=ib&space=${space}`)).body.messages.filter(
        (m: { html: string }) => m.html.includes("Hallo <strong>Sanne</strong>"),
      ).length;
    await vi.waitFor(async () => expect(await hallo()).toBe(1), { timeout: 10_000, interval: 200 });
    // Exactly once; other DMs (the demo's own outbox, a job's catch-up) may arrive meanwhile.
    expect(await hallo()).toBe(1);
    expect(await countOf()).toBeGreaterThanOrEqual(before + 1);
    expect((await getJson(`/sandbox/api/messages?user=leerplicht&space=${space}`)).status).toBe(403);
  });

  it("turns a typed command into an intent and answers with HTML only the actor sees", async () => {
    const space = `dm:${await personOf("ib")}`;
    const { status, body } = await postJson("/sandbox/api/intent", {
      user: "ib",
      place: space,
      intent: { kind: "command", args: ["onzin"] },
    });
    expect(status).toBe(200);
    expect(body.type).toBe("message");
    expect(body.html).toContain("Alleen zichtbaar voor jou");
    expect(body.html).toContain("Onbekend commando <code>onzin</code>");
  });

  it("welcomes an account without a person with who can add them", async () => {
    const { body } = await postJson("/sandbox/api/intent", {
      user: "nieuw-1",
      place: "dm:user:nieuw-1",
      intent: { kind: "command", args: ["signaal"] },
    });
    expect(body.html).toContain("Welkom bij Knoop");
    expect(body.html).toContain("Anouk Maas");
  });

  it("rejects a malformed request with a Dutch message", async () => {
    const bad = await postJson("/sandbox/api/intent", { user: "ib", intent: { kind: "praten" } });
    expect(bad).toEqual({
      status: 400,
      body: { error: "Ongeldig verzoek: kies een demo-persoon en probeer het opnieuw." },
    });
    const broken = await fetch(`${running.url}/sandbox/api/intent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(broken.status).toBe(400);
  });

  it("moves the demo clock forward", async () => {
    const before = (await getJson("/sandbox/api/clock")).body;
    expect(before.label).toBe("ma 23 nov 2026 09:00");
    const after = await postJson("/sandbox/api/clock", { minutes: 24 * 60 });
    expect(new Date(after.body.now).getTime() - new Date(before.now).getTime()).toBe(DAY);
    expect(after.body.label).toBe("di 24 nov 2026 09:00");
    expect((await postJson("/sandbox/api/clock", { minutes: -5 })).status).toBe(400);
  });

  /** A raw request, so that Host and Origin can be anything (as a rebinding page would send). */
  const raw = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, running.url);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
        (res) => {
          let data = "";
          res.on("data", (c) => {
            data += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  it("refuses a foreign Host (DNS rebinding) and, for writes, a foreign Origin", async () => {
    const port = new URL(running.url).port;
    const foreign = await raw("GET", "/sandbox/api/users", { host: `evil.example:${port}` });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error).toContain("antwoordt alleen op zijn eigen adres");
    expect((await raw("GET", "/", { host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw("GET", "/sandbox/api/users", { host: `localhost:${port}` })).status).toBe(200);
    const clock = (origin: string) =>
      raw(
        "POST",
        "/sandbox/api/clock",
        { host: `127.0.0.1:${port}`, origin, "content-type": "application/json" },
        JSON.stringify({ minutes: -1 }),
      );
    expect((await clock("http://evil.example")).status).toBe(403);
    expect((await clock("null")).status).toBe(403);
    expect((await clock(`http://127.0.0.1:${port}`)).status).toBe(400); // its own page: on to the API
  });

  it("lets a button replace only the message it belongs to", async () => {
    // The body is encrypted at rest: SQL cannot search it, so the test filters what it read.
    const withButtons = (await get().db.sandboxMessage.findMany()).filter((m) => m.body.includes('"action"'));
    const message = withButtons[0];
    if (!message) throw new Error("no demo message with a button");
    const member = await get().db.sandboxMember.findFirst({ where: { spaceId: message.spaceId } });
    const account = await get().db.chatIdentity.findFirstOrThrow({
      where: { platform: "sandbox", ...(member ? { personId: member.personId } : {}) },
    });
    const dmOwner = message.spaceId.startsWith("dm:") ? message.spaceId.slice(3) : null;
    const user = dmOwner
      ? (await get().db.chatIdentity.findFirstOrThrow({ where: { platform: "sandbox", personId: dmOwner } }))
          .userId
      : account.userId;
    const other = await get().db.sandboxMessage.create({
      data: {
        spaceId: message.spaceId,
        body: JSON.stringify({ text: "Een ander bericht" }),
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    const button = JSON.stringify(JSON.parse(message.body)).match(
      /"action":"([^"]+)"(?:,"label":"[^"]*")?(?:,"value":"([^"]*)")?/,
    );
    const intent = { kind: "action", name: button?.[1] ?? "", value: button?.[2] ?? "" };
    const forged = await postJson("/sandbox/api/intent", {
      user,
      place: message.spaceId,
      intent,
      messageId: other.id,
    });
    expect(forged).toEqual({
      status: 403,
      body: { error: expect.stringContaining("hoort niet bij dat bericht") },
    });
    const after = await get().db.sandboxMessage.findUniqueOrThrow({ where: { id: other.id } });
    expect(after.body).toBe(other.body);
    // A submission or a made-up action cannot replace a message either.
    const madeUp = await postJson("/sandbox/api/intent", {
      user,
      place: message.spaceId,
      intent: { kind: "action", name: intent.name, value: "iets-anders" },
      messageId: message.id,
    });
    expect(madeUp.status).toBe(403);
  });

  it("a double click on Versturen makes one signal", async () => {
    const ib = await personOf("ib");
    const role = await get().db.roleAssignment.findFirstOrThrow({ where: { personId: ib, role: "ib" } });
    const submit = () =>
      postJson("/sandbox/api/intent", {
        user: "ib",
        place: `dm:${ib}`,
        intent: {
          kind: "submission",
          name: "signal.create",
          values: {
            school: role.schoolId,
            pupilRef: "ZZ 2016",
            domain: "verzuim",
            description: "Dubbel verstuurd",
            urgency: "normaal",
          },
        },
      });
    const [first, second] = await Promise.all([submit(), submit()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.type).toBe("done");
    expect(second.body.type).toBe("done");
    expect(await get().db.signal.count({ where: { pupilRef: "ZZ 2016" } })).toBe(1);
  });

  it("keeps the JSON API's documented shapes (README, Sandbox, JSON API): scripted demos rely on them", async () => {
    const keys = (o: object) => Object.keys(o).sort();
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

    const users = (await getJson("/sandbox/api/users")).body;
    expect(keys(users)).toEqual(["users"]);
    for (const u of users.users) {
      expect(keys(u)).toEqual(["id", "name", "role"]);
      expect([typeof u.id, typeof u.name, typeof u.role]).toEqual(["string", "string", "string"]);
    }

    const spaces = (await getJson("/sandbox/api/spaces?user=ib")).body;
    expect(keys(spaces)).toEqual(["spaces"]);
    for (const sp of spaces.spaces) {
      expect(keys(sp)).toEqual(["count", "id", "kind", "name"]);
      expect(["dm", "case", "channel"]).toContain(sp.kind);
      expect(typeof sp.count).toBe("number");
    }

    const dm = spaces.spaces.find((sp: { kind: string }) => sp.kind === "dm").id;
    const messages = (await getJson(`/sandbox/api/messages?user=ib&space=${encodeURIComponent(dm)}`)).body;
    expect(keys(messages)).toEqual(["messages"]);
    expect(messages.messages.length).toBeGreaterThan(0);
    for (const m of messages.messages) {
      expect(keys(m)).toEqual(["at", "html", "id", "version"]);
      expect(m.at).toMatch(iso);
      expect(m.version).toMatch(iso);
      expect(typeof m.html).toBe("string");
    }

    const intent = await postJson("/sandbox/api/intent", {
      user: "ib",
      place: dm,
      intent: { kind: "command", args: ["help"] },
    });
    expect(intent.status).toBe(200);
    expect(keys(intent.body)).toEqual(["at", "html", "stored", "type"]);
    expect(intent.body).toMatchObject({ type: "message", stored: false, at: expect.stringMatching(iso) });
    const form = await postJson("/sandbox/api/intent", {
      user: "ib",
      place: dm,
      intent: { kind: "command", args: ["signaal"] },
    });
    expect(form.body.type).toBe("form");
    expect(form.body.html).toContain("<form");

    const clockNow = (await getJson("/sandbox/api/clock")).body;
    expect(keys(clockNow)).toEqual(["label", "now"]);
    expect(clockNow.now).toMatch(iso);

    const errors = [
      await getJson("/sandbox/api/spaces"),
      await getJson("/sandbox/api/spaces?user=niemand"),
      await postJson("/sandbox/api/clock", { minutes: 0 }),
    ];
    expect(errors.map((e) => e.status)).toEqual([400, 404, 400]);
    for (const e of errors) expect(keys(e.body)).toEqual(["error"]);
  });

  it("draws a chart as inline SVG above its table, and serves a file block to the space's members only", async () => {
    const board = await personOf("bestuur");
    const space = `dm:${board}`;
    const csv = "maand;signalen\nsep;12\nokt;<5\n";
    const view = message(
      text("Het overzicht van november."),
      chart({
        shape: "bar",
        title: "Signalen <b>per</b> maand",
        unit: "signalen",
        categories: ["sep", "okt"],
        series: [{ name: "Verzuim", values: [count(12), count(2)] }],
      }),
      file({ name: "overzicht.csv", mediaType: "text/csv", data: csv, title: "Details" }),
    );
    await get().db.$transaction((tx) => sendDm(tx, clock.now(), "test:dm:chart", board, view));
    let html = "";
    await vi.waitFor(
      async () => {
        const { body } = await getJson(`/sandbox/api/messages?user=bestuur&space=${space}`);
        html = body.messages.at(-1).html;
        expect(html).toContain("Het overzicht van november.");
      },
      { timeout: 10_000, interval: 200 },
    );
    const figure = /<figure class="chart"[^>]*>([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    expect(figure).toMatch(
      /^<div class="chart-image" role="img" aria-label="Signalen &lt;b&gt;per&lt;\/b&gt; maand"><svg /,
    );
    expect(figure.indexOf("</svg>")).toBeLessThan(figure.indexOf("<table>"));
    expect(figure).not.toContain("<b>");
    expect(figure).toContain("<td>&lt;5</td>");
    expect(figure).not.toMatch(/<text[^>]*>2<\/text>/); // the suppressed 2 is nowhere

    const link = /<a href="([^"]+)" download="overzicht.csv">📎 Details \(overzicht.csv\)<\/a>/.exec(
      html,
    )?.[1];
    expect(link).toBeDefined();
    const url = `${running.url}${(link ?? "").replace(/&amp;/g, "&")}`;
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="?overzicht.csv"?$/);
    expect(await download.text()).toBe(csv);
    // Someone else, with the same link but their own account: not a member of that DM.
    const other = await fetch(url.replace("user=bestuur", "user=ib"));
    expect(other.status).toBe(403);
    expect((await fetch(url.replace(/file=0/, "file=5"))).status).toBe(404);
  });
  it("lets the demo privacy officer run inzage: JSON and CSV in their DM, a pointer where typed", async () => {
    const { body: users } = await getJson("/sandbox/api/users");
    expect(users.users.find((u: { id: string }) => u.id === "privacy")?.role).toBe("Privacyfunctionaris");
    const signal = await get().db.signal.findFirstOrThrow({ where: { pupilRef: "JB 2015" } });
    const school = await get().db.school.findUniqueOrThrow({ where: { id: signal.schoolId } });
    const space = `dm:${await personOf("privacy")}`;
    const typed = await postJson("/sandbox/api/intent", {
      user: "privacy",
      place: space,
      intent: { kind: "command", args: ["privacy", "inzage", "JB", "2015", school.locationCode] },
    });
    expect(typed.status).toBe(200);
    expect(typed.body.html).toContain("het resultaat staat in je privébericht");
    expect(typed.body.html).not.toContain("2015");
    let message: { id: string; html: string } | undefined;
    await vi.waitFor(
      async () => {
        const { body } = await getJson(`/sandbox/api/messages?user=privacy&space=${space}`);
        message = body.messages.find((m: { html: string }) => m.html.includes("Inzage JB 2015"));
        expect(message).toBeDefined();
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(message?.html).toContain(".json");
    expect(message?.html).toContain(".csv");
    const files = (n: number, user = "privacy") =>
      fetch(`${running.url}/sandbox/api/files?user=${user}&message=${message?.id}&file=${n}`);
    const json = await (await files(0)).json();
    expect(json.leerling).toBe("JB 2015");
    expect(json.signalen).toHaveLength(1);
    expect(json.signalen[0].description).toContain("buikpijn");
    const csv = await (await files(1)).text();
    expect(csv).toContain("onderdeel;nummer;veld;waarde");
    expect(csv).toContain("Signaal;1;domain;gezondheid");
    // Another demo person cannot fetch them; the IB'er cannot ask for them.
    expect((await files(0, "ib")).status).toBe(403);
    const refused = await postJson("/sandbox/api/intent", {
      user: "ib",
      place: `dm:${await personOf("ib")}`,
      intent: { kind: "command", args: ["privacy", "inzage", "JB", "2015", school.locationCode] },
    });
    expect(refused.body.html).toContain("Alleen de privacyfunctionaris");
  });
});
