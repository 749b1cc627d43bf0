import { z } from "zod";

/**
 * Shape of the knowledge-base seed (prisma/seed-data). Every record is transcribed from a
 * source document (kept outside this repository); the loader validates it with these schemas before
 * writing anything, so a typo in a key fails the seed instead of producing a dangling link.
 */

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "keys are lower-case kebab-case");

export const SIGNATURE_KINDS = [
  "smtp-reply", // three-digit SMTP reply code: 500, 550, 554, 451
  "enhanced-status", // RFC 3463 status: 5.7.3, 5.6.1
  "hresult", // 0x80074e24, 0x800CCC79
  "winsock", // 10060 (qualifier WSAETIMEDOUT)
  "event-id", // 9514 (qualifier MSExchangeIS), 1032 (qualifier MSExchange TransportService)
  "banner", // banner pattern id: pix-masked, pix-cmap, iis-smtp
  "log-line", // exact phrase from a log, NDR or event description
  "symptom-sentence", // a symptom as the document words it ("You cannot receive Internet-based e-mail messages")
  "keyword", // distinctive word or short phrase: X-LINK2STATE, Mailguard, FWX_E_CONNECTION_KILLED
] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

export const SYMPTOM_LOCATIONS = [
  "client",
  "server-log",
  "ndr",
  "event-log",
  "queue-viewer",
  "firewall-log",
  "telnet",
  "network",
  "application",
] as const;

export const signatureSeed = z.strictObject({
  kind: z.enum(SIGNATURE_KINDS),
  /** Exact text as the document shows it. */
  display: z.string().min(1),
  /** Normalized value; derived from display when omitted (see lib/kb/signature-normalize.ts). */
  value: z.string().min(1).optional(),
  qualifier: z.string().min(1).optional(),
  /** Relative importance within its kind; 1 is normal, 2 a defining signature. */
  weight: z.number().positive().max(5).optional(),
});

export const symptomSeed = z.strictObject({
  key,
  description: z.string().min(1),
  location: z.enum(SYMPTOM_LOCATIONS),
  signatures: z.array(signatureSeed).default([]),
});

export const registryValueSeed = z.strictObject({
  path: z.string().min(1),
  valueName: z.string().min(1),
  valueType: z.string().min(1),
  value: z.string().optional(),
  defaultValue: z.string().optional(),
  /** What the step does to the value: set it, or delete it. Omitted where the document does not say. */
  action: z.enum(["set", "delete"]).optional(),
});

export const ARTIFACT_LANGUAGES = [
  "vbscript",
  "registry",
  "device-cli",
  "powershell",
  "netsh",
  "batch",
  "shell",
  "text",
  "log",
] as const;

export const artifactSeed = z.strictObject({
  language: z.enum(ARTIFACT_LANGUAGES),
  title: z.string().min(1),
  content: z.string().min(1),
  note: z.string().optional(),
  registry: registryValueSeed.optional(),
});

export const stepSeed = z.strictObject({
  text: z.string().min(1),
  artifacts: z.array(artifactSeed).default([]),
});

export const WARNING_LEVELS = ["important", "warning", "caution", "note"] as const;
export const WARNING_RISKS = [
  "lowers-security",
  "data-loss",
  "disk-space",
  "confidentiality",
  "directory-damage",
  "other",
] as const;

export const warningSeed = z.strictObject({
  level: z.enum(WARNING_LEVELS),
  risk: z.enum(WARNING_RISKS),
  text: z.string().min(1),
});

export const resolutionSeed = z.strictObject({
  key,
  /** `failed-attempt`: a fix the source tried that did not solve the problem (kept, never offered as the fix). */
  kind: z.enum(["resolution", "workaround", "hotfix", "procedure", "diagnostic", "failed-attempt"]),
  title: z.string().min(1),
  summary: z.string().min(1),
  cause: key.optional(),
  outcome: z.string().optional(),
  steps: z.array(stepSeed).default([]),
  warnings: z.array(warningSeed).default([]),
});

export const referenceSeed = z.strictObject({
  kind: z.enum(["kb", "cisco-bug", "rfc", "url", "article"]),
  identifier: z.string().min(1),
  title: z.string().min(1),
  url: z.string().url().optional(),
});

export const sectionSeed = z.strictObject({
  kind: z.enum(["scenario", "background", "more-information", "note", "sample-log", "status"]),
  heading: z.string().min(1),
  body: z.string().min(1),
});

