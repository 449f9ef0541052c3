import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { APP_ID, cardsOf, ISSUER } from "../support/teams-fakes.ts";
import { CHANNEL, personalOf, startTeamsKnoop, type TeamsKnoop } from "../support/teams-knoop.ts";

type Json = Record<string, unknown>;
const cardText = (c: unknown) => JSON.stringify(c);

describeEachDatabase("Teams: the real teams-ai app, authentication on, over loopback https", (get) => {
  let k: TeamsKnoop;
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db);
  }, 60_000);
  afterAll(() => k?.stop());

  describe("authentication: every invalid token is 401 (never 500), a valid one 200", () => {
    const message = () => ({ ...k.activity("ib"), type: "message", text: "knoop help" });
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => string | null][] = [
      ["missing", () => null],
      ["garbage", () => "not.a.token"],
      ["expired", () => k.ms.sign({ exp: now() - 3600, nbf: now() - 7200 })],
      ["not yet valid", () => k.ms.sign({ nbf: now() + 3600 })],
      ["wrong audience", () => k.ms.sign({ aud: "someone-else" })],
      ["wrong issuer", () => k.ms.sign({ iss: "https://api.botframework.evil" })],
      [
        "unknown key",
        () =>
          k.ms.sign({}, { key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey, kid: "nope" }),
      ],
      [
        "known key id, other key",
        () => k.ms.sign({}, { key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey }),
      ],
      [
        "key not endorsed for msteams",
        () => k.ms.sign({}, { key: k.ms.unendorsedKey.privateKey, kid: "unendorsed" }),
      ],
      ["mismatched serviceUrl", () => k.ms.sign({ serviceurl: "https://evil.example/connector/" })],
      [
        "alg none",
        () =>
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: APP_ID })).toString("base64url")}.`,
      ],
    ];
    for (const [name, token] of cases)
      it(`${name} -> 401`, async () => {
        const before = k.ms.calls.length;
        const answer = await k.post(message(), token());
        expect(answer.status).toBe(401);
        expect(k.ms.calls.length).toBe(before); // nothing was answered
      });

    it("a malformed body -> 400 in Dutch", async () => {
      const response = await fetch(k.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${k.ms.sign()}` },
        body: "{not json",
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("Dit verzoek kon Knoop niet lezen.");
      expect((await k.post({ hello: "world" })).status).toBe(400);
    });

    it("valid -> 200, and the reply reaches the connector with a token from the login service", async () => {
      const before = k.ms.calls.length;
      const answer = await k.post(message());
      expect(answer.text).toBe("");
      expect(answer.status).toBe(200);
      const reply = k.ms.calls.slice(before).find((c) => c.conversationId === personalOf("ib"));
      expect(reply?.authorized).toBe(true);
      expect(k.ms.calls.every((c) => c.authorized)).toBe(true);
      // Knoop's own token: client credentials at {login}/{tenant}, audience = the token issuer.
      expect(k.ms.tokenRequests.at(-1)).toMatchObject({ clientId: APP_ID, scope: `${ISSUER}/.default` });
      expect(cardText(cardsOf(reply?.body))).toContain("signaal");
    });
  });

  describe("commands", () => {
    it("`knoop <words>` in the 1:1 chat and `@Knoop <words>` in a channel, in any case", async () => {
      let before = k.ms.calls.length;
      expect((await k.say("ib", "KNOOP help")).status).toBe(200);
      const personal = k.ms.sent(personalOf("ib")).filter((c) => k.ms.calls.indexOf(c) >= before);
      expect(personal.length).toBe(1);
      before = k.ms.calls.length;
      expect((await k.say("ib", "help", "channel")).status).toBe(200);
      const fresh = k.ms.calls.slice(before);
      // Help is private: it goes to the 1:1 chat, the channel gets a neutral pointer.
      const inChannel = fresh.filter((c) => c.conversationId === CHANNEL);
      const inPersonal = fresh.filter((c) => c.conversationId === personalOf("ib"));
      expect(inPersonal.length).toBe(1);
      expect(inChannel.length).toBe(1);
      expect(cardText(cardsOf(inChannel[0]?.body))).toContain("persoonlijke chat met Knoop");
      expect(cardText(cardsOf(inChannel[0]?.body))).not.toContain("signaal");
    });

    it("user text never becomes markup in a card", async () => {
      const before = k.ms.calls.length;
      await k.say("ib", "**vet** [klik](https://evil.example)");
      const reply = k.ms.calls.slice(before).at(-1);
      const card = cardsOf(reply?.body)[0] as Json;
      // Everything is in TextRuns (never parsed as markdown); no TextBlock carries the user's text.
      const textBlocks = JSON.stringify(card).match(/"type":"TextBlock","text":"[^"]*\*\*vet/g);
      expect(textBlocks).toBeNull();
      expect(JSON.stringify(card)).toContain('"type":"TextRun","text":"**vet**');
    });
  });
});
