/**
 * What a helpdesk types or pastes into the host field of a live check: a host name, an address
 * literal, `host:port`, `[IPv6]:port`, or a URL such as `smtp://host:port`. Splits it into the
 * host (validated by hostSchema) and the port it names, if any. Client-safe and pure.
 */
import { hostSchema } from "./validation";

/** Default ports of the URL schemes a helpdesk pastes (RFC 5321, RFC 8314, RFC 6409, RFC 1939). */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  smtp: 25,
  smtps: 465,
  submission: 587,
  submissions: 465,
  pop: 110,
  pop3: 110,
  pop3s: 995,
};

export type TargetInput = { ok: true; host: string; port: number | null } | { ok: false; message: string };

const PORT = /^\d{1,5}$/;

function port(text: string): number | null {
  if (!PORT.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

const HINT = "Enter a host name, an IP address or a mail domain, optionally with a port: mail.example.com:2525, [2001:db8::25]:25 or smtp://mail.example.com.";

/** Parses the host field. Never throws. */
export function parseTargetInput(raw: string): TargetInput {
  let text = raw.trim();
  if (!text) return { ok: false, message: "Enter the host to check: a host name, an IP address or a mail domain." };
  if (text.length > 300) return { ok: false, message: "That is too long for a host name (253 characters at most)." };
  let schemePort: number | null = null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (!(name in SCHEME_PORTS)) {
      return { ok: false, message: `A ${name}:// address is not a mail server. Use smtp://, smtps://, submission:// or pop3://, or just the host name.` };
    }
    schemePort = SCHEME_PORTS[name]!;
    text = text.slice(scheme[0].length);
    // drop a path, query or user part: smtp://user@host:25/ → host:25
    text = text.replace(/[/?#].*$/, "");
    text = text.slice(text.lastIndexOf("@") + 1);
  }
  let host = text;
  let explicitPort: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2] !== undefined) {
      explicitPort = port(bracketed[2]);
      if (explicitPort === null) return { ok: false, message: `“${bracketed[2]}” is not a port (1–65535).` };
    }
  } else {
    const colons = text.split(":").length - 1;
    if (colons === 1) {
      const [h, p] = text.split(":") as [string, string];
      explicitPort = port(p);
      if (explicitPort === null) return { ok: false, message: `“${p}” is not a port (1–65535).` };
      host = h;
    }
    // two or more colons: a bare IPv6 address (write [address]:port to give a port)
  }
  const parsed = hostSchema.safeParse(host);
  if (!parsed.success) return { ok: false, message: `“${host}” is not a host name, IP address or mail domain. ${HINT}` };
  return { ok: true, host: parsed.data, port: explicitPort ?? schemePort };
}
