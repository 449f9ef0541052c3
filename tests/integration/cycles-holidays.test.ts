import { expect, it } from "vitest";
import { buttonsOf, type Reply, tableOf } from "../../src/chat/views.ts";
import { rulesFor, swvCycles } from "../../src/features/cycles/service.ts";
import { isWorkingDay } from "../../src/features/cycles/working-time.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createWorld } from "../support/world.ts";

// A beheerder adds and removes the SWV's own school holidays from chat (carnival in Limburg):
// checked at the fields in Dutch, audited, and the check-ins follow them.
const viewOf = (reply: Reply) => {
  if (reply.type !== "message" && reply.type !== "update" && reply.type !== "done")
    throw new Error(`no message: ${JSON.stringify(reply)}`);
  return reply.message;
};
const formOf = (reply: Reply) => {
  if (reply.type !== "form" && reply.type !== "invalid") throw new Error(`no form: ${JSON.stringify(reply)}`);
  return reply.form;
};
const field = (reply: Reply, name: string) => formOf(reply).fields.find((f) => f.name === name);

describeEachDatabase("an SWV's own school holidays from chat", (get) => {
  it("a beheerder adds carnival for zuid (errors at the field), the check-ins skip it, and removes it", async () => {
    const world = await createWorld(get().db, "2026-12-01T10:00:00+01:00");
    const { db } = world;
    const list = viewOf(await world.as("beheerder", { kind: "command", args: ["cyclus", "vakanties"] }));
    expect(JSON.stringify(list)).toContain("Eigen schoolvakanties van het SWV");
    const add = buttonsOf(list).find((b) => b.action === "cycle.holidayAdd");
    const form = formOf(await world.as("beheerder", { kind: "action", name: add?.action ?? "", value: "" }));
    const submit = (values: Record<string, string>) =>
      world.as("beheerder", { kind: "submission", name: form.id, values });

    let reply = await submit({ region: "zuid", kind: "carnaval", start: "2027-02-10", end: "2027-02-08" });
    expect(reply.type).toBe("invalid");
    expect(field(reply, "end")?.error).toBe("De vakantie eindigt voordat die begint: draai de data om.");
    expect(field(reply, "start")?.value).toBe("2027-02-10");
    reply = await submit({ region: "zuid", kind: "Carnaval 2027", start: "8-2-2027", end: "2027-02-10" });
    expect(field(reply, "kind")?.error).toMatch(/kleine letters, zonder spaties/);
    expect(field(reply, "start")?.error).toMatch(/Geen geldige datum/);
    reply = await submit({ region: "west", kind: "carnaval", start: "2027-02-08", end: "2027-02-10" });
    expect(field(reply, "region")?.error).toBe("Kies een regio uit de lijst.");
    reply = await submit({ region: "zuid", kind: "carnaval", start: "2027-07-30", end: "2027-08-02" });
    expect(field(reply, "end")?.error).toMatch(/verschillende schooljaren/);
    expect(await db.cycleHoliday.count()).toBe(0);

    reply = await submit({ region: "zuid", kind: "carnaval", start: "2027-02-08", end: "2027-02-10" });
    expect(reply.type).toBe("done");
    expect(JSON.stringify(viewOf(reply))).toContain("Opgeslagen: carnaval van 2027-02-08 t/m 2027-02-10.");
    expect(tableOf(viewOf(reply))?.rows).toEqual([["zuid", "carnaval", "2027-02-08", "2027-02-10"]]);
    expect(await db.auditEntry.count({ where: { action: "cycle.holiday.add" } })).toBe(1);
    // Tuesday 9 February 2027 is no working day in zuid any more; in noord it still is.
    const cycles = await swvCycles(db, world.swvId, "Europe/Amsterdam");
    expect(isWorkingDay("2027-02-09", rulesFor(cycles, "Zuid"))).toBe(false);
    expect(isWorkingDay("2027-02-09", rulesFor(cycles, "Noord"))).toBe(true);

    // Only a beheerder.
    const refused = await world.as("consultant", { kind: "command", args: ["cyclus", "vakanties"] });
    expect(JSON.stringify(refused)).toContain("Alleen een beheerder van het SWV wijzigt de vakanties.");

    const remove = buttonsOf(viewOf(reply)).find((b) => b.action === "cycle.holidayRemove");
    reply = await world.as("beheerder", {
      kind: "action",
      name: remove?.action ?? "",
      value: remove?.value ?? "",
    });
    expect(JSON.stringify(viewOf(reply))).toContain("Verwijderd: carnaval vanaf 2027-02-08.");
    expect(await db.cycleHoliday.count()).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "cycle.holiday.remove" } })).toBe(1);
    // A stale remove button is answered politely with the current list.
    reply = await world.as("beheerder", {
      kind: "action",
      name: remove?.action ?? "",
      value: remove?.value ?? "",
    });
    expect(JSON.stringify(viewOf(reply))).toContain("Die vakantie bestaat niet meer.");
  });
});
