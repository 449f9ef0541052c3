/** A problem the user can fix or should know about; its message is shown as is
 * (already translated). Anything else is a bug: logged, and the user gets a
 * generic Dutch apology, never a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** The actor may not see or do this. The message reveals nothing about the pupil. */
export class AccessDenied extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "AccessDenied";
  }
}
