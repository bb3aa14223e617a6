import { ServiceError } from '../errors.ts'

// IAM's words for the entities every action group names (IAM API Reference, "Errors").

export const noSuchUser = (name: string) => new ServiceError('NoSuchEntity', `The user with name ${name} cannot be found.`)
export const noSuchRole = (name: string) => new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`)

/** An action whose UserName is optional, called with credentials that are no user's (a role session). */
export const userNameRequired = () => new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials')
