import { defineTexts } from "../../core/texts.ts";

export const texts = defineTexts(
  {
    // The form
    formTitle: "Knooppuntoverleg plannen",
    formIntro: (p: { code: string }) =>
      `Casus ${p.code}: stel 2 tot 5 tijden voor. Iedere deelnemer geeft per tijd aan of die kan; jij ziet de antwoorden meteen en bevestigt daarna de beste tijd.`,
    formSubmit: "Voorstel versturen",
    slotLabel: (p: { n: number }) => `Tijd ${p.n}`,
    slotHint: "Datum en begintijd, bijvoorbeeld 2026-11-25T14:00.",
    durationLabel: "Duur",
    minutes: (p: { n: number }) => `${p.n} minuten`,
    locationLabel: "Locatie",
    locationHint: "Bijvoorbeeld: School, kamer IB of Teams. Geen namen van leerlingen.",
    badSlot: "Geen geldige datum en tijd: vul die in zoals 2026-11-25T14:00.",
    pastSlot: "Dit tijdstip is al voorbij: kies een moment in de toekomst.",
    farSlot: "Dit tijdstip ligt meer dan een jaar vooruit: kies een moment binnen een jaar.",
    slotPassed:
      "Dit tijdstip is al voorbij: antwoorden of bevestigen kan niet meer. De regisseur kan nieuwe tijden voorstellen.",
    closedCancelled: (p: { code: string }) =>
      `Knooppunt ${p.code} is afgesloten: dit overleg gaat niet door.`,
    closedCancelledWhen: (p: { code: string; when: string }) =>
      `Knooppunt ${p.code} is afgesloten: het overleg van ${p.when} gaat niet door.`,
    duplicateSlot: (p: { n: number }) => `Deze tijd staat al bij tijd ${p.n}.`,
    tooFewSlots: "Stel minstens 2 tijden voor.",
    badDuration: "Kies 30, 45, 60 of 90 minuten.",
    locationTooLong: "Houd de locatie kort: hooguit 200 tekens.",
    // Refusals
    notRegisseur: "Alleen de regisseur van deze casus kan een overleg plannen of bevestigen.",
    caseClosed: "Deze casus is afgesloten: er kan geen overleg meer worden gepland.",
    noConsent:
      "Leg eerst de toestemming van ouders vast: pas daarna wordt de casus met de deelnemers besproken.",
    noParticipants:
      "Deze casus heeft nog geen deelnemers om mee te overleggen. Nodig eerst kernpartners uit.",
    notAsked:
      "Je bent niet gevraagd voor dit overleg: alleen de deelnemers van de casus geven hun tijden door.",
    gone: "Dit voorstel bestaat niet meer.",
    alreadyConfirmed: (p: { when: string }) =>
      `Dit overleg is al bevestigd (${p.when}): antwoorden of een andere tijd kiezen kan niet meer.`,
    cancelled:
      "Dit voorstel is vervallen: de regisseur heeft nieuwe tijden voorgesteld. Kijk in je berichten.",
    // Replies and messages
    proposed: (p: { asked: number; slots: number }) =>
      `Verstuurd: ${p.asked} deelnemer(s) krijgen de ${p.slots} tijden. In het overzicht zie je hun antwoorden zodra ze binnenkomen.`,
    replaced: "Het eerdere voorstel is vervallen; de deelnemers hebben dat gehoord.",
    askTitle: (p: { code: string }) => `Knooppuntoverleg ${p.code}: wanneer kun je?`,
    askText: (p: { regisseur: string; minutes: number }) =>
      `${p.regisseur} (regisseur) plant een knooppuntoverleg van ${p.minutes} minuten. Geef per tijd aan of je kunt. Tot het overleg is bevestigd kun je je antwoord wijzigen.`,
    kan: "Kan",
    liever_niet: "Liever niet",
    kan_niet: "Kan niet",
    noAnswer: "nog geen antwoord",
    location: "Locatie",
    askClosed: (p: { when: string }) =>
      `Het overleg is bevestigd: ${p.when}. Je krijgt de details in een apart bericht.`,
    tallyTitle: (p: { code: string }) => `Knooppuntoverleg ${p.code}: beschikbaarheid`,
    tallyText: (p: { answered: number; asked: number; best: string }) =>
      `${p.answered} van ${p.asked} deelnemers hebben alle tijden beantwoord. Beste tijd tot nu toe: ${p.best}.`,
    tallyConfirmed: (p: { when: string }) => `Bevestigd: ${p.when}. Alle deelnemers hebben bericht gekregen.`,
    tallyReplaced: "Vervallen: je hebt nieuwe tijden voorgesteld.",
    tallyNote: "★ = beste tijd: de meeste 'kan', dan de minste 'kan niet', dan de minste 'liever niet'.",
    columnSlot: "Tijd",
    columnPending: "Nog geen antwoord",
    confirm: (p: { when: string }) => `Bevestig ${p.when}`,
    confirmedTitle: (p: { code: string }) => `Knooppuntoverleg ${p.code} bevestigd`,
    confirmedText: (p: { code: string; when: string }) =>
      `Het knooppuntoverleg voor casus ${p.code} is op ${p.when}. Zet het in je agenda.`,
    reminderTitle: (p: { code: string }) => `Herinnering: knooppuntoverleg ${p.code}`,
    reminderText: (p: { code: string; when: string }) =>
      `Het knooppuntoverleg voor casus ${p.code} is op ${p.when}.`,
    when: "Wanneer",
    duration: "Duur",
    caseLabel: "Casus",
    regisseur: "Regisseur",
    unknownLocation: "nog niet bekend",
    postProposed: (p: { code: string; slots: number }) =>
      `Voor casus ${p.code} wordt een knooppuntoverleg gepland: de deelnemers kregen ${p.slots} voorgestelde tijden in een privébericht.`,
    postConfirmed: (p: { code: string; when: string; minutes: number }) =>
      `Knooppuntoverleg casus ${p.code} bevestigd: ${p.when} (${p.minutes} minuten).`,
    // Timeline (stored on the case) and the status card line
    eventProposed: (p: { slots: number }) => `Overleg voorgesteld: ${p.slots} tijden`,
    eventConfirmed: (p: { when: string }) => `Overleg bevestigd: ${p.when}`,
    eventCancelled: "Eerder voorstel voor overleg vervallen: nieuwe tijden voorgesteld",
    eventCancelledClosed: "Overleg gaat niet door: de casus is afgesloten",
    summaryPlanned: (p: { slots: number; answered: number; asked: number }) =>
      `Overleg gepland: ${p.slots} voorstellen, ${p.answered} van ${p.asked} hebben geantwoord`,
    summaryConfirmed: (p: { when: string; minutes: number; location: string | null }) =>
      `Overleg bevestigd: ${p.when} (${p.minutes} min${p.location ? `, ${p.location}` : ""})`,
  },
  {
    formTitle: "Plan a knooppunt meeting",
    formIntro: (p) =>
      `Case ${p.code}: propose 2 to 5 times. Every participant says per time whether they can make it; you see the answers at once and then confirm the best time.`,
    formSubmit: "Send proposal",
    slotLabel: (p) => `Time ${p.n}`,
    slotHint: "Date and start time, for example 2026-11-25T14:00.",
    durationLabel: "Duration",
    minutes: (p) => `${p.n} minutes`,
    locationLabel: "Location",
    locationHint: "For example: School, room IB or Teams. No pupil names.",
    badSlot: "Not a valid date and time: enter it like 2026-11-25T14:00.",
    pastSlot: "This time has passed: choose a moment in the future.",
    farSlot: "This time is more than a year ahead: choose a moment within a year.",
    slotPassed:
      "This time has passed: it can no longer be answered or confirmed. The case lead can propose new times.",
    closedCancelled: (p) => `Knooppunt ${p.code} is closed: this meeting will not take place.`,
    closedCancelledWhen: (p) =>
      `Knooppunt ${p.code} is closed: the meeting of ${p.when} will not take place.`,
    duplicateSlot: (p) => `This time is already given as time ${p.n}.`,
    tooFewSlots: "Propose at least 2 times.",
    badDuration: "Choose 30, 45, 60 or 90 minutes.",
    locationTooLong: "Keep the location short: 200 characters at most.",
    notRegisseur: "Only the case lead (regisseur) can plan or confirm a meeting.",
    caseClosed: "This case is closed: no more meetings can be planned.",
    noConsent: "Record the parents' consent first: only then is the case discussed with the participants.",
    noParticipants: "This case has no participants to meet with yet. Invite kernpartners first.",
    notAsked: "You were not asked for this meeting: only the case's participants give their times.",
    gone: "This proposal no longer exists.",
    alreadyConfirmed: (p) =>
      `This meeting has already been confirmed (${p.when}): answers or another time are no longer possible.`,
    cancelled: "This proposal has lapsed: the case lead proposed new times. Check your messages.",
    proposed: (p) =>
      `Sent: ${p.asked} participant(s) get the ${p.slots} times. The overview shows their answers as they come in.`,
    replaced: "The earlier proposal has lapsed; the participants have been told.",
    askTitle: (p) => `Knooppunt meeting ${p.code}: when can you make it?`,
    askText: (p) =>
      `${p.regisseur} (case lead) is planning a knooppunt meeting of ${p.minutes} minutes. Say per time whether you can make it. You can change your answer until the meeting is confirmed.`,
    kan: "Can",
    liever_niet: "Rather not",
    kan_niet: "Cannot",
    noAnswer: "no answer yet",
    location: "Location",
    askClosed: (p) => `The meeting has been confirmed: ${p.when}. The details follow in a separate message.`,
    tallyTitle: (p) => `Knooppunt meeting ${p.code}: availability`,
    tallyText: (p) =>
      `${p.answered} of ${p.asked} participants answered every time. Best time so far: ${p.best}.`,
    tallyConfirmed: (p) => `Confirmed: ${p.when}. Every participant has been told.`,
    tallyReplaced: "Lapsed: you proposed new times.",
    tallyNote: "★ = best time: most 'can', then fewest 'cannot', then fewest 'rather not'.",
    columnSlot: "Time",
    columnPending: "No answer yet",
    confirm: (p) => `Confirm ${p.when}`,
    confirmedTitle: (p) => `Knooppunt meeting ${p.code} confirmed`,
    confirmedText: (p) =>
      `The knooppunt meeting for case ${p.code} is on ${p.when}. Put it in your calendar.`,
    reminderTitle: (p) => `Reminder: knooppunt meeting ${p.code}`,
    reminderText: (p) => `The knooppunt meeting for case ${p.code} is on ${p.when}.`,
    when: "When",
    duration: "Duration",
    caseLabel: "Case",
    regisseur: "Case lead",
    unknownLocation: "not known yet",
    postProposed: (p) =>
      `A knooppunt meeting is being planned for case ${p.code}: the participants got ${p.slots} proposed times in a direct message.`,
    postConfirmed: (p) => `Knooppunt meeting case ${p.code} confirmed: ${p.when} (${p.minutes} minutes).`,
    eventProposed: (p) => `Meeting proposed: ${p.slots} times`,
    eventConfirmed: (p) => `Meeting confirmed: ${p.when}`,
    eventCancelled: "Earlier meeting proposal lapsed: new times proposed",
    eventCancelledClosed: "Meeting cancelled: the case was closed",
    summaryPlanned: (p) => `Meeting planned: ${p.slots} proposals, ${p.answered} of ${p.asked} answered`,
    summaryConfirmed: (p) =>
      `Meeting confirmed: ${p.when} (${p.minutes} min${p.location ? `, ${p.location}` : ""})`,
  },
);

export type MeetingTexts = ReturnType<typeof texts>;
