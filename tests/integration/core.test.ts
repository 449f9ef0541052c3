import { expect, it } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
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
    expect(reply.message.text).toContain("Welkom bij Knoop");
    expect(reply.message.text).toContain("Britt Hendriks"); // the beheerder
  });

  it("explains the usage for help, a bare /knoop and an unknown subcommand", async () => {
    const world = await createWorld(get().db);
    for (const args of [["help"], [], ["foo"]]) {
      const reply = await world.as("ib", { kind: "command", args });
      expect(reply.type).toBe("message");
      if (reply.type === "message") expect(reply.message.text).toContain("/knoop signaal");
    }
    const unknown = await world.as("ib", { kind: "command", args: ["foo"] });
    if (unknown.type === "message") expect(unknown.message.text).toContain("Onbekend commando `foo`");
  });

  it("reads commands in any case, and the help lists every command", async () => {
    const world = await createWorld(get().db);
    const help = await world.as("ib", { kind: "command", args: ["HELP"] });
    if (help.type !== "message") throw new Error("expected the help");
    expect(help.message.text).not.toContain("Onbekend commando");
    expect(help.message.text).toContain("/knoop signaal lijst");
    const list = await world.as("ib", { kind: "command", args: ["CASUS", "LIJST"] });
    const signals = await world.as("ib", { kind: "command", args: ["Signaal", "LIJST"] });
    for (const reply of [list, signals]) {
      expect(reply.type).toBe("message");
      if (reply.type === "message") expect(reply.message.text ?? "").not.toContain("/knoop casus nieuw`:");
    }
  });

  it("answers an unknown button with a Dutch message", async () => {
    const world = await createWorld(get().db);
    const reply = await world.as("ib", { kind: "action", name: "nope", value: "1" });
    expect(reply).toEqual({ type: "message", message: { text: expect.stringContaining("werkt niet meer") } });
  });
});
