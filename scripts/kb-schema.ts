/**
 * `npm run kb:schema`: writes the published JSON Schema of the knowledge-base files
 * (kb/schema/<kind>.schema.json), generated from the zod schemas in lib/kb/file-format.ts.
 * tests/kb/kb-files.test.ts fails when the committed files are not current.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { jsonSchemas } from "@/lib/kb/file-format";
import { SHIPPED_KB_DIR } from "@/lib/kb/shipped";

for (const [kind, schema] of Object.entries(jsonSchemas())) {
  const file = path.join(SHIPPED_KB_DIR, "schema", `${kind}.schema.json`);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
