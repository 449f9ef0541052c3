import { describe, expect, it } from "vitest";
import type { FormView, MessageView } from "../../src/chat/views.ts";
import {
  escapeHtml,
  renderForm,
  renderMessage,
  renderMessageWithCharts,
} from "../../src/surfaces/sandbox/render-html.ts";
import { fieldErrors, messageBlocks, modalView, responseType } from "../../src/surfaces/slack/blocks.ts";
import { blockKitViolations } from "../../src/surfaces/slack/limits.ts";
import { formCard, messageCard } from "../../src/surfaces/teams/cards.ts";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import {
  allForms,
  allMessages,
  dangerous,
  everyBlock,
  everyField,
  evil,
  manyOptions,
  userText,
} from "../support/view-fixtures.ts";

/** One contract for every renderer: each renders all fixture views within its own limits, and
 * hands back the strings its platform parses as markup (where user text must stay plain). */
interface Rendered {
  problems: string[];
  /** Every string the platform interprets (Slack mrkdwn and the notification text; all HTML). */
  parsed: string[];
  /** Every string shown as is (Slack plain_text). */
  literal: string[];
}

interface Renderer {
  name: string;
  message(view: MessageView): Rendered;
  form(form: FormView): Rendered;
}

type Json = Record<string, unknown>;

/** The text objects of a Block Kit payload, split by how Slack treats them. */
function slackTexts(node: unknown, out: Rendered = { problems: [], parsed: [], literal: [] }): Rendered {
  if (Array.isArray(node)) for (const n of node) slackTexts(n, out);
  else if (node && typeof node === "object") {
    const o = node as Json;
    if (o.type === "mrkdwn" && typeof o.text === "string") out.parsed.push(o.text);
    else if (o.type === "plain_text" && typeof o.text === "string") out.literal.push(o.text);
    for (const value of Object.values(o)) slackTexts(value, out);
  }
  return out;
}

const slack: Renderer = {
  name: "Slack Block Kit",
  message(view) {
    const { text, blocks } = messageBlocks(view);
    const out = slackTexts(blocks);
    return { ...out, parsed: [text, ...out.parsed], problems: blockKitViolations({ blocks }) };
  },
  form(form) {
    const view = modalView(form, () => 1_795_000_000);
    return { ...slackTexts(view), problems: blockKitViolations({ view }) };
  },
};

const sandbox: Renderer = {
  name: "sandbox HTML",
  message: (view) => ({ problems: [], parsed: [renderMessage(view, "nl", { id: "m1" })], literal: [] }),
  form: (form) => ({ problems: [], parsed: [renderForm(form, "nl")], literal: [] }),
};

/** The texts of an Adaptive Card: TextBlocks (and FactSet values) are parsed as markdown by Teams;
 * TextRuns, input labels, choices and action titles are shown as they are. */
function cardTexts(node: unknown, out: Rendered = { problems: [], parsed: [], literal: [] }): Rendered {
  if (Array.isArray(node)) for (const n of node) cardTexts(n, out);
  else if (node && typeof node === "object") {
    const o = node as Json;
    if (o.type === "TextBlock" && typeof o.text === "string") out.parsed.push(o.text);
    else if (o.type === "FactSet")
      for (const f of (o.facts ?? []) as Json[]) out.parsed.push(String(f.title), String(f.value));
    else if (o.type === "TextRun" && typeof o.text === "string") out.literal.push(o.text);
    for (const value of Object.values(o)) cardTexts(value, out);
  }
  return out;
}

const teams: Renderer = {
  name: "Teams Adaptive Cards",
  message(view) {
    const card = messageCard(view, "nl");
    return { ...cardTexts(card), problems: adaptiveCardProblems(card) };
  },
  form(form) {
    const card = formCard(form, "nl");
    return { ...cardTexts(card), problems: adaptiveCardProblems(card) };
  },
};

const renderers = [slack, sandbox, teams];

/** What Slack shows of mrkdwn: the zero-width spaces around a neutralised character and the
 * escapes undone. */
