import { describe, expect, it } from "vitest";
import { fieldOf, manyValues, oneValue, textRule } from "../../src/chat/forms.ts";
import { link, md, toPlain } from "../../src/chat/inline.ts";
import {
  type ChartValue,
  chart,
  count,
  FileTooLarge,
  file,
  fileBytes,
  filesOf,
  MAX_FILE_BYTES,
  type MessageView,
  message,
  plainText,
  text,
  textOf,
  upgrade,
} from "../../src/chat/views.ts";
import { localeOr } from "../../src/core/i18n.ts";
import { caseTexts } from "../../src/features/cases/texts.ts";
import { noteForm } from "../../src/features/cases/views.ts";

describe("inline text", () => {
  it("reads marks from the template's literal parts only; interpolated values stay plain", () => {
    expect(md`Casus *${"K-2026-0001"}* door ${"*Sanne* `x`"}, typ \`/knoop\`.`).toEqual([
      { kind: "text", text: "Casus " },
      { kind: "text", text: "K-2026-0001", bold: true },
      { kind: "text", text: " door *Sanne* `x`, typ " },
      { kind: "code", text: "/knoop" },
      { kind: "text", text: "." },
    ]);
    expect(toPlain(md`a ${md`*b*`} c`)).toBe("a b c");
  });

  it("links only http(s) addresses", () => {
    expect(link("https://knoop.example", "uitleg")).toEqual([
      { kind: "link", url: "https://knoop.example", text: "uitleg" },
    ]);
    expect(link("javascript:alert(1)", "klik")).toEqual([{ kind: "text", text: "klik" }]);
  });
});

describe("charts", () => {
  it("carries a value of 1 to 4 only as <5, also through a table and a stored copy", () => {
    expect(count(4)).toBe("<5");
    expect(count(1)).toBe("<5");
    expect(count(0)).toBe(0); // no pupil: shown, as the tables show it
    expect(count(-1)).toBe("<5"); // not a count: never drawn as a value
    expect(count(Number.NaN)).toBe("<5");
    expect(count(5)).toBe(5);
    // @ts-expect-error a plain number is not a chart value: it must go through count()
    const raw: ChartValue = 3;
    const c = chart({
      title: "Signalen",
      categories: ["sep", "okt", "nov"],
      series: [{ name: "Verzuim", values: [raw, count(12), 2] }],
      unit: "signalen",
    });
    expect(c.series[0]?.values).toEqual(["<5", 12, "<5"]);
    expect(c.table).toEqual({
      columns: ["", "Verzuim (signalen)"],
      rows: [
        ["sep", "<5"],
        ["okt", "12"],
        ["nov", "<5"],
      ],
    });
    // A stored view whose chart was tampered with is suppressed again when read.
    const stored = JSON.parse(JSON.stringify(message(c))) as MessageView;
    (stored.blocks[0] as { series: { values: unknown[] }[] }).series[0] = { values: [1, 40, 3] } as never;
    const read = upgrade(stored).blocks[0];
    expect(read?.kind === "chart" && read.series[0]?.values).toEqual(["<5", 40, "<5"]);
  });
});

