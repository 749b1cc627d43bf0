/**
 * Authoring help: from a pasted vendor article or NDR, the signatures the lookup would recognise
 * (reply codes, enhanced status codes, HRESULTs, Winsock errors, event IDs, banners — the same
 * extraction a helpdesk paste goes through), whole reply lines as log-line signatures, and
 * registry paths and commands as keyword signatures, for the editor to accept one by one.
 */
import { extractSignatures } from "./signatures";
import type { SignatureKind } from "./seed-schema";

export interface ProposedSignature {
  kind: SignatureKind;
  display: string;
  qualifier?: string;
  /** Why it is proposed, in a few words. */
  reason: string;
}

const MAX_INPUT = 200_000;
const MAX_PROPOSALS = 60;
const REGISTRY_PATH = /\b(?:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKLM|HKCU)\\[^\s"'<>]{3,200}/g;
/** Lines that start like a command a step would run. */
const COMMAND_LINE = /^\s*(?:(?:no\s+)?fixup protocol smtp\b.*|netsh\s+\S.*|(?:Get|Set|New|Remove|Add|Enable|Disable|Start|Stop|Restart|Export|Import|Test|Resume|Suspend|Retry)-[A-Za-z]+\b.*|telnet\s+\S.*|nslookup\b.*|net\s+(?:start|stop)\s+\S.*|cscript\s+\S.*)$/gim;
/** A whole SMTP reply line (code, optional enhanced status, text). */
const REPLY_LINE = /^[^\S\r\n]*(?:#?[2-5]\d\d[ -](?:[2-5]\.\d{1,3}\.\d{1,3}\s+)?\S[^\r\n]{3,300})$/gm;

export function proposeSignatures(input: string): ProposedSignature[] {
  const text = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  const out: ProposedSignature[] = [];
  const seen = new Set<string>();
  const add = (p: ProposedSignature) => {
    const k = `${p.kind}\u0000${p.display.toLowerCase()}`;
    if (seen.has(k) || out.length >= MAX_PROPOSALS) return;
    seen.add(k);
    out.push(p);
  };
  for (const m of text.matchAll(REPLY_LINE)) add({ kind: "log-line", display: m[0].trim().replace(/^#/, ""), reason: "reply line" });
  for (const sig of extractSignatures(text)) {
    add({ kind: sig.kind, display: sig.text, ...(sig.qualifier ? { qualifier: sig.qualifier } : {}), reason: `the lookup reads this as ${sig.kind}` });
  }
  for (const m of text.matchAll(REGISTRY_PATH)) add({ kind: "keyword", display: m[0].replace(/[.,;:)]+$/, ""), reason: "registry path" });
  for (const m of text.matchAll(COMMAND_LINE)) add({ kind: "keyword", display: m[0].trim(), reason: "command" });
  return out;
}
