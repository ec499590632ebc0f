import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { buildConnector } from "undici";
import { outboundConfig } from "@/lib/config/env";
import { addressAllowed, classifyAddress, hostAllowed } from "./address-policy";
import { outboundErrors } from "./errors";

const CONNECT_TIMEOUT_MS = 10_000;
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * undici's own connector behind a check: the name is resolved here, every address is judged
 * (`address-policy.ts`), and the socket is opened to the address that passed, never to the
 * name again. A DNS answer that changes between the check and the connection (rebinding)
 * therefore cannot reach anything, and IP literals (which Node's `lookup` hook never sees) go
 * through the same check. TLS still verifies the certificate against the URL's name: undici
 * takes SNI and the identity to check from `host`, which is left as it was.
 */
export function guardedConnector(): buildConnector.connector {
  const connect = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  return (options, callback) => {
    checkedAddress(options)
      .then((address) => void connect({ ...options, hostname: address }, callback))
      .catch((error: Error) => callback(error, null));
  };
}

async function checkedAddress({ hostname, protocol, port }: buildConnector.Options): Promise<string> {
  const { allow } = outboundConfig();
  const urlHost = isIP(hostname) === 6 ? `[${hostname}]` : hostname;
  const origin = `${protocol}//${urlHost}${port ? `:${port}` : ""}`;
  const listed = hostAllowed(urlHost, port ? Number(port) : protocol === "https:" ? 443 : 80, allow);
  let addresses: string[];
  if (isIP(hostname)) {
    addresses = [hostname];
  } else {
    try {
      // IPv4 first: the socket goes to one checked address, without Node's happy-eyeballs
      // fallback, and many hosts publish IPv6 that this server cannot route.
      addresses = (await withTimeout(lookup(hostname, { all: true, verbatim: false }), LOOKUP_TIMEOUT_MS)).map((a) => a.address);
    } catch {
      // Said exactly as a refused address: whether an internal name exists is not for users to learn.
      throw outboundErrors.refusedAddress(origin);
    }
  }
  const usable = listed ? addresses : addresses.filter((address) => addressAllowed(address, allow));
  if (usable.length === 0) {
    const why = addresses.map((address) => `${address} (${classifyAddress(address).range})`).join(", ");
    console.warn(`[outbound] refused ${origin}: ${why}; OUTBOUND_ALLOW lists what a self-hosted setup may reach`);
    throw outboundErrors.refusedAddress(origin);
  }
  return usable[0]!;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