export const articleSeed = z.strictObject({
  slug: key,
  title: z.string().min(1),
  summary: z.string().min(1),
  sourceKind: z.enum(["microsoft-kb", "technet-topic", "practitioner"]),
  /**
   * File name of the source document the article was transcribed from (what kb:check-sources
   * reads in its DIR): the shipped ones are the five documents' names; an editor names a new one.
   */
  sourceFile: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/, "a file name: letters, digits, '.', '_' and '-', at most 120 characters"),
  sourceTitle: z.string().min(1),
  kbNumber: z.string().optional(),
  previousId: z.string().optional(),
  revision: z.string().optional(),
  lastReviewed: z.string().optional(),
  author: z.string().optional(),
  published: z.string().optional(),
  status: z.string().optional(),
  /** ProductVersion slugs. */
  appliesTo: z.array(key).min(1),
  sections: z.array(sectionSeed).default([]),
  symptoms: z.array(symptomSeed).min(1),
  causes: z.array(z.strictObject({ cause: key, explanation: z.string().min(1) })).min(1),
  resolutions: z.array(resolutionSeed).default([]),
  warnings: z.array(warningSeed).default([]),
  references: z.array(referenceSeed).default([]),
});

export const productSeed = z.strictObject({
  slug: key,
  vendor: z.string().min(1),
  name: z.string().min(1),
  versions: z.array(z.strictObject({ slug: key, name: z.string().min(1), label: z.string().min(1) })).min(1),
});

/**
 * Why a check or wizard weight says what it says. `documented`: a sentence of a source document
 * (quoted verbatim; the source-document check finds it, whitespace folded, in the article's
 * source file). `inferred`: no document says it; a one-line reason a reader can judge.
 */
export const basisSeed = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("documented"),
    /** Slug of the article transcribed from the document the quote comes from. */
    article: key,
    quote: z.string().min(8),
  }),
  z.strictObject({ kind: z.literal("inferred"), reason: z.string().min(8) }),
]);

export const causeSeed = z.strictObject({
  key,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Where a check must run from to see this cause, when a document says so. */
  vantage: z.strictObject({ note: z.string().min(8), basis: basisSeed }).optional(),
});

/**
 * What one matching observation may conclude on its own. `decisive`: a documented, specific
 * observation of the cause (confirms: the cause is `confirmed`; refutes: `refuted`).
 * `supporting`: agreement or disagreement only (at most `consistent`).
 */
export const VERDICT_STRENGTHS = ["decisive", "supporting"] as const;

export const checkSeed = z.strictObject({
  cause: key,
  /** Symptom key whose text is shown beside the evidence. */
  symptom: key.optional(),
  probe: z.string().min(1),
  /** A probe finding (lib/probes/findings.ts) or a comparison of vantage points (`compare.banner.masked-on-one-side`). */
  findingId: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+(-[a-z0-9_]+)*)+$/),
  effect: z.enum(["confirms", "refutes"]),
  weight: z.number().min(0.5).max(3),
  verdictStrength: z.enum(VERDICT_STRENGTHS).default("supporting"),
  basis: basisSeed,
  explanation: z.string().min(1),
});

/** How much an answer or category says for (positive) or against (negative) a cause. */
export const causeWeightSeed = z.strictObject({ cause: key, weight: z.number().min(-3).max(3), basis: basisSeed });

export const wizardSeed = z.strictObject({
  /** Where helpdesk staff start: the complaint as they hear it. */
  categories: z.array(
    z.strictObject({
      key,
      label: z.string().min(1),
      description: z.string().min(1),
      causes: z.array(causeWeightSeed).min(1),
    }),
  ),
  /** Questions that split the candidate causes; the wizard picks the best one at each step. */
  questions: z.array(
    z.strictObject({
      key,
      prompt: z.string().min(1),
      help: z.string().min(1),
      answers: z
        .array(z.strictObject({ key, label: z.string().min(1), causes: z.array(causeWeightSeed).default([]) }))
        .min(2),
    }),
  ),
});

export const kbSeed = z.strictObject({
  products: z.array(productSeed),
  causes: z.array(causeSeed),
  articles: z.array(articleSeed),
  checks: z.array(checkSeed),
  wizard: wizardSeed.default({ categories: [], questions: [] }),
});

export type ProductSeed = z.input<typeof productSeed>;
export type CauseSeed = z.input<typeof causeSeed>;
export type ArticleSeed = z.input<typeof articleSeed>;
export type CheckSeed = z.input<typeof checkSeed>;
export type BasisSeed = z.output<typeof basisSeed>;
export type WizardSeed = z.input<typeof wizardSeed>;
export type KbSeed = z.output<typeof kbSeed>;
