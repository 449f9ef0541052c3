import { ConfidentialClientApplication } from "@azure/msal-node";
import type { ConfigurationBotFrameworkAuthenticationOptions } from "botbuilder";
import { MsalServiceClientCredentialsFactory } from "botframework-connector";
import type { Config } from "../../config.ts";

export type TeamsConfig = NonNullable<Config["teams"]>;

/**
 * Knoop's own tokens (connector and Graph) by client credentials, from `${loginUrl}/${tenantId}`.
 * An MSAL client of our own, because botbuilder's credentials factory first asks the hard-coded
 * login.microsoftonline.com for instance discovery and so cannot use another login host
 * (government clouds, the loopback fakes of the tests). With `knownAuthorities` MSAL asks only
 * `/{tenant}/v2.0/.well-known/openid-configuration` and `/{tenant}/oauth2/v2.0/token` there.
 */
export function msalClient(config: TeamsConfig): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: config.appId,
      clientSecret: config.password,
      authority: `${config.loginUrl}/${config.tenantId}`,
      knownAuthorities: [new URL(config.loginUrl).host],
    },
  });
}

/** botbuilder's factory around our MSAL client: the connector's tokens have the token issuer as
 * audience (https://api.botframework.com, or .us in the US government cloud). */
export function credentialsFactory(config: TeamsConfig, msal = msalClient(config)) {
  return new MsalServiceClientCredentialsFactory(config.appId, msal);
}

/** A token for `${resource}/.default` (e.g. Graph: `credentials.token(`${config.graphUrl}`)`).
 * MSAL caches it until shortly before it expires. */
export async function tokenFor(msal: ConfidentialClientApplication, resource: string): Promise<string> {
  const result = await msal.acquireTokenByClientCredential({
    scopes: [`${resource.replace(/\/$/, "")}/.default`],
  });
  if (!result?.accessToken) throw new Error("teams: no access token from the login service");
  return result.accessToken;
}

/** Every endpoint setting of botbuilder's authentication. Setting any one switches botbuilder
 * into a mode where no public-cloud default applies, so all are set, from configuration. */
export function botFrameworkOptions(config: TeamsConfig): ConfigurationBotFrameworkAuthenticationOptions {
  const usGov = /\.us$/.test(new URL(config.tokenIssuer).hostname);
  return {
    MicrosoftAppId: config.appId,
    MicrosoftAppTenantId: config.tenantId,
    MicrosoftAppType: "SingleTenant",
    ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: config.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: config.tokenIssuer,
    ToChannelFromBotLoginUrl: `${config.loginUrl}/${config.tenantId}`,
    ToChannelFromBotOAuthScope: config.tokenIssuer,
    OAuthUrl: config.tokenIssuer,
    CallerId: usGov ? "urn:botframework:azureusgov" : "urn:botframework:azure",
    ValidateAuthority: false,
  };
}
