/**
 * The diagnosis model built from the shipped knowledge base (kb/), without a database, for pure
 * tests on the real weights (lib/diagnosis/model-from-seed.ts).
 */
import { modelFromSeed as modelFromKb } from "@/lib/diagnosis/model-from-seed";
import type { DiagnosisModel } from "@/lib/diagnosis/types";
import { parseKbSeed } from "@/lib/kb/seed-loader";
import { shippedKbInput } from "@/lib/kb/shipped";

export function seedWithWizard() {
  return parseKbSeed(shippedKbInput());
}

export function modelFromSeed(): DiagnosisModel {
  return modelFromKb(seedWithWizard());
}
