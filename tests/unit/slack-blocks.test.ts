import { describe, expect, it } from "vitest";
import { md } from "../../src/chat/inline.ts";
import {
  buttons,
  type FormView,
  facts,
  heading,
  type MessageView,
  message,
  note,
  say,
  table,
  text,
} from "../../src/chat/views.ts";
import {
  actionName,
  english,
  fieldErrors,
  homeView,
  messageBlocks,
  modalView,
  submittedValues,
} from "../../src/surfaces/slack/blocks.ts";
import { blockKitViolations } from "../../src/surfaces/slack/limits.ts";

const long = (n: number) => "x".repeat(n);
const noEpoch = () => null;

describe("Block Kit rendering", () => {
  it("renders every part of a message", () => {
    const view = message(
      heading("Signaal K-2026-0001"),
      text(md`Er is een *signaal* ${"<binnengekomen> & doorgezet"}`),
      facts([{ label: "School", value: "De Regenboog" }]),
      table({ columns: ["Code", "Status"], rows: [["K-2026-0001", "verkennend"]] }),
      note("Alleen zichtbaar voor jou"),
      buttons([
        { action: "meeting.answer", label: "Kan", value: "s1:kan", style: "primary" },
        { action: "meeting.answer", label: "Kan niet", value: "s1:kan_niet" },
      ]),
    );
    const { blocks, text: fallback } = messageBlocks(view);
    expect(blockKitViolations({ blocks })).toEqual([]);
    expect(fallback).toContain("Signaal K-2026-0001");
    expect(blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "context",
      "actions",
    ]);
    expect(JSON.stringify(blocks[1])).toContain("&lt;binnengekomen&gt; &amp; doorgezet");
    const ids = ((blocks[5]?.elements ?? []) as { action_id: string }[]).map((e) => e.action_id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(actionName)).toEqual(["meeting.answer", "meeting.answer"]);
  });

  it("keeps oversized messages within every limit, shortening visibly", () => {
    const rows = { columns: ["A", "B"], rows: Array.from({ length: 500 }, (_, i) => [`rij ${i}`, long(40)]) };
    const view = message(
      heading(long(400)),
      text(long(12_000)),
      facts(Array.from({ length: 600 }, (_, i) => ({ label: `Feit ${i}`, value: long(2500) }))),
      table(rows),
      note(long(5000)),
      buttons(
        Array.from({ length: 60 }, (_, i) => ({
          action: "a",
          label: long(100),
          value: long(3000 + i),
        })),
      ),
    );
    const { blocks } = messageBlocks(view);
    expect(blockKitViolations({ blocks })).toEqual([]);
    const all = JSON.stringify(blocks);
    expect(all).toContain("ingekort");
    expect(blocks.filter((b) => b.type === "actions")).toHaveLength(3); // buttons survive
    const { blocks: tableOnly } = messageBlocks(message(text("Lijst"), table(rows)));
    expect(JSON.stringify(tableOnly)).toMatch(/en nog \d+ rijen/);
  });

  it("renders forms as modals within the limits, with values kept and errors at the fields", () => {
    const form: FormView = {
      id: "signal.create",
      title: "Een signaal melden over een leerling",
      submitLabel: "Signaal versturen naar de kernpartner",
      context: "signal-123",
      intro: "Noem geen namen.",
      fields: [
        {
          name: "pupilRef",
          label: "Leerling",
          kind: "text",
          required: true,
          value: "Jan Jansen",
          error: "Geen naam",
          maxLength: 5000,
        },
        {
          name: "school",
          label: "School",
          kind: "select",
          options: Array.from({ length: 150 }, (_, i) => ({ value: `s${i}`, label: long(90) })),
        },
        {
          name: "domain",
          label: "Domein",
          kind: "select",
          options: [{ value: "verzuim", label: "Verzuim" }],
          value: "verzuim",
        },
        {
          name: "partners",
          label: "Partners",
          kind: "multiselect",
          options: [
            { value: "p1", label: "Lotte" },
            { value: "p2", label: "Bas" },
          ],
          value: ["p2"],
        },
        { name: "when", label: "Datum", kind: "date", value: "2026-11-25" },
        { name: "slot", label: "Tijd", kind: "datetime", value: "2026-11-25T14:00" },
        { name: "who", label: "Account", kind: "person", value: "U123" },
      ],
    };
    const view = modalView(form, () => 1_795_000_000);
    expect(blockKitViolations({ view })).toEqual([]);
    const byId = Object.fromEntries(
      view.blocks.map((b) => [b.block_id, b.element as Record<string, unknown>]),
    );
    expect(byId.pupilRef?.initial_value).toBe("Jan Jansen");
    expect(byId.school?.type).toBe("external_select"); // too many options for a static select
    expect(byId.domain?.initial_option).toMatchObject({ value: "verzuim" });
    expect(byId.partners?.initial_options).toEqual([expect.objectContaining({ value: "p2" })]);
    expect(byId.when?.initial_date).toBe("2026-11-25");
    expect(byId.slot?.initial_date_time).toBe(1_795_000_000);
    expect(byId.who?.initial_user).toBe("U123");
    expect(fieldErrors(form)).toEqual({ pupilRef: "Geen naam" });
    expect(modalView({ ...form, fields: [] }, noEpoch).title.text).toHaveLength(24);
  });

  it("reads a submission's state back into form values", () => {
    const values = submittedValues(
      {
        pupilRef: { value: { type: "plain_text_input", value: "JJ2015" } },
        domain: { value: { type: "static_select", selected_option: { value: "verzuim" } } },
        partners: {
          value: { type: "multi_static_select", selected_options: [{ value: "p1" }, { value: "p2" }] },
        },
        when: { value: { type: "datepicker", selected_date: "2026-11-25" } },
        slot: { value: { type: "datetimepicker", selected_date_time: 1_795_000_000 } },
        who: { value: { type: "users_select", selected_user: "U1" } },
        empty: { value: { type: "static_select", selected_option: null } },
      },
      (s) => `local:${s}`,
    );
    expect(values).toEqual({
      pupilRef: "JJ2015",
      domain: "verzuim",
      partners: ["p1", "p2"],
      when: "2026-11-25",
      slot: "local:1795000000",
      who: "U1",
      empty: "",
    });
  });

  it("escapes tables, splits long escaped text without losing it, and never sends an empty text", () => {
    const { blocks } = messageBlocks(
      message(text(md`*${"&".repeat(4000)}*`), table({ columns: ["Naam"], rows: [["<b>"]] })),
    );
    expect(blockKitViolations({ blocks })).toEqual([]);
    const sections = blocks.filter((b) => b.type === "section").map((b) => (b.text as { text: string }).text);
    expect(sections.slice(0, -1).join("")).toBe(`*${"&amp;".repeat(4000)}*`); // all of it, in pieces
    expect(sections.at(-1)).toContain("&lt;b&gt;");
    // Plain text goes into plain_text sections, unescaped and whole.
    const plainOnly = messageBlocks(say("&".repeat(4000))).blocks.map(
      (b) => b.text as { type: string; text: string },
    );
    expect(plainOnly.every((t) => t.type === "plain_text")).toBe(true);
    expect(plainOnly.map((t) => t.text).join("")).toBe("&".repeat(4000));
    expect(messageBlocks(say("")).text).toBe(" ");
  });

  it("keeps chosen values of searchable selects, and closes modals in Dutch (or English)", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ value: `s${i}`, label: `School ${i}` }));
    const form: FormView = {
      id: "f",
      title: "Formulier",
      submitLabel: "Versturen",
      fields: [
        { name: "school", label: "School", kind: "select", options: many, value: "s7" },
        { name: "more", label: "Meer", kind: "multiselect", options: many, value: ["s1", "s2"] },
        { name: "none", label: "Leeg", kind: "select", options: [] },
      ],
    };
    const view = modalView(form, noEpoch);
    expect(blockKitViolations({ view })).toEqual([]);
    const el = (i: number) => view.blocks[i]?.element as Record<string, unknown>;
    expect(el(0)).toMatchObject({ type: "external_select", initial_option: { value: "s7" } });
    expect(el(1)).toMatchObject({ type: "multi_external_select" });
    expect(el(1).initial_options).toHaveLength(2);
    expect(el(2).type).toBe("external_select"); // a static select without options is refused by Slack
    expect(view.close.text).toBe("Annuleren");
    expect(modalView(form, noEpoch, english).close.text).toBe("Cancel");
  });

  it("renders an App Home tab of several messages within the view limit of 100 blocks", () => {
    const item = (i: number): MessageView =>
      message(
        heading(`Signaal ${i}`),
        text("Verzuim"),
        buttons([{ action: "signal.take", label: "Oppakken", value: String(i) }]),
      );
    const home = homeView(Array.from({ length: 40 }, (_, i) => item(i)));
    expect(home.type).toBe("home");
    expect(home.blocks).toHaveLength(100);
    expect(blockKitViolations({ blocks: home.blocks, kind: "home" })).toEqual([]);
    expect(JSON.stringify(home.blocks.at(-1))).toContain("ingekort");
  });

  it("the limits check catches what Slack would reject", () => {
    expect(blockKitViolations({ blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) })).toEqual([
      "blocks: 51 > 50",
    ]);
    expect(
      blockKitViolations({
        blocks: [
          {
            type: "actions",
            elements: [
              { type: "button", action_id: "a", text: { text: long(76) } },
              { type: "button", action_id: "a", text: { text: "b" } },
            ],
          },
        ],
      }),
    ).toEqual(["blocks[0](actions): duplicate action_id", "blocks[0](actions).elements[0].text: 76 > 75"]);
  });
});
