/**
 * Errors whose message is meant for a person: what was wrong with the input and what would work.
 * Callers (the CLI, the upload panel) print `message` as is and never a stack trace.
 */

/** A problem with something the user supplied: a file, a flag, a parameter. */
export class UserInputError extends Error {
  override name = 'UserInputError';
}

/** True when `e` is an error meant to be shown to a person unchanged. */
export function isUserInputError(e: unknown): e is UserInputError {
  return e instanceof UserInputError;
}

/** A NIfTI file could not be read (or a volume could not be written) — the message is for a person. */
export class NiftiError extends UserInputError {
  override name = 'NiftiError';
}
