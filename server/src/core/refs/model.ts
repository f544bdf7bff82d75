// The trained labeller shipped with Citelens (server/src/core/refs/labellerModel.json, built by `npm run train:import`).
// Imported as data, so the core stays free of file access and the model loads offline.
import model from './labellerModel.json';
import { type Labeller, type LabellerModel, makeLabeller } from './labeller';

let made: Labeller | undefined;

/**
 * The labeller, made on first use: making it (weights into typed arrays) cost about 140 ms of every
 * server start (measured with --cpu-prof), and only an import needs it.
 */
export function labeller(): Labeller {
  made ??= makeLabeller(model as unknown as LabellerModel);
  return made;
}
