import type { FormatReader } from '../options';

export const readKinetics: FormatReader = () => ({ candidates: [], problems: [], read: 0 });
