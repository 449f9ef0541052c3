import { md } from "../../chat/inline.ts";
import { defineTexts } from "../../core/texts.ts";

/** Why Slack refused, in words a teacher or an SWV administrator understands. */
const reasonsNl: Record<string, string> = {
  channel_not_found: "het Slack-kanaal bestaat niet (meer) of Knoop kan het niet zien",
  not_in_channel: "de Knoop-app is geen lid (meer) van het kanaal",
  is_archived: "het kanaal is gearchiveerd",
  restricted_action: "de instellingen van de Slack-werkruimte staan dit niet toe",
  missing_scope: "de Knoop-app mist een Slack-toestemming: installeer de app opnieuw vanuit het manifest",
  invalid_auth:
    "het Slack-token van Knoop is ongeldig: installeer de app opnieuw of controleer SLACK_BOT_TOKEN",
  not_authed: "Knoop stuurde geen Slack-token mee: controleer SLACK_BOT_TOKEN",
  token_revoked: "het Slack-token van Knoop is ingetrokken: installeer de app opnieuw",
  token_expired: "het Slack-token van Knoop is verlopen: installeer de app opnieuw",
  account_inactive: "het Slack-account van de Knoop-app of de werkruimte is gedeactiveerd",
  no_installation: "Knoop is niet (meer) geïnstalleerd in deze Slack-werkruimte",
  no_workspace: "het samenwerkingsverband is nog niet aan een Slack-werkruimte gekoppeld",
  user_not_found: "het Slack-account bestaat niet (meer) in deze werkruimte",
  user_disabled: "het Slack-account is gedeactiveerd",
  cannot_dm_bot: "het gekoppelde Slack-account is een bot",
  no_slack_account: "er is geen Slack-account aan deze persoon gekoppeld",
  cant_invite: "Slack staat niet toe deze persoon uit te nodigen",
  user_is_restricted: "het is een gastaccount dat niet in privékanalen mag",
  user_is_ultra_restricted: "het is een gastaccount dat niet in privékanalen mag",
  name_taken: "er bestaat al een kanaal met die naam dat Knoop niet kan gebruiken",
  invalid_blocks: "Slack kon het bericht niet tonen",
  msg_too_long: "het bericht was te lang voor Slack",
  message_not_found: "het oorspronkelijke bericht bestaat niet meer",
  cant_update_message: "het oorspronkelijke bericht kan niet meer worden bijgewerkt",
  original_not_sent: "het oorspronkelijke bericht is nooit verstuurd",
};

const reasonsEn: Record<string, string> = {
  channel_not_found: "the Slack channel does not exist (any more) or Knoop cannot see it",
  not_in_channel: "the Knoop app is not a member of the channel (any more)",
  is_archived: "the channel is archived",
  restricted_action: "the Slack workspace's settings do not allow this",
  missing_scope: "the Knoop app lacks a Slack permission: reinstall the app from the manifest",
  invalid_auth: "Knoop's Slack token is invalid: reinstall the app or check SLACK_BOT_TOKEN",
  not_authed: "Knoop sent no Slack token: check SLACK_BOT_TOKEN",
  token_revoked: "Knoop's Slack token was revoked: reinstall the app",
  token_expired: "Knoop's Slack token expired: reinstall the app",
  account_inactive: "the Knoop app's Slack account or the workspace is deactivated",
  no_installation: "Knoop is not installed in this Slack workspace (any more)",
  no_workspace: "the samenwerkingsverband is not linked to a Slack workspace yet",
  user_not_found: "the Slack account does not exist in this workspace (any more)",
  user_disabled: "the Slack account is deactivated",
  cannot_dm_bot: "the linked Slack account is a bot",
  no_slack_account: "no Slack account is linked to this person",
  cant_invite: "Slack does not allow inviting this person",
  user_is_restricted: "it is a guest account that may not join private channels",
  user_is_ultra_restricted: "it is a guest account that may not join private channels",
  name_taken: "a channel with that name exists that Knoop cannot use",
  invalid_blocks: "Slack could not show the message",
  msg_too_long: "the message was too long for Slack",
  message_not_found: "the original message no longer exists",
  cant_update_message: "the original message can no longer be updated",
  original_not_sent: "the original message was never sent",
};

export const slackTexts = defineTexts(
  {
    /** A known code's explanation, or "" (the failure policy then uses its own words). */
    explain: (p: { code: string }) => reasonsNl[p.code] ?? "",
    homeTitle: "Knoop",
    expired: md`Dit formulier is verlopen. Open het opnieuw met \`/knoop\`.`,
    failed: "Er ging iets mis aan onze kant. Je invoer is niet verloren: probeer het zo nog eens.",
    malformed: "Knoop kon dit formulier niet lezen (onvolledig verzoek). Open het opnieuw met `/knoop`.",
  },
  {
    explain: (p) => reasonsEn[p.code] ?? "",
    homeTitle: "Knoop",
    expired: md`This form has expired. Open it again with \`/knoop\`.`,
    failed: "Something went wrong on our side. Nothing you entered is lost: please try again shortly.",
    malformed: "Knoop could not read this form (an incomplete request). Open it again with `/knoop`.",
  },
);
