import { describe, expect, it } from "vitest";
import { md } from "../../src/chat/inline.ts";
import {
  buttons,
  type FormView,
  facts,
  heading,
  message,
  note,
  say,
  table,
  text,
} from "../../src/chat/views.ts";
import { escapeHtml, inline, renderForm, renderMessage } from "../../src/surfaces/sandbox/render-html.ts";

const evil = `<script>alert("x")</script>&'`;
const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";

describe("sandbox HTML renderer: messages", () => {
  it("escapes every piece of content", () => {
    expect(escapeHtml(evil)).toBe(escaped);
    const html = renderMessage(
      message(
        heading(evil),
        text(evil),
        facts([{ label: evil, value: evil }]),
        table({ columns: [evil], rows: [[evil]] }),
        buttons([{ action: `a"><b>`, label: evil, value: `v"><i>` }]),
        note(evil),
      ),
      "nl",
      { id: `1"><x>` },
    );
    expect(html).not.toMatch(/<script|<b>|<i>|<x>/);
    expect(html.split(escaped).length - 1).toBe(8); // title, text, fact label + value, column, cell, button, note
    expect(html).toContain(`data-action="a&quot;&gt;&lt;b&gt;"`);
    expect(html).toContain(`data-value="v&quot;&gt;&lt;i&gt;"`);
    expect(html).toContain(`data-message-id="1&quot;&gt;&lt;x&gt;"`);
  });

  it("renders *bold*, `code` and line breaks, and nothing else as markup", () => {
    expect(inline(md`Casus *${"K-2026-0001"}* via \`/knoop casus\`\nklaar ${"<b>"}`)).toBe(
      "Casus <strong>K-2026-0001</strong> via <code>/knoop casus</code><br>klaar &lt;b&gt;",
    );
  });

  it("renders every part of a message view", () => {
    const html = renderMessage(
      message(
        heading("Nieuw signaal"),
        text(md`Er is een *signaal* voor je.`),
        facts([{ label: "School", value: "De Driesprong" }]),
        table({ columns: ["Tijd", "Kan"], rows: [["ma 10:00", "3"]] }),
        buttons([
          { action: "signal.take", label: "Oppakken", value: "s1", style: "primary" },
          { action: "signal.forward", label: "Doorzetten" },
        ]),
        note("Alleen zichtbaar voor jou"),
      ),
      "nl",
      { id: "m1", time: "ma 23 nov. 2026 09:00" },
    );
    expect(html).toContain(`data-testid="message" data-message-id="m1"`);
    expect(html).toContain(`<p class="meta">Knoop · ma 23 nov. 2026 09:00</p>`);
    expect(html).toContain(`<h3 class="title">Nieuw signaal</h3>`);
    expect(html).toContain("Er is een <strong>signaal</strong> voor je.");
    expect(html).toContain("<dt>School</dt><dd>De Driesprong</dd>");
    expect(html).toContain(`<th scope="col">Tijd</th><th scope="col">Kan</th>`);
    expect(html).toContain("<td>ma 10:00</td><td>3</td>");
    expect(html).toContain(
      `<button type="button" class="btn primary" data-action="signal.take" data-value="s1">Oppakken</button>`,
    );
    expect(html).toContain(`<button type="button" class="btn" data-action="signal.forward" data-value="">`);
    expect(html).toContain(`<p class="note">Alleen zichtbaar voor jou</p>`);
  });

  it("marks a reply as visible to the actor only, in Dutch", () => {
    const html = renderMessage(say("Hoi"), "nl", { ephemeral: true, time: "09:00" });
    expect(html).toContain(`class="message ephemeral"`);
    expect(html).toContain("Alleen zichtbaar voor jou · 09:00");
    expect(renderMessage(say("Hi"), "en", { ephemeral: true })).toContain("Only visible to you");
  });
});

const many = Array.from({ length: 12 }, (_, i) => ({ value: `s${i}`, label: `School ${i}` }));

const form: FormView = {
  id: "signal.create",
  title: "Signaal melden",
  submitLabel: "Melden",
  context: `ctx"<1>`,
  intro: md`Noem *geen* naam.`,
  fields: [
    { name: "school", label: "School", kind: "select", required: true, options: many },
    {
      name: "pupil",
      label: "Leerling",
      kind: "text",
      required: true,
      hint: "Leerlingnummer of initialen + geboortejaar",
      placeholder: "bv. JD2016",
      maxLength: 20,
    },
    { name: "what", label: "Wat valt op", kind: "textarea" },
    {
      name: "domain",
      label: "Domein",
      kind: "select",
      options: [
        { value: "verzuim", label: "Verzuim" },
        { value: "gezin", label: "Gezin" },
      ],
    },
    { name: "partners", label: "Deelnemers", kind: "multiselect", options: many },
    { name: "day", label: "Datum", kind: "date" },
    { name: "slot", label: "Tijdstip", kind: "datetime" },
    { name: "owner", label: "Eigenaar", kind: "person", options: [{ value: "p1", label: "Eva" }] },
  ],
};

