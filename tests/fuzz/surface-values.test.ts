import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CHOICES, MAX_FIELDS, MAX_TEXT, outOfBounds } from "../../src/chat/input-limits.ts";
import { formValues } from "../../src/surfaces/teams/cards.ts";
import { runs, seed } from "../support/fuzz.ts";

// What the surfaces make of a submitted payload before any feature sees it: the Teams dialog's
// values and the bounds every surface checks. A forged payload is JSON of any shape.

const json = fc.jsonValue({ maxDepth: 3 });
const kinds = fc.constantFrom(
  "text",
  "textarea",
  "select",
  "multiselect",
  "date",
  "datetime",
  "person",
  "number",
  "time",
  "toggle",
);

describe("fuzz: submitted values at the surfaces", () => {
  it("turns any Teams dialog data into strings and lists of strings", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.dictionary(fc.string(), kinds), (data, fieldKinds) => {
        const values = formValues(data as never, fieldKinds as never);
        for (const value of Object.values(values)) {
          if (Array.isArray(value)) for (const v of value) expect(typeof v).toBe("string");
          else expect(typeof value).toBe("string");
        }
      }),
      { numRuns: runs(500), ...seed() },
    );
  });

  it("checks the bounds of any payload without throwing, in Dutch", () => {
    const value = fc.oneof(
      json,
      fc.array(fc.oneof(fc.string(), fc.constant(null), fc.integer()), { maxLength: MAX_CHOICES + 5 }),
      fc.constant("x".repeat(MAX_TEXT + 1)),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value, { maxKeys: MAX_FIELDS + 3 }), (values) => {
        const errors = outOfBounds(values as never, "nl");
        for (const error of Object.values(errors)) expect(error).toMatch(/^(Te veel|Te lang|Dit formulier)/);
      }),
      { numRuns: runs(500), ...seed() },
    );
  });
});

describe("fuzz regressions: bounds", () => {
  it("a list holding null (a forged Slack option without a value) is checked, not a TypeError", () => {
    expect(outOfBounds({ "": [null] } as never, "nl")).toEqual({});
    expect(outOfBounds({ a: [null, "x".repeat(MAX_TEXT + 1)] } as never, "nl")).toEqual({
      a: `Te lang: hoogstens ${MAX_TEXT} tekens.`,
    });
  });
});
