/** One problem in a config file: where (`accounts[0].roles[2].name`) and what. */
export interface ConfigIssue {
  readonly path: string
  readonly message: string
}

/**
 * The file was refused as a whole and nothing was written. `message` is a first line naming the
 * file, then one `<path>: <message>` line per issue, ready to print as is.
 */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError'

  constructor(
    readonly sourceName: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`
    super([`${sourceName}: ${count}; nothing was applied`, ...issues.map((issue) => `${issue.path}: ${issue.message}`)].join('\n'))
  }
}
