import { incompleteSignature, signatureDoesNotMatch } from './sigv4-errors.ts'

export interface CredentialScope {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
}

/**
 * `AKID/20260101/us-east-1/sts/aws4_request`. Any region is accepted (stsgate is one endpoint
 * whatever region the client signs for); the service must be ours and the date must be the
 * X-Amz-Date's day. Scope errors are SignatureDoesNotMatch with AWS's texts (e.g.
 * `Credential should be scoped to correct service: 'sts'.`, seen from real AWS endpoints).
 */
export function parseCredentialScope(credential: string, amzDate: string, service: string): CredentialScope {
  const parts = credential.split('/')
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`)
  }
  const [accessKeyId, date, region, scopeService, terminator] = parts as [string, string, string, string, string]
  const problems: string[] = []
  if (scopeService !== service) problems.push(`Credential should be scoped to correct service: '${service}'.`)
  if (terminator !== 'aws4_request') {
    problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`)
  }
  if (date !== amzDate.slice(0, 8)) {
    problems.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`)
  }
  if (problems.length > 0) throw signatureDoesNotMatch(problems.join(' '))
  return { accessKeyId, date, region, service }
}
