import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewItem } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';

const BATCH = 100;
const keyOf = (i: ReviewItem) => `${i.photo.id}:${i.labelId}`;

export interface ReviewQueue {
  current: ReviewItem | undefined;
  /** Suggestions still waiting for a decision. */
  remaining: number | undefined;
  decide(decision: 'confirmed' | 'rejected'): Promise<void>;
  skip(step: 1 | -1): void;
  undo(): Promise<void>;
  canUndo: boolean;
  last: { item: ReviewItem; decision: 'confirmed' | 'rejected' } | undefined;
}

/**
 * The review queue as the user walks it: a batch of suggestions in hand, a decision removes the one shown, a skip
 * moves past it (and keeps it out of the next batch, so the queue does not loop back onto it), undo takes the last
 * decision back and shows that photo again.
 */
export function useReviewQueue(setId: number | undefined): ReviewQueue {
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [position, setPosition] = useState(0);
  const [remaining, setRemaining] = useState<number>();
  const [history, setHistory] = useState<{ item: ReviewItem; decision: 'confirmed' | 'rejected' }[]>([]);
  const skipped = useRef(new Set<string>());

  const load = useCallback(async () => {
    const page = await api.invoke('tags.review', { offset: 0, limit: BATCH + skipped.current.size, ...(setId !== undefined && { setId }) });
    setItems(page.items.filter((i) => !skipped.current.has(keyOf(i))));
    setPosition(0);
    setRemaining(page.total);
  }, [setId]);

  useEffect(() => {
    skipped.current = new Set();
    setHistory([]);
    void load();
  }, [load]);

  // The batch is used up: fetch the next (decided ones have left the queue on the core's side).
  useEffect(() => {
    if (remaining !== undefined && items.length > 0 && position >= items.length) void load();
  }, [position, items.length, remaining, load]);

  const current = items[position];

  const decide = useCallback(
    async (decision: 'confirmed' | 'rejected') => {
      if (!current) return;
      await api.invoke('tags.decide', { photoIds: [current.photo.id], labelId: current.labelId, decision });
      setHistory((h) => [...h, { item: current, decision }]);
      setItems((list) => list.filter((i) => i !== current));
      setRemaining((n) => (n === undefined ? n : n - 1));
    },
    [current],
  );

  const skip = useCallback(
    (step: 1 | -1) => {
      if (current && step === 1) skipped.current.add(keyOf(current));
      setPosition((p) => Math.max(0, Math.min(items.length, p + step)));
    },
    [current, items.length],
  );

  const undo = useCallback(async () => {
    const last = history.at(-1);
    if (!last) return;
    await api.invoke('tags.decide', { photoIds: [last.item.photo.id], labelId: last.item.labelId, decision: 'clear' });
    setHistory((h) => h.slice(0, -1));
    setItems((list) => [...list.slice(0, position), last.item, ...list.slice(position)]);
    setRemaining((n) => (n === undefined ? n : n + 1));
  }, [history, position]);

  return { current, remaining, decide, skip, undo, canUndo: history.length > 0, last: history.at(-1) };
}
