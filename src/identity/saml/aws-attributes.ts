import { ServiceError } from '../../errors.ts'
import { checkString } from '../../protocol/string-parameters.ts'
import { validationError } from '../../protocol/validation-error.ts'
import { RULES } from '../../sts/session-parameters.ts'
import { invalidIdentityToken } from '../errors.ts'
import { checkSessionAttributes, type SessionAttributes } from '../session-attributes.ts'

/** AWS's SAML attribute names (IAM "Configure SAML assertions for the authentication response"); case-sensitive. */
export const AWS_SAML = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  principalTag: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:',
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
} as const

/** One `role-arn,provider-arn` pair of the Role attribute. */
export interface RolePair {
  readonly roleArn: string
  readonly providerArn: string
}

/** What the AWS attributes of an assertion ask for. */
export interface AwsSamlAttributes {
  readonly roles: readonly RolePair[]
  readonly roleSessionName: string
  /** SessionDuration: it can only shorten API credentials. */
  readonly sessionDuration: number | undefined
  readonly session: SessionAttributes
}

/**
 * Reads AWS's attributes from a verified assertion: Role pairs (ARNs in either order), the
 * required RoleSessionName (AssumeRole's rule, ValidationError otherwise), SessionDuration
 * (900-43200), PrincipalTag:<key> (one value each), TransitiveTagKeys and SourceIdentity, checked
 * as session tags are (IDPRejectedClaim). PrincipalTag keys differing only in case are refused
 * like any duplicate attribute (InvalidIdentityToken).
 */
export function awsSamlAttributes(attributes: ReadonlyMap<string, readonly string[]>): AwsSamlAttributes {
  const roleSessionName = single(attributes, AWS_SAML.roleSessionName)
  if (roleSessionName === undefined) throw invalidIdentityToken(`The SAML assertion has no ${AWS_SAML.roleSessionName} attribute.`)
  checkString(roleSessionName, 'roleSessionName', RULES.roleSessionName)
  const duration = single(attributes, AWS_SAML.sessionDuration)
  const sessionDuration = duration === undefined ? undefined : Number(duration)
  if (sessionDuration !== undefined && !(/^\d{3,5}$/.test(duration!) && sessionDuration >= 900 && sessionDuration <= 43200)) {
    throw validationError([{ value: duration, member: 'sessionDuration', constraint: 'be an integer between 900 and 43200' }])
  }
  return {
    roles: (attributes.get(AWS_SAML.role) ?? []).flatMap(rolePair),
    roleSessionName,
    sessionDuration,
    session: sessionAttributes(attributes),
  }
}

function sessionAttributes(attributes: ReadonlyMap<string, readonly string[]>): SessionAttributes {
  const tags: Array<readonly [string, string]> = []
  const seen = new Set<string>()
  for (const [name, values] of attributes) {
    if (!name.startsWith(AWS_SAML.principalTag)) continue
    const key = name.slice(AWS_SAML.principalTag.length)
    if (seen.has(key.toLowerCase())) throw invalidIdentityToken(`The SAML assertion names the session tag ${key.slice(0, 128)} more than once (tag keys are case-insensitive).`)
    seen.add(key.toLowerCase())
    if (values.length !== 1) throw new ServiceError('IDPRejectedClaim', `${name.slice(0, 200)}: a session tag takes exactly one value`)
    tags.push([key, values[0]!])
  }
  return checkSessionAttributes(
    { tags, transitiveTagKeys: attributes.get(AWS_SAML.transitiveTagKeys) ?? [], sourceIdentity: single(attributes, AWS_SAML.sourceIdentity) },
    { tags: AWS_SAML.principalTag.slice(0, -1), sourceIdentity: AWS_SAML.sourceIdentity },
  )
}

/** A single-valued attribute's value; several values for one are refused. */
function single(attributes: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  const values = attributes.get(name)
  if (values === undefined) return undefined
  if (values.length !== 1) throw invalidIdentityToken(`The SAML assertion attribute ${name} must have exactly one value.`)
  return values[0]!.trim()
}

/** `arn:…:role/R,arn:…:saml-provider/P` in either order (IdPs differ); anything else names no pair. */
function rolePair(value: string): RolePair[] {
  const parts = value.split(',').map((part) => part.trim())
  if (parts.length !== 2) return []
  const roleArn = parts.find((part) => /^arn:aws:iam::\d{12}:role\//.test(part))
  const providerArn = parts.find((part) => /^arn:aws:iam::\d{12}:saml-provider\//.test(part))
  return roleArn && providerArn ? [{ roleArn, providerArn }] : []
}
