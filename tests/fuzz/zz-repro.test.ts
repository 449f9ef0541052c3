import { it } from "vitest";
import { openTestDb } from "../support/databases.ts";
import { recordingLogger } from "../support/fuzz.ts";
import { createWorld } from "../support/world.ts";

it("repro", async () => {
  const t = await openTestDb("sqlite");
  const w = await createWorld(t.db, "2026-12-07T10:00:00+01:00");
  const r = recordingLogger();
  w.core.logger = r.logger;
  const reply = await w.as("beheerder", {
    kind: "submission",
    name: "cycle.holidaySave",
    values: { region: "zuid", kind: "", start: "", end: "" },
  });
  console.log(JSON.stringify(reply).slice(0, 3000));
  console.log(r.errors.join("\n").slice(0, 3000));
  await t.drop();
});
