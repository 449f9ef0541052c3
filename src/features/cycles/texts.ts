import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

/** Texts of the cycle foundation: so far only the refusals of an SWV's own holiday ranges. */
export const texts = defineTexts(
  {
    badDate: (p: { field: string; value: string }) =>
      `${p.field} is geen geldige datum: vul die in als JJJJ-MM-DD, bijvoorbeeld 2027-02-06 (nu: ${p.value}).`,
    endBeforeStart: (p: { start: string; end: string }) =>
      `De vakantie eindigt (${p.end}) voordat die begint (${p.start}): draai de data om.`,
    badSchoolYear: (p: { value: string }) => `${p.value} is geen schooljaar: schrijf het als 2026-2027.`,
    outsideSchoolYear: (p: { schoolYear: string }) =>
      `Deze vakantie valt niet in schooljaar ${p.schoolYear} (1 augustus t/m 31 juli).`,
    startField: "Begin",
    endField: "Einde",
    badKind: "Geef de vakantie een soort, zoals voorjaar of carnaval (kleine letters, zonder spaties).",
    tooLong: "Een vakantie van meer dan 8 weken is vast een tikfout: controleer de data.",
  },
  {
    badDate: (p) =>
      `${p.field} is not a valid date: write it as YYYY-MM-DD, e.g. 2027-02-06 (got: ${p.value}).`,
    endBeforeStart: (p) => `The holiday ends (${p.end}) before it starts (${p.start}): swap the dates.`,
    badSchoolYear: (p) => `${p.value} is not a school year: write it as 2026-2027.`,
    outsideSchoolYear: (p) => `This holiday is not within school year ${p.schoolYear} (1 August to 31 July).`,
    startField: "Start",
    endField: "End",
    badKind: "Give the holiday a kind, such as voorjaar or carnaval (lower case, no spaces).",
    tooLong: "A holiday of more than 8 weeks is surely a typo: check the dates.",
  },
);

