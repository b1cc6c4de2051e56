/**
 * What was (or is to be) given, as shown: the item's name with its quantity. An in-kind aid
 * without an item name is named by its aid type, in the reader's language (the database keeps
 * the item as it was typed, or none).
 */
export function itemLabel(aid: { item: string | null; quantity: number | null }, form: 'cash' | 'in_kind' | 'service' | undefined, typeName: string, n: (x: number) => string): string | null {
  const item = aid.item?.trim() || (form === 'in_kind' ? typeName : '');
  if (!item) return null;
  return aid.quantity ? `${item} × ${n(aid.quantity)}` : item;
}
