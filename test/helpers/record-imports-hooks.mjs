// Module resolution hooks of record-imports.mjs: they run on Node's loader thread.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.MASKFACE_IMPORT_LOG) appendFileSync(process.env.MASKFACE_IMPORT_LOG, `${resolved.url}\n`);
  return resolved;
}
