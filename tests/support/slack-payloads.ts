/** The request bodies Slack sends for a slash command, a button click and a modal submission, as
 * the tests (slack-knoop.ts) and the load benchmark (scripts/bench/load.ts) send them. */
import type { SlackCall } from "./slack-fake.ts";

type Json = Record<string, unknown>;

/** Who acts, as Slack puts it in an interaction payload. */
export interface SlackActor {
  teamId: string;
  userId: string;
  /** Slack's user name (any short word). */
  name?: string;
}

const actorOf = ({ teamId, userId, name = userId }: SlackActor) => ({
  user: { id: userId, team_id: teamId, name },
  team: { id: teamId, domain: "testregio" },
});

/** The form of `/knoop <text>` (a DM with the app). */
export function commandForm(
  a: SlackActor,
  text: string,
  triggerId: string,
  responseUrl: string,
): Record<string, string> {
  return {
    command: "/knoop",
    text,
    team_id: a.teamId,
    user_id: a.userId,
    user_name: a.name ?? a.userId,
    channel_id: `D${a.userId}`,
    channel_name: "directmessage",
    trigger_id: triggerId,
    response_url: responseUrl,
    api_app_id: "AKNOOP",
  };
}

/** The buttons of a message or view Knoop sent, each with its block id. */
export function buttonsOf(call: SlackCall): Json[] {
  const blocks = (call.args.blocks ?? (call.args.view as Json | undefined)?.blocks ?? []) as Json[];
  return blocks.flatMap((b) =>
    ((b.elements as Json[] | undefined) ?? []).map((e) => ({ ...e, block_id: b.block_id ?? "b" })),
  );
}

/** The block_actions payload of a click on the button of `action` on `call` (a chat.postMessage,
 * chat.update, respond or views.publish call); `value` picks one of several such buttons. */
export function clickPayload(
  a: SlackActor,
  call: SlackCall,
  callIndex: number,
  action: string,
  options: { triggerId: string; responseUrl: string; value?: (value: string) => boolean },
): Json {
  const { value = () => true } = options;
  const blocks = (call.args.blocks ?? (call.args.view as Json | undefined)?.blocks ?? []) as Json[];
  const button = buttonsOf(call).find(
    (e) => String(e.action_id).replace(/::\d+$/, "") === action && value(String(e.value ?? "")),
  );
  if (!button) throw new Error(`no button ${action} in ${JSON.stringify(blocks).slice(0, 300)}`);
  // Each message has its own ts (ephemeral responses too): a double click is the same ts.
  const ts = String(call.result?.ts ?? call.args.ts ?? `1700000001.${callIndex}`);
  const channel = String(call.args.channel ?? `D${a.userId}`);
  const onHome = call.method === "views.publish";
  return {
    type: "block_actions",
    ...actorOf(a),
    api_app_id: "AKNOOP",
    trigger_id: options.triggerId,
    ...(onHome
      ? { container: { type: "view", view_id: "VHOME" }, view: { id: "VHOME", type: "home", blocks } }
      : {
          container: { type: "message", message_ts: ts, channel_id: channel },
          channel: { id: channel },
          message: { ts, blocks },
          response_url: options.responseUrl,
        }),
    actions: [
      {
        type: "button",
        action_id: button.action_id,
        block_id: button.block_id,
        value: button.value,
        action_ts: String(Date.now()),
      },
    ],
  };
}

/** The `view.state.values` Slack sends with a submission of `view`: `values` per field (block id);
 * a field not given keeps what the modal showed (its initial value). */
export function viewState(view: Json, values: Record<string, string | string[]>): Record<string, Json> {
  const blocks = (view.blocks ?? []) as Json[];
  const state: Record<string, Json> = {};
  for (const b of blocks) {
    if (b.type !== "input") continue;
    const el = b.element as Json;
    const shown =
      el.initial_value ??
      (el.initial_option as Json | undefined)?.value ??
      (el.initial_options as Json[] | undefined)?.map((o) => String(o.value)) ??
      el.initial_date ??
      el.initial_date_time ??
      el.initial_user;
    const given = values[String(b.block_id)];
    const v = given ?? (shown === undefined ? undefined : Array.isArray(shown) ? shown : String(shown));
    const one = Array.isArray(v) ? v[0] : v;
    const type = String(el.type);
    const entry: Json = { type };
    if (type.startsWith("multi_"))
      entry.selected_options = (Array.isArray(v) ? v : v ? [v] : []).map((value) => ({ value }));
    else if (type.endsWith("select") && type !== "users_select")
      entry.selected_option = one ? { value: one } : null;
    else if (type === "users_select") entry.selected_user = one ?? null;
    else if (type === "datepicker") entry.selected_date = one ?? null;
    else if (type === "datetimepicker") entry.selected_date_time = one ? Number(one) : null;
    else entry.value = one ?? null;
    state[String(b.block_id)] = { value: entry };
  }
  return state;
}

/** The view_submission payload of a modal Knoop opened, with values per field (block id). */
export function submissionPayload(
  a: SlackActor,
  view: Json,
  values: Record<string, string | string[]>,
  triggerId: string,
): Json {
  const state = viewState(view, values);
  return {
    type: "view_submission",
    ...actorOf(a),
    api_app_id: "AKNOOP",
    trigger_id: triggerId,
    view: { ...view, id: view.id ?? "VMODAL", state: { values: state } },
  };
}
