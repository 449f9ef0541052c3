/** Block Kit's limits (docs.slack.dev). Slack rejects a payload over any of them;
 * the renderer stays within them and the tests check every payload against them. */
export const limits = {
  messageBlocks: 50,
  viewBlocks: 100, // modal and Home tab
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  hint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  textInputMax: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  imageTitle: 2000,
} as const;

type Json = Record<string, unknown>;

/** Every limit the payload breaks, as readable lines (empty when it is fine). */
export function blockKitViolations(payload: {
  blocks?: unknown[];
  view?: Json;
  kind?: "message" | "modal" | "home";
}): string[] {
  const problems: string[] = [];
  const tooLong = (what: string, text: unknown, max: number) => {
    if (typeof text === "string" && [...text].length > max)
      problems.push(`${what}: ${[...text].length} > ${max}`);
  };
  const view = payload.view;
  const blocks = (view?.blocks ?? payload.blocks ?? []) as Json[];
  const maxBlocks =
    view || payload.kind === "modal" || payload.kind === "home" ? limits.viewBlocks : limits.messageBlocks;
  if (blocks.length > maxBlocks) problems.push(`blocks: ${blocks.length} > ${maxBlocks}`);
  if (view) {
    tooLong("view.title", (view.title as Json | undefined)?.text, limits.modalTitle);
    tooLong("view.submit", (view.submit as Json | undefined)?.text, limits.modalButton);
    tooLong("view.close", (view.close as Json | undefined)?.text, limits.modalButton);
    tooLong("view.private_metadata", view.private_metadata, limits.privateMetadata);
    tooLong("view.callback_id", view.callback_id, limits.callbackId);
  }
  const text = (o: unknown) => (o as Json | undefined)?.text;
  const checkOptions = (where: string, options: unknown) => {
    const list = (options ?? []) as Json[];
    if (list.length > limits.selectOptions)
      problems.push(`${where}.options: ${list.length} > ${limits.selectOptions}`);
    for (const o of list) {
      tooLong(`${where}.option.text`, text(o.text), limits.optionText);
      tooLong(`${where}.option.value`, o.value, limits.optionValue);
    }
  };
  const checkElement = (where: string, el: Json) => {
    tooLong(`${where}.action_id`, el.action_id, limits.actionId);
    tooLong(`${where}.placeholder`, text(el.placeholder), limits.placeholder);
    if (el.type === "button") {
      tooLong(`${where}.text`, text(el.text), limits.buttonText);
      tooLong(`${where}.value`, el.value, limits.buttonValue);
      const confirm = el.confirm as Json | undefined;
      if (confirm) {
        tooLong(`${where}.confirm.title`, text(confirm.title), limits.confirmTitle);
        tooLong(`${where}.confirm.text`, text(confirm.text), limits.confirmText);
        tooLong(`${where}.confirm.confirm`, text(confirm.confirm), limits.confirmButton);
        tooLong(`${where}.confirm.deny`, text(confirm.deny), limits.confirmButton);
      }
    }
    if (typeof el.max_length === "number" && el.max_length > limits.textInputMax)
      problems.push(`${where}.max_length: ${el.max_length} > ${limits.textInputMax}`);
    checkOptions(where, el.options);
    checkOptions(`${where}.initial`, el.initial_options);
  };
  blocks.forEach((b, i) => {
    const where = `blocks[${i}](${String(b.type)})`;
    tooLong(`${where}.block_id`, b.block_id, limits.blockId);
    if (b.type === "header") tooLong(`${where}.text`, text(b.text), limits.headerText);
    if (b.type === "section") {
      tooLong(`${where}.text`, text(b.text), limits.sectionText);
      const fields = (b.fields ?? []) as Json[];
      if (fields.length > limits.sectionFields)
        problems.push(`${where}.fields: ${fields.length} > ${limits.sectionFields}`);
      for (const f of fields) tooLong(`${where}.field`, f.text, limits.fieldText);
      if (b.accessory) checkElement(`${where}.accessory`, b.accessory as Json);
    }
    if (b.type === "context") {
      const elements = (b.elements ?? []) as Json[];
      if (elements.length > limits.contextElements)
        problems.push(`${where}.elements: ${elements.length} > ${limits.contextElements}`);
      for (const e of elements) tooLong(`${where}.element`, e.text, limits.sectionText);
    }
    if (b.type === "actions") {
      const elements = (b.elements ?? []) as Json[];
      if (elements.length > limits.actionsElements)
        problems.push(`${where}.elements: ${elements.length} > ${limits.actionsElements}`);
      const ids = elements.map((e) => e.action_id);
      if (new Set(ids).size !== ids.length) problems.push(`${where}: duplicate action_id`);
      for (const [j, e] of elements.entries()) checkElement(`${where}.elements[${j}]`, e);
    }
    if (b.type === "image") {
      tooLong(`${where}.alt_text`, b.alt_text, limits.imageAltText);
      tooLong(`${where}.title`, text(b.title), limits.imageTitle);
      const file = b.slack_file as Json | undefined;
      if (!b.image_url && !(typeof file?.id === "string" && /^F[A-Z0-9]{8,}$/.test(file.id)) && !file?.url)
        problems.push(`${where}: an image needs image_url or slack_file (id F…)`);
    }
    if (b.type === "input") {
      tooLong(`${where}.label`, text(b.label), limits.inputLabel);
      tooLong(`${where}.hint`, text(b.hint), limits.hint);
      checkElement(`${where}.element`, b.element as Json);
    }
  });
  const blockIds = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(blockIds).size !== blockIds.length) problems.push("duplicate block_id");
  return problems;
}
