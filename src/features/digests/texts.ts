import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

export const digestTexts = defineTexts(
  {
    title: (p: { audience: string; period: string }) => `Overzicht ${p.audience}: ${p.period}`,
    swvAudience: (p: { name: string }) => p.name,
    boardAudience: (p: { name: string; number: string }) => `${p.name} (bestuur ${p.number})`,
    total: "Totaal",
    tableSignals: "Signalen per domein",
    tableCases: "Knooppunten per vorm",
    tableOutcomes: "Afgesloten knooppunten per uitkomst",
    tableSchools: "Per school",
    tableIndicators: "Indicatoren",
    colNew: "Nieuw",
    colOpen: "Open (eind periode)",
    colHandled: "Afgehandeld",
    colOpened: "Geopend",
    colRunning: "Lopend (eind periode)",
    colClosed: "Afgesloten",
    colNewSignals: "Nieuwe signalen",
    colIndicator: "Indicator",
    colValue: "Waarde",
    colPrevious: "Vorige periode",
    colYearAgo: "Jaar eerder",
    colNorm: "Norm",
    trendTitle: "Verloop over de laatste zes perioden",
    breakdownTitle: "Nieuwe signalen per domein",
    seriesSignals: "Nieuwe signalen",
    seriesCases: "Geopende knooppunten",
    seriesThuiszitters: "Thuiszitters",
    unitCount: "aantal",
    unitDays: "dagen",
    unitPercent: "%",
    unitPer1000: "per 1.000 leerlingen",
    notShown: "niet getoond",
    lessThan5: "minder dan 5",
    normMet: "gehaald",
    normMissed: "niet gehaald",
    normUnknown: "onbekend",
    legend:
      "<5: een aantal van 1 tot en met 4. x: verborgen zodat een klein aantal niet uit het totaal te berekenen is. Percentages en doorlooptijden op basis van minder dan 5 worden niet getoond. Nooit gegevens van leerlingen.",
    // The story
    storyOpening: (p: {
      period: string;
      signals: string;
      cases: string;
      previous: string;
      prevSignals: string;
    }) =>
      `In ${p.period} kwamen ${p.signals} nieuwe signalen binnen (${p.previous}: ${p.prevSignals}) en werden ${p.cases} knooppunten geopend.`,
    storyUp: (p: { name: string; from: string; to: string }) =>
      `${p.name}: gestegen van ${p.from} naar ${p.to}.`,
    storyDown: (p: { name: string; from: string; to: string }) =>
      `${p.name}: gedaald van ${p.from} naar ${p.to}.`,
    storySmallNow: (p: { name: string; from: string }) =>
      `${p.name}: nu minder dan 5 (vorige periode ${p.from}).`,
    storySmallBefore: (p: { name: string; to: string }) =>
      `${p.name}: nu ${p.to} (vorige periode minder dan 5).`,
    storyNormsMet: (p: { list: string }) => `Norm gehaald: ${p.list}.`,
    storyNormsMissed: (p: { list: string }) => `Norm niet gehaald: ${p.list}.`,
    storyBeyond: (p: { count: string }) =>
      `Aandacht: ${p.count} thuiszitter(s) zit(ten) langer dan 3 maanden zonder onderwijsaanbod thuis.`,
    storyOverdue: (p: { count: string }) =>
      `Aandacht: ${p.count} afspraken in knooppunten zijn over hun datum.`,
    storyQuiet: "Geen opvallende veranderingen ten opzichte van de vorige periode.",
    // Commands
    usage: md`Gebruik: \`/knoop digest [maand|kwartaal|schooljaar] [bestuur NUMMER] [periode]\`, bijvoorbeeld \`/knoop digest kwartaal\` of \`/knoop digest maand 2026-11\`. Beheerders: \`/knoop digest abonneer maand|kwartaal [bestuur NUMMER]\` en \`/knoop digest opzeggen maand|kwartaal\` in het bestuurskanaal.`,
    refused: "Overzichten zijn er voor bestuursleden en medewerkers van het samenwerkingsverband.",
    unknownBoard: (p: { number: string }) =>
      `Bestuur ${p.number} heeft geen scholen in dit samenwerkingsverband.`,
    boardOnly: (p: { number: string }) =>
      `Je bent bestuurslid van bestuur ${p.number}: je ziet alleen het overzicht van dat bestuur.`,
    badPeriod: (p: { value: string }) =>
      `Onbekende periode "${p.value}": gebruik bijvoorbeeld 2026-11 (maand), 2026-Q4 (kwartaal) of 2026-2027 (schooljaar).`,
    subscribeOnlyAdmin: "Alleen een beheerder kan een kanaal op overzichten abonneren.",
    subscribeInChannel: "Abonneer in het kanaal zelf: typ het commando in het bestuurskanaal.",
    subscribed: (p: { cadence: string; audience: string }) =>
      `Dit kanaal krijgt voortaan elk${p.cadence === "maand" ? "e maand op de eerste werkdag om 09:00" : " kwartaal na het sluiten van de thuiszittersregistratie (eerste werkdag van januari, april, juli en oktober, 09:00)"} het overzicht van ${p.audience}.`,
    unsubscribed: (p: { cadence: string }) =>
      `Dit kanaal krijgt geen ${p.cadence === "maand" ? "maand" : "kwartaal"}overzicht meer.`,
    notSubscribed: "Dit kanaal had dat abonnement niet.",
    csvName: (p: { period: string }) => `overzicht-${p.period}.csv`,
    part: (p: { title: string; part: number; parts: number }) => `${p.title} (deel ${p.part} van ${p.parts})`,
    detailsNote:
      "Details per school en de CSV-export zijn alleen voor medewerkers van het samenwerkingsverband.",
  },
  {
    title: (p) => `Digest ${p.audience}: ${p.period}`,
    swvAudience: (p) => p.name,
    boardAudience: (p) => `${p.name} (board ${p.number})`,
    total: "Total",
    tableSignals: "Signals by domain",
    tableCases: "Cases by form",
    tableOutcomes: "Closed cases by outcome",
    tableSchools: "Per school",
    tableIndicators: "Indicators",
    colNew: "New",
    colOpen: "Open (period end)",
    colHandled: "Handled",
    colOpened: "Opened",
    colRunning: "Open (period end)",
    colClosed: "Closed",
    colNewSignals: "New signals",
    colIndicator: "Indicator",
    colValue: "Value",
    colPrevious: "Previous period",
    colYearAgo: "Year earlier",
    colNorm: "Norm",
    trendTitle: "The last six periods",
    breakdownTitle: "New signals by domain",
    seriesSignals: "New signals",
    seriesCases: "Cases opened",
    seriesThuiszitters: "Out of school",
    unitCount: "count",
    unitDays: "days",
    unitPercent: "%",
    unitPer1000: "per 1,000 pupils",
    notShown: "not shown",
    lessThan5: "fewer than 5",
    normMet: "met",
    normMissed: "missed",
    normUnknown: "unknown",
    legend:
      "<5: a count of 1 to 4. x: hidden so a small count cannot be worked out from the total. Rates and lead times based on fewer than 5 are not shown. Never pupil data.",
    storyOpening: (p) =>
      `In ${p.period}, ${p.signals} new signals came in (${p.previous}: ${p.prevSignals}) and ${p.cases} cases were opened.`,
    storyUp: (p) => `${p.name}: up from ${p.from} to ${p.to}.`,
    storyDown: (p) => `${p.name}: down from ${p.from} to ${p.to}.`,
    storySmallNow: (p) => `${p.name}: now fewer than 5 (previous period ${p.from}).`,
    storySmallBefore: (p) => `${p.name}: now ${p.to} (previous period fewer than 5).`,
    storyNormsMet: (p) => `Norm met: ${p.list}.`,
    storyNormsMissed: (p) => `Norm missed: ${p.list}.`,
    storyBeyond: (p) =>
      `Attention: ${p.count} pupil(s) out of school for more than 3 months without an offer.`,
    storyOverdue: (p) => `Attention: ${p.count} case actions are past their date.`,
    storyQuiet: "No notable changes against the previous period.",
    usage: md`Usage: \`/knoop digest [maand|kwartaal|schooljaar] [bestuur NUMBER] [period]\`, e.g. \`/knoop digest kwartaal\` or \`/knoop digest maand 2026-11\`. Administrators: \`/knoop digest abonneer maand|kwartaal [bestuur NUMBER]\` and \`/knoop digest opzeggen maand|kwartaal\` in the board channel.`,
    refused: "Digests are for board members and SWV staff.",
    unknownBoard: (p) => `Board ${p.number} has no schools in this SWV.`,
    boardOnly: (p) => `You are a member of board ${p.number}: you only see that board's digest.`,
    badPeriod: (p) =>
      `Unknown period "${p.value}": use e.g. 2026-11 (month), 2026-Q4 (quarter) or 2026-2027 (school year).`,
    subscribeOnlyAdmin: "Only an administrator can subscribe a channel to digests.",
    subscribeInChannel: "Subscribe in the channel itself: type the command in the board channel.",
    subscribed: (p) =>
      `This channel now gets the ${p.cadence === "maand" ? "monthly digest on the first working day at 09:00" : "quarterly digest after the registration closes (first working day of January, April, July and October, 09:00)"} for ${p.audience}.`,
    unsubscribed: (p) =>
      `This channel no longer gets the ${p.cadence === "maand" ? "monthly" : "quarterly"} digest.`,
    notSubscribed: "This channel did not have that subscription.",
    csvName: (p) => `digest-${p.period}.csv`,
    part: (p) => `${p.title} (part ${p.part} of ${p.parts})`,
    detailsNote: "Per-school details and the CSV export are for SWV staff only.",
  },
);
export type DigestTexts = ReturnType<typeof digestTexts>;

