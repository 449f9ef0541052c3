import { lines, md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

export const caseStatuses = ["aangemeld", "verkennend", "formeel", "afgesloten"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseForms = ["verkennend", "formeel"] as const;
export type CaseForm = (typeof caseForms)[number];
/** The fixed list of outcomes a case is closed with. */
export const caseOutcomes = [
  "ondersteuning-op-school",
  "plaatsing-andere-school",
  "tlv-aangevraagd",
  "jeugdhulp-ingezet",
  "terug-naar-school",
  "overig",
] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Timeline event types (CaseEvent.type); other features may add their own. */
export type CaseEventType =
  | "created"
  | "goal"
  | "action"
  | "action-done"
  | "action-overdue"
  | "note"
  | "participants"
  | "consent"
  | "status"
  | "closed";

const max = (p: { max: number }) => `Gebruik hoogstens ${p.max} tekens.`;

export const caseTexts = defineTexts(
  {
    usage: lines(
      md`Zo gebruik je \`/knoop casus\`:`,
      md`\`/knoop casus nieuw\`: een knooppunt (casus) openen`,
      md`\`/knoop casus lijst\`: jouw casussen`,
      md`\`/knoop casus K-2026-0042\`: de stand van een casus`,
    ),
    unknownArgs: (p: { args: string }) => md`Dat begrijp ik niet: \`/knoop casus ${p.args}\`.`,
    "status.aangemeld": "Aangemeld",
    "status.verkennend": "Verkennend",
    "status.formeel": "Formeel / opgeschaald",
    "status.afgesloten": "Afgesloten",
    "form.verkennend": "Verkennend",
    "form.formeel": "Formeel",
    "outcome.ondersteuning-op-school": "Ondersteuning op school",
    "outcome.plaatsing-andere-school": "Plaatsing andere school",
    "outcome.tlv-aangevraagd": "TLV aangevraagd",
    "outcome.jeugdhulp-ingezet": "Jeugdhulp ingezet",
    "outcome.terug-naar-school": "Terug naar school na thuiszitten",
    "outcome.overig": "Overig",

    // The opening form
    createTitle: "Knooppunt openen",
    createSubmit: "Openen",
    fromSignal: "Je opent een knooppunt vanuit een signaal. Controleer de gegevens.",
    school: "School",
    pupilRef: "Leerlingkenmerk",
    pupilRefHint:
      "Het leerlingnummer van de school, of initialen + geboortejaar (bijv. JB 2015). Een naam hoort hier niet: namen van leerlingen komen nooit in de chat.",
    reason: "Aanleiding",
    reasonHint: "Waarom een knooppunt? Geen namen.",
    formField: "Vorm",
    regisseur: "Regisseur",
    regisseurHint: "De casusregisseur: meestal de IB'er van de school.",
    consent: "Toestemming ouders",
    consentGiven: "Ouders akkoord",
    consentNotYet: "Nog niet",
    consentDate: "Datum toestemming",
    consentDateHint: "Als ouders akkoord zijn: de datum waarop ze akkoord gaven (JJJJ-MM-DD).",
    participants: "Deelnemers",
    participantsHint:
      "De kernpartners van de school zijn alvast gekozen. Tot de toestemming is vastgelegd zien zij alleen de code, de status en de regisseur.",
    swvWide: "heel SWV",

    // Field errors
    required: "Vul dit veld in.",
    tooLong: max,
    choose: "Kies een van de opties.",
    badDate: "Vul een datum in als 2026-11-23.",
    futureDate: "Deze datum ligt in de toekomst.",
    pastDate: "Deze datum ligt in het verleden.",
    consentDateRequired: "Vul de datum in waarop ouders akkoord gaven.",
    partnerElsewhere: "Kies alleen kernpartners van de gekozen school.",
    regisseurElsewhere: "Kies jezelf of een IB'er van de gekozen school.",

    // Opening
    noSchools:
      "Je kunt geen casus openen: daarvoor heb je een rol op een school nodig (IB'er, directeur of kernpartner).",
    signalNotAllowed:
      "Van dit signaal kun je geen casus maken: dat kunnen de melder, de kernpartner die het ontving en de IB'er van de school.",
    signalHasCase: (p: { code: string }) => `Van dit signaal is al een casus gemaakt: ${p.code}.`,
    signalClosed: md`Dit signaal is al afgehandeld: open zo nodig een nieuwe casus met \`/knoop casus nieuw\`.`,
    created: (p: { code: string }) => `Knooppunt ${p.code} is geopend en de deelnemers zijn uitgenodigd.`,

    // The status card
    cardTitle: (p: { code: string }) => `Knooppunt ${p.code}`,
    code: "Code",
    pupil: "Leerling",
    consentNotRecorded: "Nog niet vastgelegd",
    outcomeField: "Uitkomst",
    meetings: "Overleg",
    evaluation: "Evaluatie",
    goals: "Doelen",
    noGoals: "Nog geen doelen.",
    notes: "Laatste notities",
    openActions: "Open afspraken",
    noActions: "Geen open afspraken.",
    colAction: "Afspraak",
    colOwner: "Eigenaar",
    colDue: "Uiterlijk",
    overdue: "te laat",
    limitedNote: "De inhoud van deze casus volgt zodra ouders toestemming hebben gegeven.",
    addGoal: "Doel toevoegen",
    addAction: "Afspraak toevoegen",
    addNote: "Notitie toevoegen",
    proposeMeeting: "Overleg plannen",
    addParticipant: "Deelnemer toevoegen",
    recordConsent: "Toestemming vastleggen",
    changeStatus: "Status wijzigen",
    close: "Afsluiten",
    timeline: "Tijdlijn",
    show: "Bekijk casus",
    markDone: "Afgerond",

    // My cases
    listTitle: "Jouw casussen",
    colCode: "Code",
    colSchool: "School",
    colPupil: "Leerling",
    colStatus: "Status",
    colRegisseur: "Regisseur",
    colNext: "Volgende afspraak",
    listEmpty: md`Je hebt nog geen casussen. Open er een met \`/knoop casus nieuw\`.`,
    listNote: md`Typ \`/knoop casus <code>\` voor de stand van een casus.`,
    hidden: "(verborgen)",

    // In-case forms
    goalText: "Doel",
    actionDescription: "Afspraak",
    actionOwner: "Eigenaar",
    actionOwnerHint: "Voor de toestemming van ouders is vastgelegd kan alleen de regisseur eigenaar zijn.",
    actionDue: "Uiterlijk op",
    noteText: "Notitie",
    noteHint: "Alleen zichtbaar voor de deelnemers. Geen namen van leerlingen of ouders.",
    addParticipantsField: "Kernpartners",
    noneToAdd: "Alle kernpartners van deze school doen al mee.",
    consentTitle: "Toestemming ouders vastleggen",
    consentAlready: "De toestemming van ouders is al vastgelegd.",
    newStatus: "Nieuwe status",
    sameStatus: "De casus heeft deze status al.",
    closeTitle: "Casus afsluiten",
    closeIntro: "Open afspraken blijven zichtbaar. Daarna kan er niets meer aan de casus veranderen.",
    evaluationHint: "Wat werkte, wat niet? Kort, zonder namen.",
    save: "Opslaan",
    saved: (p: { code: string }) => `Opgeslagen in ${p.code}.`,
    closedReply: (p: { code: string }) => `Knooppunt ${p.code} is afgesloten.`,
    actionDoneReply: (p: { code: string; description: string }) => `Afgerond in ${p.code}: ${p.description}`,
    actionAlreadyDone: "Deze afspraak is al afgerond.",
    actionNotYours: "Alleen de eigenaar of de regisseur kan deze afspraak afronden.",

    // The timeline
    timelineTitle: (p: { code: string }) => `Tijdlijn ${p.code}`,
    colWhen: "Wanneer",
    colWho: "Wie",
    colWhat: "Wat",
    system: "Knoop",
    "event.created": "Casus geopend",
    "event.goal": "Doel toegevoegd",
    "event.action": "Afspraak toegevoegd",
    "event.action-done": "Afspraak afgerond",
    "event.action-overdue": "Afspraak over de datum",
    "event.note": "Notitie toegevoegd",
    "event.participants": "Deelnemers toegevoegd",
    "event.consent": "Toestemming ouders vastgelegd",
    "event.status": "Status gewijzigd",
    "event.closed": "Casus afgesloten",

    // Direct messages (to people entitled to what they say)
    inviteFull: (p: { code: string; school: string; pupil: string; form: string; regisseur: string }) =>
      `Je neemt deel aan knooppunt ${p.code}: ${p.school}, leerling ${p.pupil}, ${p.form}. Regisseur: ${p.regisseur}.`,
    inviteLimited: (p: { code: string; regisseur: string }) =>
      `Je bent uitgenodigd voor knooppunt ${p.code}. Regisseur: ${p.regisseur}. De inhoud zie je zodra ouders toestemming hebben gegeven.`,
    consentDm: (p: { code: string }) =>
      `Ouders hebben toestemming gegeven voor knooppunt ${p.code}: je ziet nu de inhoud.`,
    actionDm: (p: { code: string; description: string; due: string }) =>
      `Nieuwe afspraak voor jou in knooppunt ${p.code}, uiterlijk ${p.due}: ${p.description}`,
    actionDoneDm: (p: { code: string; description: string; name: string }) =>
      `${p.name} heeft een afspraak in knooppunt ${p.code} afgerond: ${p.description}`,
    reminderDm: (p: { code: string; description: string; due: string }) =>
      `Herinnering: je afspraak in knooppunt ${p.code} moet uiterlijk ${p.due} klaar zijn: ${p.description}`,
    overdueOwnerDm: (p: { code: string; description: string; due: string }) =>
      `Je afspraak in knooppunt ${p.code} is over de datum (uiterlijk ${p.due}): ${p.description}`,
    overdueRegisseurDm: (p: { code: string; description: string; due: string; owner: string }) =>
      `Een afspraak in knooppunt ${p.code} is over de datum (${p.owner}, uiterlijk ${p.due}): ${p.description}`,

    // Posts in the case space: the code and who did what, never the pupil or the content
    announce: (p: { code: string; regisseur: string }) =>
      `Knooppunt ${p.code} is geopend. Regisseur: ${p.regisseur}.`,
    "post.goal": (p: { name: string }) => `Nieuw doel toegevoegd door ${p.name}.`,
    "post.action": (p: { name: string }) => `Nieuwe afspraak toegevoegd door ${p.name}.`,
    "post.action-done": (p: { name: string }) => `Een afspraak is afgerond door ${p.name}.`,
    "post.note": (p: { name: string }) => `Nieuwe notitie van ${p.name}.`,
    "post.participants": (p: { name: string }) => `Nieuwe deelnemers toegevoegd door ${p.name}.`,
    "post.consent": (p: { name: string }) =>
      `${p.name} heeft de toestemming van ouders vastgelegd: alle deelnemers zien nu de inhoud.`,
    "post.status": (p: { name: string }) => `De status is gewijzigd door ${p.name}.`,
    "post.closed": (p: { name: string }) => `De casus is afgesloten door ${p.name}.`,
  },
  {
    usage: lines(
      md`How to use \`/knoop casus\`:`,
      md`\`/knoop casus nieuw\`: open a knooppunt case`,
      md`\`/knoop casus lijst\`: your cases`,
      md`\`/knoop casus K-2026-0042\`: the status of a case`,
    ),
    unknownArgs: (p) => md`I do not understand \`/knoop casus ${p.args}\`.`,
    "status.aangemeld": "Registered",
    "status.verkennend": "Exploratory",
    "status.formeel": "Formal / escalated",
    "status.afgesloten": "Closed",
    "form.verkennend": "Exploratory",
    "form.formeel": "Formal",
    "outcome.ondersteuning-op-school": "Support at school",
    "outcome.plaatsing-andere-school": "Placement at another school",
    "outcome.tlv-aangevraagd": "TLV requested",
    "outcome.jeugdhulp-ingezet": "Youth care started",
    "outcome.terug-naar-school": "Back to school after staying home",
    "outcome.overig": "Other",
    createTitle: "Open a knooppunt case",
    createSubmit: "Open",
    fromSignal: "You are opening a case from a signal. Check the details.",
    school: "School",
    pupilRef: "Pupil reference",
    pupilRefHint:
      "The school's pupil number, or initials + year of birth (e.g. JB 2015). A name does not belong here: pupils' names never go into the chat.",
    reason: "Reason",
    reasonHint: "Why a knooppunt? No names.",
    formField: "Form",
    regisseur: "Case lead (regisseur)",
    regisseurHint: "Usually the school's IB'er.",
    consent: "Parental consent",
    consentGiven: "Parents agreed",
    consentNotYet: "Not yet",
    consentDate: "Date of consent",
    consentDateHint: "If parents agreed: the date they did (YYYY-MM-DD).",
    participants: "Participants",
    participantsHint:
      "The school's kernpartners are preselected. Until consent is recorded they only see the code, status and case lead.",
    swvWide: "whole SWV",
    required: "Please fill in this field.",
    tooLong: (p) => `Use at most ${p.max} characters.`,
    choose: "Choose one of the options.",
    badDate: "Enter a date such as 2026-11-23.",
    futureDate: "This date is in the future.",
    pastDate: "This date is in the past.",
    consentDateRequired: "Enter the date the parents agreed.",
    partnerElsewhere: "Choose only kernpartners of the chosen school.",
    regisseurElsewhere: "Choose yourself or an IB'er of the chosen school.",
    noSchools: "You cannot open a case: that needs a role at a school (IB'er, head or kernpartner).",
    signalNotAllowed:
      "You cannot open a case from this signal: its reporter, the kernpartner who received it and the school's IB'er can.",
    signalHasCase: (p) => `This signal already became case ${p.code}.`,
    signalClosed: md`This signal is already closed: if needed, open a new case with \`/knoop casus nieuw\`.`,
    created: (p) => `Case ${p.code} is open and its participants are invited.`,
    cardTitle: (p) => `Knooppunt ${p.code}`,
    code: "Code",
    pupil: "Pupil",
    consentNotRecorded: "Not recorded yet",
    outcomeField: "Outcome",
    meetings: "Meeting",
    evaluation: "Evaluation",
    goals: "Goals",
    noGoals: "No goals yet.",
    notes: "Latest notes",
    openActions: "Open actions",
    noActions: "No open actions.",
    colAction: "Action",
    colOwner: "Owner",
    colDue: "Due",
    overdue: "overdue",
    limitedNote: "The content of this case follows once the parents have given consent.",
    addGoal: "Add goal",
    addAction: "Add action",
    addNote: "Add note",
    proposeMeeting: "Plan a meeting",
    addParticipant: "Add participant",
    recordConsent: "Record consent",
    changeStatus: "Change status",
    close: "Close",
    timeline: "Timeline",
    show: "View case",
    markDone: "Done",
    listTitle: "Your cases",
    colCode: "Code",
    colSchool: "School",
    colPupil: "Pupil",
    colStatus: "Status",
    colRegisseur: "Case lead",
    colNext: "Next action",
    listEmpty: md`You have no cases yet. Open one with \`/knoop casus nieuw\`.`,
    listNote: md`Type \`/knoop casus <code>\` for the status of a case.`,
    hidden: "(hidden)",
    goalText: "Goal",
    actionDescription: "Action",
    actionOwner: "Owner",
    actionOwnerHint: "Until parental consent is recorded only the case lead can own an action.",
    actionDue: "Due on",
    noteText: "Note",
    noteHint: "Visible to participants only. No names of pupils or parents.",
    addParticipantsField: "Kernpartners",
    noneToAdd: "All kernpartners of this school already take part.",
    consentTitle: "Record parental consent",
    consentAlready: "Parental consent has already been recorded.",
    newStatus: "New status",
    sameStatus: "The case already has this status.",
    closeTitle: "Close the case",
    closeIntro: "Open actions stay visible. After closing, the case can no longer change.",
    evaluationHint: "What worked, what did not? Briefly, without names.",
    save: "Save",
    saved: (p) => `Saved in ${p.code}.`,
    closedReply: (p) => `Case ${p.code} is closed.`,
    actionDoneReply: (p) => `Done in ${p.code}: ${p.description}`,
    actionAlreadyDone: "This action is already done.",
    actionNotYours: "Only the owner or the case lead can mark this action done.",
    timelineTitle: (p) => `Timeline ${p.code}`,
    colWhen: "When",
    colWho: "Who",
    colWhat: "What",
    system: "Knoop",
    "event.created": "Case opened",
    "event.goal": "Goal added",
    "event.action": "Action added",
    "event.action-done": "Action done",
    "event.action-overdue": "Action overdue",
    "event.note": "Note added",
    "event.participants": "Participants added",
    "event.consent": "Parental consent recorded",
    "event.status": "Status changed",
    "event.closed": "Case closed",
    inviteFull: (p) =>
      `You take part in case ${p.code}: ${p.school}, pupil ${p.pupil}, ${p.form}. Case lead: ${p.regisseur}.`,
    inviteLimited: (p) =>
      `You are invited to case ${p.code}. Case lead: ${p.regisseur}. You will see its content once the parents have given consent.`,
    consentDm: (p) => `The parents gave consent for case ${p.code}: you can now see its content.`,
    actionDm: (p) => `A new action for you in case ${p.code}, due ${p.due}: ${p.description}`,
    actionDoneDm: (p) => `${p.name} completed an action in case ${p.code}: ${p.description}`,
    reminderDm: (p) => `Reminder: your action in case ${p.code} is due ${p.due}: ${p.description}`,
    overdueOwnerDm: (p) => `Your action in case ${p.code} is overdue (due ${p.due}): ${p.description}`,
    overdueRegisseurDm: (p) =>
      `An action in case ${p.code} is overdue (${p.owner}, due ${p.due}): ${p.description}`,
    announce: (p) => `Case ${p.code} is open. Case lead: ${p.regisseur}.`,
    "post.goal": (p) => `New goal added by ${p.name}.`,
    "post.action": (p) => `New action added by ${p.name}.`,
    "post.action-done": (p) => `An action was completed by ${p.name}.`,
    "post.note": (p) => `New note by ${p.name}.`,
    "post.participants": (p) => `New participants added by ${p.name}.`,
    "post.consent": (p) => `${p.name} recorded parental consent: all participants can now see the content.`,
    "post.status": (p) => `The status was changed by ${p.name}.`,
    "post.closed": (p) => `The case was closed by ${p.name}.`,
  },
);

export type CaseTexts = ReturnType<typeof caseTexts>;
