/**
 * The Microsoft Graph permissions Knoop's Teams surface uses, in one place: the manifest test checks
 * the app package declares exactly the resource-specific ones, the README explains each, and a
 * refused Graph call names the one to grant.
 */

/** Application permissions an Entra admin grants (with admin consent) on Knoop's app registration. */
export const graphApplicationPermissions = {
  /** `POST /chats`: a private group chat per case (topic = the case code only). */
  create: "Chat.Create",
  /** `POST /chats/{id}/installedApps`: add Knoop to the case chat it created, so it can post there. */
  installInChat: "TeamsAppInstallation.ReadWriteSelfForChat.All",
  /** `GET /appCatalogs/teamsApps`: find Knoop's id in the organisation's app catalog (to install it). */
  readCatalog: "AppCatalog.Read.All",
} as const;

/** Resource-specific consent (RSC), declared in the manifest: granted per chat when Knoop is installed in it. */
export const resourceSpecificPermissions = {
  /** `POST`/`GET`/`DELETE /chats/{id}/members`: add and remove case participants in the case chat. */
  manageChat: "Chat.Manage.Chat",
} as const;

export type GraphPermission =
  | (typeof graphApplicationPermissions)[keyof typeof graphApplicationPermissions]
  | (typeof resourceSpecificPermissions)[keyof typeof resourceSpecificPermissions];
