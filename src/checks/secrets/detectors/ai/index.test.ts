import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('ai detectors', () => checkCatalogue(DETECTORS, 15));
