import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_STATUS, ServiceError } from '../../src/errors.ts'

describe('wire error set', () => {
  it('is pinned: every code with its HTTP status', () => {
    expect(ERROR_STATUS).toEqual({
      InternalFailure: 500,
      ServiceUnavailable: 503,
      NotFound: 404,
      RequestEntityTooLarge: 413,
      MalformedQueryString: 404,
      MalformedPolicyDocument: 400,
      PackedPolicyTooLarge: 400,
      InvalidAuthorizationMessageException: 400,
      InvalidAction: 400,
      MissingAction: 400,
      InvalidQueryParameter: 400,
      ValidationError: 400,
      InvalidParameterValue: 400,
      IncompleteSignature: 400,
      MissingAuthenticationToken: 403,
      InvalidClientTokenId: 403,
      SignatureDoesNotMatch: 403,
      ExpiredToken: 403,
      AccessDenied: 403,
      InvalidIdentityToken: 400,
      ExpiredTokenException: 400,
      IDPRejectedClaim: 403,
      IDPCommunicationError: 400,
      EntityAlreadyExists: 409,
      NoSuchEntity: 404,
      LimitExceeded: 409,
      DeleteConflict: 409,
      InvalidInput: 400,
      InvalidAuthenticationCode: 403,
      ConcurrentModification: 409,
    })
  })

  it('is documented: docs/errors.md lists every code with its status, and nothing else', () => {
    const rows = [...readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)]
    expect(Object.fromEntries(rows.map((row) => [row[1], Number(row[2])]))).toEqual(ERROR_STATUS)
  })

  it('derives Type from the status: Sender for 4xx, Receiver for 5xx', () => {
    expect(new ServiceError('NotFound', 'x').type).toBe('Sender')
    expect(new ServiceError('InternalFailure', 'x').type).toBe('Receiver')
  })
})
