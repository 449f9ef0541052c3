/** The neutral UI language features build; each surface renders it (Block Kit,
 * Adaptive Cards, HTML). A renderer never decides content. */

export interface Fact {
  label: string;
  value: string;
}

export interface Button {
  /** The action name the router dispatches on (e.g. "signal.take"). */
  action: string;
  label: string;
  /** Opaque value carried back with the action. */
  value?: string;
  style?: "primary" | "danger";
}

export interface MessageView {
  /** Plain text; also the fallback text for notifications. */
  text: string;
  title?: string;
  facts?: Fact[];
  buttons?: Button[];
}
