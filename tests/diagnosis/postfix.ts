/**
 * "A real MTA" for the acceptance table: a private Postfix instance on a loopback port
 * (tests/peers/postfix.ts; `.ci/run` installs Debian's postfix). Where Postfix cannot be started
 * (not installed, not root) the row still runs, against the real `smtp-server` peer with a
 * Postfix banner, and says so on stderr: a newcomer's `npm test` must not depend on an MTA.
 */
import net from "node:net";
import { startMailServer } from "@/tests/peers";
import { startPostfix as startPostfixInstance } from "@/tests/peers/postfix";

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPostfix(): Promise<{ host: string; port: number; kind: "postfix" | "smtp-server"; close(): Promise<void> }> {
  const instance = await startPostfixInstance(await freeLoopbackPort());
  if ("unavailable" in instance) {
    // CI installs Postfix and sets this, so there the row can only pass against the real MTA.
    if (process.env.RELAYDESK_TEST_REQUIRE_POSTFIX === "1") throw new Error(`real MTA row: ${instance.unavailable}`);
    process.stderr.write(`real MTA row: ${instance.unavailable}; running against the smtp-server peer instead\n`);
    const peer = await startMailServer({ banner: "mta.relaydesk-test.local ESMTP Postfix (Debian/GNU)" });
    return { host: peer.host, port: peer.port, kind: "smtp-server", close: () => peer.close() };
  }
  return { host: "127.0.0.1", port: instance.port, kind: "postfix", close: async () => instance.stop() };
}
