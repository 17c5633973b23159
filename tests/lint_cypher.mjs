// Lint Cypher statements with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
//
// Why a Node script: Neo4j ships its Cypher front end (parser + semantic checks, compiled from the Java code) only
// as this npm package; it needs no running database, so every statement of the project is checked offline.
//
// stdin:  either [{"id": ..., "query": ..., "params": {...}}, ...]
//         or {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]}, "statements": [...]}
// stdout: [{"id": ..., "diagnostics": [{"severity": "error"|"warning"|"info"|"hint", "deprecated": bool,
//          "message": ..., "line": n, "column": n, "offset": n}]}, ...]   (line and column are 1-based)
//
// Parameters are declared per statement, so a `$name` a statement does not declare is an error. Functions and
// procedures are Neo4j's built-in catalogue (Cypher 5, the language of Neo4j 5), without APOC or GDS: calling a
// plug-in is an error, and a deprecated function (such as id()) is a deprecation warning.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const PLUGIN = /^(apoc|gds|genai|n10s|bloom)\./i;
// Neo4j words its deprecation notices in a few ways; only some carry the Deprecated tag.
const DEPRECATION = /deprecat|in a future version|no longer supported/i;

function builtIns(registry, keep) {
  // The package's catalogue of the Neo4j built-ins (per Cypher version), exported as `testData.mockSchema`.
  const out = {};
  for (const [version, entries] of Object.entries(registry ?? {})) {
    out[version] = Object.fromEntries(Object.entries(entries).filter(([name, e]) => keep(name, e)));
  }
  return out;
}

const catalogue = testData?.mockSchema ?? {};
const functions = builtIns(catalogue.functions, (name, f) => f.isBuiltIn && !PLUGIN.test(name));
const procedures = builtIns(catalogue.procedures, (name) => !PLUGIN.test(name));

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lintOne(item, schema) {
  // Labels, types and property keys are only checked when the caller declares them.
  const dbSchema = { ...schema, parameters: item.params ?? {}, defaultLanguage: 'CYPHER 5' };
  if (Object.keys(functions).length) dbSchema.functions = functions;
  if (Object.keys(procedures).length) dbSchema.procedures = procedures;
  try {
    const { diagnostics } = lintCypherQuery(item.query, dbSchema, { consoleCommandsEnabled: false });
    return diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      deprecated: Boolean(d.tags?.includes(2)) || DEPRECATION.test(d.message),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      offset: d.offsets?.start ?? null,
    }));
  } catch (err) {
    return [{ severity: 'error', deprecated: false, message: `linter failed: ${err}`, line: 1, column: 1, offset: 0 }];
  }
}

const input = JSON.parse(await readStdin());
const statements = Array.isArray(input) ? input : input.statements ?? [];
const schema = Array.isArray(input) ? {} : input.schema ?? {};
const results = statements.map((item) => ({ id: item.id, diagnostics: lintOne(item, schema) }));
process.stdout.write(JSON.stringify(results) + '\n');
