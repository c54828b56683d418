import { NonRetryableError } from "@storeflow/engine";
import { type TAddressClassification, type TAddressKind } from "./classify-address";

const KIND_LABELS: Record<TAddressKind, string> = {
  public: "a public address",
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local address",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  carrierGradeNat: "a carrier-grade NAT address",
  reserved: "a reserved address",
  metadata: "a cloud metadata address",
};

/**
 * The SSRF guard refused a destination: its scheme, its credentials, or an address
 * it is or resolves to. Non-retryable, since the same URL is refused every time.
 */
export class BlockedDestinationError extends NonRetryableError {
  /** The URL's host as parsed (an IP literal normalised, e.g. `0x7f.1` → `127.0.0.1`). */
  readonly host: string;
  /** The refused address, when the refusal is about an address. */
  readonly address: TAddressClassification | undefined;

  constructor(message: string, options: { host: string; address?: TAddressClassification }) {
    super(message);
    this.name = "BlockedDestinationError";
    this.host = options.host;
    this.address = options.address;
  }

  /** "10.0.0.1" is a private address / "intranet.test" resolves to a private address 10.0.0.5. */
  static forAddress(options: { host: string; address: TAddressClassification; literal: boolean }): BlockedDestinationError {
    const { host, address, literal } = options;
    const label = KIND_LABELS[address.kind];
    const shown = address.embeddedIPv4 ? `${address.address} (${address.embeddedIPv4})` : address.address;
    const reason = literal ? `is ${label}` : `resolves to ${label} ${shown}`;
    const suffix = literal && address.embeddedIPv4 ? ` (carries ${address.embeddedIPv4})` : "";
    return new BlockedDestinationError(`Outbound request to "${host}" refused: ${reason}${suffix}`, { host, address });
  }

  /** The same refusal, saying whose redirect led here: the tenant configured that host, not this one. */
  withRedirectFrom(host: string): BlockedDestinationError {
    return new BlockedDestinationError(`${this.message} (redirected from "${host}")`, { host: this.host, address: this.address });
  }
}
