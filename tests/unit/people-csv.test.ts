import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toPlain } from "../../src/chat/inline.ts";
import { tableOf, textOf } from "../../src/chat/views.ts";
import { readTable } from "../../src/core/csv.ts";
import { columns } from "../../src/features/people/csv-import.ts";
import { texts } from "../../src/features/people/texts.ts";
import { meView, welcomeMessage } from "../../src/features/people/views.ts";

const dir = mkdtempSync(join(tmpdir(), "knoop-people-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, "utf8");
  return path;
}

describe("reading a people file (core/csv.ts readTable, delimiter detected)", () => {
  it("reads `;` and `,` files alike, with or without BOM, keeping physical line numbers", () => {
    const semicolon = file("a.csv", `${columns.join(";")}\nPO3104;Eva Jansen;;sandbox;local;eva;ib;06XX00\n`);
    const comma = file(
      "b.csv",
      `\uFEFF${columns.join(",")}\r\n\r\nPO3104,"Jansen, Eva",,sandbox,local,eva,ib,06XX00\r\n`,
    );
    const a = readTable(semicolon, "utf8", "detect", [...columns], "nl");
    const b = readTable(comma, "utf8", "detect", [...columns], "nl");
    expect(a.header).toEqual([...columns]);
    expect(b.header).toEqual([...columns]); // the BOM is not part of "swv"
    expect(a.rows[0]).toMatchObject({ line: 2, values: { naam: "Eva Jansen", school: "06XX00" } });
    expect(b.rows[0]).toMatchObject({ line: 3, values: { naam: "Jansen, Eva", rol: "ib" } });
    expect(a.malformed).toEqual([]);
  });

  it("sets apart a row with the wrong number of columns, by line", () => {
    const path = file("c.csv", `${columns.join(";")}\nPO3104;Eva\n`);
    expect(readTable(path, "utf8", "detect", [], "nl").malformed).toEqual([
      { line: 2, reason: "2 kolommen in plaats van 8" },
    ]);
  });
});

describe("people views", () => {
  const t = texts("nl");

  it("/knoop ik without roles says who to ask", () => {
    const view = meView(t, { name: "Eva", swv: "SWV Testregio", roles: [] });
    expect(tableOf(view)).toBeUndefined();
    expect(textOf(view)).toContain("Je hebt nog geen rol");
  });

  it("the welcome DM names the role and points to /knoop help", () => {
    const view = welcomeMessage(t, { name: "Eva", by: "Britt", swv: "SWV Testregio", role: null });
    expect(textOf(view)).toBe(
      [
        "Welkom bij Knoop, Eva! Britt heeft je toegevoegd aan SWV Testregio.",
        "Je hebt nog geen rol: een beheerder kent die toe.",
        "Typ /knoop help om te zien wat je met Knoop kunt doen, en /knoop ik voor je rollen.",
      ].join("\n"),
    );
    expect(toPlain(texts("en").welcomeHelp)).toContain("/knoop help");
  });
});
