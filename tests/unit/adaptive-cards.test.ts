import { describe, expect, it } from "vitest";
import {
  adaptiveCardProblems,
  assertValidAdaptiveCard,
  withChartFallbacks,
} from "../support/adaptive-cards.ts";

const facts = { type: "FactSet", facts: [{ title: "Bovenbouw", value: "12" }] };
const good = {
  type: "AdaptiveCard",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "**Signaal S-0042** is opgepakt", wrap: true },
    { type: "Chart.VerticalBar", title: "Signalen per maand", data: [{ x: "nov", y: 12 }], fallback: facts },
    { type: "Input.Text", id: "reden", label: "Reden", isRequired: true, errorMessage: "Vul een reden in" },
  ],
  actions: [{ type: "Action.Execute", title: "Oppakken", verb: "signal.take", data: { id: "S-0042" } }],
};

describe("Adaptive Card validation (tests/support/adaptive-cards.ts)", () => {
  it("accepts a valid 1.5 card with Action.Execute, an input and a chart with a fallback", () => {
    expect(adaptiveCardProblems(good)).toEqual([]);
    expect(() => assertValidAdaptiveCard(good)).not.toThrow();
  });

  it("replaces a chart by its fallback before validating, without changing the card", () => {
    const replaced = withChartFallbacks(good) as { body: unknown[] };
    expect(replaced.body[1]).toEqual(facts);
    expect(good.body[1]).toMatchObject({ type: "Chart.VerticalBar" });
  });

  it("lists every problem of a bad card", () => {
    const bad = {
      type: "AdaptiveCard",
      version: "1.2",
      body: [
        { type: "TextBlok", text: "tikfout" },
        { type: "Input.Text" },
        { type: "Chart.Line", data: [{ x: "nov", y: 3 }] },
      ],
      actions: [
        { type: "Action.Execute", title: "Oppakken", verb: "signal.take" },
        { type: "Action.Submit", title: "Ja", id: "keuze" },
        { type: "Action.Submit", title: "Nee", id: "keuze" },
      ],
    };
    const problems = adaptiveCardProblems(bad);
    expect(problems).toEqual([
      "card.body[2]: Chart.Line has no fallback (a FactSet, table or image)",
      expect.stringMatching(/^UnknownElementType: .*TextBlok/),
      // Action.Execute needs 1.4: the card's declared version is what is validated against
      expect.stringMatching(/^UnknownActionType: .*Action\.Execute/),
      expect.stringMatching(/^PropertyCantBeNull: .*unique Id/),
      expect.stringMatching(/^DuplicateId: .*"keuze"/),
    ]);
    expect(() => assertValidAdaptiveCard(bad)).toThrow(/TextBlok/);
  });

  it("refuses what is not a card, a card without version, and versions Teams does not render", () => {
    expect(adaptiveCardProblems({ type: "Message" })).toEqual([
      'not an Adaptive Card (type must be "AdaptiveCard")',
    ]);
    expect(adaptiveCardProblems({ type: "AdaptiveCard", body: [] })).toEqual([
      "the card declares no version",
    ]);
    expect(adaptiveCardProblems({ ...good, version: "1.6" })).toEqual([
      "card version 1.6 is above 1.5, the highest Teams renders",
    ]);
  });
});
