import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { boundaryViolations, importGraph } from "../support/imports.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the rules of the house (what may import what)", () => {
  it("hold for Knoop's own code", () => {
    const graph = importGraph(root);
    expect(graph.size).toBeGreaterThan(50);
    expect(boundaryViolations(graph)).toEqual([]);
  });

  it("catch a feature that imports a surface, and an import cycle", () => {
    const fixture = fileURLToPath(new URL("../fixtures/boundaries/", import.meta.url));
    expect(boundaryViolations(importGraph(fixture))).toEqual([
      "src/features/x/service.ts -> src/generated/sqlite/client.ts: features take their row types from src/store",
      "src/features/x/service.ts -> src/surfaces/slack/port.ts: the core never imports a surface",
      "cycle: src/store/a.ts -> src/store/b.ts -> src/store/a.ts",
    ]);
  });
});
