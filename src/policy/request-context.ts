/**
 * The condition-key values of one request. Keys are case-insensitive (IAM condition keys are);
 * values are strings as AWS presents them to condition operators (`"true"`, ISO 8601 dates,
 * decimal numbers). A multi-valued key (aws:TagKeys, sts:TransitiveTagKeys, …) has several values;
 * a single-valued key has one. A missing key is absent, not empty.
 */
export interface RequestContext {
  /** The values of a key, or undefined when the request does not carry it. */
  values(key: string): readonly string[] | undefined
  /** True when the key is multi-valued (set operators apply to it). */
  isMultiValued(key: string): boolean
}
