import type { z } from "zod";
import type { kbSeed } from "@/lib/kb/seed-schema";

type SeedInput = z.input<typeof kbSeed>;
type ArticleInput = SeedInput["articles"][number];

/**
 * A deterministic synthetic knowledge base for benchmarks: N generated articles shaped like the
 * real ones (symptoms with reply codes, enhanced status codes, HRESULTs, event IDs and phrases,
 * a cause, a resolution with steps), appended to the real seed.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "queue connector transport relay gateway firewall smart host routing group mailbox store directory " +
  "replication certificate handshake cipher banner greeting inspection filter proxy listener binding " +
  "socket session timeout retry backoff dns resolver lookup reverse forward record exchange outlook " +
  "client server message delivery receipt bounce notification attachment encoding mime header body " +
  "authentication credential account permission policy rule agent pipeline snapshot tracing trace " +
  "service startup shutdown restart registry parameter threshold pool port address range interface " +
  "perimeter edge hub organization domain forest replication latency throughput backlog spool"
).split(/\s+/);

const SOURCES = ["MSExchangeTransport", "MSExchangeIS", "MSExchangeSA", "SMTPSVC", "MSExchange ADAccess", "MSExchangeFrontEndTransport"];

export function syntheticKb(real: SeedInput, count: number, seed = 42): SeedInput {
  const random = rng(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const versionSlugs = real.products.flatMap((p) => p.versions.map((v) => v.slug));

  const causes: SeedInput["causes"] = [];
  const articles: ArticleInput[] = [];
  for (let i = 0; i < count; i++) {
    const id = `syn-${i.toString().padStart(5, "0")}`;
    const cls = pick(["4", "5"] as const);
    const reply = `${cls}${pick(["21", "50", "51", "52", "53", "54"])}`;
    const enhanced = `${cls}.${Math.floor(random() * 8)}.${Math.floor(random() * 10)}`;
    const hresult = `0x8${Math.floor(random() * 0xfffffff).toString(16).padStart(7, "0")}`;
    const eventId = String(1000 + Math.floor(random() * 9000));
    const phrase = `${words(3)} ${pick(["failed", "denied", "not available", "timed out", "rejected"])}`;
    const causeKey = `${id}-cause`;
    causes.push({ key: causeKey, title: `Synthetic cause ${i}: ${words(4)}`, description: words(30) });
    articles.push({
      slug: id,
      title: `Synthetic ${i}: ${words(5)}`,
      summary: words(25),
      sourceKind: "technet-topic",
      sourceFile: "004_0699abce81226719.txt",
      sourceTitle: "Synthetic benchmark article",
      appliesTo: [pick(versionSlugs)],
      sections: [{ kind: "more-information", heading: "More information", body: words(80) }],
      symptoms: [
        {
          key: `${id}-s1`,
          description: `${words(20)} ${reply} ${enhanced} ${phrase}`,
          location: "ndr",
          signatures: [
            { kind: "smtp-reply", display: reply },
            { kind: "enhanced-status", display: enhanced },
            { kind: "log-line", display: phrase },
          ],
        },
        {
          key: `${id}-s2`,
          description: `${words(15)} error ${hresult}; Event ID ${eventId}`,
          location: "event-log",
          signatures: [
            { kind: "hresult", display: hresult },
            { kind: "event-id", display: eventId, qualifier: pick(SOURCES) },
          ],
        },
      ],
      causes: [{ cause: causeKey, explanation: words(40) }],
      resolutions: [
        {
          key: `${id}-r1`,
          kind: "resolution",
          title: words(6),
          summary: words(20),
          cause: causeKey,
          steps: [{ text: words(15) }, { text: words(15) }, { text: words(15), artifacts: [{ language: "powershell", title: "Command", content: `Set-${pick(WORDS)} -Identity ${id}` }] }],
        },
      ],
    });
  }
  return { ...real, causes: [...real.causes, ...causes], articles: [...real.articles, ...articles] };
}