describe("sandbox HTML renderer: forms", () => {
  it("renders a typed, labelled input for every field kind", () => {
    const html = renderForm(form, "nl");
    expect(html).toContain(`data-form-id="signal.create" data-context="ctx&quot;&lt;1&gt;"`);
    expect(html).toContain(`<h2 id="form-title">Signaal melden</h2>`);
    expect(html).toContain(`<p class="intro">Noem <strong>geen</strong> naam.</p>`);
    expect(html).toContain(`<label for="f-school">School <span class="required">(verplicht)</span></label>`);
    expect(html).toMatch(/<select id="f-school" name="school" required>/);
    expect(html).toMatch(
      /<input id="f-pupil" name="pupil" type="text" value="" placeholder="bv. JD2016" maxlength="20" aria-describedby="f-pupil-hint" required>/,
    );
    expect(html).toContain(
      `<p class="hint" id="f-pupil-hint">Leerlingnummer of initialen + geboortejaar</p>`,
    );
    expect(html).toContain(`<textarea id="f-what" name="what">`);
    expect(html).toContain(`<input id="f-day" name="day" type="date" value="">`);
    expect(html).toContain(`<input id="f-slot" name="slot" type="datetime-local" value="">`);
    expect(html).toContain(
      `<select id="f-owner" name="owner"><option value="">—</option><option value="p1">Eva</option>`,
    );
    expect(html).toContain(
      `<fieldset class="field" data-field="partners" data-kind="multiselect"><legend>Deelnemers</legend>`,
    );
    expect(html).toContain(`<input type="checkbox" id="f-partners-0" name="partners" value="s0"> School 0`);
    expect(html).toContain(`<button type="submit" class="btn primary">Melden</button>`);
    expect(html).toContain(">Annuleren</button>");
  });

  it("makes long choice lists searchable, short ones not", () => {
    const html = renderForm(form, "nl");
    expect(html).toContain(`aria-label="School: Zoeken in de lijst"`);
    expect(html).toContain(`aria-label="Deelnemers: Zoeken in de lijst"`);
    expect(html).not.toContain(`aria-label="Domein: Zoeken in de lijst"`);
  });

  it("shows each error under its field and keeps the values entered", () => {
    const invalid: FormView = {
      ...form,
      fields: form.fields.map((f) => {
        const values: Record<string, string | string[]> = {
          school: "s3",
          pupil: "<Jan>",
          what: "Vaak <afwezig>",
          domain: "gezin",
          partners: ["s1", "s2"],
          day: "2026-12-01",
          slot: "2026-12-01T10:30",
          owner: "p1",
        };
        return { ...f, value: values[f.name], error: f.name === "pupil" ? "Geen namen <hier>" : undefined };
      }),
    };
    const html = renderForm(invalid, "nl");
    expect(html).toContain(`<option value="s3" selected>School 3</option>`);
    expect(html).toContain(`value="&lt;Jan&gt;" placeholder="bv. JD2016" maxlength="20"`);
    expect(html).toContain(`aria-describedby="f-pupil-hint f-pupil-error" aria-invalid="true"`);
    expect(html).toContain(`<p class="error" id="f-pupil-error">Geen namen &lt;hier&gt;</p>`);
    expect(html.indexOf("f-pupil-error")).toBeLessThan(html.indexOf(`data-field="what"`));
    expect(html).toContain(">Vaak &lt;afwezig&gt;</textarea>");
    expect(html).toContain(`<option value="gezin" selected>Gezin</option>`);
    expect(html).toContain(`value="s1" checked>`);
    expect(html).toContain(`value="s2" checked>`);
    expect(html).not.toContain(`value="s3" checked>`);
    expect(html).toContain(`type="date" value="2026-12-01"`);
    expect(html).toContain(`type="datetime-local" value="2026-12-01T10:30"`);
    expect(html).toContain(`<option value="p1" selected>Eva</option>`);
    expect(html.match(/class="error"/g)).toHaveLength(1);
  });
});
