import { ServiceError } from '../../../errors.ts'
import { parsePolicyDocument, type PolicyDocument, type PolicyKind, type RequestContext } from '../../../policy/index.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { camel, checkString, type StringRule } from '../../../protocol/string-parameters.ts'
import { checkAll, validationError } from '../../../protocol/validation-error.ts'
import { parseIamArn } from '../../arns.ts'
import { IAM_RULES } from '../../iam-parameters.ts'
import { pageRequest, type PageRequest } from '../../pagination.ts'
import { contextEntries, simulationContext } from './context-entries.ts'

/** A policy document given in the request, as written and as parsed. */
export interface InputPolicy {
  readonly text: string
  readonly document: PolicyDocument
}

/** What SimulateCustomPolicy and SimulatePrincipalPolicy share. */
export interface SimulationParameters {
  readonly policyInputs: readonly InputPolicy[]
  readonly boundaryInput: InputPolicy | undefined
  readonly actionNames: readonly string[]
  /** Undefined when absent or empty: the simulation runs on `*`. */
  readonly resourceArns: readonly string[] | undefined
  readonly resourcePolicy: InputPolicy | undefined
  /** The 12-digit account ResourceOwner names. */
  readonly resourceOwner: string | undefined
  /** CallerArn, a user ARN. */
  readonly callerArn: string | undefined
  /** The ContextEntries, the only condition keys the simulation has. */
  readonly context: RequestContext
  readonly page: PageRequest
}

/** The parameters both actions take besides PolicySourceArn. */
export const SIMULATION_PARAMETERS = [
  'PolicyInputList', 'PermissionsBoundaryPolicyInputList', 'ActionNames', 'ResourceArns', 'ResourcePolicy',
  'ResourceOwner', 'CallerArn', 'ContextEntries', 'ResourceHandlingOption', 'MaxItems', 'Marker',
] as const

// The IAM model's shapes (ActionNameType, ResourceNameType, ResourceHandlingOptionType).
const ACTION_NAME: StringRule = { min: 3, max: 128 }
const RESOURCE_NAME: StringRule = { min: 1, max: 2048 }
const RESOURCE_HANDLING_OPTION: StringRule = { min: 1, max: 64 }

/**
 * Parses the shared parameters: the model's constraints first, all at once (ValidationError),
 * then the documents' grammar (MalformedPolicyDocument), then the rules between parameters
 * (InvalidInput). `policyInputRequired` is true for SimulateCustomPolicy.
 */
export function simulationParameters(params: QueryParams, policyInputRequired: boolean): SimulationParameters {
  const checked = checkAll({
    policyInputs: () => stringList(params, 'PolicyInputList', IAM_RULES.policyDocument, policyInputRequired),
    boundaryInputs: () => stringList(params, 'PermissionsBoundaryPolicyInputList', IAM_RULES.policyDocument, false),
    actionNames: () => stringList(params, 'ActionNames', ACTION_NAME, true),
    resourceArns: () => stringList(params, 'ResourceArns', RESOURCE_NAME, false),
    resourcePolicy: () => optional(params, 'ResourcePolicy', IAM_RULES.policyDocument),
    resourceOwner: () => optional(params, 'ResourceOwner', RESOURCE_NAME),
    callerArn: () => optional(params, 'CallerArn', RESOURCE_NAME),
    // Accepted and not enforced: stsgate simulates no EC2 scenario (see docs/iam.md).
    resourceHandlingOption: () => optional(params, 'ResourceHandlingOption', RESOURCE_HANDLING_OPTION),
    context: () => contextEntries(params),
    page: () => pageRequest(params),
  })
  const boundaryInputs = checked.boundaryInputs ?? []
  // "You can input only one permissions boundary" (SimulateCustomPolicy, PermissionsBoundaryPolicyInputList).
  if (boundaryInputs.length > 1) throw new ServiceError('InvalidInput', 'You can input only one permissions boundary policy in PermissionsBoundaryPolicyInputList.')
  const resourcePolicy = checked.resourcePolicy === undefined ? undefined : inputPolicy(checked.resourcePolicy, 'resource')
  return {
    policyInputs: (checked.policyInputs ?? []).map((text) => inputPolicy(text, 'identity')),
    boundaryInput: boundaryInputs[0] === undefined ? undefined : inputPolicy(boundaryInputs[0], 'boundary'),
    actionNames: checked.actionNames!,
    resourceArns: checked.resourceArns?.length ? checked.resourceArns : undefined,
    resourcePolicy,
    resourceOwner: checked.resourceOwner === undefined ? undefined : ownerAccount(checked.resourceOwner),
    callerArn: checked.callerArn === undefined ? undefined : userArn(checked.callerArn),
    context: simulationContext(checked.context),
    page: checked.page,
  }
}

function inputPolicy(text: string, kind: PolicyKind): InputPolicy {
  return { text, document: parsePolicyDocument(text, kind) }
}

/** `Name.member.N`, each member checked (`name.N.member` in AWS's messages); undefined when absent. */
function stringList(params: QueryParams, name: string, rule: StringRule, required: boolean): string[] | undefined {
  const values = params.list(name)
  if (values === undefined) {
    if (required) throw validationError([{ value: undefined, member: camel(name), constraint: 'not be null' }])
    return undefined
  }
  const checked = checkAll(Object.fromEntries(values.map((value, index) => [String(index), () => checkString(value, `${camel(name)}.${index + 1}.member`, rule)])))
  return values.map((_, index) => checked[String(index)]!)
}

function optional(params: QueryParams, name: string, rule: StringRule): string | undefined {
  const value = params.get(name)
  return value === undefined ? undefined : checkString(value, camel(name), rule)
}

/** ResourceOwner: `arn:aws:iam::ACCOUNT:root` (SimulateCustomPolicy) or the bare account id (SimulatePrincipalPolicy). */
function ownerAccount(value: string): string {
  const account = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(value)
  if (!account || (value.startsWith('arn:') !== value.endsWith(':root'))) {
    throw new ServiceError('InvalidInput', `Invalid ResourceOwner ${value}: expected an account ARN such as arn:aws:iam::123456789012:root.`)
  }
  return account[1]!
}

// "You can specify only the ARN of an IAM user. You cannot specify the ARN of an assumed role,
// federated user, or a service principal." (SimulateCustomPolicy, CallerArn)
function userArn(value: string): string {
  if (!parseIamArn(value, 'user')) throw new ServiceError('InvalidInput', `Invalid CallerArn ${value}: only the ARN of an IAM user can be the simulated caller.`)
  return value
}
