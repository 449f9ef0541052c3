import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

/** Why Teams refused, in words an SWV administrator understands. */
const reasonsNl: Record<string, string> = {
  not_installed:
    "de Knoop-app is niet voor deze persoon geïnstalleerd in Teams: installeer de app voor iedereen van het samenwerkingsverband (Teams-beheercentrum, app-instellingsbeleid) of laat de persoon Knoop zelf toevoegen",
  no_teams_account: "er is geen Teams-account aan deze persoon gekoppeld",
  no_service_url:
    "Knoop heeft nog nooit iets uit deze Microsoft 365-organisatie ontvangen: laat iemand Knoop in Teams openen en een bericht sturen",
  conversation_gone: "het Teams-gesprek bestaat niet meer of Knoop is er geen lid meer van",
  unauthorized:
    "Teams weigert Knoops aanmelding: controleer TEAMS_APP_ID, TEAMS_APP_PASSWORD (verlopen clientgeheim?) en TEAMS_TENANT_ID",
  forbidden: "Teams staat Knoop dit niet toe: controleer de installatie en toestemmingen van de app",
  no_group_chat:
    "Knoop mag geen groepschats maken: verleen de Graph-toestemmingen Chat.Create en TeamsAppInstallation.ReadWriteSelfForChat.All; tot dan krijgt iedereen de berichten van de casus in de eigen chat met Knoop",
  bad_request: "Teams kon het bericht niet tonen",
  original_not_sent: "het oorspronkelijke bericht is nooit verstuurd",
  too_large: "het bericht was te groot voor Teams",
};

const reasonsEn: Record<string, string> = {
  not_installed:
    "the Knoop app is not installed in Teams for this person: install it for everyone of the samenwerkingsverband (Teams admin center, app setup policy) or let the person add Knoop",
  no_teams_account: "no Teams account is linked to this person",
  no_service_url:
    "Knoop never received anything from this Microsoft 365 organisation: let someone open Knoop in Teams and send a message",
  conversation_gone: "the Teams conversation no longer exists or Knoop is no longer in it",
  unauthorized:
    "Teams refuses Knoop's sign-in: check TEAMS_APP_ID, TEAMS_APP_PASSWORD (expired client secret?) and TEAMS_TENANT_ID",
  forbidden: "Teams does not allow Knoop this: check the app's installation and permissions",
  no_group_chat:
    "Knoop may not create group chats: grant the Graph permissions Chat.Create and TeamsAppInstallation.ReadWriteSelfForChat.All; until then everyone gets the case's messages in their own chat with Knoop",
  bad_request: "Teams could not show the message",
  original_not_sent: "the original message was never sent",
  too_large: "the message was too large for Teams",
};

export const teamsTexts = defineTexts(
  {
    explain: (p: { code: string }) => reasonsNl[p.code] ?? "",
    malformed: "Dit verzoek kon Knoop niet lezen.",
    chartFallback: "De grafiek kan hier niet getoond worden; de cijfers staan in de tabel.",
    confirmDeny: (p: { deny: string }) => `Wil je het niet? Klik dan nergens op (${p.deny}).`,
    required: "Vul dit veld in.",
    timeOf: (p: { label: string }) => `${p.label}: tijd`,
    openForm: "Formulier openen",
    formIntro: (p: { title: string }) => `Vul het formulier „${p.title}” in.`,
    pointer: "Knoop heeft je antwoord in je persoonlijke chat met Knoop gezet.",
    sentPrivately: "Je antwoord staat in je persoonlijke chat met Knoop.",
    done: "Klaar.",
    failed: "Er ging iets mis aan onze kant. Probeer het zo nog eens.",
    onlyInPersonal: md`Koppelen kan alleen in je persoonlijke chat met Knoop: typ daar \`knoop koppel <code>\`.`,
    linked: (p: { swv: string }) =>
      `Gelukt: deze Microsoft 365-organisatie hoort nu bij ${p.swv}. Iedereen die de beheerder heeft toegevoegd kan Knoop nu gebruiken.`,
    alreadyLinked: (p: { swv: string }) =>
      `Deze Microsoft 365-organisatie hoort al bij ${p.swv}; er is niets veranderd.`,
    badLink:
      "Deze koppelcode werkt niet (onbekend, al gebruikt of verlopen). Vraag de beheerder van je samenwerkingsverband om een nieuwe (`/knoop installatielink`).",
    welcome: md`Hallo! Ik ben *Knoop*, de assistent van je samenwerkingsverband passend onderwijs. Typ \`knoop help\` om te zien wat ik kan.`,
    notLinked: md`Deze Microsoft 365-organisatie is nog niet aan een samenwerkingsverband gekoppeld. Vraag de beheerder van Knoop om een koppelcode (\`/knoop installatielink\`) en typ hier \`knoop koppel <code>\`.`,
  },
  {
    explain: (p) => reasonsEn[p.code] ?? "",
    malformed: "Knoop could not read this request.",
    chartFallback: "The chart cannot be shown here; the numbers are in the table.",
    confirmDeny: (p) => `Not sure? Then click nothing (${p.deny}).`,
    required: "Fill in this field.",
    timeOf: (p) => `${p.label}: time`,
    openForm: "Open the form",
    formIntro: (p) => `Fill in the form "${p.title}".`,
    pointer: "Knoop put its answer in your personal chat with Knoop.",
    sentPrivately: "Your answer is in your personal chat with Knoop.",
    done: "Done.",
    failed: "Something went wrong on our side. Please try again shortly.",
    onlyInPersonal: md`Linking works only in your personal chat with Knoop: type \`knoop koppel <code>\` there.`,
    linked: (p) =>
      `Done: this Microsoft 365 organisation now belongs to ${p.swv}. Everyone the administrator added can use Knoop now.`,
    alreadyLinked: (p) => `This Microsoft 365 organisation already belongs to ${p.swv}; nothing changed.`,
    badLink:
      "This link code does not work (unknown, used or expired). Ask your samenwerkingsverband's administrator for a new one (`/knoop installatielink`).",
    welcome: md`Hello! I am *Knoop*, the assistant of your samenwerkingsverband passend onderwijs. Type \`knoop help\` to see what I can do.`,
    notLinked: md`This Microsoft 365 organisation is not linked to a samenwerkingsverband yet. Ask Knoop's administrator for a link code (\`/knoop installatielink\`) and type \`knoop koppel <code>\` here.`,
  },
);
