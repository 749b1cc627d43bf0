/**
 * Saves a diagnosis record (JSON on standard input, as buildDiagnosis returns it) into the
 * database of DATABASE_URL and prints its id: how an e2e spec puts a record it built from real
 * loopback probes in front of the app server. Run: node --import tsx e2e/helpers/save-diagnosis.ts
 */
import { readFileSync } from "node:fs";
import { saveDiagnosis } from "@/lib/diagnosis/store";
import type { DiagnosisContent } from "@/lib/diagnosis/build";

const content = JSON.parse(readFileSync(0, "utf8")) as DiagnosisContent;
const saved = await saveDiagnosis(content);
process.stdout.write(`${saved.id}\n`);
process.exit(0);