describe("files", () => {
  const csv = "school;signalen\nDe Regenboog;12\n";
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);

  it("keeps text as UTF-8 and binary as base64, both through the outbox's JSON round trip", () => {
    const view = message(
      text("De export staat hieronder."),
      file({ name: "export.csv", mediaType: "text/csv", data: csv, title: "Signalen per school" }),
      file({ name: "grafiek.png", mediaType: "image/png", data: png }),
    );
    const [text_, binary] = filesOf(upgrade(JSON.parse(JSON.stringify(view)) as MessageView));
    expect(text_).toMatchObject({ name: "export.csv", mediaType: "text/csv", encoding: "utf8", data: csv });
    expect(binary).toMatchObject({ name: "grafiek.png", mediaType: "image/png", encoding: "base64" });
    expect(new TextDecoder().decode(fileBytes(text_ as never))).toBe(csv);
    expect([...fileBytes(binary as never)]).toEqual([...png]);
  });

  it("stands in plain text and textOf as its title and name", () => {
    const view = message(
      text("Hier is de export."),
      file({ name: "e.csv", mediaType: "text/csv", data: "a", title: "Export" }),
    );
    expect(plainText(view)).toBe("Hier is de export.\nExport (e.csv)");
    expect(textOf(view)).toBe("Hier is de export.\nExport (e.csv)");
  });

  it("refuses a file over the limit, and cleans names and media types", () => {
    expect(() =>
      file({ name: "x.csv", mediaType: "text/csv", data: "a".repeat(MAX_FILE_BYTES + 1) }),
    ).toThrow(FileTooLarge);
    expect(
      file({ name: "x.csv", mediaType: "text/csv", data: "a".repeat(MAX_FILE_BYTES) }).data,
    ).toHaveLength(MAX_FILE_BYTES);
    const odd = file({ name: '../../etc/pa"ss\nwd<b>.csv', mediaType: 'text/html"><script>', data: "a" });
    expect(odd.name).toBe("pa_ss_wd_b_.csv");
    expect(odd.mediaType).toBe("application/octet-stream");
    expect(file({ name: "...", mediaType: "text/csv", data: "" }).name).toBe("bestand");
  });

  it("drops a stored file that was not built by file() (too large, or no data)", () => {
    const stored = {
      version: 2,
      blocks: [
        {
          kind: "file",
          name: "groot.csv",
          mediaType: "text/csv",
          encoding: "utf8",
          data: "a".repeat(MAX_FILE_BYTES + 1),
        },
        { kind: "file", name: "leeg.csv", mediaType: "text/csv", encoding: "utf8" },
        { kind: "file", name: "../goed.csv", mediaType: "TEXT/CSV", encoding: "utf8", data: "a" },
      ],
    } as unknown as MessageView;
    expect(filesOf(stored).map((f) => [f.name, f.mediaType])).toEqual([["goed.csv", "text/csv"]]);
  });
});

describe("stored views", () => {
  it("upgrades a version 1 view (fixed slots) to blocks in the order version 1 showed them", () => {
    const old = {
      title: "Nieuw signaal",
      text: "Er is een *signaal* voor `/knoop`",
      facts: [{ label: "School", value: "De Regenboog" }],
      table: { columns: ["A"], rows: [["1"]] },
      note: "Alleen zichtbaar voor jou",
      buttons: [{ action: "signal.take", label: "Oppakken", value: "s1" }],
    };
    const view = upgrade(old as unknown as MessageView);
    expect(view.version).toBe(2);
    expect(view.blocks.map((b) => b.kind)).toEqual(["heading", "text", "facts", "table", "note", "buttons"]);
    expect(view.blocks[1]).toEqual({
      kind: "text",
      text: [
        { kind: "text", text: "Er is een " },
        { kind: "text", text: "signaal", bold: true },
        { kind: "text", text: " voor " },
        { kind: "code", text: "/knoop" },
      ],
    });
    expect(plainText(view)).toBe(
      "Nieuw signaal\nEr is een signaal voor /knoop\nSchool: De Regenboog\nA\n1\nAlleen zichtbaar voor jou",
    );
    expect(upgrade(message(text("x")))).toEqual(message(text("x")));
  });
});

describe("form values and rules", () => {
  it("reads one value or a list from any submitted value", () => {
    expect(oneValue(["a", "b"])).toBe("a");
    expect(oneValue(undefined)).toBe("");
    expect(manyValues("a")).toEqual(["a"]);
    expect(manyValues("")).toEqual([]);
  });

  it("derives the zod rule of a text field from the field, with the feature's Dutch messages", () => {
    const t = caseTexts("nl");
    const rule = textRule(fieldOf(noteForm(t, { id: "c", code: "K-2026-0001" } as never), "text"), t);
    expect(rule.safeParse(["  Gesprek gepland  "]).data).toBe("Gesprek gepland");
    expect(rule.safeParse(" ").error?.issues[0]?.message).toBe("Vul dit veld in.");
    expect(rule.safeParse("n".repeat(2001)).error?.issues[0]?.message).toBe("Gebruik hoogstens 2000 tekens.");
  });

  it("falls back to the default locale for a person without a known one", () => {
    expect(localeOr("en", "nl")).toBe("en");
    expect(localeOr(null, "nl")).toBe("nl");
    expect(localeOr("fr", "en")).toBe("en");
  });
});
