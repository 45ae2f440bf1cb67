import { useEffect, useRef, useState } from 'react';
import { Icon } from '../components/icon.js';
import { useI18n } from '../i18n/i18n-provider.js';
import './search-box.css';

const SETTLE_MS = 300;

interface SearchBoxProps {
  value: string;
  /** Called once typing has settled, and at once on Enter. */
  onSearch(text: string): void;
}

/** One box for Chinese descriptions and time words; searching waits for a pause in typing (IME input included). */
export function SearchBox({ value, onSearch }: SearchBoxProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const [composing, setComposing] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setDraft(value), [value]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (draft === value || composing) return;
    const timer = setTimeout(() => onSearch(draft), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, composing, onSearch]);

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(draft);
      }}
    >
      <Icon name="search" />
      <input
        ref={input}
        type="search"
        value={draft}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        onChange={(e) => setDraft(e.target.value)}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={() => setComposing(false)}
      />
    </form>
  );
}
