import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

const nlDomains: Record<string, string> = {
  verzuim: "Verzuim",
  gezondheid: "Gezondheid",
  gezin: "Gezin en opvoeding",
  schoolloopbaan: "Schoolloopbaan (leren en gedrag)",
};
const enDomains: Record<string, string> = {
  verzuim: "Absence",
  gezondheid: "Health",
  gezin: "Family and parenting",
  schoolloopbaan: "School career (learning and behaviour)",
};
const nlStatuses: Record<string, string> = {
  nieuw: "Nieuw",
  opgepakt: "Opgepakt",
  afgehandeld: "Afgehandeld",
  omgezet: "Omgezet in casus",
};
const enStatuses: Record<string, string> = {
  nieuw: "New",
  opgepakt: "Taken",
  afgehandeld: "Closed",
  omgezet: "Turned into a case",
};
const nlUrgencies: Record<string, string> = { laag: "Laag", normaal: "Normaal", hoog: "Hoog" };
const enUrgencies: Record<string, string> = { laag: "Low", normaal: "Normal", hoog: "High" };

type About = { pupilRef: string; school: string; date: string };
const aboutNl = (p: About) => `Je signaal over ${p.pupilRef} (${p.school}, ${p.date})`;
const aboutEn = (p: About) => `Your signal about ${p.pupilRef} (${p.school}, ${p.date})`;

