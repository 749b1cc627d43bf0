/** Server side: who this console instance is, for leases, live-check runs and logs. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

const KEY = Symbol.for("relaydesk.instanceId");
const holder = globalThis as unknown as Record<symbol, string | undefined>;
/** A name an operator may give the instance (RELAYDESK_INSTANCE_NAME): letters, digits, . _ - */
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The instance's name (RELAYDESK_INSTANCE_NAME, else the host name), process id and a random part:
 * unique per process, readable in logs and tables.
 */
export function instanceId(): string {
  if (holder[KEY] === undefined) {
    const given = process.env.RELAYDESK_INSTANCE_NAME?.trim();
    const name = given && NAME.test(given) ? given : hostname();
    holder[KEY] = `${name}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }
  return holder[KEY];
}
