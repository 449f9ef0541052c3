import { md } from "../../chat/inline.ts";
import type { Locale } from "../../core/i18n.ts";
import { defineTexts } from "../../core/texts.ts";

export const KINDS = ["ingeschreven", "niet-ingeschreven", "vrijstelling"] as const;
export const OFFERS = ["geen", "gedeeltelijk", "volledig"] as const;
export const OUTCOMES = [
  "terug-naar-school",
  "andere-school",
  "speciaal-onderwijs",
  "vrijstelling",
  "verhuisd",
  "overig",
] as const;
export const CLOCKS = ["plaats", "opp", "aanbod"] as const;
export type ClockKey = (typeof CLOCKS)[number];

const nl = {
  kinds: {
    ingeschreven: "Ingeschreven, 4+ weken afwezig zonder vrijstelling",
    "niet-ingeschreven": "Niet ingeschreven",
    vrijstelling: "Vrijstelling",
  } as Record<string, string>,
  offers: { geen: "Geen", gedeeltelijk: "Gedeeltelijk", volledig: "Volledig" } as Record<string, string>,
  outcomes: {
    "terug-naar-school": "Terug naar school",
    "andere-school": "Andere school",
    "speciaal-onderwijs": "Speciaal onderwijs",
    vrijstelling: "Vrijstelling",
    verhuisd: "Verhuisd",
    overig: "Overig",
  } as Record<string, string>,
  clocks: {
    plaats: "Passende onderwijsplek (6 weken)",
    opp: "OPP (6 weken)",
    aanbod: "Onderwijsaanbod (max. 3 maanden zonder)",
  } as Record<string, string>,
  cols: ["Referentie", "School", "Gemeld", "Plek", "OPP", "Aanbod", "Casus"],
};
const en: typeof nl = {
  kinds: {
    ingeschreven: "Enrolled, absent 4+ weeks without exemption",
    "niet-ingeschreven": "Not enrolled",
    vrijstelling: "Exemption",
  },
  offers: { geen: "None", gedeeltelijk: "Partial", volledig: "Full" },
  outcomes: {
    "terug-naar-school": "Back to school",
    "andere-school": "Another school",
    "speciaal-onderwijs": "Special education",
    vrijstelling: "Exemption",
    verhuisd: "Moved away",
    overig: "Other",
  },
  clocks: {
    plaats: "Fitting education place (6 weeks)",
    opp: "OPP (6 weeks)",
    aanbod: "Education offer (at most 3 months without)",
  },
  cols: ["Reference", "School", "Reported", "Place", "OPP", "Offer", "Case"],
};

/** The fixed lists' labels (kinds, offers, outcomes, clocks) and the table's columns. */
export const labels = (locale: Locale) => (locale === "en" ? en : nl);

