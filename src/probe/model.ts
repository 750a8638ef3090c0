// Which phone the probe emulates: `--model`, else the one the configuration names (<modelName>, else the
// model of its <loadInformation> load), else the default — with the reason, which the report shows.
import { DEFAULT_MODEL, modelFromLoad, type PhoneModel, phoneModel } from '../model/catalogue.js';

export interface EmulatedModel {
  model: PhoneModel;
  why: string;
}

/** Pure. `given` is `--model` as typed (already known to be catalogued, or undefined). */
export function emulatedModel(
  given: string | undefined,
  config: { modelName?: string | undefined; loadInformation?: string | undefined } | undefined,
): EmulatedModel {
  const fallback = phoneModel(DEFAULT_MODEL) as PhoneModel;
  if (given !== undefined) {
    const m = phoneModel(given);
    if (m) return { model: m, why: `--model ${given}` };
  }
  const named = config?.modelName;
  const byName = named ? phoneModel(named) : undefined;
  if (byName) return { model: byName, why: `<modelName>${named}</modelName> in the configuration` };
  const load = config?.loadInformation;
  const byLoad = load ? modelFromLoad(load) : undefined;
  if (byLoad) return { model: byLoad.model, why: `<loadInformation>: ${byLoad.why}` };
  const unread = [
    named ? `<modelName>${named}</modelName> is not in the catalogue` : undefined,
    load ? `load ${load} is no catalogued model's` : undefined,
  ].filter((x): x is string => x !== undefined);
  return {
    model: fallback,
    why: `${unread.length > 0 ? unread.join('; ') : 'the configuration names no model'}: assumed ${DEFAULT_MODEL} (give --model)`,
  };
}
