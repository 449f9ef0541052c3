import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";
import type { SignalDomain } from "../swv/defaults.ts";

export const texts = defineTexts(
  {
    usage: (p: { command: string }) => md`Gebruik: \`/knoop ${p.command}\`, zonder verdere woorden.`,
    wholeSwv: "Heel het samenwerkingsverband",
    school: (p: { name: string; place: string }) => `${p.name} (${p.place})`,

    // /knoop ik
    meTitle: "Jouw rollen",
    meIntro: (p: { name: string; swv: string }) =>
      md`Je bent bij Knoop bekend als *${p.name}*, bij ${p.swv}.`,
    meNone: md`Je hebt nog geen rol. Vraag een beheerder om je er een te geven (\`/knoop beheer\`).`,
    columnRole: "Rol",
    columnWhere: "Waar",
    onlyYou: "Alleen zichtbaar voor jou.",

    // /knoop beheer
    denied: (p: { names: string }) =>
      md`\`/knoop beheer\` is alleen voor beheerders van het samenwerkingsverband. ${
        p.names ? `De beheerders zijn: ${p.names}.` : "Er is nog geen beheerder: vraag het bureau van je SWV."
      }`,
    adminTitle: (p: { swv: string }) => `Beheer: ${p.swv}`,
    adminText: "Wat wil je doen? Hieronder staat ook wie welke signalen krijgt.",
    people: "Mensen",
    schools: "Actieve scholen",
    domain: (p: { domain: SignalDomain }) =>
      ({
        verzuim: "Verzuim",
        gezondheid: "Gezondheid",
        gezin: "Gezin",
        schoolloopbaan: "Schoolloopbaan (leren en gedrag)",
      })[p.domain],
    addPerson: "Persoon toevoegen",
    assignRole: "Rol toekennen",
    removeRole: "Rol intrekken",
    routing: "Routering",
    roleNames: "Rolnamen",

    // forms
    save: "Opslaan",
    addIntro: "Kies het chataccount van de persoon. Die krijgt een welkomstbericht met de rollen.",
    account: "Chataccount",
    name: "Naam",
    nameHint: "Leeg laten: de naam van het chataccount.",
    email: "E-mail (optioneel)",
    firstRole: "Eerste rol (optioneel)",
    person: "Persoon",
    role: "Rol",
    scope: "Voor",
    scopeHint: "Een school of heel het samenwerkingsverband. Typ om te zoeken.",
    assignment: "Rol die vervalt",
    removeIntro: "Kies de rol die je wilt intrekken. De persoon blijft bekend bij Knoop.",
    routingIntro:
      "Welke rol krijgt een signaal van elk domein? Op een school gaat het naar wie die rol daar heeft.",
    roleNamesIntro: "Hoe heten de rollen in jouw regio? Iedereen ziet deze namen in Knoop.",
    addSubmit: "Toevoegen",
    assignSubmit: "Toekennen",
    removeSubmit: "Intrekken",

    // field errors
    required: "Vul dit in.",
    pick: "Kies een waarde uit de lijst.",
    pickAccount: "Kies een chataccount.",
    invalidEmail: "Vul een geldig e-mailadres in, zoals naam@school.nl.",
    tooLong: (p: { max: number }) => `Maximaal ${p.max} tekens.`,
    accountLinked: "Dit chataccount is al gekoppeld aan een persoon in Knoop.",
    accountUnknown: "Dit chataccount is onbekend in jullie werkruimte: kies er een uit de lijst.",
    duplicate: (p: { name: string; role: string; scope: string }) =>
      `${p.name} heeft de rol ${p.role} al voor ${p.scope}.`,
    lastAdmin:
      "Dit is de laatste beheerder van het samenwerkingsverband. Ken eerst iemand anders de rol beheerder toe.",
    swvOnly: "Deze rol geldt altijd voor heel het samenwerkingsverband.",
    schoolRequired:
      "Kies de school: deze rol geldt voor één school, niet voor heel het samenwerkingsverband.",
    sensitiveGrant: (p: { by: string; name: string; role: string }) =>
      `${p.by} heeft ${p.name} de rol ${p.role} gegeven: daarmee lees je elke casus van het samenwerkingsverband. Klopt dat niet? Trek de rol in via \`/knoop beheer\`.`,
    nameTaken: (p: { role: string }) => `Deze naam heeft de rol ${p.role} al.`,

    // confirmations
    added: (p: { name: string }) => `${p.name} is toegevoegd en krijgt een welkomstbericht.`,
    assigned: (p: { name: string; role: string; scope: string }) =>
      `${p.name} heeft nu de rol ${p.role} voor ${p.scope}.`,
    removed: (p: { name: string; role: string; scope: string }) =>
      `${p.name} heeft de rol ${p.role} voor ${p.scope} niet meer.`,
    routingSaved: "De routering is opgeslagen.",
    namesSaved: "De rolnamen zijn opgeslagen.",
    unchanged: "Er is niets gewijzigd.",

    // welcome DM
    welcome: (p: { name: string; by: string; swv: string }) =>
      `Welkom bij Knoop, ${p.name}! ${p.by} heeft je toegevoegd aan ${p.swv}.`,
    welcomeRoles: (p: { roles: string }) => `Je rol: ${p.roles}.`,
    welcomeNoRole: "Je hebt nog geen rol: een beheerder kent die toe.",
    welcomeHelp: md`Typ \`/knoop help\` om te zien wat je met Knoop kunt doen, en \`/knoop ik\` voor je rollen.`,

    // /knoop installatielink
    installLink: (p: { swv: string; path: string; until: string }) =>
      md`Installatielink voor een nieuwe Slack-werkruimte van ${p.swv}: open \`${p.path}\` achter het adres van je Knoop-server (bijvoorbeeld https://knoop.example.nl${p.path}). De link werkt één keer, tot ${p.until}, en koppelt de werkruimte waarin je Knoop installeert aan ${p.swv}. Deel hem alleen met de Slack-beheerder van die werkruimte.`,
  },
  {
    usage: (p) => md`Usage: \`/knoop ${p.command}\`, without further words.`,
    wholeSwv: "The whole samenwerkingsverband",
    school: (p) => `${p.name} (${p.place})`,
    meTitle: "Your roles",
    meIntro: (p) => md`Knoop knows you as *${p.name}*, at ${p.swv}.`,
    meNone: md`You have no role yet. Ask an administrator to give you one (\`/knoop beheer\`).`,
    columnRole: "Role",
    columnWhere: "Where",
    onlyYou: "Only visible to you.",
    denied: (p) =>
      md`\`/knoop beheer\` is for administrators of the samenwerkingsverband only. ${
        p.names
          ? `The administrators are: ${p.names}.`
          : "There is no administrator yet: ask your SWV's office."
      }`,
    adminTitle: (p) => `Administration: ${p.swv}`,
    adminText: "What would you like to do? Below is also who receives which signals.",
    people: "People",
    schools: "Active schools",
    domain: (p) =>
      ({
        verzuim: "Absence",
        gezondheid: "Health",
        gezin: "Family",
        schoolloopbaan: "School career (learning and behaviour)",
      })[p.domain],
    addPerson: "Add person",
    assignRole: "Assign role",
    removeRole: "Remove role",
    routing: "Routing",
    roleNames: "Role names",
    save: "Save",
    addIntro: "Pick the person's chat account. They get a welcome message with their roles.",
    account: "Chat account",
    name: "Name",
    nameHint: "Leave empty: the chat account's name.",
    email: "Email (optional)",
    firstRole: "First role (optional)",
    person: "Person",
    role: "Role",
    scope: "For",
    scopeHint: "A school or the whole samenwerkingsverband. Type to search.",
    assignment: "Role to remove",
    removeIntro: "Pick the role to remove. The person stays known to Knoop.",
    routingIntro:
      "Which role receives a signal of each domain? At a school it goes to whoever holds that role there.",
    roleNamesIntro: "What are the roles called in your region? Everyone sees these names in Knoop.",
    addSubmit: "Add",
    assignSubmit: "Assign",
    removeSubmit: "Remove",
    required: "Please fill this in.",
    pick: "Pick a value from the list.",
    pickAccount: "Pick a chat account.",
    invalidEmail: "Enter a valid email address, such as name@school.nl.",
    tooLong: (p) => `At most ${p.max} characters.`,
    accountLinked: "This chat account is already linked to a person in Knoop.",
    accountUnknown: "This chat account is unknown in your workspace: pick one from the list.",
    duplicate: (p) => `${p.name} already has the role ${p.role} for ${p.scope}.`,
    lastAdmin:
      "This is the samenwerkingsverband's last administrator. First give someone else the administrator role.",
    swvOnly: "This role always applies to the whole samenwerkingsverband.",
    schoolRequired:
      "Choose the school: this role applies to one school, not to the whole samenwerkingsverband.",
    sensitiveGrant: (p) =>
      `${p.by} gave ${p.name} the role ${p.role}: it reads every case of the samenwerkingsverband. Not right? Remove the role with \`/knoop beheer\`.`,
    nameTaken: (p) => `The role ${p.role} already has this name.`,
    added: (p) => `${p.name} has been added and gets a welcome message.`,
    assigned: (p) => `${p.name} now has the role ${p.role} for ${p.scope}.`,
    removed: (p) => `${p.name} no longer has the role ${p.role} for ${p.scope}.`,
    routingSaved: "The routing has been saved.",
    namesSaved: "The role names have been saved.",
    unchanged: "Nothing was changed.",
    welcome: (p) => `Welcome to Knoop, ${p.name}! ${p.by} added you to ${p.swv}.`,
    welcomeRoles: (p) => `Your role: ${p.roles}.`,
    welcomeNoRole: "You have no role yet: an administrator will assign one.",
    welcomeHelp: md`Type \`/knoop help\` to see what you can do with Knoop, and \`/knoop ik\` for your roles.`,
    installLink: (p) =>
      md`Install link for a new Slack workspace of ${p.swv}: open \`${p.path}\` after the address of your Knoop server (for example https://knoop.example.nl${p.path}). The link works once, until ${p.until}, and links the workspace you install Knoop in to ${p.swv}. Share it only with that workspace's Slack administrator.`,
  },
);

