import { describe, expect, it } from "vitest";
import { assertSafeSvg, chartSpec, chartSvg, renderChart, svgToPng } from "../../src/chat/charts.ts";
import {
  CHART_SHAPES,
  type ChartBlock,
  type ChartShape,
  chart,
  count,
  type MessageView,
  upgrade,
} from "../../src/chat/views.ts";
import { decodePng } from "../support/png.ts";
import { evil } from "../support/view-fixtures.ts";

/** A chart of every shape with big, ordinary and suppressed values (3 and 1 arrive as "<5"). */
const sample = (shape: ChartShape): ChartBlock =>
  chart({
    shape,
    title: "Signalen per maand",
    unit: "signalen",
    categories: ["sep", "okt", "nov", "dec"],
    series: [
      { name: "Verzuim", values: [count(12), count(3), count(1200), count(7)] },
      { name: "Gedrag", values: [count(8), count(9), 1, count(15)] },
    ],
  });

/** The texts an SVG shows. */
const svgTexts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? "").replace(/&lt;/g, "<").replace(/&amp;/g, "&"),
  );

/** Pixels darker than light grey (text, bars, lines; not the white background). */
const dark = (rgba: Uint8Array, i: number) =>
  (rgba[i] ?? 255) + (rgba[i + 1] ?? 255) + (rgba[i + 2] ?? 255) < 3 * 160 && (rgba[i + 3] ?? 0) > 0;

describe.each(CHART_SHAPES)("chart shape %s", (shape) => {
  it("renders to SVG and PNG with the shipped font only, with text pixels where the axis labels are", async () => {
    const block = sample(shape);
    const scale = 2;
    const r = await renderChart(block, { scale });
    expect(r.svg.startsWith("<svg")).toBe(true);
    const png = decodePng(r.png);
    expect([png.width, png.height]).toEqual([r.width, r.height]);
    // The same SVG without any font: resvg then draws no text at all, so what differs is text.
    const bare = decodePng(svgToPng(r.svg, scale, []).png);
    expect([bare.width, bare.height]).toEqual([png.width, png.height]);

    const categories = r.axisLabels.filter((l) => block.categories.includes(l.text));
    expect(categories.map((l) => l.text).sort()).toEqual([...block.categories].sort());
    expect(r.axisLabels.some((l) => l.text === "1.200")).toBe(true); // Dutch thousands separator
    for (const label of r.axisLabels) {
      let withFont = 0;
      let withoutFont = 0;
      for (let y = Math.floor(label.y1 * scale); y < Math.ceil(label.y2 * scale); y++)
        for (let x = Math.floor(label.x1 * scale); x < Math.ceil(label.x2 * scale); x++) {
          const i = (y * png.width + x) * 4;
          if (dark(png.rgba, i)) withFont++;
          if (dark(bare.rgba, i)) withoutFont++;
        }
      expect(withFont - withoutFont, `text pixels of axis label "${label.text}"`).toBeGreaterThan(
        8 * label.text.length,
      );
    }
  });

  it("never shows a true value of 1 to 4: not as a bar, point, label or axis tick", async () => {
    const block = sample(shape);
    const rows = (chartSpec(block).data as { values: { value: number | null; label: string }[] }).values;
    for (const row of rows) {
      expect(row.value === null || row.value === 0 || row.value >= 5).toBe(true);
      expect(["1", "2", "3", "4"]).not.toContain(row.label);
    }
    const shown = svgTexts(await chartSvg(block));
    for (const n of ["1", "2", "3", "4"]) expect(shown).not.toContain(n);
    if (shape === "stacked") expect(shown).toContain("Niet getekend (<5): okt Verzuim; nov Gedrag");
    else expect(shown.filter((s) => s === "<5")).toHaveLength(2);
  });
});

