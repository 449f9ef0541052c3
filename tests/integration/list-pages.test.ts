import { expect, it } from "vitest";
import { buttonsOf, type MessageView, plainText, type Reply, tableOf, textOf } from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createScaleWorld } from "../support/scale-world.ts";

function msg(reply: Reply): MessageView {
  if (reply.type === "form" || reply.type === "invalid" || reply.type === "page" || !reply.message)
    throw new Error(`expected a message, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply.message;
}

describeEachDatabase("lists a page at a time", (get) => {
  it("/knoop casus lijst: 25 cases, newest first, Meer for the rest; a stale Meer starts again", async () => {
    // 30 cases led by the IB'er, the last three closed (one in ten of the world's cases is).
    const world = await createScaleWorld(get().db, { cases: 30, schools: 3, heavy: 30, light: 0 });
    const first = msg(await world.as("ib", { kind: "command", args: ["casus", "lijst"] }));
    const rows = tableOf(first)?.rows ?? [];
    expect(rows).toHaveLength(25);
    // Open cases first, newest first: the last case made (K-2026-0030) is closed.
    expect(rows[0]?.[0]).toBe("K-2026-0029");
    expect(plainText(first)).toContain("30 casussen in totaal.");
    const more = buttonsOf(first).find((b) => b.action === "case.list.more");
    expect(more?.label).toBe("Meer");

    const second = msg(
      await world.as("ib", { kind: "action", name: "case.list.more", value: more?.value ?? "" }),
    );
    const rest = tableOf(second)?.rows.map((r) => r[0]) ?? [];
    expect(rest).toHaveLength(5);
    expect(rest.slice(-3)).toEqual(["K-2026-0030", "K-2026-0020", "K-2026-0010"]);
    expect(buttonsOf(second).some((b) => b.action === "case.list.more")).toBe(false);
    // Every row of both pages, each once.
    expect(new Set([...rows.map((r) => r[0]), ...rest]).size).toBe(30);

    // A new case does not shift the next page of a list already shown.
    const newest = await world.db.case.findFirstOrThrow({ where: { code: "K-2026-0029" } });
    await world.db.case.create({
      data: {
        ...newest,
        id: undefined,
        code: "K-2026-0031",
        createdAt: world.clock.now(),
        updatedAt: undefined,
      },
    });
    const page2Again = msg(
      await world.as("ib", { kind: "action", name: "case.list.more", value: more?.value ?? "" }),
    );
    expect(tableOf(page2Again)?.rows.map((r) => r[0])).toEqual(rest);

    // The cursor's case is gone (or was never the person's): the first page again, saying so.
    const stale = msg(await world.as("ib", { kind: "action", name: "case.list.more", value: "gone" }));
    expect(textOf(stale)).toContain("Deze lijst is intussen veranderd: hier is het begin opnieuw.");
    expect(tableOf(stale)?.rows[0]?.[0]).toBe("K-2026-0031");
    const audited = await world.db.auditEntry.count({
      where: { actorId: world.people.ib, action: "case.list" },
    });
    expect(audited).toBe(25 + 5 + 5 + 25);
  });

  it("/knoop signaal lijst: 25 signals, newest first, Meer for the rest; a stale Meer starts again", async () => {
    const world = await createScaleWorld(get().db, { cases: 30, schools: 3, heavy: 30, light: 0 });
    const first = msg(await world.as("ib", { kind: "command", args: ["signaal", "lijst"] }));
    expect(tableOf(first)?.rows).toHaveLength(25);
    expect(tableOf(first)?.rows[0]?.[2]).toBe("20029");
    expect(plainText(first)).toContain("30 open signalen in totaal.");
    const more = buttonsOf(first).find((b) => b.action === "signal.list.more");
    const second = msg(
      await world.as("ib", { kind: "action", name: "signal.list.more", value: more?.value ?? "" }),
    );
    expect(tableOf(second)?.rows.map((r) => r[2])).toEqual(["20004", "20003", "20002", "20001", "20000"]);
    expect(buttonsOf(second).some((b) => b.action === "signal.list.more")).toBe(false);
    // The signal of the cursor was closed meanwhile: no longer in the list.
    await world.db.signal.update({ where: { id: more?.value ?? "" }, data: { status: "afgehandeld" } });
    const stale = msg(
      await world.as("ib", { kind: "action", name: "signal.list.more", value: more?.value ?? "" }),
    );
    expect(textOf(stale)).toContain("Deze lijst is intussen veranderd");
    expect(tableOf(stale)?.rows).toHaveLength(25);
  });

  it("Home shows 8 per section and counts the rest", async () => {
    const world = await createScaleWorld(get().db, { cases: 30, schools: 3, heavy: 30, light: 0 });
    const page = await world.as("ib", { kind: "page", name: "home" });
    if (page.type !== "page") throw new Error("expected a page");
    const texts = page.messages.map((m) => plainText(m));
    // 27 open cases, 30 signals and 30 open actions (of the open cases): 8 each, and the rest counted.
    const more = (n: number) => `… en nog ${n}: typ /knoop signaal lijst of /knoop casus lijst.`;
    expect(texts.filter((t) => t.startsWith("… en nog"))).toEqual([more(22), more(19), more(22)]);
    const actions = page.messages.flatMap((m) => buttonsOf(m).map((b) => b.action));
    expect(actions.filter((a) => a === "case.show")).toHaveLength(8);
    expect(actions.filter((a) => a === "case.action.done")).toHaveLength(8);
    expect(actions.filter((a) => a === "signal.take" || a === "signal.close")).not.toHaveLength(0);
  });
});
