import { businessCentralConnector } from "./connectors/business-central";
import { createEmailConnector, type TResolveHostAllowed } from "./connectors/email";
import { httpConnector } from "./connectors/http";
import { outboundWebhookConnector } from "./connectors/outbound-webhook";
import { shipbobConnector } from "./connectors/shipbob";
import { shopifyConnector } from "./connectors/shopify";
import { slackConnector } from "./connectors/slack";
import { squareConnector } from "./connectors/square";
import { teamsConnector } from "./connectors/teams";
import { createConnectorCatalog, type TConnectorCatalog } from "./sdk/catalog";

/** Options for {@link createBuiltInConnectors}. */
export interface CreateBuiltInConnectorsOptions {
  /**
   * Vets an SMTP host before the e-mail connector opens its own socket (which the
   * guarded fetch cannot wrap). Processes that send e-mail must pass the SSRF check here.
   */
  resolveSmtpHost?: TResolveHostAllowed;
}

/** Every connector Storeflow ships, in one catalog. */
export function createBuiltInConnectors({ resolveSmtpHost }: CreateBuiltInConnectorsOptions = {}): TConnectorCatalog {
  return createConnectorCatalog([
    shopifyConnector,
    squareConnector,
    businessCentralConnector,
    shipbobConnector,
    httpConnector,
    createEmailConnector(resolveSmtpHost ? { resolveHostAllowed: resolveSmtpHost } : {}),
    slackConnector,
    teamsConnector,
    outboundWebhookConnector,
  ]);
}

/**
 * The catalog for processes that only read connectors' schemas and verify their
 * webhooks (the portal): nothing here sends e-mail.
 */
export const builtInConnectors = createBuiltInConnectors();
