export type ViewName = 'library' | 'search' | 'indexing' | 'settings';
