/**
 * "A real MTA" for the acceptance table. Postfix cannot yet be started as a private loopback
 * instance from a test helper here (see the issue 7 report), so this is the skip-free fallback
 * the brief names: the real `smtp-server` peer with a Postfix-like banner.
 */
import { startMailServer, type RunningMailServer } from "@/tests/peers";

export async function startPostfix(): Promise<RunningMailServer> {
  return startMailServer({ banner: "mta.relaydesk-test.local ESMTP Postfix (Debian/GNU)" });
}