/** Labels of the domains, forms and outcomes in the tables. */
const labelsNl = {
  group: {
    signalen: "Signalen",
    casussen: "Knooppunten",
    doorlooptijden: "Doorlooptijden (dagen)",
    thuiszitters: "Thuiszitters",
    cyclus: "Cyclus",
    checkins: "Check-ins",
  },
  domain: { verzuim: "Verzuim", gezondheid: "Gezondheid", gezin: "Gezin", schoolloopbaan: "Schoolloopbaan" },
  form: { verkennend: "Verkennend", formeel: "Formeel" },
  outcome: {
    "ondersteuning-op-school": "Ondersteuning op school",
    "plaatsing-andere-school": "Plaatsing andere school",
    "tlv-aangevraagd": "TLV aangevraagd",
    "jeugdhulp-ingezet": "Jeugdhulp ingezet",
    "terug-naar-school": "Terug naar school",
    overig: "Overig",
  },
};
const labelsEn: typeof labelsNl = {
  group: {
    signalen: "Signals",
    casussen: "Cases",
    doorlooptijden: "Lead times (days)",
    thuiszitters: "Out of school",
    cyclus: "Cycle",
    checkins: "Check-ins",
  },
  domain: { verzuim: "Absence", gezondheid: "Health", gezin: "Family", schoolloopbaan: "School career" },
  form: { verkennend: "Exploratory", formeel: "Formal" },
  outcome: {
    "ondersteuning-op-school": "Support in school",
    "plaatsing-andere-school": "Placement elsewhere",
    "tlv-aangevraagd": "TLV requested",
    "jeugdhulp-ingezet": "Youth care",
    "terug-naar-school": "Back to school",
    overig: "Other",
  },
};
type Labels = {
  group: Record<string, string>;
  domain: Record<string, string>;
  form: Record<string, string>;
  outcome: Record<string, string>;
};
export const digestLabels = (locale: "nl" | "en"): Labels => (locale === "en" ? labelsEn : labelsNl);
