/** A long digest as consecutive messages ("deel 1 van 2"). A surface turns one view block into
 * at most two of its own (Slack: a chart is its image plus its table), so a part of at most
 * MAX_PART_BLOCKS view blocks stays within Slack's 50 blocks a message (and Teams' card size). A
 * label ("*Per school*") is never parted from the table or chart it introduces. Each part opens
 * with the digest's heading and its part number, so a part read alone still says what it is. */
import type { Block, MessageView } from "../../chat/views.ts";
import { heading, message } from "../../chat/views.ts";

export const MAX_PART_BLOCKS = 24;

export function pageView(
  view: MessageView,
  partTitle: (title: string, part: number, parts: number) => string,
  max = MAX_PART_BLOCKS,
): MessageView[] {
  if (view.blocks.length <= max) return [view];
  const [first, ...rest] = view.blocks;
  const title = first?.kind === "heading" ? first.text : "";
  const body = first?.kind === "heading" ? rest : view.blocks;
  // Units that stay together: a text label with the table or chart right after it.
  const units: Block[][] = [];
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as Block;
    const next = body[i + 1];
    if (b.kind === "text" && next && (next.kind === "table" || next.kind === "chart")) {
      units.push([b, next]);
      i++;
    } else units.push([b]);
  }
  const parts: Block[][] = [];
  let current: Block[] = [];
  for (const unit of units) {
    if (current.length && current.length + unit.length > max - 1) {
      parts.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length) parts.push(current);
  return parts.map((blocks, i) => message(heading(partTitle(title, i + 1, parts.length)), ...blocks));
}
