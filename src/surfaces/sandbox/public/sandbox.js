// The sandbox page: pick a demo person, read their spaces, type /knoop commands, fill forms and
// click buttons. The server renders every message and form; this script only moves HTML around.

const texts = JSON.parse(document.body.dataset.texts);
const $ = (id) => document.getElementById(id);
const POLL_MS = 1500;

const state = {
  user: "",
  space: "",
  /** Where the open form was opened: its submission happens there. */
  formPlace: "",
  /** What the message list shows now, to redraw only on change. */
  shown: "",
  /** Replies shown only to the actor, per `${user}|${space}`: [{ key, at, html }]. */
  ephemeral: new Map(),
};

async function api(path, body) {
  let response;
  try {
    response = await fetch(`/sandbox/api/${path}`, {
      method: body ? "POST" : "GET",
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new Error(texts.network);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || texts.failed);
  return data;
}

function say(message) {
  $("status").textContent = message ?? "";
}

const seenKey = (space) => `knoop-seen:${state.user}|${space}`;
const ephemeralOf = () => {
  const key = `${state.user}|${state.space}`;
  if (!state.ephemeral.has(key)) state.ephemeral.set(key, []);
  return state.ephemeral.get(key);
};

async function loadUsers() {
  const { users } = await api("users");
  const picker = $("user");
  picker.replaceChildren(
    ...users.map((u) => {
      const option = document.createElement("option");
      option.value = u.id;
      option.textContent = `${u.name} — ${u.role}`;
      return option;
    }),
  );
  const wanted = new URLSearchParams(location.search).get("as") || localStorage.getItem("knoop-user");
  state.user = users.some((u) => u.id === wanted) ? wanted : (users[0]?.id ?? "");
  picker.value = state.user;
}

/** Fetches the person's spaces and the open space's messages, then draws them. Only the latest
 * refresh draws: a slow poll must not paint over what a newer one showed. */
let latest = 0;
async function refresh() {
  if (!state.user) return;
  const mine = ++latest;
  try {
    const user = encodeURIComponent(state.user);
    const { spaces } = await api(`spaces?user=${user}`);
    const space = spaces.some((s) => s.id === state.space) ? state.space : (spaces[0]?.id ?? "");
    const { messages } = space
      ? await api(`messages?user=${user}&space=${encodeURIComponent(space)}`)
      : { messages: [] };
    if (mine !== latest) return;
    state.space = space;
    drawSpaces(spaces);
    drawMessages(messages);
    say("");
  } catch (error) {
    if (mine === latest) say(error.message);
  }
}

function drawSpaces(spaces) {
  const current = spaces.find((s) => s.id === state.space);
  if (current) localStorage.setItem(seenKey(current.id), String(current.count));
  $("space-title").textContent = current?.name ?? "";
  const list = $("spaces");
  if (!spaces.length) {
    list.innerHTML = `<li class="empty">${texts.noSpaces}</li>`;
    return;
  }
  list.replaceChildren(
    ...spaces.map((s) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "space";
      button.dataset.testid = "space";
      button.dataset.spaceId = s.id;
      button.setAttribute("aria-current", String(s.id === state.space));
      const name = document.createElement("span");
      name.textContent = s.name;
      button.append(name);
      const unread = s.count - Number(localStorage.getItem(seenKey(s.id)) ?? 0);
      if (unread > 0) {
        const badge = document.createElement("span");
        badge.className = "unread";
        badge.dataset.testid = "unread";
        badge.textContent = String(unread);
        badge.setAttribute("aria-label", texts.unread.replace("{count}", String(unread)));
        button.append(badge);
      }
      item.append(button);
      return item;
    }),
  );
}

function drawMessages(messages) {
  const all = [
    ...messages.map((m) => ({ at: m.at, html: m.html, version: m.version })),
    ...ephemeralOf().map((e) => ({
      at: e.at,
      html: `<div class="ephemeral-wrap" data-ephemeral-key="${e.key}">${e.html}</div>`,
      version: e.key,
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const shown = JSON.stringify([state.user, state.space, all.map((m) => [m.version, m.html])]);
  if (shown === state.shown) return;
  state.shown = shown;
  const box = $("messages");
  box.innerHTML = all.length ? all.map((m) => m.html).join("") : `<p class="empty">${texts.noMessages}</p>`;
  box.scrollTop = box.scrollHeight;
}

async function loadClock(minutes) {
  const { label } = minutes ? await api("clock", { minutes }) : await api("clock");
  $("clock").textContent = label;
}

let ephemeralCount = 0;
function addEphemeral(at, html) {
  ephemeralOf().push({ key: `e${++ephemeralCount}`, at, html });
}

/** Marks the page busy (`data-busy` on the body) while tasks run, so a test knows when the page
 * has finished answering a click or a keypress. */
let tasks = 0;
async function busy(task) {
  tasks++;
  document.body.dataset.busy = "true";
  try {
    await task();
  } finally {
    if (--tasks === 0) delete document.body.dataset.busy;
  }
}

/** Sends an intent from the current space (or where the form was opened) and shows the reply. */
async function send(intent, origin = {}) {
  say("");
  const place = origin.place ?? state.space;
  const reply = await api("intent", { user: state.user, place, intent, messageId: origin.messageId });
  switch (reply.type) {
    case "form":
    case "invalid":
      showForm(reply.html, place);
      break;
    case "update":
      if (origin.ephemeralKey) {
        const entry = ephemeralOf().find((e) => e.key === origin.ephemeralKey);
        if (entry) entry.html = reply.html;
      } else if (!reply.stored) addEphemeral(reply.at, reply.html);
      break;
    case "done":
      $("form-dialog").close();
      if (reply.html) addEphemeral(reply.at, reply.html);
      break;
    default:
      // A reply stored in the space (for everyone here) comes back with the messages.
      if (!reply.stored) addEphemeral(reply.at, reply.html);
  }
  await refresh();
}

function showForm(html, place) {
  state.formPlace = place;
  const dialog = $("form-dialog");
  $("form-body").innerHTML = html;
  if (!dialog.open) dialog.showModal();
  const first = $("form-body").querySelector(
    "[aria-invalid='true'], input:not([data-filter]), select, textarea",
  );
  first?.focus();
}

function formValues(form) {
  const values = {};
  for (const field of form.querySelectorAll("[data-field]")) {
    const name = field.dataset.field;
    if (field.dataset.kind === "toggle") {
      values[name] = field.querySelector("input[type=checkbox]")?.checked ? "on" : "";
    } else if (field.dataset.kind === "multiselect") {
      values[name] = [...field.querySelectorAll("input[type=checkbox]:checked")].map((box) => box.value);
    } else {
      values[name] = field.querySelector("input:not([data-filter]), select, textarea")?.value ?? "";
    }
  }
  return values;
}

function run(task) {
  busy(task).catch((error) => say(error.message));
}

// ---------------------------------------------------------------- events

$("user").addEventListener("change", (event) => {
  state.user = event.target.value;
  state.space = "";
  localStorage.setItem("knoop-user", state.user);
  run(refresh);
});

$("spaces").addEventListener("click", (event) => {
  const button = event.target.closest("[data-space-id]");
  if (!button) return;
  state.space = button.dataset.spaceId;
  run(refresh);
});

$("command-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("command");
  const text = input.value.trim();
  if (!text) return;
  const args = text
    .replace(/^\/knoop\b/i, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  run(async () => {
    await send({ kind: "command", args });
    input.value = "";
  });
});

$("messages").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  // A button that asks first (the server put the question in data-confirm, as text).
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  const message = button.closest("[data-message-id]");
  const wrap = button.closest("[data-ephemeral-key]");
  run(() =>
    send(
      { kind: "action", name: button.dataset.action, value: button.dataset.value ?? "" },
      { messageId: message?.dataset.messageId, ephemeralKey: wrap?.dataset.ephemeralKey },
    ),
  );
});

$("form-body").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const intent = { kind: "submission", name: form.dataset.formId, values: formValues(form) };
  if (form.dataset.context !== undefined) intent.context = form.dataset.context;
  run(() => send(intent, { place: state.formPlace }));
});

$("form-body").addEventListener("click", (event) => {
  if (event.target.closest("[data-cancel]")) $("form-dialog").close();
});

// Long choice lists: a filter box hides what does not match (the chosen option stays).
$("form-body").addEventListener("input", (event) => {
  if (!event.target.matches("[data-filter]")) return;
  const words = event.target.value.trim().toLowerCase();
  const field = event.target.closest("[data-field]");
  for (const option of field.querySelectorAll("option, label.choice")) {
    const chosen = option.selected || option.querySelector?.("input")?.checked;
    option.hidden = Boolean(words) && !chosen && !option.textContent.toLowerCase().includes(words);
  }
  // One choice left in a single-choice list: pick it, as a search box would.
  const select = field.querySelector("select");
  const left = select ? [...select.options].filter((o) => o.value && !o.hidden) : [];
  if (select && !select.value && left.length === 1) select.value = left[0].value;
});

for (const button of document.querySelectorAll("[data-minutes]")) {
  button.addEventListener("click", () =>
    run(async () => {
      await loadClock(Number(button.dataset.minutes));
      await refresh();
    }),
  );
}

run(async () => {
  await loadUsers();
  await loadClock();
  await refresh();
  setInterval(() => {
    if (!document.hidden && !document.body.dataset.busy) refresh();
  }, POLL_MS);
  setInterval(() => run(loadClock), 30_000);
});
