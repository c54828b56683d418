import { type TAnyConnector, type TConnector } from "./connector";

/** The connectors one process knows, by key. */
export interface TConnectorCatalog {
  get(key: string): TConnector | undefined;
  list(): TConnector[];
}

export function createConnectorCatalog(connectors: readonly TAnyConnector[]): TConnectorCatalog {
  const byKey = new Map<string, TConnector>();
  for (const connector of connectors) {
    if (byKey.has(connector.key)) throw new Error(`two connectors share the key "${connector.key}"`);
    byKey.set(connector.key, connector);
  }
  return { get: (key) => byKey.get(key), list: () => [...byKey.values()] };
}
