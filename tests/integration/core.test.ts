import { expect, it } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
import { plainText, say, textOf } from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createWorld } from "../support/world.ts";

describeEachDatabase("core: identity and routing", (get) => {
  it("welcomes an unknown chat user with who can add them, not an error", async () => {
    const world = await createWorld(get().db);
    const workspace = await world.db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } });
    const reply = await handleIntent(
      world.core,
      { platform: "sandbox", workspaceId: workspace.externalId, userId: "stranger" },
      { kind: "dm", id: "dm:stranger" },
      { kind: "command", args: ["signaal"] },
    );
    expect(reply.type).toBe("message");
    if (reply.type !== "message") return;
    expect(textOf(reply.message)).toContain("Welkom bij Knoop");
    expect(textOf(reply.message)).toContain("Britt Hendriks"); // the beheerder
  });

  it("explains the usage for help, a bare /knoop and an unknown subcommand", async () => {
    const world = await createWorld(get().db);
    for (const args of [["help"], [], ["foo"]]) {
      const reply = await world.as("ib", { kind: "command", args });
      expect(reply.type).toBe("message");
      if (reply.type === "message") expect(textOf(reply.message)).toContain("/knoop signaal");
    }
    const unknown = await world.as("ib", { kind: "command", args: ["foo"] });
    if (unknown.type === "message") expect(textOf(unknown.message)).toContain("Onbekend commando foo");
  });

  it("reads commands in any case, and the help lists every command", async () => {
    const world = await createWorld(get().db);
    const help = await world.as("ib", { kind: "command", args: ["HELP"] });
    if (help.type !== "message") throw new Error("expected the help");
    expect(plainText(help.message)).not.toContain("Onbekend commando");
    expect(plainText(help.message)).toContain("/knoop signaal lijst");
    const list = await world.as("ib", { kind: "command", args: ["CASUS", "LIJST"] });
    const signals = await world.as("ib", { kind: "command", args: ["Signaal", "LIJST"] });
    for (const reply of [list, signals]) {
      expect(reply.type).toBe("message");
      if (reply.type === "message") expect(plainText(reply.message)).not.toContain("/knoop casus nieuw`:");
    }
  });

  it("answers an unknown button with a Dutch message", async () => {
    const world = await createWorld(get().db);
    const reply = await world.as("ib", { kind: "action", name: "nope", value: "1" });
    expect(reply).toEqual({ type: "message", message: say(expect.stringContaining("werkt niet meer")) });
  });
});
