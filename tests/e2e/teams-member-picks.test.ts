import { afterAll, beforeAll, expect, it } from "vitest";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { APP_ID, type ConnectorCall, cardsOf, TENANT } from "../support/teams-fakes.ts";
import {
  type Answer,
  aadOf,
  actionsOf,
  CHANNEL,
  inputsOf,
  personalOf,
  startTeamsKnoop,
  type TeamsKnoop,
  teamsIdOf,
} from "../support/teams-knoop.ts";

type Json = Record<string, unknown>;

/** Picking a person in a Teams dialog: the choices are the members of the team the command was
 * typed in (the fake connector's pagedmembers), mapped to Knoop people through their Teams identity
 * (tenant + Entra object id). Real teams-ai app, auth on, loopback fakes. */
describeEachDatabase("Teams: picking a person from the team's members", (get) => {
  let k: TeamsKnoop;
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db);
    k.ms.members.set(CHANNEL, [
      { id: `28:${APP_ID}`, name: "Knoop" },
      { id: teamsIdOf("beheerder"), name: "Britt Hendriks", aadObjectId: aadOf("beheerder") },
      { id: teamsIdOf("ib"), name: "Ilse Bakker", aadObjectId: aadOf("ib") },
      { id: "29:noor", name: "Noor Visser", aadObjectId: "AAD-NOOR" },
      { id: "29:guest", name: "Gast van buiten" },
      { id: "29:anna", name: "Anna de Wit", aadObjectId: "aad-anna" },
    ]);
  }, 60_000);
  afterAll(() => k?.stop());

  const choicesOf = (card: Json, id: string) =>
    ((inputsOf(card).find((i) => i.id === id)?.choices as { title: string; value: string }[]) ?? []).map(
      (c) => [c.title, c.value],
    );
  const dialogOf = (answer: Answer): Json => {
    const task = (answer.body as { task?: { value?: { card?: { content?: Json } } } })?.task;
    if (!task?.value?.card?.content) throw new Error(`no dialog in ${answer.text.slice(0, 300)}`);
    return task.value.card.content;
  };
  /** `@Knoop beheer` in the channel: the overview reaches the beheerder's 1:1 chat. */
  async function overview(): Promise<ConnectorCall> {
    const since = k.ms.calls.length;
    expect((await k.say("beheerder", "beheer", "channel")).status).toBe(200);
    const card = k.ms.calls
      .slice(since)
      .find(
        (c) =>
          c.conversationId === personalOf("beheerder") &&
          cardsOf(c.body).some((x) => actionsOf(x).some((a) => (a.data as Json)?.verb === "people.add")),
      );
    if (!card) throw new Error("no overview with people.add");
    return card;
  }

  it("the dialog offers the channel's members Knoop does not know yet, from the connector's member list", async () => {
    const since = k.ms.calls.length;
    const dialog = dialogOf(await k.click("beheerder", await overview(), "people.add"));
    expect(adaptiveCardProblems(dialog)).toEqual([]);
    expect(choicesOf(dialog, "account")).toEqual([
      ["Anna de Wit", "aad-anna"],
      ["Noor Visser", "aad-noor"],
    ]);
    const read = k.ms.calls
      .slice(since)
      .filter((c) => c.method === "GET" && c.path.endsWith("/pagedmembers"));
    expect(read.map((c) => c.conversationId)).toEqual([CHANNEL]);
    expect(read.every((c) => c.authorized)).toBe(true);
  });

  it("a bad submission comes back with the members still offered; a good one adds the member", async () => {
    const dialog = dialogOf(await k.click("beheerder", await overview(), "people.add"));
    const refused = dialogOf(await k.submit("beheerder", dialog, { account: "", email: "geen-adres" }));
    expect(choicesOf(refused, "account").map(([, v]) => v)).toEqual(["aad-anna", "aad-noor"]);
    expect(JSON.stringify(refused)).toContain('"color":"Attention"');
    expect(inputsOf(refused).find((i) => i.id === "email")?.value).toBe("geen-adres");
    const done = await k.submit("beheerder", refused, { account: "aad-noor", email: "" });
    expect(done.status).toBe(200);
    expect(done.body?.task).toBeUndefined();
    const identity = await k.world.db.chatIdentity.findUniqueOrThrow({
      where: { platform_workspaceId_userId: { platform: "teams", workspaceId: TENANT, userId: "aad-noor" } },
      include: { person: true },
    });
    expect(identity.person.displayName).toBe("Noor Visser");
    expect(identity.person.swvId).toBe(k.world.swvId);
    // Known now: no longer offered.
    const again = dialogOf(await k.click("beheerder", await overview(), "people.add"));
    expect(choicesOf(again, "account").map(([, v]) => v)).toEqual(["aad-anna"]);
  });

  it("a forged origin (a chat the actor is not in) lists none of its members", async () => {
    k.ms.members.set("19:elsewhere@thread.v2", [
      { id: "29:zoe", name: "Zoë Elders", aadObjectId: "aad-zoe" },
    ]);
    const answer = await k.post({
      ...k.activity("beheerder"),
      type: "invoke",
      name: "task/fetch",
      value: { type: "task/fetch", data: { verb: "people.add", from: "19:elsewhere@thread.v2" } },
    });
    const dialog = dialogOf(answer);
    expect(JSON.stringify(dialog)).not.toContain("aad-zoe");
    expect(JSON.stringify(dialog)).not.toContain("Zoë");
  });
});
