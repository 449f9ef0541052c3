import { describe, expect, it } from "vitest";
import { buttons, chart, count, message, personalised, say, text } from "../../src/chat/views.ts";
import { formCard, formValues, messageCard, withOrigin } from "../../src/surfaces/teams/cards.ts";
import { commandWords } from "../../src/surfaces/teams/listeners.ts";
import { isRefresh, MAX_REFRESH_USERS, refreshOf } from "../../src/surfaces/teams/refresh.ts";
import { adaptiveCardProblems } from "../support/adaptive-cards.ts";
import { everyBlock, everyField, evil, userText } from "../support/view-fixtures.ts";

type Json = Record<string, unknown>;

describe("Teams cards", () => {
  it("keeps the blocks' order; links open, code is monospace, a mention shows the name", () => {
    const card = messageCard(everyBlock, "nl");
    expect(card.version).toBe("1.5");
    const types = card.body.map((b) => b.type);
    expect(types).toEqual([
      "RichTextBlock", // heading
      "Table", // facts
      "RichTextBlock", // Aanleiding
      "RichTextBlock", // Zie de uitleg ...
      "RichTextBlock", // Open afspraken
      "Table",
      "RichTextBlock", // chart title: a suppressed count, so its table only
      "Table",
      "RichTextBlock", // file: named, since a bot cannot attach a file to a card
      "Container", // divider
      "RichTextBlock", // note
      "ActionSet",
    ]);
    const all = JSON.stringify(card);
    expect(all).toContain('"selectAction":{"type":"Action.OpenUrl","url":"https://knoop.example/uitleg"}');
    expect(all).toContain('"text":"/knoop help","fontType":"Monospace"');
    expect(all).toContain('"text":"Ilse Bakker","weight":"Bolder"');
    expect(all).toContain('"text":"<5"');
  });

  it("buttons: Action.Execute with verb and data; a form opens as a dialog (task/fetch); a confirmation asks first", () => {
    const [set] = messageCard(everyBlock, "nl").body.slice(-1) as Json[];
    const [open, close] = (set?.actions ?? []) as Json[];
    expect(open).toMatchObject({
      type: "Action.Submit",
      style: "positive",
      data: { verb: "case.goal.add", value: "c1", msteams: { type: "task/fetch" } },
    });
    expect(close).toMatchObject({ type: "Action.ShowCard", title: "Afsluiten", style: "destructive" });
    const inner = ((close?.card as Json | undefined)?.actions ?? []) as Json[];
    expect(inner[0]).toMatchObject({
      type: "Action.Execute",
      verb: "case.close",
      data: { verb: "case.close", value: "c1" },
    });
    expect(JSON.stringify(close)).toContain("Casus afsluiten?");
  });

  it("draws a chart natively (Chart.VerticalBar, Chart.Line) with a fallback, the table always after it", () => {
    const one = chart({
      title: "Per maand",
      categories: ["sep", "okt"],
      series: [{ name: "Verzuim", values: [count(12), count(7)] }],
      unit: "",
    });
    const bar = messageCard(message(one), "nl").body;
    expect(bar[0]).toMatchObject({
      type: "Chart.VerticalBar",
      title: "Per maand",
      data: [
        { x: "sep", y: 12 },
        { x: "okt", y: 7 },
      ],
      fallback: { type: "TextBlock" },
    });
    expect(bar[1]?.type).toBe("Table");
    const two = chart({
      title: "Twee",
      categories: ["sep", "okt"],
      series: [
        { name: "A", values: [count(12), count(7)] },
        { name: "B", values: [count(5), count(9)] },
      ],
      unit: "",
    });
    const line = messageCard(message(two), "nl");
    expect(line.body[0]).toMatchObject({ type: "Chart.Line", data: [{ legend: "A" }, { legend: "B" }] });
    expect(adaptiveCardProblems(line)).toEqual([]);
  });

  it("never puts user text in a TextBlock (Teams parses markdown there); TextRuns show it as typed", () => {
    const card = JSON.stringify(messageCard(userText, "nl"));
    expect(card).not.toMatch(/"type":"TextBlock","text":"[^"]*vet/);
    expect(card.split(JSON.stringify(evil)).length - 1).toBeGreaterThanOrEqual(8);
  });

  it("forms: every field kind, its value kept and its error under it", () => {
    const withErrors = {
      ...everyField,
      fields: everyField.fields.map((f) => ({ ...f, error: `Fout bij ${f.label}` })),
    };
    const card = formCard(withErrors, "nl");
    expect(adaptiveCardProblems(card)).toEqual([]);
    const byId = Object.fromEntries(card.body.filter((b) => b.id).map((b) => [b.id, b]));
    expect(byId.text).toMatchObject({ type: "Input.Text", maxLength: 20, value: evil, isRequired: true });
    expect(byId.area).toMatchObject({ type: "Input.Text", isMultiline: true });
    expect(byId.multi).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: true, value: "o1,o3" });
    expect(byId.datetime).toMatchObject({ type: "Input.Date", value: "2026-11-25" });
    expect(byId.datetime__time).toMatchObject({ type: "Input.Time", value: "14:00" });
    expect(byId.number).toMatchObject({ type: "Input.Number", min: 0, max: 10, value: 4 });
    expect(byId.toggle).toMatchObject({ type: "Input.Toggle", valueOn: "on", value: "on" });
    const errors = JSON.stringify(card).match(/"color":"Attention"/g) ?? [];
    expect(errors).toHaveLength(everyField.fields.length);
    const kinds = Object.fromEntries(everyField.fields.map((f) => [f.name, f.kind]));
    expect(
      formValues({ multi: "o1,o3", datetime: "2026-11-25", datetime__time: "14:00", text: "x" }, kinds),
    ).toMatchObject({
      multi: ["o1", "o3"],
      datetime: "2026-11-25T14:00",
      text: "x",
      toggle: "",
    });
  });

  it("buttons come in rows of at most 5 (what Teams shows)", () => {
    const many = message(
      text("x"),
      buttons(Array.from({ length: 7 }, (_, i) => ({ action: "a", label: `b${i}` }))),
    );
    const sets = messageCard(many, "nl").body.filter((b) => b.type === "ActionSet");
    expect(sets.map((s) => (s.actions as unknown[]).length)).toEqual([5, 2]);
  });
});

