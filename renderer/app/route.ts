export type ViewName = 'library' | 'search' | 'review' | 'tags' | 'indexing' | 'settings';
