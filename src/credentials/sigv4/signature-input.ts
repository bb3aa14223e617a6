/** The pieces of a SigV4 signature as the request carries them, before any check. */
export interface SignatureInput {
  readonly form: 'header' | 'query'
  readonly credential: string
  /** Lower-case header names, `;`-separated, as sent. */
  readonly signedHeaders: string
  readonly signature: string
  readonly amzDate: string
  readonly sessionToken: string | undefined
  /** Presigned only: X-Amz-Expires in seconds. */
  readonly expiresIn: number | undefined
}
