/**
 * Imported first by the command line (lib/cli/main.ts), before any schema is built. A CLI run
 * validates each schema about once, so zod's JIT (a `new Function` parser compiled per object
 * schema on first use, never in the V8 code cache) costs more than it saves.
 */
import { z } from "zod";

z.config({ jitless: true });
