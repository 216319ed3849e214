/** PostgreSQL error codes the directory turns into 409s (same codes from pg and PGlite). */
function code(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export const isUniqueViolation = (error: unknown): boolean => code(error) === "23505";
export const isForeignKeyViolation = (error: unknown): boolean => code(error) === "23503";
