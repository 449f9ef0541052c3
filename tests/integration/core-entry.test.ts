import { expect, it } from "vitest";
import { z } from "zod";
import { type Core, handleIntent } from "../../src/chat/core.ts";
import { validate } from "../../src/chat/forms.ts";
import { RateLimiter } from "../../src/chat/rate-limit.ts";
import { Router } from "../../src/chat/router.ts";
import type { FormView } from "../../src/chat/views.ts";
import { plainText, say } from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createWorld } from "../support/world.ts";

const form: FormView = {
  id: "test.form",
  title: "Test",
  submitLabel: "OK",
  fields: [
    { name: "count", label: "Aantal", kind: "text" },
    { name: "note", label: "Notitie", kind: "text" },
  ],
};

/** A feature whose schema gives no messages of its own (as a forged submission would find). */
const bare = new Router(
  [
    {
      submissions: {
        "test.form": async (_ctx, values) => {
          const checked = validate(form, values, z.object({ count: z.string(), note: z.string().max(3) }));
          return checked.ok ? { type: "done" } : checked.reply;
        },
      },
    },
  ],
  () => ({ type: "message", message: say("gebruik") }),
);

describeEachDatabase("core entry: language of validation, per-person limits", (get) => {
  it("answers a submission missing a field in the actor's language, Dutch by default, never zod's English", async () => {
    const world = await createWorld(get().db);
    const core: Core = { ...world.core, router: bare };
    const user = (userId: string) => ({ platform: "sandbox" as const, workspaceId: "", userId });
    const identity = await world.db.chatIdentity.findFirstOrThrow({ where: { personId: world.people.ib } });
    const submit = (userId: string) =>
      handleIntent(
        core,
        { ...user(userId), workspaceId: identity.workspaceId },
        { kind: "dm", id: "dm" },
        { kind: "submission", name: "test.form", values: { note: "te lang" } },
      );
    const errors = async (userId: string) => {
      const reply = await submit(userId);
      return reply.type === "invalid"
        ? Object.fromEntries(reply.form.fields.map((f) => [f.name, f.error]))
        : {};
    };
    expect(await errors("ib")).toEqual({
      count: "Dit veld ontbreekt: vul het in.",
      note: expect.stringMatching(/^Te lang/),
    });
    await world.db.person.update({ where: { id: world.people.leerplicht }, data: { locale: "en" } });
    expect(await errors("leerplicht")).toEqual({
      count: "This field is missing: fill it in.",
      note: expect.stringMatching(/^Too (big|long)/),
    });
  });

  it("tells one person who floods the entry to slow down, before any work, and no one else", async () => {
    const world = await createWorld(get().db);
    const core: Core = { ...world.core, limiter: new RateLimiter(() => 0) };
    const identity = await world.db.chatIdentity.findFirstOrThrow({ where: { personId: world.people.ib } });
    const as = (userId: string) =>
      handleIntent(
        core,
        { platform: "sandbox", workspaceId: identity.workspaceId, userId },
        { kind: "dm", id: "dm" },
        { kind: "command", args: ["help"] },
      );
    const replies = await Promise.all(Array.from({ length: 30 }, () => as("ib")));
    const slowed = replies.filter(
      (r) => r.type === "message" && plainText(r.message).startsWith("Rustig aan"),
    );
    expect(slowed).toHaveLength(20); // a burst of 10 went through
    const other = await as("jgz");
    expect(other.type === "message" && plainText(other.message)).toContain("/knoop signaal");
  });
});