/** Texts of the check-ins: prompts, forms, the person's settings. Never about a pupil. */
export const checkinTexts = defineTexts(
  {
    // Prompts
    announceTitle: (p: { moment: string }) => `${p.moment}: staat open`,
    announceText: (p: { due: string }) => `Deze check-in staat open. Vul hem in vóór ${p.due}.`,
    remindTitle: (p: { moment: string }) => `Herinnering: ${p.moment}`,
    remindText: (p: { due: string }) =>
      `Over een paar werkdagen, op ${p.due}, is deze check-in de bedoeling.`,
    nudgeTitle: (p: { moment: string }) => `${p.moment}: over de datum`,
    nudgeText: (p: { due: string }) =>
      `Deze check-in was ${p.due} de bedoeling. Je kunt hem nog steeds invullen: hij wordt als te laat geregistreerd.`,
    escalateTitle: (p: { moment: string }) => `${p.moment}: nog niet ingevuld`,
    escalateText: (p: { due: string }) =>
      `Als consulent van deze scholen hoor je dat deze check-in (uiterlijk ${p.due}) nog openstaat. Neem contact op, of vul hem samen in.`,
    laterTitle: (p: { moment: string }) => `Zoals gevraagd: ${p.moment}`,
    laterText: (p: { due: string }) => `Je vroeg om het later nog eens te laten weten. De datum is ${p.due}.`,
    progress: (p: { answered: number; total: number }) => `${p.answered} van ${p.total} scholen ingevuld`,
    open: "nog niet ingevuld",
    overdue: "over de datum",
    owner: (p: { name: string }) => `eigenaar: ${p.name}`,
    fill: (p: { school: string }) => `Invullen: ${p.school}`,
    laterTomorrow: "Later: morgen",
    laterNextWeek: "Later: volgende week",
    laterSet: (p: { day: string; count: number }) =>
      `Goed: je hoort op ${p.day} weer van deze check-in (${p.count} school/scholen).`,
    laterNothing: "Er staat niets meer open van deze check-in: alles is ingevuld.",
    // Forms
    formTitle: "Check-in invullen",
    formIntro: (p: { moment: string; school: string; due: string }) =>
      `${p.moment} voor ${p.school}, uiterlijk ${p.due}. Noem geen leerlingen.`,
    formEditIntro: (p: { moment: string; school: string; closes: string }) =>
      `${p.moment} voor ${p.school}: je eerdere antwoord staat al ingevuld. Wijzigen kan tot en met ${p.closes}.`,
    submit: "Opslaan",
    yes: "Ja",
    no: "Nee",
    sopCurrent: "Is het SOP actueel?",
    sopDate: "Datum van de laatste update",
    sopUrl: "Waar staat het SOP (link)?",
    sopUrlHint: "Bijvoorbeeld de pagina op de website van de school of scholenopdekaart.nl.",
    held: "Is het gesprek gehouden?",
    heldDate: "Datum van het gesprek",
    withWhom: "Met wie?",
    withWhomHint: "Functies of namen van volwassenen, bijvoorbeeld: consulent, directeur. Geen leerlingen.",
    done: "Is het gedaan?",
    doneDate: "Datum",
    note: "Korte toelichting",
    noteHint: "Optioneel. Geen namen of gegevens van leerlingen.",
    thuiszittersPlaceholder:
      "Het volledige formulier voor de thuiszittersregistratie (aantallen per categorie) komt in een volgende versie. Geef nu alleen aan of de registratie is gedaan.",
    required: "Vul dit in.",
    choose: "Kies ja of nee.",
    badDate: "Geen geldige datum: vul die in als JJJJ-MM-DD, bijvoorbeeld 2027-03-15.",
    futureDate: "Deze datum ligt in de toekomst: vul de datum in waarop het is gebeurd.",
    dateNeeded: "Vul de datum in (het is gedaan, dus wanneer?).",
    badUrl: "Geen geldige link: begin met https://, bijvoorbeeld https://www.school.nl/sop.",
    tooLong: (p: { max: number }) => `Houd het kort: hooguit ${p.max} tekens.`,
    saved: (p: { moment: string; school: string }) => `Opgeslagen: ${p.moment} voor ${p.school}. Dank je!`,
    savedLate: (p: { moment: string; school: string }) =>
      `Opgeslagen: ${p.moment} voor ${p.school}. Dat was na de datum: het staat geregistreerd als te laat.`,
    edited: (p: { moment: string; school: string }) => `Gewijzigd: ${p.moment} voor ${p.school}.`,
    closed: (p: { closes: string }) =>
      `Deze periode is afgesloten (${p.closes}): het antwoord kan niet meer worden ingevuld of gewijzigd.`,
    notYours: "Deze check-in is niet van jou: alleen de eigenaar of de consulent van de school vult hem in.",
    gone: "Deze check-in bestaat niet meer.",
    waived: "Voor deze check-in is vrijstelling gegeven: invullen is niet nodig.",
    // Person settings
    pauseSet: (p: { until: string }) =>
      `Genoteerd: tot en met ${p.until} krijg je geen check-ins van Knoop. Daarna gaan ze gewoon verder.`,
    pauseOff: "Genoteerd: je bent weer aanwezig en krijgt check-ins op je werkdagen.",
    pauseUsage: md`Zo gebruik je het: \`/knoop afwezig tot 2027-03-15\` (of \`15-03-2027\`), of \`/knoop afwezig uit\`.`,
    pausePast: "Die datum is al voorbij: geef de laatste dag op waarop je afwezig bent.",
    pauseTooFar: "Dat is meer dan een jaar vooruit: kies een datum binnen een jaar.",
    workdaysSet: (p: { days: string }) => `Genoteerd: Knoop stuurt je check-ins alleen op ${p.days}.`,
    workdaysUsage: md`Zo gebruik je het: \`/knoop werkdagen ma di do\` (kies uit ma di wo do vr).`,
  },
  {
    announceTitle: (p) => `${p.moment}: now open`,
    announceText: (p) => `This check-in is open. Please complete it by ${p.due}.`,
    remindTitle: (p) => `Reminder: ${p.moment}`,
    remindText: (p) => `In a few working days, on ${p.due}, this check-in is due.`,
    nudgeTitle: (p) => `${p.moment}: past the date`,
    nudgeText: (p) =>
      `This check-in was due on ${p.due}. You can still complete it: it will be recorded as late.`,
    escalateTitle: (p) => `${p.moment}: not completed yet`,
    escalateText: (p) =>
      `As the consultant of these schools you hear that this check-in (due ${p.due}) is still open. Get in touch, or complete it together.`,
    laterTitle: (p) => `As you asked: ${p.moment}`,
    laterText: (p) => `You asked to be reminded later. The date is ${p.due}.`,
    progress: (p) => `${p.answered} of ${p.total} schools completed`,
    open: "not completed yet",
    overdue: "past the date",
    owner: (p) => `owner: ${p.name}`,
    fill: (p) => `Complete: ${p.school}`,
    laterTomorrow: "Later: tomorrow",
    laterNextWeek: "Later: next week",
    laterSet: (p) => `Fine: you will hear about this check-in again on ${p.day} (${p.count} school(s)).`,
    laterNothing: "Nothing of this check-in is open any more: everything is completed.",
    formTitle: "Complete a check-in",
    formIntro: (p) => `${p.moment} for ${p.school}, due ${p.due}. Do not name pupils.`,
    formEditIntro: (p) =>
      `${p.moment} for ${p.school}: your earlier answer is filled in. You can change it up to and including ${p.closes}.`,
    submit: "Save",
    yes: "Yes",
    no: "No",
    sopCurrent: "Is the SOP up to date?",
    sopDate: "Date of the last update",
    sopUrl: "Where is the SOP published (link)?",
    sopUrlHint: "For example the page on the school's website or scholenopdekaart.nl.",
    held: "Was the meeting held?",
    heldDate: "Date of the meeting",
    withWhom: "With whom?",
    withWhomHint: "Roles or names of adults, e.g.: consultant, head teacher. No pupils.",
    done: "Is it done?",
    doneDate: "Date",
    note: "Short note",
    noteHint: "Optional. No names or details of pupils.",
    thuiszittersPlaceholder:
      "The full form for the registration of pupils out of school (numbers per category) comes in a later version. For now, only say whether the registration is done.",
    required: "Please fill this in.",
    choose: "Choose yes or no.",
    badDate: "Not a valid date: write it as YYYY-MM-DD, e.g. 2027-03-15.",
    futureDate: "This date is in the future: enter the date on which it happened.",
    dateNeeded: "Enter the date (it is done, so when?).",
    badUrl: "Not a valid link: start with https://, e.g. https://www.school.nl/sop.",
    tooLong: (p) => `Keep it short: at most ${p.max} characters.`,
    saved: (p) => `Saved: ${p.moment} for ${p.school}. Thank you!`,
    savedLate: (p) => `Saved: ${p.moment} for ${p.school}. That was after the date: it is recorded as late.`,
    edited: (p) => `Changed: ${p.moment} for ${p.school}.`,
    closed: (p) => `This period is closed (${p.closes}): the answer can no longer be entered or changed.`,
    notYours: "This check-in is not yours: only its owner or the school's consultant completes it.",
    gone: "This check-in no longer exists.",
    waived: "This check-in was waived: there is no need to complete it.",
    pauseSet: (p) =>
      `Noted: up to and including ${p.until} you get no check-ins from Knoop. Then they resume.`,
    pauseOff: "Noted: you are back and get check-ins on your working days.",
    pauseUsage: md`How to use it: \`/knoop afwezig tot 2027-03-15\` (or \`15-03-2027\`), or \`/knoop afwezig uit\`.`,
    pausePast: "That date has passed: give the last day you are away.",
    pauseTooFar: "That is more than a year ahead: choose a date within a year.",
    workdaysSet: (p) => `Noted: Knoop sends you check-ins only on ${p.days}.`,
    workdaysUsage: md`How to use it: \`/knoop werkdagen ma di do\` (choose from ma di wo do vr).`,
  },
);
