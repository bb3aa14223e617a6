import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { validationError } from '../../../protocol/validation-error.ts'
import { unechoedString } from '../../../protocol/string-parameters.ts'

// IAM model: OpenIDConnectProviderUrlType, clientIDType, thumbprintType; quotas from the IAM
// User Guide ("IAM and AWS STS quotas") and AWS's answers.
const URL_RULE = { min: 1, max: 255 }
export const CLIENT_ID_RULE = { min: 1, max: 255, pattern: undefined }
const THUMBPRINT_LENGTH = 40
export const MAX_THUMBPRINTS = 5
export const CLIENT_IDS_PER_PROVIDER = 100
export const OIDC_PROVIDERS_PER_ACCOUNT = 100

/** AWS's LimitExceeded for a 101st client id (CreateOpenIDConnectProvider, AddClientIDTo…). */
export const clientIdQuota = () => new ServiceError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`)

/**
 * `Url`: the model's length (AWS leaves the value out of that message), then what IAM requires
 * of an issuer: `https://` and a host (ValidationError `Invalid Open ID Connect Provider URL` when
 * it is no URL at all, as AWS answers), no credentials, query or fragment (InvalidInput).
 * A port is accepted: stsgate's IdPs may listen on one (AWS only advises against it).
 */
export const urlParameter = (params: QueryParams) => unechoedString(params, 'Url', URL_RULE, true)!

export function checkProviderUrl(text: string): void {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ServiceError('ValidationError', 'Invalid Open ID Connect Provider URL')
  }
  if (url.host === '') throw new ServiceError('ValidationError', 'Invalid Open ID Connect Provider URL')
  if (!text.startsWith('https://')) throw new ServiceError('InvalidInput', 'Invalid Open ID Connect Provider URL. The URL must begin with https://.')
  // URL() drops a bare "?" or "#": the text must not have them either.
  if (url.username || url.password || /[?#]/.test(text)) throw new ServiceError('InvalidInput', 'Invalid Open ID Connect Provider URL.')
}

/**
 * A list of strings checked member by member. AWS reports a bad member once for the whole list,
 * without values, quoting every constraint of the member shape:
 * `Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint:
 * [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]`.
 */
function stringList(params: QueryParams, name: string, min: number, max: number, required: boolean): string[] {
  const member = name[0]!.toLowerCase() + name.slice(1)
  const values = params.list(name)
  if (values === undefined) {
    if (required) throw validationError([{ value: undefined, member, constraint: 'not be null' }])
    return []
  }
  if (values.some((value) => [...value].length < min || [...value].length > max)) {
    throw validationError([{
      value: undefined, member, omitValue: true,
      constraint: `satisfy constraint: [Member must have length less than or equal to ${max}, Member must have length greater than or equal to ${min}]`,
    }])
  }
  return values
}

/** `ClientIDList`: the client ids in order, repeats dropped. */
export const clientIdList = (params: QueryParams) => [...new Set(stringList(params, 'ClientIDList', CLIENT_ID_RULE.min, CLIENT_ID_RULE.max, false))]

/** `ThumbprintList`: 40-character strings (IAM checks no hex alphabet). */
export const thumbprintList = (params: QueryParams, required: boolean) => stringList(params, 'ThumbprintList', THUMBPRINT_LENGTH, THUMBPRINT_LENGTH, required)

/** At most 5 thumbprints, in AWS's words (which say "fewer than" and mean "at most"). */
export function checkThumbprintCount(thumbprints: readonly string[]): void {
  if (thumbprints.length > MAX_THUMBPRINTS) throw new ServiceError('InvalidInput', `Thumbprint list must contain fewer than ${MAX_THUMBPRINTS} entries.`)
}
