/**
 * Saves a diagnosis record (JSON on standard input, as buildDiagnosis returns it) into the
 * database of DATABASE_URL and prints its id, then a public link's secret for it (made in the
 * first user's name): how an e2e spec puts a record it built from real loopback probes in front
 * of the app server. Run: node --import tsx e2e/helpers/save-diagnosis.ts
 */
import { readFileSync } from "node:fs";
import { getDb } from "@/lib/db/client";
import type { DiagnosisContent } from "@/lib/diagnosis/build";
import { saveDiagnosis } from "@/lib/diagnosis/store";
import { createPublicLink } from "@/lib/sharing/public-links";

const content = JSON.parse(readFileSync(0, "utf8")) as DiagnosisContent;
const saved = await saveDiagnosis(content);
const user = await getDb().user.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
const link = await createPublicLink(saved.id, user.id, 1);
process.stdout.write(`${saved.id} ${link.secret}\n`);
process.exit(0);
