// The trained labeller shipped with Citelens (server/src/core/refs/labellerModel.json, built by `npm run train:import`).
// Imported as data, so the core stays free of file access and the model loads offline.
import model from './labellerModel.json';
import { type LabellerModel, makeLabeller } from './labeller';

export const labeller = makeLabeller(model as unknown as LabellerModel);
