import { link, md, mention } from "../../src/chat/inline.ts";
import {
  buttons,
  chart,
  count,
  divider,
  type Field,
  type FormView,
  facts,
  file,
  heading,
  type MessageView,
  message,
  note,
  table,
  text,
} from "../../src/chat/views.ts";

/** The views every renderer must handle (Slack and the sandbox now; Teams joins later): each
 * renderer's contract test renders all of them. */

/** What a user might type to break out of plain text: formatting, HTML, Slack mentions and links. */
export const evil = "*vet* _schuin_ ~door~ `code` <b>x</b> & <!channel> <@U123> <https://evil|klik> &amp;";
/** Pieces of `evil` that must never reach a renderer's output as they are (they would be markup). */
export const dangerous = ["<!channel>", "<@U123>", "<https://evil|klik>", "<b>"];

/** Every block kind, with every kind of inline run, in an order no fixed-slot renderer would use. */
export const everyBlock: MessageView = message(
  heading("Knooppunt K-2026-0001"),
  facts([
    { label: "School", value: "De Regenboog" },
    { label: "Regisseur", value: "Ilse Bakker" },
  ]),
  text(
    md`*Aanleiding*`,
    md`Zie ${link("https://knoop.example/uitleg", "de uitleg")}, typ \`/knoop help\` of vraag ${mention("p1", "Ilse Bakker")}.`,
  ),
  text(md`*Open afspraken*`),
  table({ columns: ["Afspraak", "Eigenaar"], rows: [["Huisbezoek", "Lotte Peters"]] }),
  chart({
    title: "Signalen per maand",
    categories: ["sep", "okt", "nov"],
    series: [{ name: "Verzuim", values: [count(12), count(3), count(7)] }],
    unit: "signalen",
  }),
  file({
    name: "signalen.csv",
    mediaType: "text/csv",
    data: "maand;verzuim\nsep;12\n",
    title: "Signalen (CSV)",
  }),
  divider,
  note("Alleen zichtbaar voor jou"),
  buttons([
    { action: "case.goal.add", label: "Doel toevoegen", value: "c1", style: "primary", opensForm: true },
    {
      action: "case.close",
      label: "Afsluiten",
      value: "c1",
      style: "danger",
      confirm: {
        title: "Casus afsluiten?",
        text: "Dit kan niet terug.",
        confirm: "Afsluiten",
        deny: "Terug",
      },
    },
  ]),
);

/** User text in every place a view carries text. */
export const userText: MessageView = message(
  heading(evil),
  text(evil),
  text(md`Casus *K-2026-0001* is geopend door ${evil}.`),
  facts([{ label: evil, value: evil }]),
  table({ columns: [evil], rows: [[evil]] }),
  chart({ title: evil, categories: [evil], series: [{ name: evil, values: [count(9)] }], unit: evil }),
  file({ name: evil, mediaType: "text/csv", data: evil, title: evil }),
  note(evil),
  buttons([
    {
      action: "a",
      label: evil,
      value: evil,
      confirm: { title: evil, text: evil, confirm: evil, deny: evil },
    },
  ]),
);

const long = (n: number) => "lang ".repeat(n / 5);

/** More than any surface shows at once. */
export const longContent: MessageView = message(
  heading(long(400)),
  text(long(12_000)),
  text(md`*${long(4000)}*`),
  facts(Array.from({ length: 60 }, (_, i) => ({ label: `Feit ${i}`, value: long(2500) }))),
  table({ columns: ["A", "B"], rows: Array.from({ length: 400 }, (_, i) => [`rij ${i}`, long(40)]) }),
  note(long(5000)),
  buttons(
    Array.from({ length: 40 }, (_, i) => ({
      action: "a",
      label: long(100),
      value: long(3000 + i),
      confirm: { title: long(200), text: long(400), confirm: long(40), deny: long(40) },
    })),
  ),
);

export const allMessages = { everyBlock, userText, longContent };

const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: `Optie ${i}` }));
const withError = (field: Field): Field => ({ ...field, error: `Fout bij ${field.label}: ${evil}` });

/** Every field kind, each with a value and an error. */
export const everyField: FormView = {
  id: "fixture.fields",
  title: "Alle soorten velden",
  submitLabel: "Opslaan",
  context: evil,
  intro: md`Vul *alles* in. ${evil}`,
  fields: [
    { name: "text", label: "Tekst", kind: "text", required: true, maxLength: 20, value: evil },
    { name: "area", label: "Lange tekst", kind: "textarea", maxLength: 5000, value: evil, hint: evil },
    { name: "select", label: "Keuze", kind: "select", options: options(5), value: "o2" },
    { name: "multi", label: "Meer keuzes", kind: "multiselect", options: options(5), value: ["o1", "o3"] },
    { name: "date", label: "Datum", kind: "date", value: "2026-11-25" },
    { name: "datetime", label: "Tijdstip", kind: "datetime", value: "2026-11-25T14:00" },
    { name: "person", label: "Persoon", kind: "person", options: options(3), value: "o1" },
    { name: "number", label: "Aantal", kind: "number", min: 0, max: 10, value: "4" },
    { name: "time", label: "Tijd", kind: "time", value: "09:30" },
    { name: "toggle", label: "Ouders akkoord", kind: "toggle", value: "on" },
  ].map((f) => withError(f as Field)),
};

/** Choice lists at and over the size a surface shows in full. */
export const manyOptions: FormView = {
  id: "fixture.options",
  title: "Lange lijsten",
  submitLabel: "Kiezen",
  fields: [
    { name: "hundred", label: "Honderd", kind: "select", options: options(100), value: "o99" },
    { name: "more", label: "Meer", kind: "multiselect", options: options(150), value: ["o1", "o140"] },
  ],
};

export const allForms = { everyField, manyOptions };
