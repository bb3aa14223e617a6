/**
 * A setting is missing or wrong. Thrown only at boot; main prints `message` as one line and
 * exits with code 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'

  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`invalid configuration: ${setting}: ${problem}`)
  }
}
