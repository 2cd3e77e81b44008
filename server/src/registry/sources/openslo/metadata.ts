import type { OpenSloRead } from './read-document.js';

export const NAME_REQUIRED: OpenSloRead = { type: 'invalid', field: ['metadata', 'name'], message: 'is required' };

/** An OpenSLO document's displayName and description as Steward's title and description. */
export function titleAndDescription(doc: Record<string, any>): { title?: string; description?: string } {
  const title = doc.metadata?.displayName;
  const description = doc.spec?.description;
  return {
    ...(typeof title === 'string' && title !== '' ? { title } : {}),
    ...(typeof description === 'string' && description.trim() !== '' ? { description: description.trim() } : {}),
  };
}