const slackShown = (m: string) =>
  m
    .replace(/\u200B/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
/** The mrkdwn Slack would still read as formatting once neutralised characters are taken out
 * (inside a code block, which tables are, only a backtick or < > & could do anything). */
const slackMarks = (m: string) => {
  const fenced = /^```[\s\S]*```/.exec(m)?.[0] ?? "";
  const rest = m.slice(fenced.length);
  const code = fenced.slice(3, -3).replace(/[*_~]/g, "");
  return (code + rest).replace(/\u200B[*_~`]\u200B/g, "").replace(/&(amp|lt|gt);/g, "");
};

describe.each(renderers)("renderer contract: $name", (r) => {
  it.each(Object.entries(allMessages))("renders the %s message within its limits", (_name, view) => {
    expect(r.message(view).problems).toEqual([]);
  });

  it.each(Object.entries(allForms))("renders the %s form within its limits", (_name, form) => {
    expect(r.form(form).problems).toEqual([]);
  });

  it("never lets user text become markup, in any field of a message or a form", () => {
    for (const out of [r.message(userText), r.form(everyField)])
      for (const parsed of out.parsed)
        for (const piece of dangerous)
          expect(parsed, `${piece} in ${parsed.slice(0, 80)}`).not.toContain(piece);
  });
});

describe("Slack: user text stays plain", () => {
  it("escapes < > & and neutralises * _ ~ ` in every mrkdwn text, including the notification text", () => {
    const out = slack.message(userText);
    expect(out.parsed.length).toBeGreaterThan(3);
    for (const m of out.parsed) {
      const marks = slackMarks(m);
      expect(marks, m).not.toMatch(/[<>&_~`]/);
      // Only the renderer's own bold marks remain: "*K-2026-0001*" or a fact's "*label*".
      expect((marks.match(/\*/g) ?? []).length, m).toBeLessThanOrEqual(2);
    }
    // The reader still sees exactly what was typed.
    expect(out.parsed.map(slackShown)).toContain(
      `${evil}: ${evil}\nCasus *K-2026-0001* is geopend door ${evil}.`,
    );
    expect(out.parsed.map(slackShown)).toContain(`Casus *K-2026-0001* is geopend door ${evil}.`);
    expect(out.literal).toContain(evil); // plain_text: Slack parses nothing there
  });

  it("renders the fields' kinds, limits and errors", () => {
    const view = modalView(everyField, () => 1_795_000_000);
    const el = Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element as Json]));
    expect(el.text).toMatchObject({ type: "plain_text_input", max_length: 20 });
    expect(el.area).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    expect(el.number).toMatchObject({
      type: "number_input",
      min_value: "0",
      max_value: "10",
      initial_value: "4",
    });
    expect(el.time).toMatchObject({ type: "timepicker", initial_time: "09:30" });
    expect(el.toggle).toMatchObject({ type: "checkboxes", initial_options: [{ value: "on" }] });
    expect(Object.keys(fieldErrors(everyField))).toEqual(everyField.fields.map((f) => f.name));
  });

  it("shows 100 options in a static select, more through the options request", () => {
    const view = modalView(manyOptions, () => null);
    const [hundred, more] = view.blocks.map((b) => b.element as Json);
    expect(hundred).toMatchObject({ type: "static_select", initial_option: { value: "o99" } });
    expect(hundred?.options).toHaveLength(100);
    expect(more).toMatchObject({ type: "multi_external_select" });
    expect(more?.initial_options).toHaveLength(2);
  });
});

describe("sandbox: user text stays plain", () => {
  it("escapes user text everywhere; only the view's own marks become elements", () => {
    const html = renderMessage(userText, "nl");
    expect(html.split(escapeHtml(evil)).length - 1).toBeGreaterThanOrEqual(10);
    expect(html.match(/<strong>/g)).toHaveLength(1); // *K-2026-0001*
    expect(html).not.toMatch(/<code>|<b>/);
    // The one link is the file block's download (a data: URL of its escaped content).
    expect(html.match(/<a [^>]*>/g)).toEqual([
      expect.stringMatching(/^<a href="data:text\/csv;charset=utf-8,[^"<>]*" download="[^"<>]*">$/),
    ]);
    const form = renderForm(everyField, "nl");
    expect(form).not.toMatch(/<b>/);
    expect(form.match(/<p class="error"/g)).toHaveLength(everyField.fields.length);
  });

  it("renders number, time and toggle fields as inputs of their type", () => {
    const html = renderForm(everyField, "nl");
    expect(html).toMatch(/<input id="f-number" name="number" type="number" value="4"[^>]* min="0" max="10"/);
    expect(html).toMatch(/<input id="f-time" name="time" type="time" value="09:30"/);
    expect(html).toMatch(/<input id="f-toggle" name="toggle" type="checkbox" value="on" checked/);
    expect(html).toContain(`maxlength="20"`);
  });
});

describe("every block kind, in the order the feature built them", () => {
  it("Slack keeps the order, draws the chart as its table and carries link, code, confirm", () => {
    const { blocks } = messageBlocks(everyBlock);
    expect(blocks.map((b) => b.type)).toEqual([
      "header",
      "section", // facts
      "section", // Aanleiding
      "section", // Open afspraken ...
      "section", // ... right above its table
      "section", // chart title
      "section", // chart table
      "context", // the file, uploaded right after the message
      "divider",
      "context",
      "actions",
    ]);
    const all = JSON.stringify(blocks);
    expect(all).toContain("<https://knoop.example/uitleg|de uitleg>");
    expect(all).toContain("`/knoop help`");
    expect(all).toContain("Ilse Bakker");
    expect(all).toContain("&lt;5"); // the suppressed count in the chart's table
    expect(all).toContain("📎 Bijlage: Signalen (CSV) (signalen.csv)");
    const close = ((blocks.at(-1)?.elements ?? []) as Json[])[1];
    expect(close).toMatchObject({
      style: "danger",
      confirm: { style: "danger", title: { text: "Casus afsluiten?" } },
    });
  });

  it("the sandbox keeps the order and marks buttons that open a form or ask first", () => {
    const html = renderMessage(everyBlock, "nl");
    const order = [
      '<h3 class="title">',
      '<dl class="facts">',
      "Aanleiding",
      "Open afspraken",
      "<table>",
      '<figure class="chart"',
      '<p class="file"',
      "<hr>",
      '<p class="note">',
      '<div class="buttons">',
    ];
    const at = order.map((piece) => html.indexOf(piece));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain(
      `<a href="https://knoop.example/uitleg" rel="noopener noreferrer" target="_blank">de uitleg</a>`,
    );
    expect(html).toContain(`<span class="mention">@Ilse Bakker</span>`);
    expect(html).toContain("<td>&lt;5</td>");
    expect(html).toContain(
      `<a href="data:text/csv;charset=utf-8,maand%3Bverzuim%0Asep%3B12%0A" download="signalen.csv">📎 Signalen (CSV) (signalen.csv)</a>`,
    );
    const stored = renderMessage(everyBlock, "nl", {
      id: "m1",
      fileUrl: (i) => `/sandbox/api/files?message=m1&file=${i}`,
    });
    expect(stored).toContain(`<a href="/sandbox/api/files?message=m1&amp;file=0" download="signalen.csv">`);
    expect(html).toMatch(/data-action="case.goal.add"[^>]*data-opens-form/);
    expect(html).toContain(`data-confirm="Casus afsluiten?\n\nDit kan niet terug."`);
  });
});

describe("the chart image path", () => {
  const image = { fileId: "F0000000042", alt: "Grafiek: Signalen per maand." };

  it("Slack shows an uploaded chart as an image block, its table right after it, within the limits", () => {
    const { blocks } = messageBlocks(everyBlock, undefined, undefined, [image]);
    const at = blocks.findIndex((b) => b.type === "image");
    expect(blocks[at]).toMatchObject({
      slack_file: { id: "F0000000042" },
      alt_text: image.alt,
      title: { type: "plain_text", text: "Signalen per maand" },
    });
    expect(blocks[at - 1]?.type).toBe("section"); // "Open afspraken" and its table come before
    expect(JSON.stringify(blocks[at + 1])).toContain("&lt;5"); // the chart's table follows the image
    expect(blockKitViolations({ blocks })).toEqual([]);
    // User text in the chart title stays plain text in the image's title.
    const evilChart = messageBlocks(userText, undefined, undefined, [image]).blocks.find(
      (b) => b.type === "image",
    );
    expect(evilChart?.title).toEqual({ type: "plain_text", text: evil, emoji: false });
  });

  it("the sandbox draws the chart as inline SVG above its table; user text stays escaped", async () => {
    const html = await renderMessageWithCharts(everyBlock, "nl");
    const figure = /<figure class="chart"[^>]*>([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    expect(figure.indexOf("<svg")).toBeGreaterThanOrEqual(0);
    expect(figure.indexOf("<svg")).toBeLessThan(figure.indexOf("<table>"));
    expect(figure).toContain('role="img"');
    const evilHtml = await renderMessageWithCharts(userText, "nl");
    for (const piece of dangerous) expect(evilHtml).not.toContain(piece);
  });
});

describe("reply visibility", () => {
  it("Slack posts a reply for everyone in the channel, and any other reply for the actor only", () => {
    expect(responseType("everyone")).toBe("in_channel");
    expect(responseType("private")).toBe("ephemeral");
    expect(responseType(undefined)).toBe("ephemeral");
  });
});
