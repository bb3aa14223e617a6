/**
 * The size quotas IAM and STS put on policy documents, in characters not counting white space.
 *
 * AWS, "IAM and AWS STS quotas" (reference_iam-quotas), IAM and STS character quotas: inline
 * policies per user 2,048 and per role 10,240; managed policies 6,144; "IAM does not count white
 * space when calculating the size of a policy against these quotas". Object quotas: "Role trust
 * policy length" 2,048 characters (the default; AWS raises it on request, stsgate does not).
 * Session policies (the Policy parameter of AssumeRole*, GetFederationToken): "The plaintext that
 * you use for both inline and managed session policies can't exceed 2,048 characters" (STS API
 * reference); counted here the same way, without white space, for one rule everywhere.
 */
export type PolicySizeLimit = 'user-inline' | 'role-inline' | 'managed' | 'trust' | 'session'

export const POLICY_SIZE_LIMITS: Readonly<Record<PolicySizeLimit, number>> = Object.freeze({
  'user-inline': 2048,
  'role-inline': 10240,
  managed: 6144,
  trust: 2048,
  session: 2048,
})

/** The characters of `text` that count against a quota: every one that is not white space. */
export function policySize(text: string): number {
  const compact = text.replace(/\s+/g, '')
  // A character outside the BMP is two UTF-16 code units; count it once.
  const pairs = compact.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0
  return compact.length - pairs
}
