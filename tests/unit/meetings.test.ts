import { describe, expect, it } from "vitest";
import { validate } from "../../src/chat/forms.ts";
import type { FormValues } from "../../src/chat/views.ts";
import { proposalSchema } from "../../src/features/meetings/service.ts";
import { tally } from "../../src/features/meetings/tally.ts";
import { proposalForm } from "../../src/features/meetings/views.ts";

const at = (iso: string) => new Date(iso);
const slots = [
  { id: "b", startsAt: at("2026-11-26T09:00:00Z") },
  { id: "a", startsAt: at("2026-11-25T13:00:00Z") },
  { id: "c", startsAt: at("2026-11-27T13:00:00Z") },
];
const answer = (slotId: string, personId: string, value: string) => ({ slotId, personId, answer: value });

describe("meetings: the tally", () => {
  it("counts per slot in time order, with who has not answered yet", () => {
    const result = tally(
      slots,
      [answer("a", "p1", "kan"), answer("a", "p2", "kan_niet"), answer("b", "p1", "liever_niet")],
      ["p1", "p2", "p3"],
    );
    expect(result.slots.map((s) => s.slotId)).toEqual(["a", "b", "c"]);
    expect(result.slots[0]).toMatchObject({
      kan: ["p1"],
      kan_niet: ["p2"],
      liever_niet: [],
      pending: ["p3"],
    });
    expect(result.slots[1]).toMatchObject({ kan: [], liever_niet: ["p1"], pending: ["p2", "p3"] });
    expect(result.complete).toEqual([]);
    expect(result.asked).toEqual(["p1", "p2", "p3"]);
  });

  it("leaves out answers of people who were not asked", () => {
    const result = tally(slots, [answer("a", "stranger", "kan")], ["p1"]);
    expect(result.slots[0]?.kan).toEqual([]);
  });

  it("picks the slot with most kan", () => {
    const result = tally(
      slots,
      [answer("c", "p1", "kan"), answer("c", "p2", "kan"), answer("a", "p1", "kan")],
      ["p1", "p2"],
    );
    expect(result.best?.slotId).toBe("c");
  });

  it("breaks a tie on kan with the fewest kan niet, then the fewest liever niet", () => {
    const kanNiet = tally(
      slots,
      [answer("a", "p1", "kan"), answer("a", "p2", "kan_niet"), answer("b", "p1", "kan")],
      ["p1", "p2"],
    );
    expect(kanNiet.best?.slotId).toBe("b");
    const lieverNiet = tally(
      slots,
      [answer("a", "p1", "kan"), answer("a", "p2", "liever_niet"), answer("c", "p1", "kan")],
      ["p1", "p2"],
    );
    expect(lieverNiet.best?.slotId).toBe("c");
  });

  it("takes the earliest slot when everything else is equal (also before any answer)", () => {
    expect(tally(slots, [], ["p1"]).best?.slotId).toBe("a");
    const tie = tally(slots, [answer("b", "p1", "kan"), answer("c", "p1", "kan")], ["p1"]);
    expect(tie.best?.slotId).toBe("b");
  });

  it("knows who answered every slot", () => {
    const all = slots.map((s) => answer(s.id, "p1", "kan"));
    expect(tally(slots, [...all, answer("a", "p2", "kan")], ["p1", "p2"]).complete).toEqual(["p1"]);
  });
});

describe("meetings: the proposal form", () => {
  const timezone = "Europe/Amsterdam";
  const now = at("2026-11-23T08:00:00Z"); // Monday 09:00 in Amsterdam
  const check = (values: FormValues) =>
    validate(proposalForm("nl", "case-1", "K-2026-0001"), values, proposalSchema("nl", timezone, now));
  const errors = (values: FormValues) => {
    const result = check(values);
    if (result.ok || result.reply.type !== "invalid") throw new Error("expected an invalid form");
    return Object.fromEntries(
      result.reply.form.fields.map((f) => [f.name, { error: f.error, value: f.value }]),
    );
  };

  it("has five slots, a duration defaulting to 60 minutes and an optional location", () => {
    const form = proposalForm("nl", "case-1", "K-2026-0001");
    expect(form).toMatchObject({ id: "meeting.create", context: "case-1" });
    expect(form.fields.map((f) => f.name)).toEqual([
      "slot1",
      "slot2",
      "slot3",
      "slot4",
      "slot5",
      "duration",
      "location",
    ]);
    expect(form.fields.filter((f) => f.kind === "datetime")).toHaveLength(5);
    expect(form.fields.find((f) => f.name === "duration")?.value).toBe("60");
  });

  it("accepts two to five future slots in the SWV's time zone", () => {
    const result = check({
      slot1: "2026-11-25T14:00",
      slot3: "2026-11-26T09:30",
      duration: "45",
      location: " Teams ",
    });
    expect(result).toEqual({
      ok: true,
      data: {
        slots: [at("2026-11-25T13:00:00Z"), at("2026-11-26T08:30:00Z")],
        durationMin: 45,
        location: "Teams",
      },
    });
    const noDuration = check({ slot1: "2026-11-25T14:00", slot2: "2026-11-26T09:30" });
    expect(noDuration.ok && noDuration.data).toMatchObject({ durationMin: 60, location: null });
  });

  it("asks for at least two slots, at the first empty one", () => {
    expect(errors({ slot1: "2026-11-25T14:00" }).slot2).toEqual({
      error: "Stel minstens 2 tijden voor.",
      value: undefined,
    });
    expect(errors({}).slot1?.error).toBe("Stel minstens 2 tijden voor.");
  });

  it("never takes a sixth slot: the form has five", () => {
    const values = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`slot${n}`, `2026-12-0${n}T10:00`]));
    const result = check(values);
    expect(result.ok && result.data.slots).toHaveLength(5);
  });

  it("rejects a past slot, a duplicate and a malformed date in Dutch at the field, keeping the values", () => {
    const values = {
      slot1: "2026-11-23T08:30",
      slot2: "2026-11-25T14:00",
      slot3: "2026-11-25T14:00",
      slot4: "25-11-2026 15:00",
      slot5: "2026-11-25T24:00",
      duration: "120",
      location: "School",
    };
    const fields = errors(values);
    expect(fields.slot1).toEqual({
      error: "Dit tijdstip is al voorbij: kies een moment in de toekomst.",
      value: values.slot1,
    });
    expect(fields.slot2?.error).toBeUndefined();
    expect(fields.slot3).toEqual({ error: "Deze tijd staat al bij tijd 2.", value: values.slot3 });
    expect(fields.slot4?.error).toContain("Geen geldige datum en tijd");
    expect(fields.slot4?.value).toBe(values.slot4);
    expect(fields.slot5?.error).toContain("Geen geldige datum en tijd");
    expect(fields.duration).toEqual({ error: "Kies 30, 45, 60 of 90 minuten.", value: "120" });
    expect(fields.location).toEqual({ error: undefined, value: "School" });
  });

  it("rejects a date without a time and an impossible date", () => {
    const fields = errors({ slot1: "2026-11-25", slot2: "2026-02-30T10:00" });
    expect(fields.slot1?.error).toContain("Geen geldige datum en tijd");
    expect(fields.slot2?.error).toContain("Geen geldige datum en tijd");
  });

  it("speaks English to an English user", () => {
    const result = validate(
      proposalForm("en", "c", "K-2026-0001"),
      { slot1: "x" },
      proposalSchema("en", timezone, now),
    );
    expect(!result.ok && result.reply.type === "invalid" && result.reply.form.fields[0]?.error).toContain(
      "Not a valid date",
    );
  });
});
