/**
 * `accounts[0].roles[2].trustPolicy.Statement[0].Effect`: indexes in brackets, plain keys after a dot,
 * and keys a reader could misparse (dots, brackets, spaces) quoted in brackets.
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (typeof part === 'string' && /^[^\s.[\]"]+$/.test(part)) out += out === '' ? part : `.${part}`
    else out += `[${JSON.stringify(String(part))}]`
  }
  return out === '' ? '(root)' : out
}
