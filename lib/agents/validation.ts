/**
 * zod schemas at the agent boundaries: what an agent POSTs about a job, and the admin's form.
 * Client-safe.
 */
import { z } from "zod";
import { MAX_EVENTS_PER_BATCH } from "./protocol";

export const agentJobEndSchema = z.object({
  results: z.array(z.unknown()).max(16),
  ended: z.enum(["completed", "deadline", "cancelled", "error"]),
  refused: z.string().max(1_000).nullable(),
  abandoned: z.string().max(1_000).nullable(),
});

export const agentJobPostSchema = z.object({
  events: z.array(z.object({ t: z.number().min(0), event: z.unknown() })).max(MAX_EVENTS_PER_BATCH),
  dropped: z.number().int().min(0).optional(),
  end: agentJobEndSchema.optional(),
});

export const agentNameFormSchema = z.object({
  name: z.string().trim().min(1, "Give the agent a name.").max(63, "At most 63 characters."),
});
