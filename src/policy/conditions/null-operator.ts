import type { RequestContext } from '../request-context.ts'
import { parseBool } from './bool-operators.ts'
import type { CompiledCondition } from './compile-condition.ts'

/**
 * Null: "use either true (the key doesn't exist — it is null) or false (the key exists and its
 * value is not null)" ("IAM JSON policy elements: Condition operators", Condition operator to
 * check existence of condition keys). A key present with no values counts as null: AWS pairs Null
 * "false" with ForAllValues to stop "missing context keys or context keys with empty values" from
 * passing ("Multivalued context key examples"). Values are OR-ed like any others; a value that is
 * neither true nor false matches nothing. Null takes no IfExists, qualifier or policy variables.
 */
export class NullCondition implements CompiledCondition {
  private readonly whenAbsent: boolean
  private readonly whenPresent: boolean

  constructor(
    readonly key: string,
    values: readonly string[],
  ) {
    this.whenAbsent = values.some((value) => parseBool(value) === 1)
    this.whenPresent = values.some((value) => parseBool(value) === 0)
  }

  evaluate(context: RequestContext): boolean {
    const values = context.values(this.key)
    return values === undefined || values.length === 0 ? this.whenAbsent : this.whenPresent
  }
}
