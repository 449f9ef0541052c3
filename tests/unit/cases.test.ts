import { describe, expect, it } from "vitest";
import type { Actor, RoleGrant } from "../../src/chat/intents.ts";
import { factsOf, tableOf, textOf } from "../../src/chat/views.ts";
import { caseCodePattern, formatCaseCode } from "../../src/features/cases/code.ts";
import { describeEvent } from "../../src/features/cases/events.ts";
import {
  type Case,
  defaultRegisseur,
  mayOpenAt,
  type OpeningChoices,
  partnersAt,
  regisseursAt,
  suggestedPartners,
} from "../../src/features/cases/service.ts";
import { caseTexts } from "../../src/features/cases/texts.ts";
import { limitedCard, timelineView, usageReply } from "../../src/features/cases/views.ts";

const actor = (roles: RoleGrant[]): Actor => ({
  personId: "me",
  swvId: "swv",
  name: "Ik",
  locale: "nl",
  roles,
  surface: "sandbox",
  user: { platform: "sandbox", workspaceId: "local", userId: "me" },
});

const choices: OpeningChoices = {
  schools: [
    { id: "A", name: "De Regenboog" },
    { id: "B", name: "Het Kompas" },
  ],
  assignments: [
    { personId: "ibA", name: "Ilse", role: "ib", schoolId: "A" },
    { personId: "ibB", name: "Iris", role: "ib", schoolId: "B" },
    { personId: "lpA", name: "Lotte", role: "leerplicht", schoolId: "A" },
    { personId: "lpB", name: "Luuk", role: "leerplicht", schoolId: "B" },
    { personId: "jgzSwv", name: "Jet", role: "jgz", schoolId: null },
    { personId: "jgzB", name: "Joost", role: "jgz", schoolId: "B" },
    { personId: "me", name: "Ik", role: "buurtteam", schoolId: "A" },
  ],
  roleNames: new Map(),
};

describe("case codes", () => {
  it("are K-<year>-<sequence>, zero-padded to four digits", () => {
    expect(formatCaseCode(2026, 42)).toBe("K-2026-0042");
    expect(formatCaseCode(2027, 12345)).toBe("K-2027-12345");
    expect(caseCodePattern.test("k-2026-0042")).toBe(true);
    for (const bad of ["K-2026-42", "K-26-0042", "2026-0042", "K-2026-0042x"])
      expect(caseCodePattern.test(bad)).toBe(false);
  });
});

describe("who may open a case and whom the form suggests", () => {
  it("lets school roles and SWV-wide kernpartners open, not board members or beheerders", () => {
    expect(mayOpenAt(actor([{ role: "ib", schoolId: "A" }]), "A")).toBe(true);
    expect(mayOpenAt(actor([{ role: "ib", schoolId: "A" }]), "B")).toBe(false);
    expect(mayOpenAt(actor([{ role: "swv-consultant", schoolId: null }]), "B")).toBe(true);
    expect(mayOpenAt(actor([{ role: "bestuur", schoolId: null }]), "A")).toBe(false);
    expect(mayOpenAt(actor([{ role: "beheerder", schoolId: null }]), "A")).toBe(false);
  });

  it("suggests per role the school's own kernpartner, else the SWV-wide one, never the actor", () => {
    const me = actor([{ role: "buurtteam", schoolId: "A" }]);
    expect(suggestedPartners(choices, me, "A").sort()).toEqual(["jgzSwv", "lpA"]);
    expect(suggestedPartners(choices, me, "B").sort()).toEqual(["jgzB", "lpB"]);
    expect(partnersAt(choices, me, "A").sort()).toEqual(["jgzSwv", "lpA"]);
  });

  it("offers the actor or the school's IB'ers as regisseur; defaults to the actor only when an IB'er there", () => {
    const partner = actor([{ role: "buurtteam", schoolId: "A" }]);
    expect(regisseursAt(choices, partner, "A")).toEqual(["me", "ibA"]);
    expect(defaultRegisseur(choices, partner, "A")).toBe("ibA");
    expect(defaultRegisseur(choices, actor([{ role: "ib", schoolId: "A" }]), "A")).toBe("me");
  });
});

describe("case views", () => {
  const t = caseTexts("nl");
  const c = {
    id: "c1",
    code: "K-2026-0001",
    status: "aangemeld",
    pupilRef: "JB 2015",
    reason: "geheim",
  } as Case;

  it("shows a limited card without anything about the pupil", () => {
    const card = limitedCard(t, c, "Ilse Bakker");
    expect(JSON.stringify(card)).not.toMatch(/JB 2015|geheim/);
    expect(factsOf(card)).toEqual([
      { label: "Code", value: "K-2026-0001" },
      { label: "Status", value: "Aangemeld" },
      { label: "Regisseur", value: "Ilse Bakker" },
    ]);
  });

  it("explains the casus usage in Dutch, and in English on request", () => {
    const reply = usageReply(t, ["foo"]);
    expect(reply.type === "message" && textOf(reply.message)).toContain(
      "Dat begrijp ik niet: /knoop casus foo.",
    );
    const en = usageReply(caseTexts("en"), []);
    expect(en.type === "message" && textOf(en.message)).toContain("How to use /knoop casus");
  });

  it("tells each timeline event in the reader's language, from its code and data", () => {
    const at = new Date("2026-11-23T10:00:00+01:00");
    const confirmed = {
      type: "meeting.confirmed",
      summary: "",
      data: JSON.stringify({ at: at.toISOString() }),
    };
    const status = { type: "status", summary: "", data: JSON.stringify({ status: "formeel" }) };
    const tz = "Europe/Amsterdam";
    expect(describeEvent(confirmed, "nl", tz)).toMatch(/^Overleg bevestigd: ma 23 nov\.? 2026 10:00$/);
    expect(describeEvent(confirmed, "en", tz)).toMatch(/^Meeting confirmed: /);
    expect(describeEvent(status, "nl", tz)).toBe("Status gewijzigd: Formeel / opgeschaald");
    expect(describeEvent(status, "en", tz)).toMatch(/^Status changed: /);
    // A row from before the data column: its stored summary.
    expect(describeEvent({ type: "goal", summary: "Weer naar school", data: null }, "nl", tz)).toBe(
      "Doel toegevoegd: Weer naar school",
    );
    const view = timelineView(t, c, [{ text: "Doel toegevoegd: x", createdAt: at, actor: null }], "nl", tz);
    expect(tableOf(view)?.rows.map((r) => r.slice(1))).toEqual([["Knoop", "Doel toegevoegd: x"]]);
  });
});
