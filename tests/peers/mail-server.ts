/**
 * A real SMTP server (the `smtp-server` package) playing the mail host behind
 * the firewall emulators: STARTTLS (RFC 3207), PIPELINING, 8BITMIME, SMTPUTF8,
 * SIZE, AUTH PLAIN/LOGIN (any credentials, only after TLS), 500 for unknown
 * verbs such as `goodmorning` (document 002: "500 Command unrecognized" when
 * Mailguard is off). smtp-server has no BDAT handler, so CHUNKING is not
 * advertised.
 *
 * Scripted failures (`mailReply`, `rcptReply`) go through the onMailFrom /
 * onRcptTo hooks with `error.responseCode`; enhanced status codes stay
 * disabled in smtp-server so a text like "5.7.3 Cannot achieve Exchange Server
 * authentication" (document 004) reaches the wire verbatim.
 */
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { keyCertFor } from "./certs";
import { DEFAULT_HOST, EventLog, Resources, labeller, listenOnLoopback, once } from "./runtime";
import type { CertificateChoice, RunningPeer } from "./types";

export interface MailServerOptions {
  host?: string;
  /** Greeting text after "220 ". */
  banner?: string;
  starttls?: boolean;
  certificate?: CertificateChoice;
  /** MAIL FROM before STARTTLS gets "530 5.7.0 Must issue a STARTTLS command first". */
  requireTlsForMail?: boolean;
  greetingDelayMs?: number;
  /** A 4xx/5xx reply given to every RCPT TO, e.g. "550 5.7.1 ...". */
  rcptReply?: string;
  /** A 4xx/5xx reply given to every MAIL FROM, e.g. "451 5.7.3 ...". */
  mailReply?: string;
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  data: string;
}

export type RunningMailServer = RunningPeer & { messages: ReceivedMessage[] };

export const DEFAULT_BANNER = "relaydesk-test.local ESMTP ready";
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Turns "550 5.7.1 text" into an Error that smtp-server answers verbatim. */
function scriptedError(reply: string, option: string): Error & { responseCode: number } {
  const match = /^([45]\d\d)[ -]?(.*)$/.exec(reply.trim());
  if (match === null) {
    throw new Error(`${option} must be a 4xx or 5xx reply such as "550 5.7.1 ...", got ${JSON.stringify(reply)}`);
  }
  return Object.assign(new Error(match[2] ?? ""), { responseCode: Number(match[1]) });
}

export async function startMailServer(opts: MailServerOptions = {}): Promise<RunningMailServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const banner = opts.banner ?? DEFAULT_BANNER;
  const starttls = opts.starttls ?? true;
  const { key, cert } = keyCertFor(opts.certificate ?? "valid");
  // validate scripted replies up front so a typo fails at start, not mid-test
  const mailError = opts.mailReply === undefined ? undefined : scriptedError(opts.mailReply, "mailReply");
  const rcptError = opts.rcptReply === undefined ? undefined : scriptedError(opts.rcptReply, "rcptReply");

  const log = new EventLog();
  const resources = new Resources();
  const messages: ReceivedMessage[] = [];
  const nextLabel = labeller();
  const labels = new WeakMap<SMTPServerSession, string>();
  const label = (session: SMTPServerSession): string => labels.get(session) ?? session.id;

  // The first word of the banner doubles as the server name in EHLO replies.
  const firstWord = banner.split(" ")[0] ?? "";
  const serverName = /^[A-Za-z0-9.-]+$/.test(firstWord) ? firstWord : "relaydesk-test.local";

  const server: SMTPServer = new SMTPServer({
    name: serverName,
    heloResponse: "%s Hello %s",
    key,
    cert,
    logger: false,
    disableReverseLookup: true, // never ask DNS about the client
    size: MAX_MESSAGE_BYTES,
    authOptional: true,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: starttls ? [] : ["STARTTLS"],
    closeTimeout: 100,
    socketTimeout: 60_000,

    onConnect(session, callback) {
      labels.set(session, nextLabel());
      log.record("connect", `[${label(session)}] from ${session.remoteAddress}:${session.remotePort}`);
      // smtp-server always greets "<name> ESMTP <banner>"; swap in the exact text.
      for (const connection of server.connections) {
        if (connection.session === session) {
          connection._sendGreeting = () => connection.send(220, banner, false);
        }
      }
      const delay = opts.greetingDelayMs ?? 0;
      if (delay > 0) resources.timeout(delay, () => callback());
      else callback();
    },

    onSecure(_socket, session, callback) {
      log.record("tls", `[${label(session)}] STARTTLS completed`);
      callback();
    },

    onAuth(auth, session, callback) {
      log.record("auth", `[${label(session)}] ${auth.method} as ${auth.username ?? ""}`);
      callback(null, { user: auth.username ?? "anonymous" });
    },

    onMailFrom(address, session, callback) {
      log.record("mail-from", `[${label(session)}] <${address.address}>`);
      if (opts.requireTlsForMail && !session.secure) {
        callback(Object.assign(new Error("5.7.0 Must issue a STARTTLS command first"), { responseCode: 530 }));
        return;
      }
      callback(mailError);
    },

    onRcptTo(address, session, callback) {
      log.record("rcpt-to", `[${label(session)}] <${address.address}>`);
      callback(rcptError);
    },

    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on("error", () => undefined);
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          log.record("data-rejected", `[${label(session)}] over ${MAX_MESSAGE_BYTES} bytes`);
          callback(Object.assign(new Error("5.3.4 Message too big for system"), { responseCode: 552 }));
          return;
        }
        const data = Buffer.concat(chunks).toString("utf8");
        const envelope = session.envelope;
        messages.push({
          from: envelope.mailFrom === false ? "" : envelope.mailFrom.address,
          to: envelope.rcptTo.map((rcpt) => rcpt.address),
          data,
        });
        log.record("message", `[${label(session)}] ${data.length} bytes stored`);
        callback(null, "Message queued");
      });
    },

    onClose(session) {
      log.record("close", `[${label(session)}]`);
    },
  });

  server.on("error", (err: Error) => log.record("error", err.message));
  // raw sockets, so close() also reaches connections that are still handshaking
  server.server.on("connection", (socket) => {
    socket.setNoDelay(true);
    resources.track(socket);
  });

  const port = await listenOnLoopback(server.server, host);

  const close = once(async () => {
    // topmost socket first (the TLS socket after STARTTLS), then whatever is left
    for (const connection of server.connections) connection._socket.destroy();
    resources.destroyAll();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return { host, port, events: log.events, messages, close };
}
