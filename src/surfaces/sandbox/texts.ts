import { defineTexts } from "../../core/texts.ts";

/** Everything the sandbox page and API say (the page's own words; message content comes from the features). */
export const sandboxTexts = defineTexts(
  {
    started: (p: { url: string }) =>
      `Geen Slack of Teams geconfigureerd: de lokale demo-chat (sandbox) draait op ${p.url}`,
    pageTitle: "Knoop — lokale demo",
    heading: "Knoop — lokale demo, zonder inlog",
    disclaimer:
      "Alles hier is verzonnen (mensen, leerlingen, signalen en casussen), behalve de scholen: die komen uit de open data van DUO. Iedereen die deze pagina opent, kan elke demo-persoon kiezen.",
    pickPerson: "Ik ben",
    spaces: "Gesprekken",
    noSpaces: "Nog geen gesprekken.",
    noMessages: "Nog geen berichten.",
    unread: (p: { count: number }) => `${p.count} ongelezen`,
    command: "Commando",
    commandHint: "Typ bijvoorbeeld /knoop help of /knoop signaal en druk op Enter.",
    send: "Versturen",
    ephemeral: "Alleen zichtbaar voor jou",
    cancel: "Annuleren",
    filter: "Zoeken in de lijst",
    required: "verplicht",
    clock: "Demo-tijd",
    forward: "Tijd vooruit:",
    plusHour: "+1 uur",
    plusDay: "+1 dag",
    plusWeek: "+1 week",
    dm: "Knoop (privébericht)",
    noPerson: "nog geen persoon (onboarding)",
    badRequest: "Ongeldig verzoek: kies een demo-persoon en probeer het opnieuw.",
    unknownUser: "Onbekende demo-persoon.",
    notMember: "Geen toegang: je bent geen lid van dit gesprek.",
    failed: "Er ging iets mis in de demo-chat. Probeer het opnieuw.",
    foreignHost:
      "Geweigerd: de demo-chat antwoordt alleen op zijn eigen adres (zoals 127.0.0.1), niet via een andere website.",
    notThisMessage: "Deze knop hoort niet bij dat bericht: het bericht blijft zoals het was.",
    network: "De demo-server is niet bereikbaar. Draait npm start nog?",
    resetDone:
      "Demo opnieuw begonnen: alle gegevens gewist en het demo-samenwerkingsverband PO3104 opnieuw gevuld. Herlaad de pagina als npm start al draait.",
  },
  {
    started: (p) => `No Slack or Teams configured: the local demo chat (sandbox) runs at ${p.url}`,
    pageTitle: "Knoop — local demo",
    heading: "Knoop — local demo, no login",
    disclaimer:
      "Everything here is made up (people, pupils, signals and cases), except the schools: they come from DUO's open data. Anyone who opens this page can pick any demo person.",
    pickPerson: "I am",
    spaces: "Conversations",
    noSpaces: "No conversations yet.",
    noMessages: "No messages yet.",
    unread: (p) => `${p.count} unread`,
    command: "Command",
    commandHint: "Type for example /knoop help or /knoop signaal and press Enter.",
    send: "Send",
    ephemeral: "Only visible to you",
    cancel: "Cancel",
    filter: "Search the list",
    required: "required",
    clock: "Demo time",
    forward: "Move time forward:",
    plusHour: "+1 hour",
    plusDay: "+1 day",
    plusWeek: "+1 week",
    dm: "Knoop (direct message)",
    noPerson: "no person yet (onboarding)",
    badRequest: "Invalid request: pick a demo person and try again.",
    unknownUser: "Unknown demo person.",
    notMember: "No access: you are not a member of this conversation.",
    failed: "Something went wrong in the demo chat. Please try again.",
    foreignHost:
      "Refused: the demo chat only answers on its own address (such as 127.0.0.1), not through another website.",
    notThisMessage: "This button does not belong to that message: the message stays as it was.",
    network: "The demo server cannot be reached. Is npm start still running?",
    resetDone:
      "Demo started over: all data deleted and the demo samenwerkingsverband PO3104 filled again. Reload the page if npm start is running.",
  },
);

export type SandboxTexts = ReturnType<typeof sandboxTexts>;
