/**
 * Action and NotAction values. "The prefix and the action name are case insensitive", and "You
 * can also use wildcards (* or ?) as part of the action name" (IAM JSON policy elements: Action).
 */

// A service prefix (`s3`, `aws-portal`), a colon, an action name or pattern.
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/

/**
 * What a role's trust policy may allow: the STS actions that act on a role. AWS refuses any other
 * with "AssumeRole policy may only specify STS AssumeRole actions".
 */
export const TRUST_POLICY_ACTIONS = [
  'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext',
] as const

export function actionProblem(action: string): string | undefined {
  if (action === '*' || ACTION.test(action)) return undefined
  return 'expected "*" or an action such as "s3:GetObject" (a service prefix, a colon and an action name; * and ? may stand for any characters in the name)'
}

/** An Action of a trust policy: well-formed, and naming (or matching) an action of TRUST_POLICY_ACTIONS. */
export function trustActionProblem(action: string): string | undefined {
  const problem = actionProblem(action)
  if (problem !== undefined) return problem
  if (action === '*') return undefined
  const pattern = globToRegExp(action)
  if (TRUST_POLICY_ACTIONS.some((allowed) => pattern.test(allowed))) return undefined
  return `a trust policy may only allow ${TRUST_POLICY_ACTIONS.join(', ')}, or a wildcard matching one of them`
}

function globToRegExp(glob: string): RegExp {
  // ACTION admits only letters, digits, '-', ':', '*' and '?', so only the wildcards need rewriting.
  return new RegExp(`^${glob.replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i')
}