describe("Teams commands: one parser for the 1:1 chat, channels and group chats", () => {
  it.each([
    ["knoop casus K-1", ["casus", "K-1"]],
    ["KNOOP help", ["help"]],
    ["/knoop signaal", ["signaal"]],
    ["<at>Knoop</at> casus lijst", ["casus", "lijst"]],
    ["<p><at>Knoop</at>&nbsp;help</p>", ["help"]],
    ["help", ["help"]],
    ["knoopje", ["knoopje"]],
    ["", []],
  ])("%j -> %j", (raw, words) => {
    expect(commandWords(raw)).toEqual(words);
  });
});

describe("user-specific views and form origins", () => {
  it("a message with a per-person view gets a valid refresh for at most 60 people; others none", () => {
    const shared = personalised(say("Overleg gepland"), "meeting.view", "m1");
    const ids = Array.from({ length: 70 }, (_, i) => `29:p${i}`);
    const card = messageCard(shared, "nl", refreshOf(shared, [...ids, "29:p0"]));
    expect(adaptiveCardProblems(card)).toEqual([]);
    const refresh = card.refresh as { action: Record<string, unknown>; userIds: string[] };
    expect(refresh.action).toEqual({
      type: "Action.Execute",
      verb: "meeting.view",
      data: { verb: "meeting.view", value: "m1" },
    });
    expect(refresh.userIds).toEqual(ids.slice(0, MAX_REFRESH_USERS));
    expect(refreshOf(say("gewoon"), ids)).toEqual({});
    expect(refreshOf(shared, [])).toEqual({});
    expect(isRefresh({ trigger: "automatic" })).toBe(true);
    expect(isRefresh({ trigger: "manual" })).toBe(false);
  });

  it("withOrigin marks only the buttons that open a form", () => {
    const view = message(
      buttons([
        { action: "people.add", label: "Toevoegen", opensForm: true },
        { action: "case.show", label: "Bekijk", value: "c1" },
      ]),
    );
    const card = withOrigin(messageCard(view, "nl"), "19:team@thread.tacv2");
    expect(adaptiveCardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain(
      '"verb":"people.add","msteams":{"type":"task/fetch"},"from":"19:team@thread.tacv2"',
    );
    expect(text).toContain('"data":{"verb":"case.show","value":"c1"}');
    expect(withOrigin(messageCard(view, "nl"), undefined)).toEqual(messageCard(view, "nl"));
  });
});
