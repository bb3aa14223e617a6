import { IAMClient } from '@aws-sdk/client-iam'
import { ROOT } from './sts-server.ts'

export interface KeyPair { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** An unmodified @aws-sdk/client-iam client for the test server (no retries, so errors surface). */
export function iamClient(url: string, credentials: KeyPair = ROOT): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 })
}

/** What the SDK made of an error answer: the code, the HTTP status and the message. */
export interface SdkError { code: string; status: number | undefined; message: string }

/** The error `promise` rejects with, as code/status/message; fails the test when it resolves. */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { code: e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('expected the call to fail, it succeeded')
}
