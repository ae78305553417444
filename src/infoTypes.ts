import model from '../models/en.json';

/**
 * What users can ask for: the value ids of the interaction model's slot type InfoType, in the
 * model's order (models/en.json; the other languages' models carry the same ids). Answers branch on
 * these ids, never on the words a user said.
 */
export const INFO_TYPE_IDS: readonly string[] = model.entityTypes.InfoType.values.map((value) => value.id);
