/**
 * The admin form of the probe target policy (/admin/policy), validated the way the probe engine
 * reads a policy (lib/probes/policy.ts parseCidr / parsePortList), so a saved policy always loads.
 * Each field's error names the entries that are wrong.
 */
import { z } from "zod";
import { parseCidr, parsePortList, PolicyConfigError, splitList } from "@/lib/probes/policy";

/** Most ranges per list: far more than a real policy needs, few enough to check in microseconds. */
export const MAX_POLICY_RANGES = 500;
/** Errors shown per field: the first few bad entries. */
const MAX_LISTED_ERRORS = 3;

function cidrList(what: string) {
  return z
    .string()
    .max(40_000, `${what}: the list is too long`)
    .transform((text, ctx) => {
      const items = splitList(text);
      if (items.length > MAX_POLICY_RANGES) {
        ctx.addIssue({ code: "custom", message: `${what}: at most ${MAX_POLICY_RANGES} ranges (${items.length} given)` });
        return z.NEVER;
      }
      const ranges = new Set<string>();
      const bad: string[] = [];
      for (const item of items) {
        try {
          ranges.add(parseCidr(item).cidr);
        } catch (error) {
          if (!(error instanceof PolicyConfigError)) throw error;
          bad.push(error.message);
        }
      }
      if (bad.length > 0) {
        const more = bad.length > MAX_LISTED_ERRORS ? ` (and ${bad.length - MAX_LISTED_ERRORS} more)` : "";
        ctx.addIssue({ code: "custom", message: `${bad.slice(0, MAX_LISTED_ERRORS).join("; ")}${more}. Write a range as 10.0.0.0/8 or 2001:db8::/32, or a single address.` });
        return z.NEVER;
      }
      return [...ranges];
    });
}

export const probePolicyFormSchema = z.object({
  allowCidrs: cidrList("Allowed ranges"),
  denyCidrs: cidrList("Denied ranges"),
  ports: z
    .string()
    .max(4_000, "Ports: the list is too long")
    .transform((text, ctx): number[] | "any" => {
      try {
        return parsePortList(text, "Ports");
      } catch (error) {
        if (!(error instanceof PolicyConfigError)) throw error;
        ctx.addIssue({ code: "custom", message: `${error.message}. Write ports and ranges such as 25, 587, 2525-2530, or "any".` });
        return z.NEVER;
      }
    }),
  /** The revision the form showed: a save based on an older one is refused (someone else saved meanwhile). */
  baseRevision: z.coerce.number().int().min(0),
});

export type ProbePolicyForm = z.output<typeof probePolicyFormSchema>;