describe("charts and small numbers", () => {
  it("hides a count below 5 even when it reaches the renderer as a number (a cast, a stored copy)", async () => {
    const tampered = {
      kind: "chart",
      title: "Thuiszitters",
      categories: ["School A", "School B"],
      series: [{ name: "Thuiszitters", values: [3, 2] }],
      unit: "leerlingen",
      table: { columns: [], rows: [] },
    } as unknown as ChartBlock;
    const shown = svgTexts(await chartSvg(tampered));
    expect(shown.filter((s) => s === "<5")).toHaveLength(2);
    for (const n of ["1", "2", "3", "4"]) expect(shown).not.toContain(n);
    const stored = upgrade({ version: 2, blocks: [tampered] } as MessageView).blocks[0] as ChartBlock;
    expect(stored.series[0]?.values).toEqual(["<5", "<5"]);
  });

  it("draws a zero as 0 (no pupil), not as <5", async () => {
    const block = chart({
      shape: "bar",
      title: "Thuiszitters",
      unit: "leerlingen",
      categories: ["School A", "School B", "School C"],
      series: [{ name: "Thuiszitters", values: [0, 3, 12] }],
    });
    expect(block.series[0]?.values).toEqual([0, "<5", 12]);
    const rows = (chartSpec(block).data as { values: { cat: string; value: number | null; label: string }[] })
      .values;
    expect(rows.map((r) => [r.cat, r.value, r.label])).toEqual([
      ["School A", 0, "0"],
      ["School B", null, "<5"],
      ["School C", 12, "12"],
    ]);
    const shown = svgTexts(await chartSvg(block));
    expect(shown.filter((s) => s === "<5")).toHaveLength(1);
    const stored = upgrade({ version: 2, blocks: [block] } as MessageView).blocks[0] as ChartBlock;
    expect(stored.series[0]?.values).toEqual([0, "<5", 12]);
  });

  it("draws a chart whose values are all suppressed (an empty axis, the note, no value)", async () => {
    const block = chart({
      title: "Klein",
      unit: "",
      categories: ["a", "b"],
      series: [{ name: "x", values: [1, 4] }],
    });
    const r = await renderChart(block);
    expect(svgTexts(r.svg)).toContain("<5: minder dan 5, niet als waarde getekend (privacy)");
    expect(r.png.byteLength).toBeGreaterThan(1000);
  });
});

describe("chart SVG is safe inline", () => {
  it("escapes user text in titles, categories, series and units", async () => {
    const block = chart({
      shape: "bar",
      title: evil,
      unit: evil,
      categories: [evil, "<script>alert(1)</script>"],
      series: [{ name: `${evil}"'`, values: [count(9), count(12)] }],
    });
    const svg = await chartSvg(block);
    expect(svg).not.toMatch(/<script|<b>|<!channel>|<https:/);
    expect(svg).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(() => assertSafeSvg(svg)).not.toThrow();
  });

  it("refuses an SVG with script, event handlers or links", () => {
    for (const bad of [
      "<svg><script>alert(1)</script></svg>",
      '<svg><g onload="x()"></g></svg>',
      '<svg><a href="javascript:x()">x</a></svg>',
      "<svg><foreignObject><div/></foreignObject></svg>",
      "<div>not an svg</div>",
    ])
      expect(() => assertSafeSvg(bad)).toThrow("unsafe SVG");
  });

  it("English axis numbers on request", async () => {
    const svg = await chartSvg(sample("bar"), "en");
    expect(svgTexts(svg)).toContain("1,200");
    expect(svgTexts(svg)).toContain("<5: fewer than 5, not drawn as a value (privacy)");
  });
});

describe("charts drawn again", () => {
  it("gives the same block the same picture once drawn, and a changed block, locale or scale its own", async () => {
    const block = sample("bar");
    const first = await renderChart(block);
    // A digest asked again builds an equal block (a new object): the chart drawn before is reused.
    expect(await renderChart(structuredClone(block))).toBe(first);
    const changed = chart({ ...block, series: [{ name: "Verzuim", values: [count(13), count(3), 5, 7] }] });
    const other = await renderChart(changed);
    expect(other).not.toBe(first);
    expect(Buffer.from(other.png).equals(Buffer.from(first.png))).toBe(false);
    expect(await renderChart(block, { locale: "en" })).not.toBe(first);
    const sharper = await renderChart(block, { scale: 3 });
    expect(sharper.width).toBe((first.width / 2) * 3);
  });
});
