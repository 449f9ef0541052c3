import { lines, md } from "../../chat/inline.ts";
import type { Context } from "../../chat/router.ts";
import { heading, message, note, type Reply, text } from "../../chat/views.ts";
import { defineTexts } from "../../core/texts.ts";

const texts = defineTexts(
  {
    title: "Knoop: zo werkt het",
    commands: lines(
      md`\`/knoop signaal\`: een zorg over een leerling melden bij de juiste kernpartner`,
      md`\`/knoop signaal lijst\`: jouw open signalen`,
      md`\`/knoop casus nieuw\`: een knooppunt (casus) openen`,
      md`\`/knoop casus lijst\`: jouw casussen`,
      md`\`/knoop casus K-2026-0042\`: de stand van een casus`,
      md`\`/knoop ik\`: jouw rollen en scholen`,
      md`\`/knoop afwezig tot 2027-03-15\` of \`/knoop afwezig uit\`: geen check-ins tijdens je afwezigheid`,
      md`\`/knoop werkdagen ma di do\`: de dagen waarop je check-ins krijgt`,
      md`\`/knoop thuiszitters\`: de thuiszitters van jouw scholen en hun termijnen (voor SWV-consultants)`,
      md`\`/knoop cyclus\`, \`/knoop cyclus sop\`, \`/knoop cyclus bestuur 41234\`: wie welke check-in heeft ingevuld, met herinneren en vrijstelling (voor het SWV); \`/knoop cyclus jaar\`: het schooljaar en de instellingen`,
      md`\`/knoop digest [maand|kwartaal|schooljaar] [bestuur NUMMER]\`: het overzicht voor het bestuur, met normen en trends (voor bestuursleden en het SWV); \`/knoop digest abonneer maand|kwartaal\`: overzichten in het bestuurskanaal (voor beheerders)`,
      md`\`/knoop beheer\`: mensen, rollen en routering (voor beheerders)`,
      md`\`/knoop installatielink\`: een link om Knoop in een nieuwe Slack-werkruimte te installeren (voor beheerders)`,
      md`\`/knoop privacy inzage|wissen <leerlingreferentie> <school>\`: inzage of wissen van wat Knoop over een leerling weet (voor de privacyfunctionaris); \`/knoop privacy bewaartermijn\`: hoe lang (voor beheerders)`,
      md`\`/knoop help\`: deze uitleg`,
    ),
    privacy: "Noem nooit de naam van een leerling: gebruik het leerlingnummer of initialen + geboortejaar.",
  },
  {
    title: "Knoop: how it works",
    commands: lines(
      md`\`/knoop signaal\`: report a concern about a pupil to the right kernpartner`,
      md`\`/knoop signaal lijst\`: your open signals`,
      md`\`/knoop casus nieuw\`: open a knooppunt case`,
      md`\`/knoop casus lijst\`: your cases`,
      md`\`/knoop casus K-2026-0042\`: the status of a case`,
      md`\`/knoop ik\`: your roles and schools`,
      md`\`/knoop afwezig tot 2027-03-15\` or \`/knoop afwezig uit\`: no check-ins while you are away`,
      md`\`/knoop werkdagen ma di do\`: the days you get check-ins`,
      md`\`/knoop thuiszitters\`: the pupils out of school at your schools and their deadlines (SWV consultants)`,
      md`\`/knoop cyclus\`, \`/knoop cyclus sop\`, \`/knoop cyclus bestuur 41234\`: who completed which check-in, with reminders and waivers (SWV staff); \`/knoop cyclus jaar\`: the school year and its settings`,
      md`\`/knoop digest [maand|kwartaal|schooljaar] [bestuur NUMBER]\`: the board digest with norms and trends (board members and SWV staff); \`/knoop digest abonneer maand|kwartaal\`: digests in the board channel (administrators)`,
      md`\`/knoop beheer\`: people, roles and routing (administrators)`,
      md`\`/knoop installatielink\`: a link to install Knoop in a new Slack workspace (administrators)`,
      md`\`/knoop privacy inzage|wissen <pupil reference> <school>\`: access to or erasure of what Knoop holds about a pupil (privacy officer); \`/knoop privacy bewaartermijn\`: for how long (administrators)`,
      md`\`/knoop help\`: this help`,
    ),
    privacy: "Never name a pupil: use the pupil number or initials + year of birth.",
  },
);

/** The usage text: `/knoop help`, a bare `/knoop`, and after an unknown command. */
export function helpReply(ctx: Context): Reply {
  const t = texts(ctx.actor.locale);
  return { type: "message", message: message(heading(t.title), text(t.commands), note(t.privacy)) };
}
