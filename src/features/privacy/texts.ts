import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

type Counts = { cases: number; signals: number; thuiszitters: number };

export const privacyTexts = defineTexts(
  {
    usage: md`Gebruik: \`/knoop privacy inzage <leerlingreferentie> <school>\`, \`/knoop privacy wissen <leerlingreferentie> <school>\` (voor de privacyfunctionaris) of \`/knoop privacy bewaartermijn [maanden]\`, \`/knoop privacy bewaartermijn audit [maanden]\` (voor beheerders). De school is de vestigingscode (bijv. 06XX00), het BRIN-nummer of de naam.`,
    onlyOfficer:
      "Alleen de privacyfunctionaris van het samenwerkingsverband kan inzage geven of gegevens wissen. Vraag een beheerder wie dat is.",
    onlyAdmin: "Alleen een beheerder kan de bewaartermijn instellen.",
    unknownSchool: md`Die school ken ik niet in dit samenwerkingsverband. Zet de vestigingscode (bijv. 06XX00), het BRIN-nummer of de naam van de school achter de leerlingreferentie.`,
    ambiguousSchool: (p: { name: string }) =>
      md`Er zijn meer scholen met de naam ${p.name}: gebruik de vestigingscode (bijv. 06XX00).`,
    badRef:
      "Dat is geen geldige leerlingreferentie: gebruik het leerlingnummer of initialen + geboortejaar, nooit een naam.",
    seeDm: "Klaar: het resultaat staat in je privébericht van Knoop.",
    inzageTitle: (p: { ref: string; school: string }) => `Inzage ${p.ref}, ${p.school}`,
    inzageSummary: (p: Counts & { audit: number }) =>
      `${p.signals} signalen, ${p.cases} casussen, ${p.thuiszitters} thuiszittersdossiers en ${p.audit} auditregels. Het JSON-bestand is volledig; het CSV-bestand geeft dezelfde gegevens per regel, te openen in een spreadsheet.`,
    inzageNote:
      "Bevat leerlinggegevens: alleen voor het inzageverzoek (AVG artikel 15). Bewaar of deel het niet verder dan nodig.",
    jsonTitle: "Inzage: alle gegevens (JSON)",
    csvTitle: "Inzage: leesbaar overzicht (CSV)",
    tooLarge:
      "Het overzicht is te groot voor één bericht. Vraag de beheerder van Knoop om een export via de server.",
    eraseTitle: (p: { ref: string; school: string }) => `Wissen ${p.ref}, ${p.school}`,
    erasePlan: (p: Counts) =>
      `Wordt gewist (geanonimiseerd: leerlingreferentie, vrije tekst en koppelingen aan personen): ${p.cases} afgesloten casussen, ${p.signals} afgehandelde signalen, ${p.thuiszitters} beëindigde thuiszittersdossiers. Codes, data, statussen en uitkomsten blijven voor de overzichten.`,
    eraseOpen: (p: Counts) =>
      `Blijft bewaard omdat het nog loopt (AVG artikel 17 lid 3): ${p.cases} casussen, ${p.signals} signalen, ${p.thuiszitters} thuiszittersdossiers. Sluit ze eerst af en wis daarna opnieuw.`,
    eraseNothing: "Er is niets te wissen voor deze leerling op deze school.",
    eraseButton: "Wissen",
    confirmTitle: "Gegevens wissen?",
    confirmText: "Dit kan niet ongedaan worden gemaakt.",
    confirmYes: "Ja, wissen",
    confirmNo: "Annuleren",
    stale: md`Deze knop is verouderd: de gegevens zijn intussen veranderd of al gewist. Vraag opnieuw \`/knoop privacy wissen\` om de huidige stand te zien.`,
    erased: (p: Counts) =>
      `Gewist: ${p.cases} casussen, ${p.signals} signalen, ${p.thuiszitters} thuiszittersdossiers. Vastgelegd in het auditlog.`,
    retentionShow: (p: { months: number; audit: number }) =>
      `Bewaartermijn: ${p.months} maanden na afsluiten, daarna worden casussen, signalen en thuiszittersdossiers geanonimiseerd. Auditregels: ${p.audit} maanden.`,
    retentionBad: (p: { min: number; max: number }) =>
      `Geef een aantal maanden van ${p.min} tot en met ${p.max}.`,
    retentionSet: (p: { months: number; audit: number }) =>
      `Opgeslagen. Bewaartermijn: ${p.months} maanden na afsluiten; auditregels: ${p.audit} maanden.`,
  },
  {
    usage: md`Usage: \`/knoop privacy inzage <pupil reference> <school>\`, \`/knoop privacy wissen <pupil reference> <school>\` (privacy officer) or \`/knoop privacy bewaartermijn [months]\`, \`/knoop privacy bewaartermijn audit [months]\` (administrators). The school is the location code (e.g. 06XX00), the BRIN number or the name.`,
    onlyOfficer:
      "Only the SWV's privacy officer can give access to or erase pupil data. Ask an administrator who that is.",
    onlyAdmin: "Only an administrator can set the retention period.",
    unknownSchool: md`I do not know that school in this SWV. Put the location code (e.g. 06XX00), the BRIN number or the school's name after the pupil reference.`,
    ambiguousSchool: (p) =>
      md`More than one school is called ${p.name}: use the location code (e.g. 06XX00).`,
    badRef:
      "That is not a valid pupil reference: use the pupil number or initials + year of birth, never a name.",
    seeDm: "Done: the result is in your direct message from Knoop.",
    inzageTitle: (p) => `Access request ${p.ref}, ${p.school}`,
    inzageSummary: (p) =>
      `${p.signals} signals, ${p.cases} cases, ${p.thuiszitters} out-of-school records and ${p.audit} audit entries. The JSON file is complete; the CSV file has the same data line by line, for a spreadsheet.`,
    inzageNote:
      "Contains pupil data: only for the access request (GDPR article 15). Do not keep or share it beyond need.",
    jsonTitle: "Access request: all data (JSON)",
    csvTitle: "Access request: readable overview (CSV)",
    tooLarge:
      "The overview is too large for one message. Ask Knoop's administrator for an export on the server.",
    eraseTitle: (p) => `Erase ${p.ref}, ${p.school}`,
    erasePlan: (p) =>
      `Will be erased (anonymised: pupil reference, free text and links to people): ${p.cases} closed cases, ${p.signals} handled signals, ${p.thuiszitters} ended out-of-school records. Codes, dates, states and outcomes stay for the digests.`,
    eraseOpen: (p) =>
      `Kept because still running (GDPR article 17(3)): ${p.cases} cases, ${p.signals} signals, ${p.thuiszitters} out-of-school records. Close them first, then erase again.`,
    eraseNothing: "There is nothing to erase for this pupil at this school.",
    eraseButton: "Erase",
    confirmTitle: "Erase the data?",
    confirmText: "This cannot be undone.",
    confirmYes: "Yes, erase",
    confirmNo: "Cancel",
    stale: md`This button is out of date: the data changed or was erased already. Run \`/knoop privacy wissen\` again to see the current state.`,
    erased: (p) =>
      `Erased: ${p.cases} cases, ${p.signals} signals, ${p.thuiszitters} out-of-school records. Recorded in the audit log.`,
    retentionShow: (p) =>
      `Retention period: ${p.months} months after closing; then cases, signals and out-of-school records are anonymised. Audit entries: ${p.audit} months.`,
    retentionBad: (p) => `Give a number of months from ${p.min} to ${p.max}.`,
    retentionSet: (p) =>
      `Saved. Retention period: ${p.months} months after closing; audit entries: ${p.audit} months.`,
  },
);
