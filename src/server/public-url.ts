import type { AddressInfo } from "node:net";

/** Where people reach a server listening on `address` for HOST=`host`, e.g. http://localhost:3000. */
export function publicUrl(address: AddressInfo | string | null, host: string): string {
  if (!address || typeof address === "string") return `http://${host}`;
  const wildcard = ["0.0.0.0", "::", ""].includes(host);
  const name = wildcard ? "localhost" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${name}:${address.port}`;
}