export const texts = defineTexts(
  {
    domain: (p: { key: string }) => nlDomains[p.key] ?? p.key,
    status: (p: { key: string }) => nlStatuses[p.key] ?? p.key,
    urgency: (p: { key: string }) => nlUrgencies[p.key] ?? p.key,

    usage: md`Gebruik: \`/knoop signaal\` om een signaal te melden, of \`/knoop signaal lijst\` voor jouw open signalen.`,
    noSchool:
      "Je bent nog niet aan een school gekoppeld, dus je kunt nog geen signaal melden. Vraag een beheerder om je rol bij een school toe te voegen.",

    formTitle: "Signaal melden",
    formSubmit: "Versturen",
    formIntro:
      "Je signaal gaat naar de kernpartner van de school voor dit domein. Alleen de ontvangers zien de gegevens.",
    school: "School",
    schoolHint: "Een van jouw scholen; typ om te zoeken.",
    pupilRef: "Leerlingkenmerk",
    pupilRefHint:
      "Het leerlingnummer van de school, of initialen + geboortejaar (bijv. JB 2015). Een naam hoort hier niet: namen van leerlingen komen nooit in de chat.",
    pupilRefPlaceholder: "bijv. 204518 of JB 2015",
    domainLabel: "Domein",
    description: "Wat is opgemerkt?",
    descriptionHint: "Wat je zag of hoorde en sinds wanneer, zonder namen.",
    urgencyLabel: "Urgentie",

    required: "Vul dit veld in.",
    pick: "Maak een keuze.",
    notYourSchool: "Kies een van jouw scholen.",
    pupilRefLength: "Een leerlingkenmerk heeft 2 tot 20 tekens.",
    pupilRefName:
      "Dit lijkt een naam. Een leerlingkenmerk is een code: het leerlingnummer (bijv. 204518) of initialen met geboortejaar (bijv. JB 2015), zonder namen of andere woorden.",
    tooLong: (p: { max: number }) => `Gebruik hoogstens ${p.max} tekens.`,
    notAPartner: "Kies een van de kernpartners uit de lijst.",

    sent: "Signaal verstuurd",
    stored: "Signaal bewaard",
    sentToSelf: (p: { role: string; ibs: string }) =>
      `Jij bent de ${p.role} van deze school: het signaal is meteen door jou opgepakt.${p.ibs ? ` De IB'er is geïnformeerd (${p.ibs}).` : ""}`,
    sentTo: (p: { role: string; school: string; names: string }) =>
      `Je signaal is naar de ${p.role} van ${p.school} gestuurd: ${p.names}.`,
    sentToFallback: (p: { missing: string; consultant: string; names: string }) =>
      `Deze school heeft geen ${p.missing}; het signaal is naar de ${p.consultant} gegaan: ${p.names}.`,
    sentToNobody: (p: { missing: string; consultant: string; admins: string }) =>
      `Je signaal is bewaard, maar niemand kon het ontvangen: deze school heeft geen ${p.missing} en er is geen ${p.consultant}. De beheerders zijn ingelicht${p.admins}.`,
    linkedNote: (p: { date: string; status: string }) =>
      `Het is gekoppeld aan een eerder signaal voor deze leerling van ${p.date} (status: ${p.status}).`,

    cardTitle: (p: { domain: string }) => `Signaal: ${p.domain}`,
    routed: (p: { reporter: string; role: string; school: string }) =>
      `${p.reporter} meldt een signaal bij jou als ${p.role} van ${p.school}.`,
    routedFallback: (p: { reporter: string; school: string; missing: string; role: string }) =>
      `${p.reporter} meldt een signaal voor ${p.school}. Deze school heeft geen ${p.missing}, daarom krijg jij het als ${p.role}.`,
    forwardedToYou: (p: { name: string; reason: string }) =>
      `${p.name} heeft dit signaal naar je doorgezet. Reden: ${p.reason}`,
    proposedToYou: (p: { name: string; role: string }) =>
      `${p.name} (${p.role}) stelt een knooppunt voor bij dit signaal. Open een casus als je dat ook vindt.`,
    youTook: "Je hebt dit signaal opgepakt.",
    youTookOwn: (p: { role: string }) =>
      `Je meldde dit signaal als ${p.role} van de school: het is meteen door jou opgepakt. Hier zet je het door, stel je een knooppunt voor of handel je het af.`,
    updated: (p: { name: string }) => `Bijgewerkt na een stap van ${p.name}.`,
    selfTakenCard: (p: { reporter: string; school: string }) =>
      `${p.reporter} meldde dit signaal voor ${p.school} en pakt het zelf op. Ter informatie voor de IB'er.`,
    private: "Alleen voor jou: deel het leerlingkenmerk nooit in een kanaal.",
    factSchool: "School",
    factPupil: "Leerling",
    factDomain: "Domein",
    factUrgency: "Urgentie",
    factNoticed: "Opgemerkt",
    factReporter: "Gemeld door",
    factDate: "Datum",
    factStatus: "Status",
    factAssignee: "Opgepakt door",
    factLinked: "Eerder signaal",
    linkedValue: (p: { date: string; status: string }) => `van ${p.date} (${p.status})`,

    take: "Oppakken",
    proposeCase: "Knooppunt voorstellen",
    openCase: "Casus openen",
    forward: "Doorzetten",
    close: "Afhandelen",

    unroutedTitle: "Signaal zonder ontvanger",
    unrouted: (p: { school: string; domain: string; missing: string; consultant: string }) =>
      md`Een signaal voor ${p.school} (${p.domain}) kon niemand bereiken: deze school heeft geen ${p.missing} en er is geen ${p.consultant}. Het signaal is bewaard. Wijs de rol toe met \`/knoop beheer\`.`,

    reporterTaken: (p: About & { name: string; role: string }) =>
      `${aboutNl(p)} is opgepakt door ${p.name} (${p.role}).`,
    reporterForwarded: (p: About & { name: string; to: string; reason: string }) =>
      `${aboutNl(p)} is door ${p.name} doorgezet naar ${p.to}. Reden: ${p.reason}`,
    reporterClosed: (p: About & { name: string; note: string }) =>
      `${aboutNl(p)} is afgehandeld door ${p.name}. Toelichting: ${p.note}`,
    reporterConverted: (p: About & { name: string; code: string }) =>
      `${aboutNl(p)} is door ${p.name} omgezet in knooppunt ${p.code}.`,

    noAccess: "Geen toegang: dit signaal is niet aan jou gericht.",
    handedOn: "Dit signaal is doorgezet en ligt niet meer bij jou: deze knop werkt niet meer.",
    takenBy: (p: { name: string }) => `Dit signaal is al opgepakt door ${p.name}.`,
    alreadyYours: "Je hebt dit signaal al opgepakt.",
    alreadyClosed: "Dit signaal is al afgehandeld.",
    alreadyConverted: "Dit signaal is al omgezet in een casus.",
    changed: md`Dit signaal is intussen gewijzigd. Vraag het opnieuw op met \`/knoop signaal lijst\`.`,
    onlyPartners: "Alleen een kernpartner kan een knooppunt voorstellen. Als IB'er open je zelf een casus.",
    noIb: md`Deze school heeft nog geen IB'er in Knoop. Vraag een beheerder om die toe te voegen (\`/knoop beheer\`).`,
    proposed: (p: { names: string }) =>
      `Je voorstel voor een knooppunt is naar de IB'er gestuurd: ${p.names}.`,
    noPartners: "Er is geen andere kernpartner om dit signaal naar door te zetten.",

    forwardTitle: "Signaal doorzetten",
    forwardSubmit: "Doorzetten",
    forwardTo: "Naar",
    forwardReason: "Reden",
    forwardReasonHint: "Waarom deze partner? De nieuwe partner en de melder lezen dit.",
    forwarded: (p: { to: string }) => `Het signaal is doorgezet naar ${p.to}. De melder is ingelicht.`,
    closeTitle: "Signaal afhandelen",
    closeSubmit: "Afhandelen",
    closeNote: "Toelichting",
    closeNoteHint: "Kort: wat is er gedaan of afgesproken? De melder leest dit.",
    closed: "Het signaal is afgehandeld. De melder is ingelicht.",

    listTitle: "Jouw open signalen",
    listEmpty: "Je hebt geen open signalen: niets gemeld of ontvangen dat nog loopt.",
    listNote: "Signalen die je meldde of ontving en die nog niet zijn afgehandeld of omgezet.",
    listMore: "Meer",
    listTotal: (p: { total: number }) => `${p.total} open signalen in totaal.`,
    listStale: "Deze lijst is intussen veranderd: hier is het begin opnieuw.",
    colDate: "Datum",
    colSchool: "School",
    colPupil: "Leerling",
    colDomain: "Domein",
    colStatus: "Status",
    colUrgency: "Urgentie",
  },
  {
    domain: (p) => enDomains[p.key] ?? p.key,
    status: (p) => enStatuses[p.key] ?? p.key,
    urgency: (p) => enUrgencies[p.key] ?? p.key,

    usage: md`Usage: \`/knoop signaal\` to report a signal, or \`/knoop signaal lijst\` for your open signals.`,
    noSchool:
      "You are not linked to a school yet, so you cannot report a signal. Ask an administrator to add your role at a school.",

    formTitle: "Report a signal",
    formSubmit: "Send",
    formIntro:
      "Your signal goes to the school's kernpartner for this domain. Only the recipients see the details.",
    school: "School",
    schoolHint: "One of your schools; type to search.",
    pupilRef: "Pupil reference",
    pupilRefHint:
      "The school's pupil number, or initials + year of birth (e.g. JB 2015). A name does not belong here: pupils' names never go into the chat.",
    pupilRefPlaceholder: "e.g. 204518 or JB 2015",
    domainLabel: "Domain",
    description: "What was noticed?",
    descriptionHint: "What you saw or heard and since when, without names.",
    urgencyLabel: "Urgency",

    required: "Please fill in this field.",
    pick: "Please choose one.",
    notYourSchool: "Choose one of your schools.",
    pupilRefLength: "A pupil reference has 2 to 20 characters.",
    pupilRefName:
      "This looks like a name. A pupil reference is a code: the pupil number (e.g. 204518) or initials with year of birth (e.g. JB 2015), without names or other words.",
    tooLong: (p) => `Use at most ${p.max} characters.`,
    notAPartner: "Choose one of the kernpartners in the list.",

    sent: "Signal sent",
    stored: "Signal stored",
    sentToSelf: (p) =>
      `You are this school's ${p.role}: the signal was taken by you at once.${p.ibs ? ` The IB'er was informed (${p.ibs}).` : ""}`,
    sentTo: (p) => `Your signal was sent to the ${p.role} of ${p.school}: ${p.names}.`,
    sentToFallback: (p) =>
      `This school has no ${p.missing}; the signal went to the ${p.consultant}: ${p.names}.`,
    sentToNobody: (p) =>
      `Your signal is stored, but nobody could receive it: this school has no ${p.missing} and there is no ${p.consultant}. The administrators were told${p.admins}.`,
    linkedNote: (p) =>
      `It is linked to an earlier signal for this pupil from ${p.date} (status: ${p.status}).`,

    cardTitle: (p) => `Signal: ${p.domain}`,
    routed: (p) => `${p.reporter} reports a signal to you as ${p.role} of ${p.school}.`,
    routedFallback: (p) =>
      `${p.reporter} reports a signal for ${p.school}. This school has no ${p.missing}, so you get it as ${p.role}.`,
    forwardedToYou: (p) => `${p.name} forwarded this signal to you. Reason: ${p.reason}`,
    proposedToYou: (p) =>
      `${p.name} (${p.role}) proposes a knooppunt for this signal. Open a case if you agree.`,
    youTook: "You took this signal.",
    youTookOwn: (p) =>
      `You reported this signal as the school's ${p.role}: it was taken by you at once. From here you forward it, propose a knooppunt or close it.`,
    updated: (p) => `Updated after a step by ${p.name}.`,
    selfTakenCard: (p) =>
      `${p.reporter} reported this signal for ${p.school} and takes it on themselves. For the IB'er's information.`,
    private: "For you only: never share the pupil reference in a channel.",
    factSchool: "School",
    factPupil: "Pupil",
    factDomain: "Domain",
    factUrgency: "Urgency",
    factNoticed: "Noticed",
    factReporter: "Reported by",
    factDate: "Date",
    factStatus: "Status",
    factAssignee: "Taken by",
    factLinked: "Earlier signal",
    linkedValue: (p) => `from ${p.date} (${p.status})`,

    take: "Take it",
    proposeCase: "Propose a knooppunt",
    openCase: "Open a case",
    forward: "Forward",
    close: "Close",

    unroutedTitle: "Signal without a recipient",
    unrouted: (p) =>
      md`A signal for ${p.school} (${p.domain}) could not reach anyone: this school has no ${p.missing} and there is no ${p.consultant}. The signal is stored. Assign the role with \`/knoop beheer\`.`,

    reporterTaken: (p) => `${aboutEn(p)} was taken by ${p.name} (${p.role}).`,
    reporterForwarded: (p) => `${aboutEn(p)} was forwarded by ${p.name} to ${p.to}. Reason: ${p.reason}`,
    reporterClosed: (p) => `${aboutEn(p)} was closed by ${p.name}. Note: ${p.note}`,
    reporterConverted: (p) => `${aboutEn(p)} was turned into knooppunt ${p.code} by ${p.name}.`,

    noAccess: "No access: this signal is not addressed to you.",
    handedOn: "This signal was forwarded and is no longer with you: this button no longer works.",
    takenBy: (p) => `This signal was already taken by ${p.name}.`,
    alreadyYours: "You already took this signal.",
    alreadyClosed: "This signal is already closed.",
    alreadyConverted: "This signal was already turned into a case.",
    changed: md`This signal has changed in the meantime. Look it up again with \`/knoop signaal lijst\`.`,
    onlyPartners: "Only a kernpartner can propose a knooppunt. As an IB'er you open a case yourself.",
    noIb: md`This school has no IB'er in Knoop yet. Ask an administrator to add one (\`/knoop beheer\`).`,
    proposed: (p) => `Your knooppunt proposal was sent to the IB'er: ${p.names}.`,
    noPartners: "There is no other kernpartner to forward this signal to.",

    forwardTitle: "Forward signal",
    forwardSubmit: "Forward",
    forwardTo: "To",
    forwardReason: "Reason",
    forwardReasonHint: "Why this partner? The new partner and the reporter read this.",
    forwarded: (p) => `The signal was forwarded to ${p.to}. The reporter was told.`,
    closeTitle: "Close signal",
    closeSubmit: "Close",
    closeNote: "Note",
    closeNoteHint: "Briefly: what was done or agreed? The reporter reads this.",
    closed: "The signal is closed. The reporter was told.",

    listTitle: "Your open signals",
    listEmpty: "You have no open signals: nothing reported or received that is still running.",
    listNote: "Signals you reported or received that are not yet closed or turned into a case.",
    listMore: "More",
    listTotal: (p) => `${p.total} open signals in all.`,
    listStale: "This list has changed in the meantime: here is its start again.",
    colDate: "Date",
    colSchool: "School",
    colPupil: "Pupil",
    colDomain: "Domain",
    colStatus: "Status",
    colUrgency: "Urgency",
  },
);

export type SignalTexts = ReturnType<typeof texts>;
