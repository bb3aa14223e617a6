/**
 * The Prisma error code of a failed query (either driver adapter reports Postgres's violations
 * this way): P2002 unique constraint, P2003 foreign key, P2025 record not found.
 */
export function prismaErrorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
}

/** A unique constraint refused the write: two creates of one name racing, or a name taken. */
export const isUniqueViolation = (error: unknown): boolean => prismaErrorCode(error) === 'P2002'
