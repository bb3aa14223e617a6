import { parseDocument } from 'yaml'
import type { ConfigIssue } from './config-file-error.ts'

/**
 * The YAML (or JSON) text as plain data, or its syntax errors located by line and column.
 * Duplicate keys are errors; alias expansion is capped (the yaml package's billion-laughs guard).
 */
export function readYaml(text: string): { readonly data: unknown } | { readonly issues: readonly ConfigIssue[] } {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => {
        const at = error.linePos?.[0]
        // prettyErrors appends " at line L, column C:" and a source excerpt; keep the first clause.
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
        return { path: at ? `line ${at.line}, column ${at.col}` : '(file)', message }
      }),
    }
  }
  try {
    return { data: document.toJS({ maxAliasCount: 100 }) }
  } catch (error) {
    return { issues: [{ path: '(file)', message: (error as Error).message }] }
  }
}