export const thuiszitterTexts = defineTexts(
  {
    formTitle: "Thuiszitters",
    submit: "Opslaan",
    intro: (p: { school: string; due: string }) =>
      `Thuiszittersregistratie van ${p.school}, graag vóór ${p.due}. Gebruik een pseudoniem (bijv. JB2015), nooit een naam.`,
    none: "Geen thuiszitters dit kwartaal",
    noneOn: "Ja, geen thuiszitters",
    known: (p: { ref: string }) => `${p.ref}: hoe staat het ervoor?`,
    knownOffer: (p: { ref: string }) => `${p.ref}: onderwijsaanbod nu`,
    knownEndDate: (p: { ref: string }) => `${p.ref}: datum einde (als beëindigd)`,
    stillOut: "Nog steeds thuiszitter",
    endedAs: (p: { outcome: string }) => `Beëindigd: ${p.outcome}`,
    slot: (p: { n: number; what: string }) => `Thuiszitter ${p.n}: ${p.what}`,
    ref: "referentie",
    kind: "soort",
    since: "afwezig sinds",
    offer: "onderwijsaanbod",
    opp: "OPP aanwezig",
    caseCode: "casuscode (optioneel)",
    refHint: "Een code, geen naam: bijvoorbeeld JB2015 of 12345.",
    yes: "Ja",
    no: "Nee",
    required: "Vul dit in.",
    choose: "Kies een van de mogelijkheden.",
    badDate: "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-11-02.",
    futureDate: "Deze datum ligt in de toekomst.",
    badCaseCode: "Een casuscode ziet eruit als K-2026-0042.",
    noneButFilled: "Je koos 'geen thuiszitters', maar vulde er ook een in: kies een van beide.",
    nothing: "Vul een thuiszitter in, of kies 'geen thuiszitters dit kwartaal'.",
    endDateNeeded: "Vul de datum in waarop dit eindigde.",
    duplicate: (p: { ref: string }) =>
      `${p.ref} staat al in de registratie (of staat hier twee keer): werk die thuiszitter hierboven bij.`,
    saved: (p: { school: string; count: number }) =>
      `Thuiszittersregistratie van ${p.school} opgeslagen: ${p.count} thuiszitter(s) actueel.`,
    savedLate: (p: { school: string; count: number }) =>
      `Thuiszittersregistratie van ${p.school} opgeslagen (na de deadline): ${p.count} thuiszitter(s) actueel.`,
    savedNone: (p: { school: string }) => `Opgeslagen: geen thuiszitters bij ${p.school} dit kwartaal.`,
    // Clocks and the knooppunt
    warnTitle: (p: { ref: string }) => `Thuiszitter ${p.ref}: termijn over een week`,
    warnText: (p: { clock: string; deadline: string; school: string }) =>
      `${p.clock} bij ${p.school}: de termijn loopt af op ${p.deadline}.`,
    flagTitle: (p: { ref: string }) => `Thuiszitter ${p.ref}: termijn verstreken`,
    flagText: (p: { clock: string; deadline: string; school: string }) =>
      `${p.clock} bij ${p.school}: de termijn is op ${p.deadline} verstreken.`,
    proposeTitle: (p: { ref: string }) => `Thuiszitter ${p.ref}: knooppunt voorstellen`,
    proposeText: (p: { school: string }) =>
      `Deze thuiszitter van ${p.school} heeft nog geen knooppuntcasus. Open er een om samen met de kernpartners een plek te vinden.`,
    openCase: "Casus openen",
    fromThuiszitter: "Vooringevuld vanuit de thuiszittersregistratie. Controleer en vul aan.",
    // Card and ending
    cardTitle: (p: { ref: string }) => `Thuiszitter ${p.ref}`,
    show: (p: { ref: string }) => `Bekijk ${p.ref}`,
    school: "School",
    reported: "Gemeld op",
    ended: (p: { outcome: string; date: string }) => `Beëindigd op ${p.date}: ${p.outcome}`,
    endButton: "Beëindigen",
    endTitle: "Thuiszitter beëindigen",
    endSubmit: "Beëindigen",
    outcome: "Uitkomst",
    endDate: "Datum",
    endedReply: (p: { ref: string; outcome: string }) => md`Thuiszitter *${p.ref}* beëindigd: ${p.outcome}.`,
    alreadyEnded: "Deze thuiszitter is al beëindigd.",
    noAccess: "Geen toegang: dit is niet een thuiszitter van jouw school.",
    // /knoop thuiszitters
    listTitle: "Thuiszitters nu",
    listEmpty: "Er zijn nu geen thuiszitters geregistreerd op jouw scholen.",
    listRefused:
      "Het overzicht van de thuiszitters is voor de SWV-consultant. Vraag je consultant als je het nodig hebt.",
    daysOf: (p: { days: number; limit: number }) => `${p.days}/${p.limit} d`,
    done: "klaar",
  },
  {
    formTitle: "Pupils out of school",
    submit: "Save",
    intro: (p) =>
      `Registration of pupils out of school for ${p.school}, please before ${p.due}. Use a pseudonym (e.g. JB2015), never a name.`,
    none: "No pupils out of school this quarter",
    noneOn: "Yes, none",
    known: (p) => `${p.ref}: how are things?`,
    knownOffer: (p) => `${p.ref}: education offer now`,
    knownEndDate: (p) => `${p.ref}: end date (if ended)`,
    stillOut: "Still out of school",
    endedAs: (p) => `Ended: ${p.outcome}`,
    slot: (p) => `Pupil ${p.n}: ${p.what}`,
    ref: "reference",
    kind: "kind",
    since: "absent since",
    offer: "education offer",
    opp: "OPP in place",
    caseCode: "case code (optional)",
    refHint: "A code, not a name: e.g. JB2015 or 12345.",
    yes: "Yes",
    no: "No",
    required: "Please fill this in.",
    choose: "Choose one of the options.",
    badDate: "Enter a date as YYYY-MM-DD, e.g. 2026-11-02.",
    futureDate: "This date is in the future.",
    badCaseCode: "A case code looks like K-2026-0042.",
    noneButFilled: "You chose 'none', but also filled one in: choose one or the other.",
    nothing: "Fill in a pupil, or choose 'none this quarter'.",
    endDateNeeded: "Enter the date this ended.",
    duplicate: (p) => `${p.ref} is already registered (or listed twice): update that pupil above.`,
    saved: (p) => `Registration for ${p.school} saved: ${p.count} pupil(s) out of school now.`,
    savedLate: (p) => `Registration for ${p.school} saved (after the due date): ${p.count} pupil(s) now.`,
    savedNone: (p) => `Saved: no pupils out of school at ${p.school} this quarter.`,
    warnTitle: (p) => `Pupil ${p.ref}: deadline in a week`,
    warnText: (p) => `${p.clock} at ${p.school}: the deadline is ${p.deadline}.`,
    flagTitle: (p) => `Pupil ${p.ref}: deadline passed`,
    flagText: (p) => `${p.clock} at ${p.school}: the deadline passed on ${p.deadline}.`,
    proposeTitle: (p) => `Pupil ${p.ref}: propose a knooppunt`,
    proposeText: (p) =>
      `This pupil of ${p.school} has no knooppunt case yet. Open one to find a place together with the partners.`,
    openCase: "Open a case",
    fromThuiszitter: "Prefilled from the registration of pupils out of school. Check and complete it.",
    cardTitle: (p) => `Pupil ${p.ref}`,
    show: (p) => `View ${p.ref}`,
    school: "School",
    reported: "Reported on",
    ended: (p) => `Ended on ${p.date}: ${p.outcome}`,
    endButton: "End",
    endTitle: "End the registration",
    endSubmit: "End",
    outcome: "Outcome",
    endDate: "Date",
    endedReply: (p) => md`Pupil *${p.ref}* ended: ${p.outcome}.`,
    alreadyEnded: "This registration has already ended.",
    noAccess: "No access: this is not a pupil of your school.",
    listTitle: "Pupils out of school now",
    listEmpty: "No pupils out of school are registered at your schools.",
    listRefused:
      "The overview of pupils out of school is for the SWV consultant. Ask your consultant if you need it.",
    daysOf: (p) => `${p.days}/${p.limit} d`,
    done: "done",
  },
);
export type ThuiszitterTexts = ReturnType<typeof thuiszitterTexts>;
