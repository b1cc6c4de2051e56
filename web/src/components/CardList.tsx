/**
 * A list query's answer as cards (<ul class="cards">, or <ol> where the order means something):
 * loading, error and the `none` text for an empty list first, then one <li class="card"> per item.
 * `more`: a button under each card that shows more of it (one card at a time).
 */
import { useState, type ReactNode } from 'react';
import type { RowMarks } from './DataTable';
import { Expander, Query } from './ui';
import { toggleOpen } from '../lib/parts';

export function CardList<T>({ q, none, label, ordered = false, className, itemKey, itemMarks, more, children }: { q: { isPending: boolean; error: unknown; data: T[] | undefined }; none: string; label?: string; ordered?: boolean; className?: string; itemKey: (item: T) => string; itemMarks?: (item: T) => RowMarks; more?: { label: string; content: (item: T) => ReactNode }; children: (item: T) => ReactNode }) {
  const List = ordered ? 'ol' : 'ul';
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Query q={q} none={none}>
      {(xs) => (
        <List className={className ? `cards ${className}` : 'cards'} {...(label ? { 'aria-label': label } : {})}>
          {xs.map((x) => {
            const key = itemKey(x);
            const { className: extra, ...marks } = itemMarks?.(x) ?? {};
            return (
              <li key={key} className={extra ? `card ${extra}` : 'card'} {...marks}>
                {children(x)}
                {more ? (
                  <Expander label={more.label} open={open === key} onToggle={() => setOpen(toggleOpen(open, key))}>
                    {more.content(x)}
                  </Expander>
                ) : null}
              </li>
            );
          })}
        </List>
      )}
    </Query>
  );
}
