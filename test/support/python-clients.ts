import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ROOT } from './sts-server.ts'

// Unmodified boto3 (one python process per batch, test/support/boto3-call.py) and the AWS CLI v1,
// isolated from the developer's ~/.aws and environment.

export interface WireError { code: string; message: string; status: number }
export type Boto3Outcome<R = Record<string, any>> = { ok: R; error?: undefined } | { ok?: undefined; error: WireError }
export interface Signer { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
export interface Boto3Call {
  operation: string
  service?: 'sts' | 'iam'
  params?: Record<string, unknown>
  /** `{ from: N }` signs with the Credentials call N of the batch returned; absent: no credentials (unsigned calls). */
  credentials?: Signer | { from: number }
  /** False turns off botocore's parameter validation, so the server's own checks answer. */
  validate?: boolean
}

/** A boto3 IAM call, signed with the test account's root key unless `extra.credentials` says otherwise. */
export const iamCall = (operation: string, params: Record<string, unknown> = {}, extra: Partial<Boto3Call> = {}): Boto3Call =>
  ({ service: 'iam', operation, params, credentials: ROOT, ...extra })

const DRIVER = fileURLToPath(new URL('./boto3-call.py', import.meta.url))
const run = promisify(execFile)

export const succeeded = <R>(outcome: Boto3Outcome<R> | undefined): R => {
  if (!outcome?.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`)
  return outcome.ok
}
export const failed = (outcome: Boto3Outcome<unknown> | undefined): WireError => {
  if (!outcome?.error) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`)
  return outcome.error
}

/** A private HOME for the python clients; `close()` removes it. */
export async function pythonClients(endpoint: string, region = 'eu-west-1') {
  const home = await mkdtemp(join(tmpdir(), 'stsgate-python-'))
  const env = () => ({
    PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true',
  })
  return {
    /** Runs the calls in order in one python process; one outcome per call. */
    boto3<R = Record<string, any>>(calls: Boto3Call[]): Promise<Array<Boto3Outcome<R>>> {
      return new Promise((resolve, reject) => {
        const child = execFile('python3', [DRIVER], { env: env() }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Array<Boto3Outcome<R>>))
        child.stdin!.end(JSON.stringify({ endpoint, region, calls }))
      })
    },
    /** `aws <args> --endpoint-url … --output json` signed by `signer` (none: no credentials); rejects on a non-zero exit. */
    awsCli(args: string[], signer?: Signer) {
      return run('aws', [...args, '--endpoint-url', endpoint, '--region', region, '--output', 'json'], {
        env: {
          ...env(),
          ...(signer && { AWS_ACCESS_KEY_ID: signer.accessKeyId, AWS_SECRET_ACCESS_KEY: signer.secretAccessKey }),
          ...(signer?.sessionToken && { AWS_SESSION_TOKEN: signer.sessionToken }),
        },
      })
    },
    /** `python3 -c <source>` with the same isolation plus `extra` (e.g. botocore's AWS_WEB_IDENTITY_TOKEN_FILE); rejects on a non-zero exit. */
    python(source: string, extra: Record<string, string>) {
      return run('python3', ['-c', source], { env: { ...env(), ...extra } })
    },
    /** A shell command line (as README shows it) with the signer's key in the environment. */
    shell(command: string, signer: Signer, region = 'us-east-1') {
      return run('bash', ['-c', command], {
        env: {
          ...env(), AWS_ACCESS_KEY_ID: signer.accessKeyId, AWS_SECRET_ACCESS_KEY: signer.secretAccessKey, AWS_DEFAULT_REGION: region,
          ...(signer.sessionToken && { AWS_SESSION_TOKEN: signer.sessionToken }),
        },
      })
    },
    close: () => rm(home, { recursive: true, force: true }),
  }
}
