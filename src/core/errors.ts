import { type Text, toPlain } from "../chat/inline.ts";

/** A problem the user can fix or should know about; its text is shown as is
 * (already translated; inline text keeps its marks). Anything else is a bug: logged, and the
 * user gets a generic Dutch apology, never a stack trace. */
export class UserError extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(toPlain(text));
    this.text = text;
    this.name = "UserError";
  }
}

/** The actor may not see or do this. The message reveals nothing about the pupil. */
export class AccessDenied extends UserError {
  constructor(text: Text) {
    super(text);
    this.name = "AccessDenied";
  }
}
