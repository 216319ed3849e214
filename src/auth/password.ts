import { hash, verify } from "@node-rs/argon2";
import { ValidationError } from "../shared/errors.js";

export const minPasswordLength = 10;

// Algorithm 2 = argon2id (the const enum is not importable under verbatimModuleSyntax).
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function checkPasswordStrength(password: string, field = "password"): void {
  if (password.length < minPasswordLength) {
    throw ValidationError.field(field, `must be at least ${minPasswordLength} characters`);
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fixed hash verified when the email is unknown, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password-at-all");
  await verifyPassword(await dummyHash, password);
  return false;
}
