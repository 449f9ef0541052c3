import { describe, expect, it } from "vitest";
import { chart, count, heading, message, note, table, text } from "../../src/chat/views.ts";
import { MAX_PART_BLOCKS, pageView } from "../../src/features/digests/paging.ts";
import { digestTexts } from "../../src/features/digests/texts.ts";
import { messageBlocks } from "../../src/surfaces/slack/blocks.ts";
import { blockKitViolations, limits } from "../../src/surfaces/slack/limits.ts";

const t = digestTexts("nl");
const partTitle = (title: string, part: number, parts: number) => t.part({ title, part, parts });

/** A digest-shaped view: heading, story, then `n` labelled tables and a labelled chart each. */
function longView(n: number) {
  return message(
    heading("Overzicht SWV Testregio: november 2026"),
    text("Het aantal nieuwe signalen steeg."),
    ...Array.from({ length: n }, (_, i) => [
      text(`*Tabel ${i + 1}*`),
      table({ columns: ["Indicator", "Waarde"], rows: [[`rij ${i + 1}`, "<5"]] }),
      text(`*Grafiek ${i + 1}*`),
      chart({
        title: `Grafiek ${i + 1}`,
        categories: ["a", "b"],
        series: [{ name: "s", values: [count(7), "<5"] }],
        unit: "aantal",
      }),
    ]).flat(),
    note("<5: 1 tot 4"),
  );
}

describe("paging of long digests", () => {
  it("keeps a digest that fits as one message, unchanged", () => {
    const view = longView(5); // 23 blocks
    expect(pageView(view, partTitle)).toEqual([view]);
  });

  it("splits a long digest into numbered parts within Slack's 50 blocks, in order, labels with their tables", () => {
    const view = longView(20); // 83 blocks
    const parts = pageView(view, partTitle);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.blocks[0]).toEqual(
        heading(`Overzicht SWV Testregio: november 2026 (deel ${i + 1} van ${parts.length})`),
      );
      expect(p.blocks.length).toBeLessThanOrEqual(MAX_PART_BLOCKS);
      const slack = messageBlocks(p);
      expect(slack.blocks.length).toBeLessThanOrEqual(limits.messageBlocks);
      expect(blockKitViolations({ blocks: slack.blocks })).toEqual([]);
      // Nothing was shortened away by the renderer.
      expect(JSON.stringify(slack.blocks)).not.toContain("ingekort");
      // A part never ends on a label whose table is in the next part.
      const last = p.blocks[p.blocks.length - 1];
      expect(last?.kind === "text" && last.text.toString().startsWith("*")).toBe(false);
    });
    // Every block of the digest, once and in order, after the part headings.
    expect(parts.flatMap((p) => p.blocks.slice(1))).toEqual(view.blocks.slice(1));
  });
});