export type Texts = ReturnType<typeof texts>;

/** The CSV import's texts (the terminal report and the reasons rows are skipped). */
export const importTexts = defineTexts(
  {
    usage: "Gebruik: npm run import:people -- bestand.csv [--json]",
    columns: (p: { path: string; columns: string; header: string }) =>
      `${p.path} mist de kolom(men) ${p.columns}. De kopregel moet zijn: ${p.header}`,
    noSwv: (p: { codes: string; code: string }) =>
      `Samenwerkingsverband ${p.codes} bestaat nog niet in Knoop. Importeer eerst de scholen: npm run import:duo -- --swv ${p.code}`,
    unknownSwv: (p: { code: string }) =>
      `swv "${p.code}" bestaat nog niet in Knoop (importeer eerst de scholen met npm run import:duo -- --swv ${p.code})`,
    expectSwv: "moet een code als PO3104 zijn",
    expectPlatform: "moet slack, teams of sandbox zijn",
    expectEmail: "moet leeg of een e-mailadres zijn",
    expectPreference: "moet leeg, ja of nee zijn",
    expectTenantId:
      "moet voor Teams de tenant-id van jullie Microsoft 365-organisatie zijn, een GUID zoals 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra ID -> Overzicht)",
    expectObjectId:
      "moet voor Teams de object-id van de persoon in Entra ID zijn, een GUID zoals 3f2504e0-4f89-41d3-9a0c-0305e82c3301 (Entra ID -> Gebruikers -> Object-id)",
    teamsChatId:
      "is een Teams-chat-id (29:...); gebruik de object-id van de persoon in Entra ID, een GUID (Entra ID -> Gebruikers -> Object-id)",
    tooLong: (p: { max: number }) => `mag hoogstens ${p.max} tekens hebben`,
    unknownRole: (p: { value: string }) =>
      `rol "${p.value}" is geen rol van dit SWV (gebruik een rolcode als ib of de naam die het SWV gebruikt)`,
    unknownSchool: (p: { value: string }) => `school "${p.value}" is geen actieve school van dit SWV`,
    swvOnly: (p: { role: string }) => `rol ${p.role} geldt voor heel het SWV: laat school leeg`,
    schoolRequired: (p: { role: string }) => `rol ${p.role} geldt voor één school: vul de school in`,
    conflict: (p: { line: number }) =>
      `naam of e-mail wijkt af van regel ${p.line} voor hetzelfde chataccount`,
    duplicate: (p: { line: number }) => `dezelfde rol staat al op regel ${p.line}`,
    otherSwvWorkspace: (p: { value: string }) => `werkruimte "${p.value}" hoort bij een ander SWV`,
    otherSwvAccount: "dit chataccount hoort bij iemand van een ander SWV",
    title: (p: { path: string; swvs: string }) => `Import van mensen en rollen uit ${p.path} (${p.swvs})`,
    people: (p: { created: number; updated: number; unchanged: number }) =>
      `Mensen: ${p.created} nieuw, ${p.updated} bijgewerkt, ${p.unchanged} ongewijzigd`,
    roles: (p: { assigned: number; unchanged: number }) =>
      `Rollen: ${p.assigned} toegekend, ${p.unchanged} ongewijzigd`,
    workspaces: (p: { created: number; unchanged: number }) =>
      `Chatwerkruimtes: ${p.created} nieuw gekoppeld, ${p.unchanged} al bekend`,
    skippedNone: "Overgeslagen regels: geen",
    skipped: (p: { count: number }) => `Overgeslagen regels (${p.count}):`,
    skippedRow: (p: { line: number; reason: string }) => `  regel ${p.line}: ${p.reason}`,
  },
  {
    usage: "Usage: npm run import:people -- file.csv [--json]",
    columns: (p) => `${p.path} lacks the column(s) ${p.columns}. The header must be: ${p.header}`,
    noSwv: (p) =>
      `Samenwerkingsverband ${p.codes} does not exist in Knoop yet. Import its schools first: npm run import:duo -- --swv ${p.code}`,
    unknownSwv: (p) =>
      `swv "${p.code}" does not exist in Knoop yet (import its schools first with npm run import:duo -- --swv ${p.code})`,
    expectSwv: "must be a code such as PO3104",
    expectPlatform: "must be slack, teams or sandbox",
    expectEmail: "must be empty or an email address",
    expectPreference: "must be empty, ja (yes) or nee (no)",
    expectTenantId:
      "must, for Teams, be your Microsoft 365 organisation's tenant id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra ID -> Overview)",
    expectObjectId:
      "must, for Teams, be the person's object id in Entra ID, a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301 (Entra ID -> Users -> Object ID)",
    teamsChatId:
      "is a Teams chat id (29:...); use the person's object id in Entra ID, a GUID (Entra ID -> Users -> Object ID)",
    tooLong: (p) => `must have at most ${p.max} characters`,
    unknownRole: (p) =>
      `role "${p.value}" is not a role of this SWV (use a role key such as ib or the SWV's name)`,
    unknownSchool: (p) => `school "${p.value}" is not an active school of this SWV`,
    swvOnly: (p) => `role ${p.role} applies to the whole SWV: leave school empty`,
    schoolRequired: (p) => `role ${p.role} applies to one school: fill in the school`,
    conflict: (p) => `name or email differs from line ${p.line} for the same chat account`,
    duplicate: (p) => `the same role is already on line ${p.line}`,
    otherSwvWorkspace: (p) => `workspace "${p.value}" belongs to another SWV`,
    otherSwvAccount: "this chat account belongs to someone of another SWV",
    title: (p) => `Import of people and roles from ${p.path} (${p.swvs})`,
    people: (p) => `People: ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged`,
    roles: (p) => `Roles: ${p.assigned} assigned, ${p.unchanged} unchanged`,
    workspaces: (p) => `Chat workspaces: ${p.created} newly linked, ${p.unchanged} already known`,
    skippedNone: "Skipped lines: none",
    skipped: (p) => `Skipped lines (${p.count}):`,
    skippedRow: (p) => `  line ${p.line}: ${p.reason}`,
  },
);
