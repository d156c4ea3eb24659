import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// scrypt (memory-hard): N = 2^15, r = 8, p = 1 uses 32 MiB per hash and ~50–100 ms here, the
// OWASP-recommended minimum. Stored as "scrypt$N$r$p$salt$hash" (base64) so parameters can grow later.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Checks a password against a stored hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export type PasswordProblem = "too_short" | "too_long" | "too_simple" | "contains_username";

/** Password rules: 10–128 characters, at least two of letters, digits and other characters, not the username. */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < 10) problems.push("too_short");
  if ([...password].length > 128) problems.push("too_long");
  const classes = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((pattern) => pattern.test(password)).length;
  if (classes < 2) problems.push("too_simple");
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    problems.push("contains_username");
  return problems;
}

export const passwordProblemMessages: Record<PasswordProblem, string> = {
  too_short: "密码至少10个字符 / at least 10 characters",
  too_long: "密码最多128个字符 / at most 128 characters",
  too_simple: "密码须包含字母、数字、符号中的至少两类 / use at least two of letters, digits and symbols",
  contains_username: "密码不能包含用户名 / must not contain the username",
};
