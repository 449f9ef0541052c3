/** The neutral UI language features build; each surface renders it (Block Kit,
 * Adaptive Cards, HTML). A renderer never decides content; a feature never knows
 * the platform. */

export interface Fact {
  label: string;
  value: string;
}

export interface Button {
  /** The action name the router dispatches on (e.g. "signal.take"). */
  action: string;
  label: string;
  /** Opaque value carried back with the action (e.g. an id). */
  value?: string;
  style?: "primary" | "danger";
}

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface MessageView {
  /** Plain text with *bold* allowed; also the fallback text for notifications. */
  text: string;
  title?: string;
  facts?: Fact[];
  table?: Table;
  buttons?: Button[];
  /** A quiet line under the message (e.g. "Alleen zichtbaar voor jou"). */
  note?: string;
}

export interface Option {
  value: string;
  label: string;
}

export type FieldKind = "text" | "textarea" | "select" | "multiselect" | "date" | "datetime" | "person";

export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Help under the field (e.g. what to enter as a pupil reference). */
  hint?: string;
  placeholder?: string;
  /** For select/multiselect/person: the choices. Long lists are searchable on every surface. */
  options?: Option[];
  /** The current value (kept when the form comes back with errors). */
  value?: string | string[];
  /** The validation error shown at the field. */
  error?: string;
  maxLength?: number;
}

export interface FormView {
  /** The submission name the router dispatches on (e.g. "signal.create"). */
  id: string;
  title: string;
  submitLabel: string;
  /** Opaque state carried back with the submission (e.g. the signal a case is opened from). */
  context?: string;
  /** Text shown above the fields. */
  intro?: string;
  fields: Field[];
}

export type FormValues = Record<string, string | string[] | undefined>;

/** What a handler asks the surface to do right away, in answer to the intent. */
export type Reply =
  /** A message to the actor where they are (Slack: ephemeral for commands). */
  | { type: "message"; message: MessageView }
  /** Open a form (Slack modal, Teams task module, sandbox dialog). */
  | { type: "form"; form: FormView }
  /** The submitted form has errors: show it again with the values and errors at the fields. */
  | { type: "invalid"; form: FormView }
  /** Replace the message whose button was clicked. */
  | { type: "update"; message: MessageView }
  /** Close the form; optionally tell the actor something. */
  | { type: "done"; message?: MessageView }
  /** A personal page (answer to a page intent): its sections in order. */
  | { type: "page"; messages: MessageView[] };
