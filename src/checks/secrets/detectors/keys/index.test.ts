import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('key detectors', () => checkCatalogue(DETECTORS, 7));
