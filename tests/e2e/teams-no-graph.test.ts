import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { cardsOf } from "../support/teams-fakes.ts";
import {
  type Answer,
  actionsOf,
  personalOf,
  startTeamsKnoop,
  type TeamsKnoop,
} from "../support/teams-knoop.ts";

type Json = Record<string, unknown>;
const text = (x: unknown) => JSON.stringify(x ?? {});

/** A tenant that granted Knoop no Graph permissions: a case still works, its posts reach each
 * participant in their 1:1 chat with Knoop, and the regisseur is told what to grant. */
describeEachDatabase("Teams without Graph permissions: case posts by 1:1 chat", (get) => {
  let k: TeamsKnoop;
  beforeAll(async () => {
    k = await startTeamsKnoop(get().db, { granted: [] });
  }, 60_000);
  afterAll(() => k?.stop());

  const dialogOf = (answer: Answer): Json =>
    (answer.body as { task: { value: { card: { content: Json } } } }).task.value.card.content;

  it("opens the case, and every participant gets its posts in their own chat", async () => {
    const since = k.ms.calls.length;
    await k.say("ib", "knoop casus nieuw");
    const opener = k.ms.calls
      .slice(since)
      .find((c) => cardsOf(c.body).some((card) => actionsOf(card).length));
    if (!opener) throw new Error("no opener");
    const dialog = dialogOf(await k.click("ib", opener, "knoop.form"));
    const done = await k.submit("ib", dialog, {
      pupilRef: "204518",
      reason: "Zorgen over verzuim en welbevinden.",
      consent: "akkoord",
      consentDate: "2026-11-20",
      participants: [k.world.people.leerplicht],
    });
    expect(done.body?.task).toBeUndefined();
    const c = await k.world.db.case.findFirstOrThrow({ where: { swvId: k.world.swvId } });
    const before = k.ms.calls.length;
    await k.flush();
    expect(k.graph.chats.size).toBe(0);
    expect(k.graph.calls.map((g) => g.status)).toContain(403);
    const fresh = k.ms.calls.slice(before);
    const withCode = fresh.filter((f) => text(f.body).includes(c.code));
    const to = new Set(withCode.map((f) => f.conversationId));
    expect(to).toContain(personalOf("leerplicht"));
    expect(to).toContain(personalOf("ib"));
    // Told what to grant (the failure policy's notice, with the Teams port's explanation).
    expect(text(fresh.map((f) => f.body))).toContain("Chat.Create");
    for (const f of k.ms.calls.filter((x) => x.conversationId))
      expect(f.conversationId.startsWith("a:personal-")).toBe(true);
  });
});
